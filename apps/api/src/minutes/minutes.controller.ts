import { Body, Controller, Get, HttpCode, Param, Patch, Post, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal, CurrentStaff } from '../auth/decorators';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { EmptyBodyPipe } from '../common/validation';
import { CorrectMinutesDto, CreateMinutesDto, UpdateMinutesDto } from './minutes.dto';
import { MinutesService } from './minutes.service';

@ApiTags('minutes')
@Controller()
export class MinutesController {
  constructor(private readonly service: MinutesService) {}

  @Post('meetings/:meetingId/minutes') @Can('minutes', 'create') create(@Param('meetingId', UuidPipe) meetingId: string, @Body() dto: CreateMinutesDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.create(meetingId, dto, staff);
  }

  @Get('meetings/:meetingId/minutes') @Can('minutes', 'read') list(@Param('meetingId', UuidPipe) meetingId: string, @CurrentPrincipal() who: Principal) {
    return this.service.listForMeeting(meetingId, who);
  }

  @Get('minutes/:id') @Can('minutes', 'read') get(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal) {
    return this.service.getFor(id, who);
  }

  @Patch('minutes/:id') @Can('minutes', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMinutesDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.update(id, dto, staff);
  }

  @Post('minutes/:id/finalise') @HttpCode(200) @Can('minutes', 'update') finalise(@Param('id', UuidPipe) id: string, @Body(EmptyBodyPipe) _body: Record<string, never>, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.finalise(id, staff);
  }

  @Post('minutes/:id/corrections') @Can('minutes', 'update') correct(@Param('id', UuidPipe) id: string, @Body() dto: CorrectMinutesDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.correct(id, dto, staff);
  }

  @Get('minutes/:id/versions') @Can('minutes', 'read') versions(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal) {
    return this.service.versions(id, who);
  }

  @Get('minutes/:id/pdf') @ApiProduces('application/pdf') @Can('minutes', 'read') async pdf(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal): Promise<StreamableFile> {
    const { pdf, filename } = await this.service.pdf(id, who);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${filename}"`, length: pdf.length });
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Can } from '../auth/decorators';
import { UuidPipe } from '../common/uuid.pipe';
import { CorrectMinutesDto, CreateMinutesDto, FinaliseMinutesDto, UpdateMinutesDto } from './minutes.dto';
import { MinutesService } from './minutes.service';

@ApiTags('minutes')
@Controller()
export class MinutesController {
  constructor(private readonly service: MinutesService) {}

  @Post('meetings/:meetingId/minutes') @Can('minutes', 'create') create(@Param('meetingId', UuidPipe) meetingId: string, @Body() dto: CreateMinutesDto) {
    return this.service.create(meetingId, dto);
  }

  @Get('meetings/:meetingId/minutes') @Can('minutes', 'read') list(@Param('meetingId', UuidPipe) meetingId: string) {
    return this.service.listForMeeting(meetingId);
  }

  @Get('minutes/:id') @Can('minutes', 'read') get(@Param('id', UuidPipe) id: string) {
    return this.service.get(id);
  }

  @Patch('minutes/:id') @Can('minutes', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMinutesDto) {
    return this.service.update(id, dto);
  }

  @Post('minutes/:id/finalise') @HttpCode(200) @Can('minutes', 'update') finalise(@Param('id', UuidPipe) id: string, @Body() dto: FinaliseMinutesDto) {
    return this.service.finalise(id, dto);
  }

  @Post('minutes/:id/corrections') @Can('minutes', 'update') correct(@Param('id', UuidPipe) id: string, @Body() dto: CorrectMinutesDto) {
    return this.service.correct(id, dto);
  }

  @Get('minutes/:id/versions') @Can('minutes', 'read') versions(@Param('id', UuidPipe) id: string) {
    return this.service.versions(id);
  }

  @Get('minutes/:id/pdf') @ApiProduces('application/pdf') @Can('minutes', 'read') async pdf(@Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const { pdf, filename } = await this.service.pdf(id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${filename}"`, length: pdf.length });
  }
}

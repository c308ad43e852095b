import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateRequestDto, ListRequestsQuery, TransitionDto, UpdateRequestDto } from './request.dto';
import { RequestsService } from './requests.service';

@ApiTags('consultation requests')
@Controller('requests')
export class RequestsController {
  constructor(private readonly service: RequestsService) {}

  @Post() @Can('request', 'create') create(@Body() dto: CreateRequestDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.create(dto, staff);
  }

  @Get() @Can('request', 'read')
  @ApiOperation({
    summary: 'The requests you may read',
    description:
      'Your own (requester, own worker) and those of the teams you belong to in any role — identified ones only within need to know ' +
      '(libs/domain policy.ts requestDecision; the same rule in SQL). `open` keeps the open statuses, `q` matches words of the question. ' +
      'Every identified request listed goes to the access log.',
  })
  @ApiOkResponse({ description: 'a page `{items, total, limit, offset}` of requests (the request records, with `teamId`, `clientId`, `consentId`)' })
  @ApiErrors({
    400: '`validation_failed`: a bad query parameter, named in `fields`',
    403: '`forbidden`: a guest (invitation) or the administrator',
  })
  list(@Query() q: ListRequestsQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.list(q, staff);
  }

  @Get(':id') @Can('request', 'read') get(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.detailFor(id, staff);
  }

  @Patch(':id') @Can('request', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateRequestDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.update(id, dto, staff);
  }

  @Post(':id/transitions') @HttpCode(200) @Can('request', 'update') transition(@Param('id', UuidPipe) id: string, @Body() dto: TransitionDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.transition(id, dto, staff);
  }
}

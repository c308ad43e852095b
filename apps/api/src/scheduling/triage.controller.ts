import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ApiErrors } from '../common/api-errors';
import { UuidPipe } from '../common/uuid.pipe';
import { AcceptRequestDto, DeclineRequestDto, RequestInfoDto, TriageResultDto } from './triage.dto';
import { TriageService } from './triage.service';

const COMMON_ERRORS = {
  403: "`forbidden`: the caller may read the request but does not chair its team today (only the team's chairs of the day triage), or their role may not triage at all",
  404: '`not_found`: no such request, or the caller has no relation to it (its existence is not disclosed)',
  409: '`invalid_transition`: the request is not in a status this decision can be taken from (`details.allowed` lists what can)',
  422: '`identifier_in_anonymous`: the text of a decision on an anonymous request names a person, an identity code, an address… (`fields`, `details.findings`; the text is not repeated)',
};

@ApiTags('triage')
@Controller('requests/:id')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Post('accept')
  @HttpCode(200)
  @Can('request', 'triage')
  @ApiOperation({
    summary: 'Accept a request (and book it into a session)',
    description:
      "Accepts the request and books it, in the same transaction, into the first free slot of the team's next session — or of the session `meetingId`, " +
      'or of the occurrence `seriesId` + `occurrenceKey`; `slotIndex` picks the slot. `schedule: "later"` accepts without booking. ' +
      'The requester is told by email in her language (the slot named).',
  })
  @ApiOkResponse({ type: TriageResultDto })
  @ApiErrors({
    ...COMMON_ERRORS,
    400: '`validation_failed`: a malformed field, or slot fields with `schedule: "later"` (named in `fields`)',
    409: `${COMMON_ERRORS[409]}; \`conflict\`: the picked slot is taken (\`fields: [slotIndex]\`, \`details.conflict: "agenda_slot"\`) or has already begun (\`slotIndex\`, code \`slot_in_past\`, \`details.conflict: "slot_in_past"\`), or no session has a free slot (\`details.conflict: "full"\`) — nothing was changed`,
    422: '`unprocessable`: `meetingId` or `seriesId` does not exist, is not a team session or belongs to another team (named in `fields`)',
  })
  accept(@Param('id', UuidPipe) id: string, @Body() dto: AcceptRequestDto, @CurrentStaff() staff: StaffPrincipal): Promise<TriageResultDto> {
    return this.triage.accept(id, dto, staff);
  }

  @Post('request-info')
  @HttpCode(200)
  @Can('request', 'triage')
  @ApiOperation({ summary: 'Ask the requester for more information', description: 'The message is the team\'s question, shown to the requester on Home; she is told by email and answers by editing and resubmitting the request.' })
  @ApiOkResponse({ type: TriageResultDto })
  @ApiErrors({ ...COMMON_ERRORS, 400: '`validation_failed`: `message` missing, empty or longer than 2000 characters' })
  requestInfo(@Param('id', UuidPipe) id: string, @Body() dto: RequestInfoDto, @CurrentStaff() staff: StaffPrincipal): Promise<TriageResultDto> {
    return this.triage.requestInfo(id, dto, staff);
  }

  @Post('decline')
  @HttpCode(200)
  @Can('request', 'triage')
  @ApiOperation({ summary: 'Decline a request with a reason', description: 'The requester is told by email and reads the reason on Home.' })
  @ApiOkResponse({ type: TriageResultDto })
  @ApiErrors({ ...COMMON_ERRORS, 400: '`validation_failed`: `reason` missing, empty or longer than 2000 characters' })
  decline(@Param('id', UuidPipe) id: string, @Body() dto: DeclineRequestDto, @CurrentStaff() staff: StaffPrincipal): Promise<TriageResultDto> {
    return this.triage.decline(id, dto, staff);
  }
}

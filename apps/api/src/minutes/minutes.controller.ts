import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '@kohtaamo/domain';
import { Can, CurrentPrincipal, CurrentStaff } from '../auth/decorators';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { EmptyBodyPipe } from '../common/validation';
import { CorrectMinutesDto, CreateMinutesDto, MinutesDto, MinutesReceiptDto, UpdateMinutesDto } from './minutes.dto';
import { MinutesService, MinutesView } from './minutes.service';

/** `"3"`, `W/"3"` or `3` → 3; absent → undefined; anything else a 400 naming the header. */
export function parseIfMatch(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw DomainError.field('validation_failed', 'If-Match', 'must be the ETag of the minutes (its revision, e.g. "3")');
  return Number(m[1]);
}

function tagged(res: Response, m: MinutesView): MinutesView {
  res.setHeader('ETag', `"${m.revision}"`);
  return m;
}

@ApiTags('minutes')
@Controller()
export class MinutesController {
  constructor(private readonly service: MinutesService) {}

  @Post('meetings/:meetingId/minutes') @Can('minutes', 'create') @ApiCreatedResponse({ type: MinutesDto })
  create(@Param('meetingId', UuidPipe) meetingId: string, @Body() dto: CreateMinutesDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.create(meetingId, dto, staff);
  }

  /**
   * The versions the caller may read, oldest first. Header `X-Minutes-Withheld` (staff, a network meeting
   * about a request): `1` when minutes of its case exist that the caller may not read, else `0`, so a
   * client can say "not visible to you" rather than "none yet"; absent for guests and team sessions.
   */
  @Get('meetings/:meetingId/minutes') @Can('minutes', 'read')
  @ApiOkResponse({ type: [MinutesDto], headers: { 'X-Minutes-Withheld': { description: "1: minutes of the meeting's case exist that the caller may not read; 0: none (staff, network meetings only)", schema: { type: 'integer', enum: [0, 1] } } } })
  async list(@Param('meetingId', UuidPipe) meetingId: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) res: Response) {
    const { minutes, withheld } = await this.service.listForMeeting(meetingId, who);
    if (withheld !== null) res.setHeader('X-Minutes-Withheld', withheld ? '1' : '0');
    return minutes;
  }

  @Get('minutes/:id') @Can('minutes', 'read') @ApiOkResponse({ type: MinutesDto, description: 'ETag: the revision' })
  async get(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.service.getFor(id, who));
  }

  /**
   * Edits a draft. With `If-Match: "<revision>"` the edit is made only if nobody saved since that
   * revision, else 409 `conflict` (`details.revision` = the current one) and nothing changes. Answers the
   * draft with its new ETag.
   */
  @Patch('minutes/:id') @Can('minutes', 'update')
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag (revision) the edit is based on, e.g. "3"' })
  @ApiOkResponse({ type: MinutesDto }) @ApiConflictResponse({ description: 'the draft changed since that revision, or it is finalised' })
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateMinutesDto,
    @CurrentStaff() staff: StaffPrincipal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.service.update(id, dto, staff, parseIfMatch(ifMatch)));
  }

  /** Signs the draft as the signed-in organiser or chair of the meeting's day (403 for anyone else). */
  @Post('minutes/:id/finalise') @HttpCode(200) @Can('minutes', 'update') @ApiOkResponse({ type: MinutesDto }) @ApiForbiddenResponse({ description: "not the meeting's organiser nor a chair of its day" })
  finalise(@Param('id', UuidPipe) id: string, @Body(EmptyBodyPipe) _body: Record<string, never>, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.finalise(id, staff);
  }

  @Post('minutes/:id/corrections') @Can('minutes', 'update') @ApiCreatedResponse({ type: MinutesDto })
  correct(@Param('id', UuidPipe) id: string, @Body() dto: CorrectMinutesDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.correct(id, dto, staff);
  }

  @Get('minutes/:id/versions') @Can('minutes', 'read') @ApiOkResponse({ type: [MinutesDto] })
  versions(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal) {
    return this.service.versions(id, who);
  }

  /** Who received the notice of this version and who read it through their link (the disclosure log); organiser and chairs only. */
  @Get('minutes/:id/receipts') @Can('minutes', 'read') @ApiOkResponse({ type: [MinutesReceiptDto] })
  receipts(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal) {
    if (who.kind !== 'staff') return Promise.reject(new DomainError('forbidden', 'who received and read the minutes is shown to their organiser and chairs only'));
    return this.service.receipts(id, who);
  }

  @Get('minutes/:id/pdf') @ApiProduces('application/pdf') @Can('minutes', 'read') async pdf(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal): Promise<StreamableFile> {
    const { pdf, filename } = await this.service.pdf(id, who);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${filename}"`, length: pdf.length });
  }
}

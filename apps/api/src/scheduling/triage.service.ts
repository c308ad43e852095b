import { Injectable } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../auth/principal';
import { RequestsRepository } from '../requests/requests.repository';
import { RequestsService } from '../requests/requests.service';
import { BookingService } from './booking.service';
import { AcceptRequestDto, BookedSlotDto, DeclineRequestDto, RequestInfoDto, TriageResultDto } from './triage.dto';

const SLOT_FIELDS = ['meetingId', 'seriesId', 'occurrenceKey', 'slotIndex'] as const;

/**
 * The triage inbox's three decisions on a request: accept (and book it into a session, at once by
 * default), ask the requester for more information, decline with a reason. Each is the team's chairs'
 * of today (requestDecision 'triage'), is recorded in the request's history with the signed-in caller,
 * and tells the requester by email in her language (notifications/triage-notice.ts) — written in the
 * decision's own transaction, so a decision and its message stand or fall together.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly requests: RequestsService,
    private readonly requestRows: RequestsRepository,
    private readonly booking: BookingService,
  ) {}

  async accept(id: string, dto: AcceptRequestDto, who: StaffPrincipal): Promise<TriageResultDto> {
    if (dto.schedule === 'later') {
      const extra = SLOT_FIELDS.find((f) => dto[f] !== undefined);
      if (extra) {
        const reason = 'schedule "later" books no slot: leave the slot out, or book it now';
        throw new DomainError('validation_failed', `${extra}: ${reason}`, [{ field: extra, reason, code: 'slot_with_later' }]);
      }
      await this.requests.transition(id, { action: 'accept' }, who);
      return this.result(id, null);
    }
    const { schedule: _schedule, ...where } = dto;
    const b = await this.booking.acceptAndBook(id, where, who);
    return this.result(id, {
      meetingId: b.meeting.id,
      title: b.meeting.title,
      agendaItemId: b.agendaItem.id,
      slotIndex: b.slotIndex,
      startsAt: b.agendaItem.startsAt,
      endsAt: b.agendaItem.endsAt,
      sessionStartsAt: b.meeting.startsAt,
      sessionEndsAt: b.meeting.endsAt,
    });
  }

  async requestInfo(id: string, dto: RequestInfoDto, who: StaffPrincipal): Promise<TriageResultDto> {
    await this.requests.transition(id, { action: 'request_info', reason: dto.message }, who);
    return this.result(id, null);
  }

  async decline(id: string, dto: DeclineRequestDto, who: StaffPrincipal): Promise<TriageResultDto> {
    await this.requests.transition(id, { action: 'decline', reason: dto.reason }, who);
    return this.result(id, null);
  }

  private async result(id: string, booking: BookedSlotDto | null): Promise<TriageResultDto> {
    const r = await this.requests.get(id);
    const notice = await this.requestRows.triageNotice(id);
    return {
      request: {
        id: r.id,
        teamId: r.teamId,
        status: r.status,
        statusReason: r.statusReason,
        urgency: r.urgency,
        anonymous: r.anonymous,
        clientId: r.clientId,
        submittedAt: r.submittedAt,
        statusChangedAt: r.statusChangedAt,
      },
      booking,
      notice,
    };
  }
}

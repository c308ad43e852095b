import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingConflictError, DomainError, REQUEST_STATUSES, applyRequestAction, nextStatus } from '@kohtaamo/domain';
import { AgendaSlot, Occurrence, allocateAgenda, beforeCurrentMinute, splitIntoSlots } from '@kohtaamo/scheduling';
import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { asReference } from '../common/reference.util';
import { AgendaItemEntity, MeetingEntity } from '../meetings/meeting.entity';
import type { CreateAgendaItemDto } from '../meetings/meeting.dto';
import { MeetingsService, assertNotCancelled, assertSpan } from '../meetings/meetings.service';
import { ConsultationRequestEntity } from '../requests/consultation-request.entity';
import { RequestsService } from '../requests/requests.service';
import { AgendaRepository } from './agenda.repository';
import { BookRequestDto } from './scheduling.dto';
import { SeriesRepository } from './series.repository';
import { SeriesService, occurrenceStart } from './series.service';

/** How far ahead "the next session with a free slot" is looked for. */
const LOOKAHEAD_WEEKS = 16;
const LOOKAHEAD_MS = LOOKAHEAD_WEEKS * 7 * 86_400_000;
/** A slot taken by a concurrent booking between reading and writing: try the next free one this often. */
const RETRIES = 5;
/** The statuses from which the lifecycle (libs/domain) allows "schedule", and where it leads. */
const SCHEDULABLE_FROM = REQUEST_STATUSES.filter((s) => nextStatus(s, 'schedule') !== undefined);
const SCHEDULED = nextStatus(SCHEDULABLE_FROM[0], 'schedule')!;

export interface Booking {
  agendaItem: AgendaItemEntity;
  meeting: MeetingEntity;
  slotIndex: number;
}

/** Where a booking may land: a session (meeting), or an occurrence of a series that becomes one. */
type Target = { meetingId: string } | { seriesId: string; key: string };

/**
 * Booking a request into a team session's agenda: the one home of the use case, from the routes
 * (POST /api/requests/:id/book, the triage inbox's accept, POST …/occurrences/:key/allocate, POST and
 * DELETE /api/meetings/:id/agenda-items) to the agenda's rows (AgendaRepository).
 *
 * The rules, in the order they are checked, all before anything is written:
 * - who: the policy (requestDecision 'book', 'triage'; meetingDecision 'book_agenda'; teamSessions);
 * - the request: accepted (the lifecycle, libs/domain request.ts) and sent to the session's team;
 * - the session: a scheduled team session with agenda slots (libs/scheduling splitIntoSlots);
 * - the slot: one the session has, that has not begun (`slot_in_past`, the current minute still counts:
 *   libs/scheduling beforeCurrentMinute), and that is free (`agenda_slot`); with no slot picked, the
 *   first free slot still to come (allocateAgenda), else `full`.
 * Races are settled by the database (AgendaRepository: the slot's exclusion constraint, the session's
 * shared lock, the request's row lock); what it refused comes back as a typed BookingConflict
 * (libs/domain booking-conflict.ts), which this service handles by `kind` and the HTTP filter shows as a
 * 409 with `details.conflict`.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly seriesRows: SeriesRepository,
    private readonly series: SeriesService,
    private readonly meetings: MeetingsService,
    private readonly requests: RequestsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
  ) {}

  /**
   * Books an accepted request into a team session's agenda: the slot the triager picked, or the first
   * free slot of the given session, or of the team's next session that has one.
   */
  async book(requestId: string, dto: BookRequestDto, who: StaffPrincipal): Promise<Booking> {
    await this.policy.request(who, requestId, 'book');
    const actorId = who.personId;
    if (dto.meetingId && dto.slotIndex !== undefined) return this.bookPicked(requestId, dto.meetingId, dto.slotIndex, actorId);
    const targets = dto.meetingId ? [{ meetingId: dto.meetingId }] : await this.targets(await this.acceptedRequest(requestId), dto);
    return this.firstThatFits(targets, dto.slotIndex, async (tx, target) => {
      const { session, slot } = await this.place(tx, requestId, target, dto.slotIndex);
      return { agendaItem: await this.bookSlot(tx, session, requestId, slot.start, slot.end, actorId), meeting: session, slotIndex: slot.index };
    });
  }

  /**
   * Triage and booking in one step (the triage inbox's "accept into the next session"): the request is
   * accepted and booked into the picked slot, or the first free slot of the given session or of the
   * team's next session with one — in one transaction per attempt, so that a request is never left
   * accepted by a booking that failed. The slot is found (and refused) before the acceptance is written.
   * The acceptance is the triager's (chairs of the team today) and tells the requester by email
   * (RequestsService.applyToLocked); the email names the slot.
   */
  async acceptAndBook(requestId: string, dto: BookRequestDto, who: StaffPrincipal): Promise<Booking> {
    await this.policy.request(who, requestId, 'triage');
    await this.policy.request(who, requestId, 'book');
    const request = await this.requests.get(requestId);
    // refused before looking for a slot: the lifecycle's own 409 naming what is allowed
    applyRequestAction(request.status, 'accept');
    const targets = dto.meetingId ? [{ meetingId: dto.meetingId }] : await this.targets(request, dto);
    return this.firstThatFits(targets, dto.slotIndex, async (tx, target) => {
      const locked = await this.requests.lockRow(tx, requestId);
      const { session, slot } = await this.place(tx, requestId, target, dto.slotIndex);
      await this.requests.applyToLocked(tx, locked, 'accept', null, who.personId);
      return { agendaItem: await this.bookSlot(tx, session, requestId, slot.start, slot.end, who.personId), meeting: session, slotIndex: slot.index };
    });
  }

  /**
   * Fills a session's free slots that have not begun with the team's accepted requests, most urgent and
   * longest waiting first (libs/scheduling allocateAgenda); the rest wait.
   */
  async allocate(seriesId: string, key: string, who: StaffPrincipal): Promise<{ meetingId: string; booked: Array<{ requestId: string; slotIndex: number; startsAt: Date }>; waiting: string[] }> {
    const s = await this.series.get(seriesId);
    await this.policy.teamSessions(who, s.teamId, occurrenceStart(key));
    return this.agenda.transaction(async (tx) => {
      const m = await this.series.materialise(tx, s, key);
      const locked = await this.agenda.lockSessionExclusive(tx, m.id);
      if (!locked) throw DomainError.notFound('meeting', m.id);
      const now = this.clock.now();
      const slots = this.slotsOf(locked, await this.agenda.itemsOf(tx, m.id), s.slotMinutes).filter((slot) => !beforeCurrentMinute(slot.start, now));
      const waiting = await this.agenda.waitingRequests(tx, s.teamId);
      const plan = allocateAgenda(
        slots,
        waiting.map((r) => ({ id: r.id, urgency: r.urgency, submittedAt: r.submittedAt })),
      );
      const booked = [];
      for (const a of plan.assignments) {
        await this.bookSlot(tx, locked, a.requestId, a.slot.start, a.slot.end, who.personId);
        booked.push({ requestId: a.requestId, slotIndex: a.slot.index, startsAt: a.slot.start });
      }
      return { meetingId: m.id, booked, waiting: plan.unassigned.map((r) => r.id) };
    });
  }

  /**
   * Puts a request into a team session's agenda at the given time (POST /api/meetings/:id/agenda-items,
   * meetingDecision 'book_agenda'); the request becomes "scheduled". The time must be one of the
   * session's slots and must not have begun (`slot_in_past` naming `startsAt`).
   */
  async addAgendaItem(meetingId: string, dto: CreateAgendaItemDto, who: StaffPrincipal): Promise<AgendaItemEntity> {
    await this.policy.meeting(who, meetingId, 'book_agenda');
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    assertSpan(startsAt, endsAt);
    return this.agenda.transaction(async (tx) => {
      const m = await this.agenda.lockSessionShared(tx, meetingId);
      if (!m) throw DomainError.notFound('meeting', meetingId);
      return this.bookSlot(tx, m, dto.requestId, startsAt, endsAt, who.personId);
    });
  }

  /**
   * Takes an item off a session's agenda (DELETE /api/meetings/:id/agenda-items/:itemId); its request goes
   * back to "accepted" unless it is still booked elsewhere (MeetingsService.releaseRequest).
   */
  async removeAgendaItem(meetingId: string, itemId: string, who: StaffPrincipal): Promise<void> {
    await this.policy.meeting(who, meetingId, 'book_agenda');
    await this.agenda.transaction(async (tx) => {
      const item = await this.agenda.removeItem(tx, meetingId, itemId);
      if (!item) throw DomainError.notFound('agenda item', itemId);
      await this.meetings.releaseRequest(tx, item.requestId);
    });
  }

  /**
   * Books a request into [startsAt, endsAt) of a session as the caller read it (`session`), in the
   * caller's transaction or (`tx` null) as one statement. Two bookings of one slot are refused by the
   * database (`agenda_slot`), two bookings of one request by the request's row lock and lifecycle; a
   * session that moved since it was read is `stale_session`, and nothing is written.
   */
  async bookSlot(tx: EntityManager | null, session: MeetingEntity, requestId: string, startsAt: Date, endsAt: Date, actorId: string | null = null): Promise<AgendaItemEntity> {
    assertStillScheduled(session);
    if (session.kind !== 'team_session') throw DomainError.field('unprocessable', 'meetingId', 'agenda slots belong to team sessions');
    if (startsAt < session.startsAt || endsAt > session.endsAt) {
      throw DomainError.field('validation_failed', 'startsAt', `the slot must lie within the session (${session.startsAt.toISOString()}–${session.endsAt.toISOString()})`);
    }
    if (session.slotMinutes) {
      const offset = (startsAt.getTime() - session.startsAt.getTime()) / 60_000;
      if (offset % session.slotMinutes !== 0 || endsAt.getTime() - startsAt.getTime() !== session.slotMinutes * 60_000) {
        throw DomainError.field('validation_failed', 'startsAt', `the session's agenda runs in ${session.slotMinutes}-minute slots from ${session.startsAt.toISOString()}`);
      }
    }
    const now = this.clock.now();
    if (beforeCurrentMinute(startsAt, now)) throw new BookingConflictError({ kind: 'slot_in_past', field: 'startsAt', meetingId: session.id, slotStart: startsAt });
    const item = await this.agenda.book(tx, { session, requestId, startsAt, endsAt, actorId, at: now, from: SCHEDULABLE_FROM, to: SCHEDULED });
    if (item) return item;
    // Nothing changed: say why (the slow path of a refused booking only).
    const request = await asReference(this.requests.get(requestId), 'requestId');
    if (request.teamId !== session.teamId) throw DomainError.field('unprocessable', 'requestId', 'the request was sent to another team');
    applyRequestAction(request.status, 'schedule');
    assertStillScheduled(await this.meetings.get(session.id), 'no longer');
    // the session moved since the caller read it: its slots are not where they were
    throw new BookingConflictError({ kind: 'stale_session', meetingId: session.id });
  }

  /** Tries the targets in order (each a few times when no slot was picked: a slot may go meanwhile). */
  private async firstThatFits(targets: Target[], slotIndex: number | undefined, attemptIn: (tx: EntityManager, target: Target) => Promise<Booking>): Promise<Booking> {
    let lastConflict: BookingConflictError | undefined;
    for (const target of targets) {
      attempts: for (let attempt = 0; attempt < (slotIndex === undefined ? RETRIES : 1); attempt++) {
        try {
          return await this.agenda.transaction((tx) => attemptIn(tx, target));
        } catch (e) {
          const taken = BookingConflictError.of(e, 'agenda_slot');
          if (taken) {
            // taken meanwhile: with no slot picked, the next attempt finds the next free one; a picked slot is what was taken
            lastConflict = slotIndex === undefined ? (e as BookingConflictError) : new BookingConflictError({ ...taken, field: 'slotIndex' });
            continue;
          }
          // a full session: the next one, if there are others to try
          if (BookingConflictError.of(e, 'full') && targets.length > 1) break attempts;
          throw e;
        }
      }
    }
    throw lastConflict ?? new BookingConflictError({ kind: 'full', scope: 'looked_at' });
  }

  /**
   * The triager picked the session and the slot: one read of the session, then one atomic statement
   * (bookSlot, AgendaRepository.book). This is the hot path of the booking benchmark.
   */
  private async bookPicked(requestId: string, meetingId: string, slotIndex: number, actorId: string | null): Promise<Booking> {
    for (let attempt = 0; ; attempt++) {
      // Sessions are read often and change rarely: a recent read is reused, and the booking statement
      // itself checks that the session is still where that read saw it (else: read again, once).
      const meeting = attempt === 0 ? await this.sessionRecently(meetingId) : await this.sessionNow(meetingId);
      const slots = this.slotsOf(meeting, []);
      const slot = slots[slotIndex];
      if (!slot) {
        if (attempt === 0) continue;
        throw DomainError.field('validation_failed', 'slotIndex', `the session has ${slots.length} slots (0–${slots.length - 1})`);
      }
      if (beforeCurrentMinute(slot.start, this.clock.now())) {
        if (attempt === 0) continue;
        // a session that was cancelled or held says so first
        assertStillScheduled(meeting);
        throw new BookingConflictError({ kind: 'slot_in_past', field: 'slotIndex', slotIndex, meetingId, slotStart: slot.start });
      }
      try {
        const agendaItem = await this.bookSlot(null, meeting, requestId, slot.start, slot.end, actorId);
        return { agendaItem, meeting, slotIndex };
      } catch (e) {
        const conflict = BookingConflictError.of(e);
        if (conflict?.kind === 'stale_session' && attempt === 0) continue;
        if (conflict?.kind === 'agenda_slot') throw new BookingConflictError({ ...conflict, field: 'slotIndex' });
        throw e;
      }
    }
  }

  private readonly sessions = new Map<string, { meeting: MeetingEntity; until: number }>();

  // A cache's lifetime, not a rule: it reads the machine's time (see common/clock.ts).
  private async sessionRecently(meetingId: string): Promise<MeetingEntity> {
    const hit = this.sessions.get(meetingId);
    if (hit && hit.until > Date.now()) return hit.meeting;
    return this.sessionNow(meetingId);
  }

  private async sessionNow(meetingId: string): Promise<MeetingEntity> {
    const meeting = await asReference(this.meetings.get(meetingId), 'meetingId');
    if (this.sessions.size >= 1000) this.sessions.clear();
    this.sessions.set(meetingId, { meeting, until: Date.now() + 10_000 });
    return meeting;
  }

  /** A team session's slots, each with the request that holds it (from `taken`). */
  private slotsOf(meeting: MeetingEntity, taken: AgendaItemEntity[], fallbackSlotMinutes?: number): AgendaSlot[] {
    if (meeting.kind !== 'team_session') throw DomainError.field('unprocessable', 'meetingId', 'agenda slots belong to team sessions');
    const slotMinutes = meeting.slotMinutes ?? fallbackSlotMinutes;
    if (!slotMinutes) throw DomainError.field('unprocessable', 'meetingId', 'the session has no agenda slots; book a time with the agenda-items endpoint');
    return splitIntoSlots(meeting.startsAt, meeting.endsAt, slotMinutes, meeting.id).map(
      (slot): AgendaSlot => ({ ...slot, occupiedBy: taken.find((t) => t.startsAt < slot.end && t.endsAt > slot.start)?.requestId ?? null }),
    );
  }

  /**
   * The session of a target (an occurrence becomes a meeting here) under a shared lock — bookings of one
   * session run side by side, but not beside its cancellation or a move — and the slot to book in it:
   * the picked one, if it has not begun and is free, or the first free one still to come. An occurrence's
   * picked slot that has begun is refused before the occurrence is written as a meeting.
   */
  private async place(tx: EntityManager, requestId: string, target: Target, slotIndex: number | undefined): Promise<{ session: MeetingEntity; slot: AgendaSlot }> {
    let meetingId: string;
    if ('seriesId' in target) {
      const s = await this.series.get(target.seriesId);
      const refuseBegun = (occ: Occurrence) => {
        const slot = slotIndex === undefined ? undefined : splitIntoSlots(occ.start, occ.end, s.slotMinutes)[slotIndex];
        if (slot && beforeCurrentMinute(slot.start, this.clock.now())) throw new BookingConflictError({ kind: 'slot_in_past', field: 'slotIndex', slotIndex, slotStart: slot.start });
      };
      meetingId = (await this.series.materialise(tx, s, target.key, refuseBegun)).id;
    } else {
      meetingId = target.meetingId;
    }
    const session = await this.agenda.lockSessionShared(tx, meetingId);
    if (!session) throw DomainError.field('unprocessable', 'meetingId', `meeting ${meetingId} does not exist`);
    assertStillScheduled(session);
    // With a slot picked, the database's exclusion constraint decides between racing bookings.
    const slots = this.slotsOf(session, slotIndex === undefined ? await this.agenda.itemsOf(tx, session.id) : []);
    const now = this.clock.now();
    if (slotIndex !== undefined) {
      const slot = slots[slotIndex];
      if (!slot) throw DomainError.field('validation_failed', 'slotIndex', `the session has ${slots.length} slots (0–${slots.length - 1})`);
      if (beforeCurrentMinute(slot.start, now)) throw new BookingConflictError({ kind: 'slot_in_past', field: 'slotIndex', slotIndex, meetingId: session.id, slotStart: slot.start });
      if (slot.occupiedBy) {
        throw new BookingConflictError({ kind: 'agenda_slot', field: 'slotIndex', meetingId: session.id, conflictingRequestId: slot.occupiedBy, picked: { index: slotIndex, start: slot.start } });
      }
      return { session, slot };
    }
    const toCome = slots.filter((s) => !beforeCurrentMinute(s.start, now));
    const slot = allocateAgenda(toCome, [{ id: requestId, urgency: 'normal', submittedAt: session.startsAt }]).assignments[0]?.slot;
    if (!slot) throw new BookingConflictError({ kind: 'full', scope: 'session', meetingId: session.id, begun: slots.some((s) => !s.occupiedBy && !toCome.includes(s)) });
    return { session, slot };
  }

  private async acceptedRequest(requestId: string): Promise<ConsultationRequestEntity> {
    const request = await this.requests.get(requestId);
    if (request.status !== 'accepted') {
      throw new DomainError('invalid_transition', `only accepted requests can be booked; this one is "${request.status}"`, [{ field: 'status', reason: `is ${request.status}` }]);
    }
    return request;
  }

  /** Where to try, in order. */
  private async targets(request: ConsultationRequestEntity, dto: BookRequestDto): Promise<Target[]> {
    if (dto.meetingId) return [{ meetingId: dto.meetingId }];
    if (dto.seriesId) {
      const s = await this.series.get(dto.seriesId).catch(() => {
        throw DomainError.field('unprocessable', 'seriesId', `session series ${dto.seriesId} does not exist`);
      });
      if (s.teamId !== request.teamId) throw DomainError.field('unprocessable', 'seriesId', 'the series belongs to another team');
      return [{ seriesId: s.id, key: dto.occurrenceKey! }];
    }
    const now = this.clock.now();
    const until = new Date(now.getTime() + LOOKAHEAD_MS);
    const found: Array<{ start: number; target: Target }> = [];
    for (const s of await this.seriesRows.ofTeam(request.teamId)) {
      for (const o of await this.series.occurrencesOf(s, now, until, false)) {
        if (o.freeSlots > 0) found.push({ start: o.startsAt.getTime(), target: { seriesId: s.id, key: o.key } });
      }
    }
    for (const m of await this.agenda.upcomingSingleSessions(request.teamId, now, until)) found.push({ start: m.startsAt.getTime(), target: { meetingId: m.id } });
    found.sort((a, b) => a.start - b.start);
    if (!found.length) throw new BookingConflictError({ kind: 'full', scope: 'lookahead', weeks: LOOKAHEAD_WEEKS });
    return found.map((f) => f.target);
  }
}

/**
 * A session takes bookings while it is scheduled: a cancelled one is a 409 naming `status`
 * (assertNotCancelled), a held one too (`no longer scheduled`, as the booking statement's refusal reads).
 */
function assertStillScheduled(session: Pick<MeetingEntity, 'id' | 'status'>, cancelled: 'cancelled' | 'no longer' = 'cancelled'): void {
  if (session.status === 'cancelled' && cancelled === 'cancelled') assertNotCancelled(session);
  if (session.status !== 'scheduled') throw new DomainError('conflict', `meeting ${session.id} is no longer scheduled`, [{ field: 'status', reason: 'the meeting is cancelled' }]);
}

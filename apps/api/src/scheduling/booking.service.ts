import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { DomainError, applyRequestAction } from '@kohtaamo/domain';
import { AgendaSlot, allocateAgenda, splitIntoSlots } from '@kohtaamo/scheduling';
import { Clock } from '../common/clock';
import { asReference } from '../common/reference.util';
import { BookingConflicts } from '../meetings/booking-conflicts';
import { AgendaItemEntity, MeetingEntity } from '../meetings/meeting.entity';
import { MeetingsService } from '../meetings/meetings.service';
import { ConsultationRequestEntity } from '../requests/consultation-request.entity';
import { RequestsService } from '../requests/requests.service';
import { SessionSeriesEntity } from './scheduling.entity';
import { BookRequestDto } from './scheduling.dto';
import { SeriesService, occurrenceStart } from './series.service';

/** How far ahead "the next session with a free slot" is looked for. */
const LOOKAHEAD_MS = 16 * 7 * 86_400_000;
/** A slot taken by a concurrent booking between reading and writing: try the next free one this often. */
const RETRIES = 5;

export interface Booking {
  agendaItem: AgendaItemEntity;
  meeting: MeetingEntity;
  slotIndex: number;
}

@Injectable()
export class BookingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(SessionSeriesEntity) private readonly series: Repository<SessionSeriesEntity>,
    private readonly seriesService: SeriesService,
    private readonly meetings: MeetingsService,
    private readonly requests: RequestsService,
    private readonly conflicts: BookingConflicts,
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
    return this.firstThatFits(targets, dto.slotIndex, (tx, target) => this.bookInto(tx, requestId, target, dto.slotIndex, actorId));
  }

  /**
   * Triage and booking in one step (the triage inbox's "accept into the next session"): the request is
   * accepted and booked into the picked slot, or the first free slot of the given session or of the
   * team's next session with one — in one transaction per attempt, so that a request is never left
   * accepted by a booking that failed. The acceptance is the triager's (chairs of the team today) and
   * tells the requester by email (RequestsService.applyToLocked); the email names the slot.
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
      await this.requests.applyToLocked(tx, locked, 'accept', null, who.personId);
      return this.bookInto(tx, requestId, target, dto.slotIndex, who.personId);
    });
  }

  /** Tries the targets in order (each a few times when no slot was picked: a slot may go meanwhile). */
  private async firstThatFits(
    targets: Array<{ meetingId?: string; seriesId?: string; key?: string }>,
    slotIndex: number | undefined,
    attemptIn: (tx: EntityManager, target: { meetingId?: string; seriesId?: string; key?: string }) => Promise<Booking>,
  ): Promise<Booking> {
    const dto = { slotIndex };
    let lastConflict: unknown;
    for (const target of targets) {
      for (let attempt = 0; attempt < (dto.slotIndex === undefined ? RETRIES : 1); attempt++) {
        try {
          return await this.conflicts.run(() => this.db.transaction((tx) => attemptIn(tx, target)));
        } catch (e) {
          if (e instanceof DomainError && e.code === 'conflict' && e.details.conflict === 'agenda_slot') {
            // the slot the caller picked is what was taken
            lastConflict = dto.slotIndex === undefined ? e : new DomainError('conflict', e.message, [{ field: 'slotIndex', reason: 'already booked' }], e.details);
            continue;
          }
          if (e instanceof DomainError && e.code === 'conflict' && e.details.conflict === 'full' && targets.length > 1) break;
          throw e;
        }
      }
    }
    if (lastConflict) throw lastConflict;
    throw new DomainError('conflict', 'no free agenda slot in the sessions looked at; add a session or pick a slot', [{ field: 'slotIndex', reason: 'no free slot' }], { conflict: 'full' });
  }

  /**
   * The triager picked the session and the slot: one read of the session, then one atomic statement
   * (see MeetingsService.bookAgendaItem). This is the hot path of the booking benchmark.
   */
  private async bookPicked(requestId: string, meetingId: string, slotIndex: number, actorId: string | null): Promise<Booking> {
    for (let attempt = 0; ; attempt++) {
      // Sessions are read often and change rarely: a recent read is reused, and the booking statement
      // itself checks that the session is still where that read saw it (else: read again, once).
      const meeting = attempt === 0 ? await this.sessionRecently(meetingId) : await this.sessionNow(meetingId);
      const slots = this.slotsOf(meeting);
      const slot = slots[slotIndex];
      if (!slot) {
        if (attempt === 0) continue;
        throw DomainError.field('validation_failed', 'slotIndex', `the session has ${slots.length} slots (0–${slots.length - 1})`);
      }
      try {
        const agendaItem = await this.conflicts.run(() => this.meetings.bookAgendaItem(null, meeting, requestId, slot.start, slot.end, actorId));
        return { agendaItem, meeting, slotIndex };
      } catch (e) {
        if (e instanceof DomainError && e.code === 'conflict' && e.details.conflict === 'stale_session' && attempt === 0) continue;
        if (e instanceof DomainError && e.code === 'conflict' && e.details.conflict === 'agenda_slot') {
          throw new DomainError('conflict', e.message, [{ field: 'slotIndex', reason: 'already booked' }], e.details);
        }
        throw e;
      }
    }
  }

  private readonly sessions = new Map<string, { meeting: MeetingEntity; until: number }>();

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

  private slotsOf(meeting: MeetingEntity): AgendaSlot[] {
    if (meeting.kind !== 'team_session') throw DomainError.field('unprocessable', 'meetingId', 'agenda slots belong to team sessions');
    if (!meeting.slotMinutes) throw DomainError.field('unprocessable', 'meetingId', 'the session has no agenda slots; book a time with the agenda-items endpoint');
    return splitIntoSlots(meeting.startsAt, meeting.endsAt, meeting.slotMinutes, meeting.id);
  }

  private async acceptedRequest(requestId: string): Promise<ConsultationRequestEntity> {
    const request = await this.requests.get(requestId);
    if (request.status !== 'accepted') {
      throw new DomainError('invalid_transition', `only accepted requests can be booked; this one is "${request.status}"`, [{ field: 'status', reason: `is ${request.status}` }]);
    }
    return request;
  }

  /** Where to try, in order. */
  private async targets(request: ConsultationRequestEntity, dto: BookRequestDto): Promise<Array<{ meetingId?: string; seriesId?: string; key?: string }>> {
    if (dto.meetingId) return [{ meetingId: dto.meetingId }];
    if (dto.seriesId) {
      const s = await this.seriesService.get(dto.seriesId).catch(() => {
        throw DomainError.field('unprocessable', 'seriesId', `session series ${dto.seriesId} does not exist`);
      });
      if (s.teamId !== request.teamId) throw DomainError.field('unprocessable', 'seriesId', 'the series belongs to another team');
      return [{ seriesId: s.id, key: dto.occurrenceKey! }];
    }
    const now = this.clock.now();
    const until = new Date(now.getTime() + LOOKAHEAD_MS);
    const found: Array<{ start: number; meetingId?: string; seriesId?: string; key?: string }> = [];
    for (const s of await this.series.find({ where: { teamId: request.teamId } })) {
      for (const o of await this.seriesService.occurrencesOf(s, now, until, false)) {
        if (o.freeSlots > 0) found.push({ start: o.startsAt.getTime(), seriesId: s.id, key: o.key });
      }
    }
    const standalone: Array<{ id: string; starts_at: Date }> = await this.db.query(
      `SELECT m.id, m.starts_at FROM meeting m WHERE m.team_id = $1 AND m.kind = 'team_session' AND m.status = 'scheduled'
          AND m.series_id IS NULL AND m.starts_at > $2 AND m.starts_at < $3 ORDER BY m.starts_at LIMIT 50`,
      [request.teamId, now, until],
    );
    for (const m of standalone) found.push({ start: new Date(m.starts_at).getTime(), meetingId: m.id });
    found.sort((a, b) => a.start - b.start);
    if (!found.length) {
      throw new DomainError('conflict', 'the team has no session with a free agenda slot in the next 16 weeks', [{ field: 'requestId', reason: 'no free slot' }], { conflict: 'full' });
    }
    return found;
  }

  private async bookInto(tx: EntityManager, requestId: string, target: { meetingId?: string; seriesId?: string; key?: string }, slotIndex: number | undefined, actorId: string): Promise<Booking> {
    let meetingId = target.meetingId;
    if (target.seriesId) {
      const s = await tx.findOneByOrFail(SessionSeriesEntity, { id: target.seriesId });
      meetingId = (await this.seriesService.materialise(tx, s, target.key!)).id;
    }
    // A shared lock: bookings of one session run side by side, but not beside its cancellation or a move.
    const meeting = await this.meetings.lockShared(tx, meetingId!);
    if (!meeting) throw DomainError.field('unprocessable', 'meetingId', `meeting ${meetingId} does not exist`);
    if (meeting.kind !== 'team_session') throw DomainError.field('unprocessable', 'meetingId', 'agenda slots belong to team sessions');
    const slotMinutes = meeting.slotMinutes;
    if (!slotMinutes) throw DomainError.field('unprocessable', 'meetingId', 'the session has no agenda slots; book a time with the agenda-items endpoint');
    // With a slot picked, the database's exclusion constraint decides between racing bookings.
    const taken = slotIndex === undefined ? await tx.find(AgendaItemEntity, { where: { meetingId: meeting.id } }) : [];
    const slots = splitIntoSlots(meeting.startsAt, meeting.endsAt, slotMinutes, meeting.id).map(
      (slot): AgendaSlot => ({ ...slot, occupiedBy: taken.find((t) => t.startsAt < slot.end && t.endsAt > slot.start)?.requestId ?? null }),
    );
    let slot: AgendaSlot | undefined;
    if (slotIndex !== undefined) {
      slot = slots[slotIndex];
      if (!slot) throw DomainError.field('validation_failed', 'slotIndex', `the session has ${slots.length} slots (0–${slots.length - 1})`);
      if (slot.occupiedBy) {
        throw new DomainError('conflict', `slot ${slotIndex} (${slot.start.toISOString()}) is already taken`, [{ field: 'slotIndex', reason: 'already booked' }], {
          conflict: 'agenda_slot',
          meetingId: meeting.id,
          conflictingRequestId: slot.occupiedBy,
        });
      }
    } else {
      slot = allocateAgenda(slots, [{ id: requestId, urgency: 'normal', submittedAt: meeting.startsAt }]).assignments[0]?.slot;
      if (!slot) throw new DomainError('conflict', 'the session is full', [{ field: 'meetingId', reason: 'no free slot' }], { conflict: 'full', meetingId: meeting.id });
    }
    const agendaItem = await this.meetings.bookAgendaItem(tx, meeting, requestId, slot.start, slot.end, actorId);
    return { agendaItem, meeting, slotIndex: slot.index };
  }

  /**
   * Fills a session's free slots with the team's accepted requests, most urgent and longest waiting first.
   */
  async allocate(seriesId: string, key: string, who: StaffPrincipal): Promise<{ meetingId: string; booked: Array<{ requestId: string; slotIndex: number; startsAt: Date }>; waiting: string[] }> {
    const s = await this.seriesService.get(seriesId);
    await this.policy.teamSessions(who, s.teamId, occurrenceStart(key));
    return this.conflicts.run(() =>
      this.db.transaction(async (tx) => {
        const m = await this.seriesService.materialise(tx, s, key);
        const locked = await tx.getRepository(MeetingEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id: m.id }).getOneOrFail();
        const taken = await tx.find(AgendaItemEntity, { where: { meetingId: m.id } });
        const slots = splitIntoSlots(locked.startsAt, locked.endsAt, locked.slotMinutes ?? s.slotMinutes, m.id).map(
          (slot): AgendaSlot => ({ ...slot, occupiedBy: taken.find((t) => t.startsAt < slot.end && t.endsAt > slot.start)?.requestId ?? null }),
        );
        const waiting = await tx.find(ConsultationRequestEntity, { where: { teamId: s.teamId, status: 'accepted' } });
        const plan = allocateAgenda(
          slots,
          waiting.map((r) => ({ id: r.id, urgency: r.urgency, submittedAt: r.submittedAt })),
        );
        const booked = [];
        for (const a of plan.assignments) {
          await this.meetings.bookAgendaItem(tx, locked, a.requestId, a.slot.start, a.slot.end, who.personId);
          booked.push({ requestId: a.requestId, slotIndex: a.slot.index, startsAt: a.slot.start });
        }
        return { meetingId: m.id, booked, waiting: plan.unassigned.map((r) => r.id) };
      }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BookingConflict, BookingConflictError, type RequestStatus } from '@kohtaamo/domain';
import { AgendaItemEntity, MeetingEntity } from '../meetings/meeting.entity';
import { MeetingsRepository, exclusionViolation } from '../meetings/meetings.repository';
import { ConsultationRequestEntity } from '../requests/consultation-request.entity';

/** One booking as the agenda statement writes it: the request into [startsAt, endsAt) of the session as the caller read it. */
export interface AgendaBooking {
  /** the session as the caller read it: the statement writes nothing if it has moved since */
  session: Pick<MeetingEntity, 'id' | 'startsAt' | 'endsAt'>;
  requestId: string;
  startsAt: Date;
  endsAt: Date;
  actorId: string | null;
  /** the instant of the request's status change and its history event */
  at: Date;
  /** the request's statuses from which the lifecycle allows scheduling, and the status it then takes */
  from: readonly RequestStatus[];
  to: RequestStatus;
}

/**
 * The agenda of team sessions (agenda_item) and the session rows a booking locks: all of booking's reads
 * and writes. Methods that take an EntityManager run in the caller's transaction; `transaction` is the
 * transaction manager of a booking — it opens one and turns what the database refused into a typed
 * BookingConflictError after it has rolled back: two bookings of one slot (the exclusion constraint
 * `agenda_slot_no_double_booking`, which settles races), or a participant's or room's double booking
 * (MeetingsRepository.clashOf; a session made from a series brings its responsible pair).
 *
 * Locks: a booking takes the session's row FOR SHARE (bookings into one session run side by side, not
 * beside its cancellation or a move, which take it FOR UPDATE) and the request's row FOR UPDATE (two
 * bookings of one request run one after the other, and the second finds it scheduled).
 */
@Injectable()
export class AgendaRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly meetings: MeetingsRepository,
  ) {}

  /** Runs `work` in one transaction; a double booking the database refused comes back as a BookingConflictError. */
  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (e) {
      throw await this.refusal(e);
    }
  }

  /**
   * The conflict an error is: the slot's holder when the agenda's exclusion constraint refused the row
   * (read on a connection of its own, so call it once the failed transaction has ended), else a
   * participant's or room's clash; undefined for anything else.
   */
  async clashOf(e: unknown): Promise<BookingConflict | undefined> {
    const v = exclusionViolation(e);
    if (v?.constraint !== 'agenda_slot_no_double_booking') return this.meetings.clashOf(e);
    const [c]: Array<{ id: string; request_id: string; starts_at: Date; ends_at: Date }> = v.key
      ? await this.db.query(
          `SELECT id, request_id, starts_at, ends_at FROM agenda_item WHERE meeting_id = $1 AND tstzrange(starts_at, ends_at) = $2::tstzrange LIMIT 1`,
          [v.key.id, v.key.range],
        )
      : [];
    return {
      kind: 'agenda_slot',
      field: 'slot',
      meetingId: v.key?.id,
      conflictingAgendaItemId: c?.id,
      conflictingRequestId: c?.request_id,
      slotStart: c?.starts_at,
      slotEnd: c?.ends_at,
    };
  }

  private async refusal(e: unknown): Promise<unknown> {
    if (e instanceof BookingConflictError) return e;
    const conflict = await this.clashOf(e);
    return conflict ? new BookingConflictError(conflict) : e;
  }

  /**
   * The session under a shared row lock for the rest of the transaction, or null. Plain SQL mapped by
   * hand: this is the booking hot path.
   */
  async lockSessionShared(tx: EntityManager, id: string): Promise<MeetingEntity | null> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, kind, title, team_id, request_id, organiser_id, starts_at, ends_at, location, room_id, series_id, occurrence_key, slot_minutes, mode, status, sequence,
              change_reason, ended_at, room_headcount, created_at, updated_at
         FROM meeting WHERE id = $1 FOR SHARE`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return Object.assign(new MeetingEntity(), {
      id: r.id, kind: r.kind, title: r.title, teamId: r.team_id, requestId: r.request_id, organiserId: r.organiser_id, startsAt: r.starts_at, endsAt: r.ends_at,
      location: r.location, roomId: r.room_id, seriesId: r.series_id, occurrenceKey: r.occurrence_key, slotMinutes: r.slot_minutes,
      mode: r.mode, status: r.status, sequence: r.sequence, changeReason: r.change_reason, endedAt: r.ended_at, roomHeadcount: r.room_headcount,
      createdAt: r.created_at, updatedAt: r.updated_at,
    });
  }

  /** The session under an exclusive row lock (filling its whole agenda at once), or null. */
  lockSessionExclusive(tx: EntityManager, id: string): Promise<MeetingEntity | null> {
    return this.meetings.lock(tx, id);
  }

  /** The session's agenda items. */
  itemsOf(tx: EntityManager, meetingId: string): Promise<AgendaItemEntity[]> {
    return tx.find(AgendaItemEntity, { where: { meetingId } });
  }

  /** The team's accepted requests, waiting for a slot. */
  waitingRequests(tx: EntityManager, teamId: string): Promise<ConsultationRequestEntity[]> {
    return tx.find(ConsultationRequestEntity, { where: { teamId, status: 'accepted' } });
  }

  /**
   * The team's single sessions (not of a series) still scheduled that start in (after, before), earliest
   * first, at most `limit`.
   */
  async upcomingSingleSessions(teamId: string, after: Date, before: Date, limit = 50): Promise<Array<{ id: string; startsAt: Date }>> {
    const rows: Array<{ id: string; starts_at: Date }> = await this.db.query(
      `SELECT m.id, m.starts_at FROM meeting m WHERE m.team_id = $1 AND m.kind = 'team_session' AND m.status = 'scheduled'
          AND m.series_id IS NULL AND m.starts_at > $2 AND m.starts_at < $3 ORDER BY m.starts_at LIMIT $4`,
      [teamId, after, before, limit],
    );
    return rows.map((m) => ({ id: m.id, startsAt: new Date(m.starts_at) }));
  }

  /**
   * One statement: lock the session (shared) and the request, move the request to `to` with its history
   * event, and insert the agenda item; the exclusion constraint settles races for the slot. It changes
   * nothing — and answers null — unless the request's status is one of `from`, the request belongs to
   * the session's team, and the session is still scheduled where the caller saw it (same start and end:
   * the slot's times were computed from them). Without `tx` it runs on its own (autocommit), and a slot
   * taken meanwhile comes back as a BookingConflictError.
   */
  async book(tx: EntityManager | null, b: AgendaBooking): Promise<AgendaItemEntity | null> {
    const run = async () => {
      const rows: Array<{ id: string; created_at: Date }> = await (tx ?? this.db).query(
        `WITH m AS (SELECT id, team_id FROM meeting WHERE id = $1 AND status = 'scheduled' AND starts_at = $9 AND ends_at = $10 FOR SHARE),
              old AS (SELECT id, status FROM consultation_request WHERE id = $2 FOR UPDATE),
              r AS (UPDATE consultation_request c SET status = $6, status_reason = NULL, status_changed_at = $5, updated_at = now(), version = c.version + 1
                      FROM old WHERE c.id = old.id AND old.status = ANY($7::varchar[]) AND c.team_id = (SELECT team_id FROM m)
                    RETURNING c.id, old.status AS from_status),
              e AS (INSERT INTO request_event (request_id, action, from_status, to_status, reason, actor_id, at)
                      SELECT id, 'schedule', from_status, $6, NULL, $8, $5 FROM r)
         INSERT INTO agenda_item (meeting_id, request_id, starts_at, ends_at, booked_by_id)
           SELECT m.id, r.id, $3, $4, $8 FROM m, r
         RETURNING id, created_at`,
        [b.session.id, b.requestId, b.startsAt, b.endsAt, b.at, b.to, b.from, b.actorId, b.session.startsAt, b.session.endsAt],
      );
      if (!rows.length) return null;
      return Object.assign(new AgendaItemEntity(), {
        id: rows[0].id, meetingId: b.session.id, requestId: b.requestId, startsAt: b.startsAt, endsAt: b.endsAt, bookedById: b.actorId, createdAt: rows[0].created_at,
      });
    };
    if (tx) return run();
    try {
      return await run();
    } catch (e) {
      throw await this.refusal(e);
    }
  }

  /** Takes an item off the session's agenda; returns it, or null when the session has no such item. */
  async removeItem(tx: EntityManager, meetingId: string, itemId: string): Promise<AgendaItemEntity | null> {
    const item = await tx.findOneBy(AgendaItemEntity, { id: itemId, meetingId });
    if (item) await tx.delete(AgendaItemEntity, { id: itemId });
    return item;
  }
}

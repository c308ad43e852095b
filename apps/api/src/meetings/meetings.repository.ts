import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { BookingConflict, BookingConflictError, type RequestStatus } from '@kohtaamo/domain';
import { MEETING_READABLE_SQL } from '../auth/access.repository';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { AgendaItemEntity, MeetingEntity, MeetingOutboxEntity, MeetingOutboxKind, MeetingParticipantEntity } from './meeting.entity';
import type { ListMeetingsQuery } from './meeting.dto';

/**
 * Something that happened to the meeting that its organiser must see on it: `consent_withdrawn` — the
 * family withdrew the consent of the meeting's case; `participantIds` are the outside participants whose
 * links were withdrawn (they get no more messages and cannot join).
 */
export interface MeetingNotice {
  id: string;
  /** consent_withdrawn: the consent behind the meeting was withdrawn; pair_member_busy: a session went on without a member of the responsible pair */
  kind: 'consent_withdrawn' | 'pair_member_busy';
  at: Date;
  consentId: string | null;
  participantIds: string[];
  /** pair_member_busy: the staff left out, with their names (staff names are no client data) */
  persons: Array<{ id: string; name: string }>;
}

export type NewMeeting = Omit<MeetingEntity, 'id' | 'changeReason' | 'endedAt' | 'roomHeadcount' | 'createdAt' | 'updatedAt'>;
export type NewParticipant = Omit<MeetingParticipantEntity, 'id' | 'meetingId' | 'createdAt' | 'addedOrder'>;

/** PostgreSQL's refusal of a row, as the driver reports it. */
interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** An exclusion violation (23P01): the constraint and the existing row's key, `… conflicts with existing key (a, b)=(<uuid>, <range>).` */
export function exclusionViolation(e: unknown): { constraint: string; key?: { id: string; range: string } } | undefined {
  if (!(e instanceof QueryFailedError)) return undefined;
  const pg = e.driverError as PgError;
  if (pg.code !== '23P01') return undefined;
  const m = /conflicts with existing key \(.*?\)=\(([0-9a-f-]{36}), (.+)\)\.?$/s.exec(pg.detail ?? '');
  return { constraint: pg.constraint ?? '', key: m ? { id: m[1], range: m[2] } : undefined };
}

/**
 * Meetings, their participants and the outbox of changes participants must hear of: all of
 * MeetingsService's reads and writes. Methods that take an EntityManager run in the caller's
 * transaction; `transaction` opens one and turns a double booking the database refused (a participant's
 * or a room's exclusion constraint) into a typed BookingConflictError naming the other meeting's time.
 */
@Injectable()
export class MeetingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` in one transaction; a participant's or room's double booking comes back as a BookingConflictError. */
  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (e) {
      const conflict = await this.clashOf(e);
      throw conflict ? new BookingConflictError(conflict) : e;
    }
  }

  /**
   * The meeting-level clash an error is (participant_no_double_booking, meeting_room_no_double_booking),
   * with the other meeting's time read after the failed transaction; undefined for anything else.
   */
  async clashOf(e: unknown): Promise<BookingConflict | undefined> {
    const v = exclusionViolation(e);
    if (!v) return undefined;
    const key = v.key;
    switch (v.constraint) {
      case 'participant_no_double_booking': {
        const [c]: Array<{ starts_at: Date; ends_at: Date; name: string }> = key
          ? await this.db.query(
              `SELECT m.starts_at, m.ends_at, p.display_name AS name FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
                WHERE p.person_id = $1 AND p.active AND p.during = $2::tstzrange LIMIT 1`,
              [key.id, key.range],
            )
          : [];
        return { kind: 'participant', personId: key?.id, name: c?.name, busyFrom: c?.starts_at, busyUntil: c?.ends_at };
      }
      case 'meeting_room_no_double_booking': {
        const [c]: Array<{ starts_at: Date; ends_at: Date }> = key
          ? await this.db.query(
              `SELECT starts_at, ends_at FROM meeting WHERE room_id = $1 AND status = 'scheduled' AND tstzrange(starts_at, ends_at) = $2::tstzrange LIMIT 1`,
              [key.id, key.range],
            )
          : [];
        return { kind: 'room', roomId: key?.id, busyFrom: c?.starts_at, busyUntil: c?.ends_at };
      }
      default:
        return undefined;
    }
  }

  get(id: string, tx?: EntityManager): Promise<MeetingEntity | null> {
    return (tx ?? this.db.manager).findOneBy(MeetingEntity, { id });
  }

  /** The meeting under an exclusive row lock (a change, a cancellation, the end) for the rest of the transaction, or null. */
  lock(tx: EntityManager, id: string): Promise<MeetingEntity | null> {
    return tx.getRepository(MeetingEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
  }

  /** The meeting of a series' occurrence, or null when the occurrence is not a meeting yet. */
  ofOccurrence(tx: EntityManager, seriesId: string, occurrenceKey: string): Promise<MeetingEntity | null> {
    return tx.findOneBy(MeetingEntity, { seriesId, occurrenceKey });
  }

  /** Inserts a meeting and its participants; returns the meeting as stored. */
  async insert(tx: EntityManager, meeting: NewMeeting, participants: NewParticipant[]): Promise<MeetingEntity> {
    const m = await tx.save(tx.create(MeetingEntity, meeting));
    if (participants.length) await tx.insert(MeetingParticipantEntity, participants.map((p) => ({ ...p, meetingId: m.id })));
    return m;
  }

  save(tx: EntityManager, m: MeetingEntity): Promise<MeetingEntity> {
    return tx.save(m);
  }

  /** Sets the meeting's iCalendar SEQUENCE (a change told to some participants only). */
  async setSequence(tx: EntityManager, id: string, sequence: number): Promise<void> {
    await tx.update(MeetingEntity, { id }, { sequence });
  }

  /** The participants marked absent, in the order they were added. */
  absentParticipants(tx: EntityManager, meetingId: string): Promise<MeetingParticipantEntity[]> {
    return tx.find(MeetingParticipantEntity, { where: { meetingId, attendance: 'absent' }, order: { addedOrder: 'ASC' } });
  }

  setRoomHeadcount(id: string, count: number): Promise<unknown> {
    return this.db.manager.update(MeetingEntity, { id }, { roomHeadcount: count });
  }

  /** Records a change that participants must hear of, in the caller's transaction (transactional outbox). */
  async outbox(tx: EntityManager, m: Pick<MeetingEntity, 'id' | 'sequence'>, kind: MeetingOutboxKind, participantId: string | null = null, participant: object | null = null): Promise<void> {
    await tx.save(tx.create(MeetingOutboxEntity, { meetingId: m.id, kind, sequence: m.sequence, participantId, participant: participant as Record<string, unknown> | null }));
  }

  /** The meetings `viewerId` may read (MEETING_READABLE_SQL; none for an administrator), filtered by the query, by start. */
  page(q: ListMeetingsQuery, viewer: { personId: string; coordinator: boolean; admin: boolean }): Promise<Page<MeetingEntity>> {
    const qb = this.db.getRepository(MeetingEntity).createQueryBuilder('m').orderBy('m.starts_at', 'ASC').addOrderBy('m.id');
    if (viewer.admin) qb.andWhere('false');
    qb.andWhere(MEETING_READABLE_SQL, { viewer: viewer.personId, coordinator: viewer.coordinator });
    if (q.from) qb.andWhere('m.ends_at > :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('m.starts_at < :to', { to: new Date(q.to) });
    if (q.teamId) qb.andWhere('m.team_id = :teamId', { teamId: q.teamId });
    if (q.requestId) qb.andWhere('m.request_id = :requestId', { requestId: q.requestId });
    if (q.kind) qb.andWhere('m.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('m.status = :status', { status: q.status });
    if (q.personId) {
      qb.andWhere('EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = :personId)', { personId: q.personId });
    }
    return paginate(qb, q);
  }

  /** A meeting's participants in the order they were added. */
  participantsOf(meetingId: string): Promise<MeetingParticipantEntity[]> {
    return this.db.manager.find(MeetingParticipantEntity, { where: { meetingId }, order: { addedOrder: 'ASC' } });
  }

  /** One participant of the meeting, or null (also when they belong to another meeting). */
  participant(meetingId: string, participantId: string, tx?: EntityManager): Promise<MeetingParticipantEntity | null> {
    return (tx ?? this.db.manager).findOneBy(MeetingParticipantEntity, { id: participantId, meetingId });
  }

  isParticipant(meetingId: string, personId: string): Promise<boolean> {
    return this.db.manager.existsBy(MeetingParticipantEntity, { meetingId, personId });
  }

  insertParticipant(tx: EntityManager, meetingId: string, row: NewParticipant): Promise<MeetingParticipantEntity> {
    return tx.save(tx.create(MeetingParticipantEntity, { ...row, meetingId }));
  }

  saveParticipant(p: MeetingParticipantEntity, tx?: EntityManager): Promise<MeetingParticipantEntity> {
    return (tx ?? this.db.manager).save(p);
  }

  async deleteParticipant(tx: EntityManager, participantId: string): Promise<void> {
    await tx.delete(MeetingParticipantEntity, { id: participantId });
  }

  /** The meeting's agenda, by start (`desc`: latest first). */
  agendaOf(meetingId: string, tx?: EntityManager, order: 'ASC' | 'DESC' = 'ASC'): Promise<AgendaItemEntity[]> {
    return (tx ?? this.db.manager).find(AgendaItemEntity, { where: { meetingId }, order: { startsAt: order } });
  }

  /** Moves one agenda item by `shiftMs` (a session that moves takes its booked cases along). */
  async shiftAgendaItem(tx: EntityManager, item: AgendaItemEntity, shiftMs: number): Promise<void> {
    await tx.update(AgendaItemEntity, { id: item.id }, { startsAt: new Date(item.startsAt.getTime() + shiftMs), endsAt: new Date(item.endsAt.getTime() + shiftMs) });
  }

  /** Empties the meeting's agenda (it was cancelled); returns the items that were on it. */
  async clearAgenda(tx: EntityManager, meetingId: string): Promise<AgendaItemEntity[]> {
    const items = await tx.find(AgendaItemEntity, { where: { meetingId } });
    await tx.delete(AgendaItemEntity, { meetingId });
    return items;
  }

  /** The identified client of the meeting's request, if any. */
  async clientOfRequest(requestId: string): Promise<string | null> {
    const [row]: Array<{ client_id: string | null }> = await this.db.query(`SELECT client_id FROM consultation_request WHERE id = $1`, [requestId]);
    return row?.client_id ?? null;
  }

  /** What the organiser must see on the meeting (consent withdrawals, a pair member left out), oldest first. */
  noticesOf(meetingId: string): Promise<MeetingNotice[]> {
    return this.db.query(
      `SELECT n.id, n.kind, n.at, n.consent_id AS "consentId", n.participant_ids AS "participantIds",
              coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name) FROM person p WHERE p.id = ANY(n.person_ids)), '[]'::json) AS persons
         FROM meeting_notice n WHERE n.meeting_id = $1 ORDER BY n.at, n.id`,
      [meetingId],
    );
  }

  /** A request's status in the caller's transaction, or null when there is no such request. */
  async requestStatus(tx: EntityManager, requestId: string): Promise<RequestStatus | null> {
    const [row]: Array<{ status: RequestStatus }> = await tx.query(`SELECT status FROM consultation_request WHERE id = $1`, [requestId]);
    return row?.status ?? null;
  }

  /** Whether the request still has a scheduled meeting: an agenda slot in a scheduled session, or a scheduled meeting about it. */
  async requestStillBooked(tx: EntityManager, requestId: string): Promise<boolean> {
    const [row]: Array<{ v: boolean }> = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id WHERE a.request_id = $1 AND m.status = 'scheduled')
           OR EXISTS (SELECT 1 FROM meeting WHERE request_id = $1 AND status = 'scheduled') AS v`,
      [requestId],
    );
    return row.v;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import type { MeetingKind, MeetingMode } from '@kohtaamo/domain';
import { MinutesEntity } from './minutes.entity';

/** A new version's row (the id, revision and timestamps come from the database; the PDF is rendered later). */
export type NewMinutes = Omit<MinutesEntity, 'id' | 'revision' | 'pdf' | 'createdAt' | 'updatedAt'>;

/** The meeting as the minutes' PDF shows it; `place`: the location and the room ("name, unit") joined by ' – '. */
export interface MinutesMeeting {
  title: string;
  kind: MeetingKind;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  place: string | null;
}

/** The minutes notice to one participant as planned (notification_delivery, kind `minutes`). */
export interface MinutesNotice {
  participantId: string | null;
  status: string;
  sentAt: Date | null;
  lastError: string | null;
}

/** One participant's reads of the minutes through their own link (disclosure_log). */
export interface MinutesReads {
  participantId: string | null;
  firstAt: Date;
  lastAt: Date;
  /** of those, reads of the PDF */
  downloads: number;
  reads: number;
}

/**
 * The minutes table (one row per version; the PDF column is read only when asked for), what the PDF
 * shows of the meeting and the people named in it, and what the receipts read: the minutes notices
 * planned (notification_delivery) and the reads through links (disclosure_log). Methods taking `tx` run
 * in the caller's transaction (a version's row lock spans an edit, a finalisation, a correction); the
 * others on a pooled connection as the current actor.
 */
@Injectable()
export class MinutesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(MinutesEntity) private readonly minutes: Repository<MinutesEntity>,
  ) {}

  /** A version without its PDF, or null if there is none (or row-level security hides it). */
  get(id: string): Promise<MinutesEntity | null> {
    return this.minutes.findOneBy({ id });
  }

  /** A version with its PDF (null until rendered), or null. */
  withPdf(id: string): Promise<MinutesEntity | null> {
    return this.minutes.createQueryBuilder('m').addSelect('m.pdf').where('m.id = :id', { id }).getOne();
  }

  /** The latest version of a meeting's minutes about `requestId` (null: the minutes about no request), or null. */
  latest(meetingId: string, requestId: string | null): Promise<MinutesEntity | null> {
    return this.minutes.findOne({ where: { meetingId, requestId: requestId ?? IsNull() }, order: { version: 'DESC' } });
  }

  /** Stores the first version of a meeting's minutes. */
  insert(m: NewMinutes): Promise<MinutesEntity> {
    return this.minutes.save(this.minutes.create(m));
  }

  /** Every version of a meeting's minutes about `requestId` (null: about no request), oldest first. */
  versions(meetingId: string, requestId: string | null): Promise<MinutesEntity[]> {
    return this.minutes
      .createQueryBuilder('m')
      .where('m.meeting_id = :meetingId', { meetingId })
      .andWhere(requestId ? 'm.request_id = :requestId' : 'm.request_id IS NULL', { requestId })
      .orderBy('m.version', 'ASC')
      .getMany();
  }

  /** Every version of every minutes of a meeting, by request and then version. */
  forMeeting(meetingId: string): Promise<MinutesEntity[]> {
    return this.minutes.find({ where: { meetingId }, order: { requestId: 'ASC', version: 'ASC' } });
  }

  /** Whether the meeting has minutes (any version) about the request, as the current actor's row-level security sees them. */
  existFor(meetingId: string, requestId: string): Promise<boolean> {
    return this.minutes.existsBy({ meetingId, requestId });
  }

  /** Locks a version's row (FOR UPDATE) for the rest of the caller's transaction `tx` and reads it; null if there is none. */
  lock(tx: EntityManager, id: string): Promise<MinutesEntity | null> {
    return tx.getRepository(MinutesEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
  }

  /** Writes a version read with {@link lock} back, in the caller's transaction `tx`. */
  async save(tx: EntityManager, m: MinutesEntity): Promise<void> {
    await tx.save(m);
  }

  /** The version that corrects `id`, in the caller's transaction `tx`; null if it has not been corrected. */
  successorOf(tx: EntityManager, id: string): Promise<MinutesEntity | null> {
    return tx.findOneBy(MinutesEntity, { previousId: id });
  }

  /** Stores a new version (a correction) in the caller's transaction `tx`; its id. */
  async insertVersion(tx: EntityManager, m: NewMinutes): Promise<string> {
    const saved = await tx.save(tx.create(MinutesEntity, m));
    return saved.id;
  }

  /** The id of the meeting a version belongs to, or null. */
  async meetingOf(id: string): Promise<string | null> {
    const [m]: Array<{ meeting_id: string }> = await this.db.query(`SELECT meeting_id FROM minutes WHERE id = $1`, [id]);
    return m?.meeting_id ?? null;
  }

  /** Stores the PDF rendered at finalisation, unless one is stored already (the first rendering is the document as approved). */
  async storePdf(id: string, pdf: Buffer): Promise<void> {
    await this.db.query(`UPDATE minutes SET pdf = $2 WHERE id = $1 AND pdf IS NULL`, [id, pdf]);
  }

  /**
   * Finalised versions not yet queued for distribution, the earliest finalised first, at most `limit`:
   * locked in the caller's transaction `tx` FOR UPDATE SKIP LOCKED, so that a relay running at the
   * same time takes others; their ids.
   */
  async finalisedToQueue(tx: EntityManager, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT id FROM minutes WHERE status = 'finalised' AND distribution_queued_at IS NULL ORDER BY finalised_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Notes, in the caller's transaction `tx`, that these versions (ids) are queued for distribution. */
  async markQueued(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`UPDATE minutes SET distribution_queued_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** The meeting as the PDF shows it, or null if it is gone (or hidden). */
  async meeting(meetingId: string): Promise<MinutesMeeting | null> {
    const [m]: Array<{ title: string; kind: MeetingKind; starts_at: Date; ends_at: Date; mode: MeetingMode; location: string | null; room: string | null }> = await this.db.query(
      `SELECT m.title, m.kind, m.starts_at, m.ends_at, m.mode, m.location,
              (SELECT r.name || ', ' || r.unit FROM room r WHERE r.id = m.room_id) AS room
         FROM meeting m WHERE m.id = $1`,
      [meetingId],
    );
    if (!m) return null;
    return { title: m.title, kind: m.kind, startsAt: m.starts_at, endsAt: m.ends_at, mode: m.mode, place: [m.location, m.room].filter(Boolean).join(' – ') || null };
  }

  /** The names of these people (person ids; none: no query), by id; an id with no person is left out. */
  async personNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const people: Array<{ id: string; name: string }> = await this.db.query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(people.map((p) => [p.id, p.name]));
  }

  /** The minutes notices planned for a version, in the order planned. */
  notices(minutesId: string): Promise<MinutesNotice[]> {
    return this.db.query(
      `SELECT participant_id AS "participantId", status, sent_at AS "sentAt", last_error AS "lastError" FROM notification_delivery
        WHERE minutes_id = $1 AND kind = 'minutes' ORDER BY id`,
      [minutesId],
    );
  }

  /**
   * Reads through links per participant, from the disclosure log: of this version (`minutesId`: the
   * minutes or their PDF) and, once it was final (`finalisedAt`), of the meeting's minutes list from then on.
   */
  linkReads(minutesId: string, meetingId: string, finalisedAt: Date | null): Promise<MinutesReads[]> {
    return this.db.query(
      `SELECT recipient_participant_id AS "participantId", min(at) AS "firstAt", max(at) AS "lastAt",
              count(*) FILTER (WHERE resource_type = 'minutes_pdf')::int AS "downloads", count(*)::int AS "reads"
         FROM disclosure_log
        WHERE channel = 'link' AND (resource_id = $1 OR (resource_id IS NULL AND meeting_id = $2 AND resource_type = 'minutes' AND $3::timestamptz IS NOT NULL AND at >= $3))
        GROUP BY recipient_participant_id`,
      [minutesId, meetingId, finalisedAt],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgendaItemEntity, MeetingEntity } from '../meetings/meeting.entity';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { SessionExceptionEntity, SessionSeriesEntity } from './scheduling.entity';

export type NewSeries = Partial<Omit<SessionSeriesEntity, 'id' | 'createdAt' | 'updatedAt'>> & Pick<SessionSeriesEntity, 'teamId'>;

/** An exception of one occurrence: cancelled, or moved to [start, end). */
export type OccurrenceChange = { kind: 'cancelled' } | { kind: 'moved'; start: Date; end: Date };

/**
 * A team's session series (session_series), their exceptions (session_exception), and the meetings
 * their occurrences become: all of SeriesService's reads and writes. Methods that take an EntityManager
 * run in the caller's transaction; `transaction` opens one and turns a participant's or room's double
 * booking into a BookingConflictError (MeetingsRepository.clashOf).
 */
@Injectable()
export class SeriesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly meetings: MeetingsRepository,
  ) {}

  /** One transaction; a participant's or room's double booking comes back as a BookingConflictError (MeetingsRepository.transaction). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.meetings.transaction(work);
  }


  get(id: string): Promise<SessionSeriesEntity | null> {
    return this.db.manager.findOneBy(SessionSeriesEntity, { id });
  }

  /** A team's series, oldest first. */
  ofTeam(teamId: string): Promise<SessionSeriesEntity[]> {
    return this.db.manager.find(SessionSeriesEntity, { where: { teamId }, order: { createdAt: 'ASC' } });
  }

  insert(series: NewSeries): Promise<SessionSeriesEntity> {
    return this.db.manager.save(this.db.manager.create(SessionSeriesEntity, series));
  }

  save(series: SessionSeriesEntity): Promise<SessionSeriesEntity> {
    return this.db.manager.save(series);
  }

  exceptionsOf(seriesId: string): Promise<SessionExceptionEntity[]> {
    return this.db.manager.find(SessionExceptionEntity, { where: { seriesId } });
  }

  /** Records that one occurrence is cancelled or moved (replacing what was recorded of it before). */
  async setException(tx: EntityManager, seriesId: string, occurrenceKey: string, change: OccurrenceChange): Promise<void> {
    if (change.kind === 'cancelled') {
      await tx.query(
        `INSERT INTO session_exception (series_id, occurrence_key, kind) VALUES ($1, $2, 'cancelled')
           ON CONFLICT (series_id, occurrence_key) DO UPDATE SET kind = 'cancelled', starts_at = NULL, ends_at = NULL`,
        [seriesId, occurrenceKey],
      );
    } else {
      await tx.query(
        `INSERT INTO session_exception (series_id, occurrence_key, kind, starts_at, ends_at) VALUES ($1, $2, 'moved', $3, $4)
           ON CONFLICT (series_id, occurrence_key) DO UPDATE SET kind = 'moved', starts_at = $3, ends_at = $4`,
        [seriesId, occurrenceKey, change.start, change.end],
      );
    }
  }

  /** The meetings the given occurrences of a series have become (those that have). */
  meetingsOf(seriesId: string, occurrenceKeys: string[]): Promise<MeetingEntity[]> {
    if (!occurrenceKeys.length) return Promise.resolve([]);
    return this.db.manager.find(MeetingEntity, { where: occurrenceKeys.map((occurrenceKey) => ({ seriesId, occurrenceKey })) });
  }

  /** The meeting an occurrence has become, or null. */
  meetingOf(tx: EntityManager, seriesId: string, occurrenceKey: string): Promise<MeetingEntity | null> {
    return this.meetings.ofOccurrence(tx, seriesId, occurrenceKey);
  }

  /** The agenda items of the given meetings. */
  agendaOf(meetingIds: string[]): Promise<AgendaItemEntity[]> {
    if (!meetingIds.length) return Promise.resolve([]);
    return this.db.manager.find(AgendaItemEntity, { where: meetingIds.map((meetingId) => ({ meetingId })) });
  }

  /**
   * Per meeting, the responsible-pair members left out of it because they had another meeting when it was
   * materialised (meeting_notice `pair_member_busy`), with their names, sorted by name.
   */
  async leftOutOf(meetingIds: string[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
    if (!meetingIds.length) return new Map();
    const rows: Array<{ meeting_id: string; persons: Array<{ id: string; name: string }> }> = await this.db.query(
      `SELECT n.meeting_id, json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name, p.id) AS persons
         FROM meeting_notice n JOIN person p ON p.id = ANY(n.person_ids)
        WHERE n.meeting_id = ANY($1::uuid[]) AND n.kind = 'pair_member_busy'
        GROUP BY n.meeting_id`,
      [meetingIds],
    );
    return new Map(rows.map((r) => [r.meeting_id, r.persons]));
  }

  /**
   * The session series each person is expected at as a member of a team's responsible pair, with the
   * dates (Helsinki, both ends included; `validTo` null: open) they are in the pair for that team.
   */
  async pairDuties(personIds: string[]): Promise<Array<{ personId: string; validFrom: string; validTo: string | null; series: SessionSeriesEntity }>> {
    if (!personIds.length) return [];
    const rows: Array<{ person_id: string; valid_from: string; valid_to: string | null; series_id: string }> = await this.db.query(
      `SELECT x.person_id, rp.valid_from::text AS valid_from, rp.valid_to::text AS valid_to, s.id AS series_id
         FROM responsible_pair rp CROSS JOIN LATERAL (VALUES (rp.physician_id), (rp.nurse_id)) AS x(person_id)
         JOIN session_series s ON s.team_id = rp.team_id
        WHERE x.person_id = ANY($1::uuid[])`,
      [personIds],
    );
    if (!rows.length) return [];
    const series = new Map((await this.db.manager.findBy(SessionSeriesEntity, { id: In([...new Set(rows.map((r) => r.series_id))]) })).map((x) => [x.id, x]));
    return rows.flatMap((r) => {
      const x = series.get(r.series_id);
      return x ? [{ personId: r.person_id, validFrom: r.valid_from, validTo: r.valid_to, series: x }] : [];
    });
  }

  /** The team's single sessions (of no series) still scheduled that overlap [from, to). */
  async singleSessions(teamId: string, from: Date, to: Date): Promise<Array<{ id: string; title: string; startsAt: Date; endsAt: Date }>> {
    const rows: Array<{ id: string; title: string; starts_at: Date; ends_at: Date }> = await this.db.query(
      `SELECT id, title, starts_at, ends_at FROM meeting
        WHERE team_id = $1 AND kind = 'team_session' AND status = 'scheduled' AND series_id IS NULL AND ends_at > $2 AND starts_at < $3`,
      [teamId, from, to],
    );
    return rows.map((m) => ({ id: m.id, title: m.title, startsAt: new Date(m.starts_at), endsAt: new Date(m.ends_at) }));
  }

  /**
   * The meeting row of an occurrence at [start, end), created if it is not one yet, with the team's
   * responsible pair of that day as its participants (physician first) and a `scheduled` outbox row.
   * Concurrent callers get the same row: the insert skips on the unique (series, occurrence) key and the
   * winner's row (with the winner's participants and outbox row) is read back.
   *
   * A member of the pair who has another meeting at that time is left out rather than refusing the
   * booking: the session happens without them, and a nurse booking a case must not get a 409 about
   * someone else's calendar, for every case, until the clash is gone; a `pair_member_busy` notice on the
   * meeting says who was left out. (They are not added back if their clash later goes away.) The check reads
   * other meetings' staff rows, which row-level security shows to any staff actor; a clash booked
   * between this check and the insert is still refused by the participant_no_double_booking trigger.
   */
  async materialise(tx: EntityManager, s: SessionSeriesEntity, occurrenceKey: string, start: Date, end: Date): Promise<MeetingEntity> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO meeting (kind, title, team_id, starts_at, ends_at, location, room_id, mode, series_id, occurrence_key, slot_minutes)
         VALUES ('team_session', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (series_id, occurrence_key) DO NOTHING RETURNING id`,
      [s.title, s.teamId, start, end, s.location, s.roomId, s.mode, s.id, occurrenceKey, s.slotMinutes],
    );
    const m = await tx.findOneByOrFail(MeetingEntity, { seriesId: s.id, occurrenceKey });
    if (!inserted.length) return m;
    // The responsible pair on the occurrence's Helsinki date, physician first. A member with another meeting at
    // that time is left out (the booking trigger would refuse the whole booking), and the session's page names
    // them (meeting_notice pair_member_busy). One statement: "the pair that day" is read once.
    await tx.query(
      `WITH pair AS (
         SELECT x.id, x.ord
           FROM responsible_pair rp CROSS JOIN LATERAL (VALUES (rp.physician_id, 0), (rp.nurse_id, 1)) AS x(id, ord)
          WHERE rp.team_id = $2 AND rp.valid_from <= ($3::timestamptz AT TIME ZONE 'Europe/Helsinki')::date
            AND (rp.valid_to IS NULL OR rp.valid_to >= ($3::timestamptz AT TIME ZONE 'Europe/Helsinki')::date)
       ), added AS (
         INSERT INTO meeting_participant (meeting_id, kind, person_id, display_name, email, organisation_name, required, locale)
         SELECT $1, 'staff', p.id, p.name, p.email, p.organisation, true, p.locale
           FROM pair JOIN person p ON p.id = pair.id
          WHERE NOT EXISTS (SELECT 1 FROM meeting_participant o
                             WHERE o.person_id = p.id AND o.active AND o.during && tstzrange($3::timestamptz, $4::timestamptz))
          ORDER BY pair.ord
         ON CONFLICT DO NOTHING RETURNING person_id
       )
       INSERT INTO meeting_notice (meeting_id, kind, at, person_ids)
       SELECT $1, 'pair_member_busy', coalesce(kohtaamo_now(), now()), array_agg(DISTINCT pair.id ORDER BY pair.id)
         FROM pair WHERE pair.id NOT IN (SELECT person_id FROM added)
       HAVING count(*) > 0`,
      [m.id, s.teamId, m.startsAt, m.endsAt],
    );
    await this.meetings.outbox(tx, m, 'scheduled');
    return m;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ClientGroup, MeetingKind, MeetingMode, RequestStatus, Urgency } from '@kohtaamo/domain';
import { MEETING_READABLE_SQL } from '../auth/access.repository';

export interface MyRequestRow {
  id: string;
  teamId: string;
  teamName: string;
  status: RequestStatus;
  urgency: Urgency;
  clientGroup: ClientGroup;
  anonymous: boolean;
  clientId: string | null;
  question: string;
  submittedAt: Date;
  statusChangedAt: Date;
  requester: boolean;
  ownWorker: boolean;
  /** the latest question back or decline reason of the team, with when */
  teamMessage: { action: 'request_info' | 'decline'; text: string; at: Date } | null;
  /** the next scheduled meeting about the request: its agenda slot in a team session, or a network meeting */
  next: { meetingId: string; title: string; kind: MeetingKind; mode: MeetingMode; startsAt: Date; endsAt: Date; sessionStartsAt: Date; sessionEndsAt: Date } | null;
}

export interface MyMeetingRow {
  id: string;
  title: string;
  kind: MeetingKind;
  mode: MeetingMode;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  teamId: string | null;
  requestId: string | null;
  organiser: boolean;
  participant: boolean;
  chair: boolean;
  /** the caller's own case on the agenda of a team session, its slot */
  caseSlot: { requestId: string; startsAt: Date; endsAt: Date } | null;
}

/** Open: still in the team's or the requester's hands. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'more_info_needed', 'accepted', 'scheduled'];

/**
 * What Home reads for the signed-in person: the requests they filed or are the own worker of (theirs to
 * read, whatever the client: staff_may_see_client holds for the requester and own worker always), the
 * meetings they take part in, and the inbox counts of their teams.
 */
@Injectable()
export class HomeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async myRequests(viewerId: string, now: Date, filter: { open?: boolean; status?: RequestStatus }, page: { limit: number; offset: number }): Promise<{ rows: MyRequestRow[]; total: number }> {
    const [query, values] = this.db.driver.escapeQueryWithParameters(
      `WITH mine AS (
         SELECT r.*, count(*) OVER () AS total FROM consultation_request r
          WHERE (r.requester_id = :viewer OR r.own_worker_id = :viewer)
            AND (CAST(:status AS varchar) IS NULL OR r.status = :status)
            AND (CAST(:open AS boolean) IS NULL OR (r.status = ANY(CAST(:openStatuses AS varchar[]))) = :open)
          ORDER BY (r.status = 'more_info_needed') DESC, r.status_changed_at DESC, r.id
          LIMIT :limit OFFSET :offset)
       SELECT r.id, r.team_id AS "teamId", t.name AS "teamName", r.status, r.urgency, r.client_group AS "clientGroup", r.anonymous,
              r.client_id AS "clientId", r.question, r.submitted_at AS "submittedAt", r.status_changed_at AS "statusChangedAt",
              (r.requester_id = :viewer) AS requester, coalesce(r.own_worker_id = :viewer, false) AS "ownWorker", r.total,
              q.action AS "messageAction", q.reason AS "messageText", q.at AS "messageAt",
              n.meeting_id AS "nextMeetingId", n.title AS "nextTitle", n.kind AS "nextKind", n.mode AS "nextMode",
              n.starts_at AS "nextStartsAt", n.ends_at AS "nextEndsAt", n.session_starts_at AS "nextSessionStartsAt", n.session_ends_at AS "nextSessionEndsAt"
         FROM mine r
         JOIN team t ON t.id = r.team_id
         LEFT JOIN LATERAL (
           SELECT e.action, e.reason, e.at FROM request_event e
            WHERE e.request_id = r.id AND e.action IN ('request_info', 'decline') AND e.reason IS NOT NULL
            ORDER BY e.at DESC, e.id DESC LIMIT 1) q ON true
         LEFT JOIN LATERAL (
           SELECT * FROM (
             SELECT m.id AS meeting_id, m.title, m.kind, m.mode, a.starts_at, a.ends_at, m.starts_at AS session_starts_at, m.ends_at AS session_ends_at
               FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id
              WHERE a.request_id = r.id AND m.status = 'scheduled' AND a.ends_at > :now
             UNION ALL
             SELECT m.id, m.title, m.kind, m.mode, m.starts_at, m.ends_at, m.starts_at, m.ends_at
               FROM meeting m WHERE m.request_id = r.id AND m.status = 'scheduled' AND m.ends_at > :now) x
            ORDER BY x.starts_at LIMIT 1) n ON true
        ORDER BY (r.status = 'more_info_needed') DESC, r.status_changed_at DESC, r.id`,
      {
        viewer: viewerId,
        now,
        status: filter.status ?? null,
        open: filter.open ?? null,
        openStatuses: [...OPEN_STATUSES],
        limit: page.limit,
        offset: page.offset,
      },
      {},
    );
    const raw: Array<Record<string, unknown>> = await this.db.query(query, values);
    const total = raw.length ? Number(raw[0].total) : await this.countMine(viewerId, filter);
    return { rows: raw.map(toRequestRow), total };
  }

  private async countMine(viewerId: string, filter: { open?: boolean; status?: RequestStatus }): Promise<number> {
    const [query, values] = this.db.driver.escapeQueryWithParameters(
      `SELECT count(*)::int AS n FROM consultation_request r
        WHERE (r.requester_id = :viewer OR r.own_worker_id = :viewer)
          AND (CAST(:status AS varchar) IS NULL OR r.status = :status)
          AND (CAST(:open AS boolean) IS NULL OR (r.status = ANY(CAST(:openStatuses AS varchar[]))) = :open)`,
      { viewer: viewerId, status: filter.status ?? null, open: filter.open ?? null, openStatuses: [...OPEN_STATUSES] },
      {},
    );
    const [{ n }]: Array<{ n: number }> = await this.db.query(query, values);
    return n;
  }

  /** How many of the viewer's requests wait for their answer (more information asked). */
  async waitingForMe(viewerId: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM consultation_request WHERE (requester_id = $1 OR own_worker_id = $1) AND status = 'more_info_needed'`,
      [viewerId],
    );
    return n;
  }

  /**
   * The scheduled meetings not yet over that the viewer takes part in (meetingDecision 'read' without a
   * coordinator's general view of team sessions): organiser, participant, chair of the day, requester or
   * own worker of a case on it, member of the session's team.
   */
  async myMeetings(viewerId: string, now: Date, limit: number): Promise<MyMeetingRow[]> {
    const [query, values] = this.db.driver.escapeQueryWithParameters(
      `SELECT m.id, m.title, m.kind, m.mode, m.location, m.starts_at AS "startsAt", m.ends_at AS "endsAt", m.team_id AS "teamId", m.request_id AS "requestId",
              coalesce(m.organiser_id = :viewer, false) AS organiser,
              EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = :viewer) AS participant,
              (m.team_id IS NOT NULL AND chairs_team(:viewer, m.team_id, (m.starts_at AT TIME ZONE 'Europe/Helsinki')::date)) AS chair,
              c.request_id AS "caseRequestId", c.starts_at AS "caseStartsAt", c.ends_at AS "caseEndsAt"
         FROM meeting m
         LEFT JOIN LATERAL (
           SELECT a.request_id, a.starts_at, a.ends_at FROM agenda_item a JOIN consultation_request w ON w.id = a.request_id
            WHERE a.meeting_id = m.id AND (w.requester_id = :viewer OR w.own_worker_id = :viewer) ORDER BY a.starts_at LIMIT 1) c ON true
        WHERE m.status = 'scheduled' AND m.ends_at > :now AND ${MEETING_READABLE_SQL}
        ORDER BY m.starts_at, m.id LIMIT :limit`,
      { viewer: viewerId, now, coordinator: false, limit },
      {},
    );
    const raw: Array<Record<string, unknown>> = await this.db.query(query, values);
    return raw.map((r) => ({
      id: r.id as string,
      title: r.title as string,
      kind: r.kind as MeetingKind,
      mode: r.mode as MeetingMode,
      location: (r.location as string | null) ?? null,
      startsAt: r.startsAt as Date,
      endsAt: r.endsAt as Date,
      teamId: (r.teamId as string | null) ?? null,
      requestId: (r.requestId as string | null) ?? null,
      organiser: r.organiser as boolean,
      participant: r.participant as boolean,
      chair: r.chair as boolean,
      caseSlot: r.caseRequestId ? { requestId: r.caseRequestId as string, startsAt: r.caseStartsAt as Date, endsAt: r.caseEndsAt as Date } : null,
    }));
  }

  /** The teams the viewer is a member of, or chairs today. */
  async myTeams(viewerId: string, now: Date): Promise<Array<{ id: string; name: string; chair: boolean }>> {
    return this.db.query(
      `SELECT t.id, t.name, chairs_team($1, t.id, ($2::timestamptz AT TIME ZONE 'Europe/Helsinki')::date) AS chair
         FROM team t
        WHERE EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = t.id AND tm.person_id = $1)
           OR chairs_team($1, t.id, ($2::timestamptz AT TIME ZONE 'Europe/Helsinki')::date)
        ORDER BY t.name, t.id`,
      [viewerId, now],
    );
  }
}

function toRequestRow(r: Record<string, unknown>): MyRequestRow {
  return {
    id: r.id as string,
    teamId: r.teamId as string,
    teamName: r.teamName as string,
    status: r.status as RequestStatus,
    urgency: r.urgency as Urgency,
    clientGroup: r.clientGroup as ClientGroup,
    anonymous: r.anonymous as boolean,
    clientId: (r.clientId as string | null) ?? null,
    question: r.question as string,
    submittedAt: r.submittedAt as Date,
    statusChangedAt: r.statusChangedAt as Date,
    requester: r.requester as boolean,
    ownWorker: r.ownWorker as boolean,
    teamMessage: r.messageAction ? { action: r.messageAction as 'request_info' | 'decline', text: r.messageText as string, at: r.messageAt as Date } : null,
    next: r.nextMeetingId
      ? {
          meetingId: r.nextMeetingId as string,
          title: r.nextTitle as string,
          kind: r.nextKind as MeetingKind,
          mode: r.nextMode as MeetingMode,
          startsAt: r.nextStartsAt as Date,
          endsAt: r.nextEndsAt as Date,
          sessionStartsAt: r.nextSessionStartsAt as Date,
          sessionEndsAt: r.nextSessionEndsAt as Date,
        }
      : null,
  };
}

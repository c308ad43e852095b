import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgeBand, ClientGroup, MeetingMode, RequestStatus, Urgency } from '@kohtaamo/domain';

/** The statuses of a team's open requests: waiting for triage, for the requester, for a slot, or for the session. */
export const INBOX_STATUSES = ['submitted', 'more_info_needed', 'accepted', 'scheduled'] as const satisfies readonly RequestStatus[];
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export interface InboxRow {
  id: string;
  status: InboxStatus;
  urgency: Urgency;
  clientGroup: ClientGroup;
  ageBand: AgeBand | null;
  anonymous: boolean;
  clientId: string | null;
  question: string;
  statusReason: string | null;
  preferredMode: MeetingMode;
  familyAttends: boolean;
  requesterId: string;
  requesterName: string;
  requesterUnit: string | null;
  ownWorkerId: string | null;
  submittedAt: Date;
  /** the latest (re)submission: starts the first-contact clock */
  lastSubmittedAt: Date;
  /** the latest acceptance: starts the consultation clock */
  acceptedAt: Date | null;
  /** the caller filed it or is its own worker */
  own: boolean;
  booking: { meetingId: string; startsAt: Date; endsAt: Date } | null;
}

export interface InboxPage {
  rows: InboxRow[];
  total: number;
  counts: Record<InboxStatus, number>;
}

export interface InboxFilter {
  teamId: string;
  viewerId: string;
  now: Date;
  statuses: readonly InboxStatus[];
  urgency?: Urgency;
  limit: number;
  offset: number;
}

/**
 * Need to know for the rows of one team's inbox, for a caller who may open it (the team's members and
 * chairs, coordinators): anonymous requests, their own, and identified ones whose client they may see
 * (staff_may_see_client, the one SQL definition). For the team's members and chairs this is exactly
 * requestDecision(…, 'read') (REQUEST_READABLE_SQL with the team relation known to hold); row-level
 * security holds the same line underneath.
 */
const VISIBLE = `(r.client_id IS NULL OR r.requester_id = :viewer OR r.own_worker_id = :viewer OR staff_may_see_client(:viewer, r.client_id, :now))`;

/** Most urgent first, then the longest waiting (the order of libs/scheduling's agenda allocation). */
const ORDER = `array_position(CAST(ARRAY['urgent','soon','normal'] AS varchar[]), r.urgency), r.submitted_at, r.id`;

/**
 * The triage inbox of one team, one page at a time: one statement that filters and orders the team's
 * open requests by index (team_id, status), counts them per status, and only then, for the page's rows,
 * reads the clocks' start events and the booked slot (so a team with a thousand open requests costs a
 * thousand index rows, not a thousand sub-queries).
 */
@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(f: InboxFilter): Promise<InboxPage> {
    const params = {
      teamId: f.teamId,
      viewer: f.viewerId,
      now: f.now,
      open: [...INBOX_STATUSES],
      statuses: [...f.statuses],
      urgency: f.urgency ?? null,
      limit: f.limit,
      offset: f.offset,
    };
    const sql = `
      WITH visible AS (
        SELECT r.*, count(*) FILTER (WHERE r.status = 'submitted') OVER () AS n_submitted,
               count(*) FILTER (WHERE r.status = 'more_info_needed') OVER () AS n_more_info_needed,
               count(*) FILTER (WHERE r.status = 'accepted') OVER () AS n_accepted,
               count(*) FILTER (WHERE r.status = 'scheduled') OVER () AS n_scheduled
          FROM consultation_request r
         WHERE r.team_id = :teamId AND r.status = ANY(CAST(:open AS varchar[])) AND ${VISIBLE}
           AND (CAST(:urgency AS varchar) IS NULL OR r.urgency = :urgency)
      ),
      page AS (
        SELECT r.*, count(*) OVER () AS total FROM visible r
         WHERE r.status = ANY(CAST(:statuses AS varchar[]))
         ORDER BY ${ORDER} LIMIT :limit OFFSET :offset
      )
      SELECT r.id, r.status, r.urgency, r.client_group AS "clientGroup", r.age_band AS "ageBand", r.anonymous, r.client_id AS "clientId",
             r.question, r.status_reason AS "statusReason", r.preferred_mode AS "preferredMode", r.family_attends AS "familyAttends",
             r.requester_id AS "requesterId", p.name AS "requesterName", p.unit AS "requesterUnit", r.own_worker_id AS "ownWorkerId",
             r.submitted_at AS "submittedAt",
             coalesce((SELECT max(e.at) FROM request_event e WHERE e.request_id = r.id AND e.to_status = 'submitted'), r.submitted_at) AS "lastSubmittedAt",
             (SELECT max(e.at) FROM request_event e WHERE e.request_id = r.id AND e.action = 'accept') AS "acceptedAt",
             (r.requester_id = :viewer OR coalesce(r.own_worker_id = :viewer, false)) AS own,
             b.meeting_id AS "bookingMeetingId", b.starts_at AS "bookingStartsAt", b.ends_at AS "bookingEndsAt",
             r.total, r.n_submitted, r.n_more_info_needed, r.n_accepted, r.n_scheduled
        FROM page r
        JOIN person p ON p.id = r.requester_id
        LEFT JOIN LATERAL (
          SELECT a.meeting_id, a.starts_at, a.ends_at FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id AND m.status = 'scheduled'
           WHERE a.request_id = r.id ORDER BY a.starts_at DESC LIMIT 1) b ON true
       ORDER BY ${ORDER}`;
    const [query, values] = this.db.driver.escapeQueryWithParameters(sql, params, {});
    const raw: Array<Record<string, unknown>> = await this.db.query(query, values);
    if (!raw.length) return this.empty(f, params);
    const first = raw[0];
    return {
      rows: raw.map(toRow),
      total: Number(first.total),
      counts: {
        submitted: Number(first.n_submitted),
        more_info_needed: Number(first.n_more_info_needed),
        accepted: Number(first.n_accepted),
        scheduled: Number(first.n_scheduled),
      },
    };
  }

  /** A page past the end (or an empty inbox): the counts still tell how many there are. */
  private async empty(f: InboxFilter, params: Record<string, unknown>): Promise<InboxPage> {
    const sql = `
      SELECT r.status, count(*)::int AS n FROM consultation_request r
       WHERE r.team_id = :teamId AND r.status = ANY(CAST(:open AS varchar[])) AND ${VISIBLE}
         AND (CAST(:urgency AS varchar) IS NULL OR r.urgency = :urgency)
       GROUP BY r.status`;
    const [query, values] = this.db.driver.escapeQueryWithParameters(sql, params, {});
    const rows: Array<{ status: InboxStatus; n: number }> = await this.db.query(query, values);
    const counts = { submitted: 0, more_info_needed: 0, accepted: 0, scheduled: 0 };
    for (const r of rows) counts[r.status] = r.n;
    const total = f.statuses.reduce((sum, s) => sum + counts[s], 0);
    return { rows: [], total, counts };
  }

  /** How many open requests each of these teams has that the viewer may see (Home's inbox counts). */
  async countsFor(teamIds: string[], viewerId: string, now: Date): Promise<Map<string, Record<InboxStatus, number>>> {
    const out = new Map<string, Record<InboxStatus, number>>();
    if (!teamIds.length) return out;
    const [query, values] = this.db.driver.escapeQueryWithParameters(
      `SELECT r.team_id AS "teamId", r.status, count(*)::int AS n FROM consultation_request r
        WHERE r.team_id = ANY(CAST(:teams AS uuid[])) AND r.status = ANY(CAST(:open AS varchar[])) AND ${VISIBLE}
        GROUP BY r.team_id, r.status`,
      { teams: teamIds, open: [...INBOX_STATUSES], viewer: viewerId, now },
      {},
    );
    const rows: Array<{ teamId: string; status: InboxStatus; n: number }> = await this.db.query(query, values);
    for (const t of teamIds) out.set(t, { submitted: 0, more_info_needed: 0, accepted: 0, scheduled: 0 });
    for (const r of rows) out.get(r.teamId)![r.status] = r.n;
    return out;
  }
}

function toRow(r: Record<string, unknown>): InboxRow {
  return {
    id: r.id as string,
    status: r.status as InboxStatus,
    urgency: r.urgency as Urgency,
    clientGroup: r.clientGroup as ClientGroup,
    ageBand: (r.ageBand as AgeBand | null) ?? null,
    anonymous: r.anonymous as boolean,
    clientId: (r.clientId as string | null) ?? null,
    question: r.question as string,
    statusReason: (r.statusReason as string | null) ?? null,
    preferredMode: r.preferredMode as MeetingMode,
    familyAttends: r.familyAttends as boolean,
    requesterId: r.requesterId as string,
    requesterName: r.requesterName as string,
    requesterUnit: (r.requesterUnit as string | null) ?? null,
    ownWorkerId: (r.ownWorkerId as string | null) ?? null,
    submittedAt: r.submittedAt as Date,
    lastSubmittedAt: r.lastSubmittedAt as Date,
    acceptedAt: (r.acceptedAt as Date | null) ?? null,
    own: r.own as boolean,
    booking: r.bookingMeetingId ? { meetingId: r.bookingMeetingId as string, startsAt: r.bookingStartsAt as Date, endsAt: r.bookingEndsAt as Date } : null,
  };
}

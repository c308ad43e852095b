import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { FamilyRelation, GuestMinutesFacts, MeetingFacts, MinutesFacts, RequestFacts } from '@kohtaamo/domain';
import { requestMemo } from '../database/actor-context';

/**
 * The relations between a person and an object that the policy (libs/domain/policy.ts) decides from,
 * read from PostgreSQL with the two shared definitions `chairs_team(person, team, Helsinki date)` and
 * `staff_may_see_client(person, client, instant)` (migrations/1764600000000-need-to-know.ts). Also the
 * SQL conditions that filter lists by the same rules. All I/O of the access rules lives here.
 */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The relations of `personId` to one request (with its client and consent), or null if it does not
   * exist or row-level security hides it. `now` is the clock's instant. Read once per HTTP request: the
   * client-data interceptor and the policy ask for the same facts (the booking hot path).
   */
  async requestFacts(personId: string, requestId: string, now: Date, tx?: EntityManager): Promise<(RequestFacts & { clientId: string | null; consentId: string | null }) | null> {
    const memo = tx ? null : requestMemo();
    const key = `request:${personId}:${requestId}`;
    if (memo?.has(key)) return memo.get(key) as (RequestFacts & { clientId: string | null; consentId: string | null }) | null;
    const rows: Array<RequestFacts & { clientId: string | null; consentId: string | null }> = await (tx ?? this.db).query(
      `SELECT r.anonymous, r.status, r.client_id AS "clientId", r.consent_id AS "consentId",
              r.requester_id = $1 AS requester,
              coalesce(r.own_worker_id = $1, false) AS "ownWorker",
              EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = r.team_id AND tm.person_id = $1) AS "teamMember",
              chairs_team($1, r.team_id, ($2::timestamptz AT TIME ZONE 'Europe/Helsinki')::date) AS "chairToday",
              (r.client_id IS NULL OR staff_may_see_client($1, r.client_id, $2)) AS "seesClient"
         FROM consultation_request r WHERE r.id = $3`,
      [personId, now, requestId],
    );
    const facts = rows[0] ?? null;
    memo?.set(key, facts);
    return facts;
  }

  /** The relations of `personId` to one meeting (the meeting's Helsinki date decides who chairs it), or null. */
  async meetingFacts(personId: string, meetingId: string, now: Date, tx?: EntityManager): Promise<MeetingFacts | null> {
    const rows: Array<MeetingFacts> = await (tx ?? this.db).query(
      `SELECT m.kind, m.request_id AS "requestId", ${MEETING_RELATIONS}
         FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = $3`,
      [personId, now, meetingId],
    );
    return rows[0] ?? null;
  }

  /** The relations of `personId` to one version of minutes, through its meeting and its case, or null. */
  async minutesFacts(personId: string, minutesId: string, now: Date): Promise<(MinutesFacts & { meetingId: string }) | null> {
    const rows: Array<MeetingFacts & { meetingId: string; anonymous: boolean; finalised: boolean; caseSeen: boolean }> = await this.db.query(
      `SELECT n.meeting_id AS "meetingId", n.anonymous, n.status = 'finalised' AS finalised,
              (c.client_id IS NULL OR staff_may_see_client($1, c.client_id, $2)) AS "caseSeen",
              m.kind, ${MEETING_RELATIONS}
         FROM minutes n
         JOIN meeting m ON m.id = n.meeting_id
         LEFT JOIN consultation_request r ON r.id = m.request_id
         LEFT JOIN consultation_request c ON c.id = coalesce(n.request_id, m.request_id)
        WHERE n.id = $3`,
      [personId, now, minutesId],
    );
    const f = rows[0];
    if (!f) return null;
    const { meetingId, anonymous, finalised, caseSeen, ...meeting } = f;
    return { meetingId, anonymous, finalised, caseSeen, meeting };
  }

  /**
   * need to know (staff_may_see_client) and a direct care relationship (registered the client, or is the
   * requester or own worker of a request about them) — the latter does not come from a consent.
   */
  async clientFacts(personId: string, clientId: string, now: Date): Promise<{ seesClient: boolean; directCare: boolean }> {
    const [row]: Array<{ sees: boolean; direct: boolean }> = await this.db.query(
      `SELECT staff_may_see_client($1, $2, $3) AS sees,
              EXISTS (SELECT 1 FROM client c WHERE c.id = $2 AND c.created_by_id = $1)
           OR EXISTS (SELECT 1 FROM consultation_request r WHERE r.client_id = $2 AND $1 IN (r.requester_id, r.own_worker_id)) AS direct`,
      [personId, clientId, now],
    );
    return { seesClient: row.sees, directCare: row.direct };
  }

  /** A member of the team, or its chair on the Helsinki date of `at`. */
  async memberOrChair(personId: string, teamId: string, at: Date): Promise<boolean> {
    const [row]: Array<{ v: boolean }> = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM team_member WHERE team_id = $2 AND person_id = $1) OR chairs_team($1, $2, ($3::timestamptz AT TIME ZONE 'Europe/Helsinki')::date) AS v`,
      [personId, teamId, at],
    );
    return row.v;
  }

  /** A member of the team (any role), and its chair on the Helsinki date of `at`. */
  async teamRelations(personId: string, teamId: string, at: Date): Promise<{ teamMember: boolean; chairToday: boolean }> {
    const [row]: Array<{ teamMember: boolean; chairToday: boolean }> = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM team_member WHERE team_id = $2 AND person_id = $1) AS "teamMember",
              chairs_team($1, $2, ($3::timestamptz AT TIME ZONE 'Europe/Helsinki')::date) AS "chairToday"`,
      [personId, teamId, at],
    );
    return row;
  }

  /** staff_may_see_client, for one client (false for a client that does not exist). */
  async seesClient(personId: string, clientId: string, now: Date): Promise<boolean> {
    const [row]: Array<{ v: boolean }> = await this.db.query(`SELECT staff_may_see_client($1, $2, $3) AS v`, [personId, clientId, now]);
    return row.v;
  }

  /** Which of `clientIds` the person may not see (need to know). */
  async hiddenClients(personId: string, clientIds: string[], now: Date): Promise<string[]> {
    if (!clientIds.length) return [];
    const rows: Array<{ c: string }> = await this.db.query(`SELECT c FROM unnest($2::uuid[]) AS c WHERE NOT staff_may_see_client($1, c, $3)`, [personId, clientIds, now]);
    return rows.map((r) => r.c);
  }

  /** chairs_team on the Helsinki date of `at`. */
  async chairsTeam(personId: string, teamId: string, at: Date): Promise<boolean> {
    const [row]: Array<{ v: boolean }> = await this.db.query(`SELECT chairs_team($1, $2, ($3::timestamptz AT TIME ZONE 'Europe/Helsinki')::date) AS v`, [personId, teamId, at]);
    return row.v;
  }

  async isAdmin(personId: string): Promise<boolean> {
    const [row]: Array<{ v: boolean }> = await this.db.query(`SELECT system_role = 'admin' AS v FROM person WHERE id = $1`, [personId]);
    return row?.v ?? false;
  }

  // ── what a route's ids point at (the client-data interceptor: its backstop and the access log) ──
  // Each reads as the current actor, so a row row-level security hides is NO_TARGET, like a missing one.

  /** A client route (`:id` or `:clientId`): the client itself. */
  async clientTarget(clientId: string): Promise<RouteTarget> {
    return this.target(`SELECT NULL::uuid AS meeting_id, id AS client_id, NULL::uuid AS consent_id FROM client WHERE id = $1`, clientId);
  }

  /** A consent route: the consent and its client. */
  async consentTarget(consentId: string): Promise<RouteTarget> {
    return this.target(`SELECT NULL::uuid AS meeting_id, client_id, id AS consent_id FROM consent WHERE id = $1`, consentId);
  }

  /**
   * A request route: its client and consent. Staff read them with the request's facts (`requestFacts`,
   * memoised for the HTTP request: the policy asks for the same facts, so this costs no query of its own).
   */
  async requestTarget(requestId: string, staffPersonId: string | null, now: Date): Promise<RouteTarget> {
    if (staffPersonId) {
      const f = await this.requestFacts(staffPersonId, requestId, now);
      return { meetingId: null, clientId: f?.clientId ?? null, consentId: f?.consentId ?? null, requestId };
    }
    const t = await this.target(`SELECT NULL::uuid AS meeting_id, client_id, consent_id FROM consultation_request WHERE id = $1`, requestId);
    return { ...t, requestId };
  }

  /** A meeting route (meeting, participant, agenda, invitation, delivery): the meeting and its request's client and consent. */
  async meetingTarget(meetingId: string): Promise<RouteTarget> {
    return this.target(`SELECT m.id AS meeting_id, r.client_id, r.consent_id FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = $1`, meetingId);
  }

  /** A minutes route: its meeting and the client and consent of its case (its own request, else the meeting's). */
  async minutesTarget(minutesId: string): Promise<RouteTarget> {
    return this.target(
      `SELECT n.meeting_id, r.client_id, r.consent_id FROM minutes n
         LEFT JOIN meeting m ON m.id = n.meeting_id
         LEFT JOIN consultation_request r ON r.id = coalesce(n.request_id, m.request_id)
        WHERE n.id = $1`,
      minutesId,
    );
  }

  /** The identified clients of these requests (those the actor's row-level security shows). */
  async clientsOfRequests(requestIds: string[]): Promise<string[]> {
    if (!requestIds.length) return [];
    const rows: Array<{ client_id: string }> = await this.db.query(
      `SELECT DISTINCT client_id FROM consultation_request WHERE id = ANY($1::uuid[]) AND client_id IS NOT NULL`,
      [requestIds],
    );
    return rows.map((r) => r.client_id);
  }

  private async target(sql: string, id: string): Promise<RouteTarget> {
    const rows: Array<{ meeting_id: string | null; client_id: string | null; consent_id: string | null }> = await this.db.query(sql, [id]);
    return rows[0] ? { meetingId: rows[0].meeting_id, clientId: rows[0].client_id, consentId: rows[0].consent_id } : NO_TARGET;
  }

  /** A guest's standing towards minutes: their meeting, the consent at `now`, its scope for them. */
  async guestMinutesFacts(participantId: string, minutesId: string, now: Date): Promise<GuestMinutesFacts | null> {
    const rows: Array<{
      own_meeting: boolean; anonymous: boolean; finalised: boolean; consent_active: boolean | null; consent_ended: boolean | null; covers: boolean | null;
      kind: 'external' | 'family'; family_relation: FamilyRelation | null;
    }> = await this.db.query(
      `SELECT p.meeting_id = n.meeting_id AS own_meeting, n.anonymous, n.status = 'finalised' AS finalised, p.kind, p.family_relation,
              (s.given_at <= $3 AND (s.valid_until IS NULL OR s.valid_until > $3) AND (s.withdrawn_at IS NULL OR s.withdrawn_at > $3)) AS consent_active,
              (s.given_at <= $3 AND (s.valid_until <= $3 OR s.withdrawn_at <= $3)) AS consent_ended,
              ('minutes' = ANY(s.data_categories) AND (p.kind = 'family' OR p.organisation_type = ANY(s.organisation_types))) AS covers
         FROM minutes n
         JOIN meeting m ON m.id = n.meeting_id
         LEFT JOIN consultation_request r ON r.id = coalesce(n.request_id, m.request_id)
         LEFT JOIN consent s ON s.id = r.consent_id
         JOIN meeting_participant p ON p.id = $1
        WHERE n.id = $2`,
      [participantId, minutesId, now],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ownMeeting: r.own_meeting,
      anonymous: r.anonymous,
      finalised: r.finalised,
      consentActive: r.consent_active ?? false,
      consentEnded: r.consent_ended ?? false,
      consentCoversGuest: r.covers ?? false,
      kind: r.kind,
      relation: r.kind === 'family' ? r.family_relation : null,
    };
  }
}

/** The meeting and identified client (with its consent) that a route's ids point at; all null for none. */
export interface RouteTarget {
  /** the route's own consultation request, when it names one */
  requestId?: string;
  meetingId: string | null;
  clientId: string | null;
  consentId: string | null;
}
export const NO_TARGET: RouteTarget = Object.freeze({ meetingId: null, clientId: null, consentId: null });

/**
 * The meeting relations of person $1 at instant $2 for meeting alias `m` joined with its request `r`:
 * the columns of MeetingFacts. One text, used for single objects and (as a condition) for lists.
 */
const MEETING_RELATIONS = `
  coalesce(m.organiser_id = $1, false) AS organiser,
  EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = $1) AS participant,
  EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = $1 AND p.host) AS "coHost",
  (m.team_id IS NOT NULL AND EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = m.team_id AND tm.person_id = $1)) AS "teamMember",
  (m.team_id IS NOT NULL AND chairs_team($1, m.team_id, (m.starts_at AT TIME ZONE 'Europe/Helsinki')::date)) AS "chairOnDay",
  EXISTS (SELECT 1 FROM consultation_request w
           WHERE (w.id = m.request_id OR w.id IN (SELECT a.request_id FROM agenda_item a WHERE a.meeting_id = m.id))
             AND (w.requester_id = $1 OR w.own_worker_id = $1)) AS "caseWorker",
  (r.client_id IS NOT NULL) AS identified,
  (r.client_id IS NULL OR staff_may_see_client($1, r.client_id, $2)) AS "seesClient"`;

/**
 * The list condition equal to meetingDecision(…, 'read', …) for meeting alias `m`, with named
 * parameters :viewer (person id) and :coordinator (boolean). Tested against the per-object decision.
 */
export const MEETING_READABLE_SQL = `(
  m.organiser_id = :viewer
  OR EXISTS (SELECT 1 FROM meeting_participant vp WHERE vp.meeting_id = m.id AND vp.person_id = :viewer)
  OR (m.team_id IS NOT NULL AND chairs_team(:viewer, m.team_id, (m.starts_at AT TIME ZONE 'Europe/Helsinki')::date))
  OR EXISTS (SELECT 1 FROM consultation_request w
              WHERE (w.id = m.request_id OR w.id IN (SELECT a.request_id FROM agenda_item a WHERE a.meeting_id = m.id))
                AND (w.requester_id = :viewer OR w.own_worker_id = :viewer))
  OR (m.kind = 'team_session' AND (:coordinator OR EXISTS (SELECT 1 FROM team_member vt WHERE vt.team_id = m.team_id AND vt.person_id = :viewer)))
)`;

/** The list condition equal to requestDecision(…, 'read', …) for request alias `r`; parameters :viewer and :now. */
export const REQUEST_READABLE_SQL = `(
  (r.requester_id = :viewer OR r.own_worker_id = :viewer
   OR EXISTS (SELECT 1 FROM team_member vt WHERE vt.team_id = r.team_id AND vt.person_id = :viewer)
   OR chairs_team(:viewer, r.team_id, (CAST(:now AS timestamptz) AT TIME ZONE 'Europe/Helsinki')::date))
  AND (r.client_id IS NULL OR staff_may_see_client(:viewer, r.client_id, :now))
)`;

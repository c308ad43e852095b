import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseFacts, ClientGroup, Urgency } from '@kohtaamo/domain';
import { asSystem } from '../database/actor-context';

export interface CaseQuery {
  from: Date;
  to: Date;
  asOf: Date;
  teamId: string | null;
}

/** Actions that are a first contact: the team's first triage decision, its first message back. */
export const FIRST_CONTACT_ACTIONS = ['accept', 'request_info', 'decline'] as const;

/**
 * The facts of each case for the metrics, from request_event (migration 1765040000000-request-events):
 * requests submitted in [from, to), their events up to asOf. One row per case, numbers and ids only.
 *
 * Runs as the system actor: the metrics count every case of the county, including identified ones a
 * coordinator has no need to know about, and what leaves the API is only aggregates over at least five
 * cases (libs/domain/metrics.ts) — never a row.
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  cases(q: CaseQuery): Promise<CaseFacts[]> {
    return asSystem(async () => {
      const rows: Array<{
        id: string;
        team_id: string;
        client_group: ClientGroup;
        urgency: Urgency;
        requester_id: string;
        client_id: string | null;
        submitted_at: Date;
        own_worker_id: string | null;
        first_contact_at: Date | null;
        accepted_at: Date | null;
        first_consultation_at: Date | null;
        meeting_ids: string[] | null;
        organisations: string[] | null;
        in_person: number | null;
        remote: number | null;
      }> = await this.db.query(
        `SELECT r.id, r.team_id, r.client_group, r.urgency, r.requester_id, r.client_id, r.submitted_at,
                f.own_worker_id, f.first_contact_at, f.accepted_at, f.first_consultation_at, f.meeting_ids, f.organisations,
                a.in_person, a.remote
           FROM consultation_request r
           CROSS JOIN LATERAL (
             SELECT (array_agg(e.detail->>'ownWorkerId' ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.action = 'own_worker_named'))[1] AS own_worker_id,
                    min(e.at) FILTER (WHERE e.action = ANY($5::varchar[])) AS first_contact_at,
                    min(e.at) FILTER (WHERE e.action = 'accept') AS accepted_at,
                    min((e.detail->>'startsAt')::timestamptz) FILTER (WHERE e.action IN ('mark_handled', 'attended')) AS first_consultation_at,
                    array_agg(DISTINCT e.meeting_id) FILTER (WHERE e.action IN ('mark_handled', 'attended') AND e.meeting_id IS NOT NULL) AS meeting_ids,
                    array_agg(DISTINCT (e.detail->>'organisationType') || ':' || coalesce(e.detail->>'organisationName', ''))
                      FILTER (WHERE e.action = 'organisation_involved') AS organisations
               FROM request_event e
              WHERE e.request_id = r.id AND e.at <= $3) f
           CROSS JOIN LATERAL (
             SELECT sum((x.detail->>'inPerson')::int)::int AS in_person, sum((x.detail->>'remote')::int)::int AS remote
               FROM (SELECT DISTINCT ON (e.meeting_id) e.detail FROM request_event e
                      WHERE e.request_id = r.id AND e.action = 'attended' AND e.at <= $3
                      ORDER BY e.meeting_id, e.at DESC, e.id DESC) x) a
          WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND r.submitted_at <= $3
            AND ($4::uuid IS NULL OR r.team_id = $4)`,
        [q.from, q.to, q.asOf, q.teamId, FIRST_CONTACT_ACTIONS],
      );
      return rows.map(
        (r): CaseFacts => ({
          id: r.id,
          teamId: r.team_id,
          clientGroup: r.client_group,
          urgency: r.urgency,
          requesterId: r.requester_id,
          ownWorkerId: r.own_worker_id,
          clientId: r.client_id,
          submittedAt: r.submitted_at,
          firstContactAt: r.first_contact_at,
          acceptedAt: r.accepted_at,
          firstConsultationAt: r.first_consultation_at,
          meetingIds: r.meeting_ids ?? [],
          organisations: r.organisations ?? [],
          attendance: { inPerson: r.in_person ?? 0, remote: r.remote ?? 0 },
        }),
      );
    });
  }

  /** Names of teams and people, for the groups' labels (professionals' names, never clients'). */
  async labels(teamIds: string[], personIds: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT id, name FROM team WHERE id = ANY($1::uuid[]) UNION ALL SELECT id, name FROM person WHERE id = ANY($2::uuid[])`,
      [teamIds, personIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

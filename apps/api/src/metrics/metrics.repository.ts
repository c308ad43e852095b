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

/**
 * The facts of each case for the metrics: the request_metrics rows of requests submitted in [from, to),
 * which triggers keep in step with the requests and request_event (migrations 1765040000000 and
 * 1765040000002; request_metrics_rebuild() recomputes them from the events). One row per case, numbers and
 * ids only. The facts count every event recorded so far; asOf decides which deadlines are overdue.
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
        submitted_ms: number;
        own_worker_id: string | null;
        first_contact_ms: number | null;
        accepted_ms: number | null;
        first_consultation_ms: number | null;
        meeting_ids: string | null;
        organisations: string[] | null;
        in_person: number | null;
        remote: number | null;
      }> = await this.db.transaction(async (tx) => {
        // the plan is a range scan and a join: compiling it (JIT) would cost more than running it
        await tx.query(`SET LOCAL jit = off`);
        // instants as epoch milliseconds and the meeting ids as one string: ~20,000 rows parse several
        // times faster than as timestamps and arrays
        return tx.query(
          `SELECT m.request_id AS id, m.team_id, m.client_group, m.urgency, m.requester_id, m.client_id,
                  (extract(epoch FROM m.submitted_at) * 1000)::float8 AS submitted_ms,
                  m.own_worker_id,
                  (extract(epoch FROM m.first_contact_at) * 1000)::float8 AS first_contact_ms,
                  (extract(epoch FROM m.accepted_at) * 1000)::float8 AS accepted_ms,
                  (extract(epoch FROM m.first_consultation_at) * 1000)::float8 AS first_consultation_ms,
                  array_to_string(m.meeting_ids, ',') AS meeting_ids, m.organisations, m.in_person, m.remote
             FROM request_metrics m
            WHERE m.submitted_at >= $1 AND m.submitted_at < $2 AND m.submitted_at <= $3
              AND ($4::uuid IS NULL OR m.team_id = $4)`,
          [q.from, q.to, q.asOf, q.teamId],
        );
      });
      return rows.map(
        (r): CaseFacts => ({
          id: r.id,
          teamId: r.team_id,
          clientGroup: r.client_group,
          urgency: r.urgency,
          requesterId: r.requester_id,
          ownWorkerId: r.own_worker_id,
          clientId: r.client_id,
          submittedAt: new Date(r.submitted_ms),
          firstContactAt: r.first_contact_ms === null ? null : new Date(r.first_contact_ms),
          acceptedAt: r.accepted_ms === null ? null : new Date(r.accepted_ms),
          firstConsultationAt: r.first_consultation_ms === null ? null : new Date(r.first_consultation_ms),
          meetingIds: r.meeting_ids ? r.meeting_ids.split(',') : [],
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

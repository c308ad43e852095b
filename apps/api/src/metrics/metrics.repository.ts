import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseFacts, ClientGroup, Urgency } from '@kohtaamo/domain';
import { asSystem } from '../database/actor-context';

export interface OpenClockRow {
  id: string;
  teamId: string;
  teamName: string;
  status: 'submitted' | 'accepted' | 'scheduled';
  urgency: Urgency;
  clientGroup: ClientGroup;
  submittedAt: Date;
  requester: { id: string; name: string; unit: string | null };
  lastSubmittedAt: Date;
  acceptedAt: Date | null;
  booking: { meetingId: string; startsAt: Date; endsAt: Date } | null;
  visible: boolean;
}

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

  /**
   * The open requests whose statutory clock runs (submitted, accepted, scheduled; a request waiting for
   * more information has none), the county's or one team's, with what the clocks start from (the latest
   * submission, the latest acceptance) and the booked slot. Read as the system actor so that the list can
   * say how many at-risk requests the viewer may not see; `visible` is the triage inbox's need to know
   * for `viewerId` (anonymous, their own, or a client they may see: staff_may_see_client). Nothing of the
   * client is read: no name, identifier or words.
   */
  openClocks(teamId: string | null, viewerId: string, now: Date): Promise<OpenClockRow[]> {
    return asSystem(async () => {
      const rows: Array<Record<string, unknown>> = await this.db.query(
        `SELECT r.id, r.team_id, t.name AS team_name, r.status, r.urgency, r.client_group, r.submitted_at,
                r.requester_id, p.name AS requester_name, p.unit AS requester_unit,
                coalesce((SELECT max(e.at) FROM request_event e WHERE e.request_id = r.id AND e.to_status = 'submitted'), r.submitted_at) AS last_submitted_at,
                (SELECT max(e.at) FROM request_event e WHERE e.request_id = r.id AND e.action = 'accept') AS accepted_at,
                b.meeting_id, b.starts_at, b.ends_at,
                (r.client_id IS NULL OR r.requester_id = $2 OR r.own_worker_id = $2 OR staff_may_see_client($2, r.client_id, $3)) AS visible
           FROM consultation_request r
           JOIN team t ON t.id = r.team_id
           JOIN person p ON p.id = r.requester_id
           LEFT JOIN LATERAL (
             SELECT a.meeting_id, a.starts_at, a.ends_at FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id AND m.status = 'scheduled'
              WHERE a.request_id = r.id ORDER BY a.starts_at DESC LIMIT 1) b ON r.status = 'scheduled'
          WHERE r.status IN ('submitted', 'accepted', 'scheduled') AND ($1::uuid IS NULL OR r.team_id = $1)`,
        [teamId, viewerId, now],
      );
      return rows.map((r) => ({
        id: r.id as string,
        teamId: r.team_id as string,
        teamName: r.team_name as string,
        status: r.status as OpenClockRow['status'],
        urgency: r.urgency as Urgency,
        clientGroup: r.client_group as ClientGroup,
        submittedAt: r.submitted_at as Date,
        requester: { id: r.requester_id as string, name: r.requester_name as string, unit: (r.requester_unit as string | null) ?? null },
        lastSubmittedAt: r.last_submitted_at as Date,
        acceptedAt: (r.accepted_at as Date | null) ?? null,
        booking: r.meeting_id ? { meetingId: r.meeting_id as string, startsAt: r.starts_at as Date, endsAt: r.ends_at as Date } : null,
        visible: r.visible as boolean,
      }));
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

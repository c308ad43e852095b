import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import type { ListDeliveriesQuery } from './deliveries.dto';
import { DeliveryStatus, MessageKind, NotificationDeliveryEntity, RecipientSnapshot } from './notification-delivery.entity';

/** Idempotency keys: one per message, also the BullMQ job id (BullMQ forbids ':' in ids). */
export const deliveryKey = {
  request: (meetingId: string, participantId: string, sequence: number) => `req.${meetingId}.${participantId}.${sequence}`,
  reminder: (meetingId: string, participantId: string, sequence: number, offsetMinutes: number) => `rem.${meetingId}.${participantId}.${sequence}.${offsetMinutes}`,
  cancellation: (meetingId: string, participantId: string, sequence: number) => `can.${meetingId}.${participantId}.${sequence}`,
  minutes: (minutesId: string, participantId: string) => `min.${minutesId}.${participantId}`,
  triage: (requestId: string, eventId: string) => `tri.${requestId}.${eventId}`,
  /** a notice to the organiser, one per outbox row that asked for it */
  notice: (meetingId: string, outboxId: string) => `ntc.${meetingId}.${outboxId}`,
};

/** A row that a rescue re-queued gets a new job id, since the old job may still sit in the failed list. */
export function jobIdOf(row: { key: string; generation: number }): string {
  return row.generation ? `${row.key}.g${row.generation}` : row.key;
}

export interface PlannedDelivery {
  key: string;
  meetingId: string;
  participantId: string | null;
  minutesId?: string | null;
  kind: MessageKind;
  sequence: number;
  offsetMinutes?: number;
  recipient: RecipientSnapshot;
  status: Extract<DeliveryStatus, 'queued' | 'no_address' | 'withheld'>;
  dueAt: Date;
  note?: string | null;
}

export interface DeliveryRow {
  id: string;
  key: string;
  /** '' for a message about a request (kind `triage`) */
  meetingId: string;
  requestId: string | null;
  requestEventId: string | null;
  participantId: string | null;
  minutesId: string | null;
  kind: MessageKind;
  sequence: number;
  offsetMinutes: number;
  recipient: RecipientSnapshot;
  status: DeliveryStatus;
  dueAt: Date;
  generation: number;
  attempts: number;
  claimedJob: string | null;
}

/** A queued message not yet handed to the queue: what its job is made of. */
export interface DispatchRow {
  id: string;
  key: string;
  /** null for a message about a request (kind `triage`) */
  meetingId: string | null;
  kind: MessageKind;
  dueAt: Date;
  generation: number;
}

function toRow(r: Record<string, unknown>): DeliveryRow {
  return {
    id: String(r.id),
    key: r.key as string,
    meetingId: (r.meeting_id as string | null) ?? '',
    requestId: (r.request_id as string | null) ?? null,
    requestEventId: r.request_event_id === null || r.request_event_id === undefined ? null : String(r.request_event_id),
    participantId: (r.participant_id as string | null) ?? null,
    minutesId: (r.minutes_id as string | null) ?? null,
    kind: r.kind as MessageKind,
    sequence: Number(r.sequence),
    offsetMinutes: Number(r.offset_minutes),
    recipient: r.recipient as RecipientSnapshot,
    status: r.status as DeliveryStatus,
    dueAt: r.due_at as Date,
    generation: Number(r.generation),
    attempts: Number(r.attempts),
    claimedJob: (r.claimed_job as string | null) ?? null,
  };
}

/**
 * The notification_delivery table. Planning inserts rows and supersedes pending ones (inside the caller's
 * transaction when it passes one); the relay hands queued rows to the queue and re-queues lost claims;
 * the worker claims a row before sending and finishes it after. A claim is exclusive for `leaseMs` or
 * until the same job comes back. The deliveries route pages through a meeting's rows.
 */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts planned messages; a key that exists already is left as it is (planning twice is harmless). */
  async insert(rows: PlannedDelivery[], tx?: EntityManager): Promise<number> {
    if (!rows.length) return 0;
    const json = JSON.stringify(
      rows.map((r) => ({
        key: r.key,
        meeting_id: r.meetingId,
        participant_id: r.participantId,
        minutes_id: r.minutesId ?? null,
        kind: r.kind,
        sequence: r.sequence,
        offset_minutes: r.offsetMinutes ?? 0,
        recipient: r.recipient,
        status: r.status,
        due_at: r.dueAt.toISOString(),
        last_error: r.note ?? null,
      })),
    );
    const res: unknown[] = await (tx ?? this.db).query(
      `INSERT INTO notification_delivery (key, meeting_id, participant_id, minutes_id, kind, sequence, offset_minutes, recipient, status, due_at, last_error)
       SELECT key, meeting_id, participant_id, minutes_id, kind, sequence, offset_minutes, recipient, status, due_at, last_error
         FROM jsonb_to_recordset($1::jsonb) AS x(key text, meeting_id uuid, participant_id uuid, minutes_id uuid, kind text, sequence int,
              offset_minutes int, recipient jsonb, status text, due_at timestamptz, last_error text)
       ON CONFLICT (key) DO NOTHING
       RETURNING id`,
      [json],
    );
    return res.length;
  }

  /**
   * Messages not yet sent that a change has made pointless: marked superseded (so a job that still fires
   * does nothing) and returned, so that their queued jobs can be removed as well.
   */
  async supersede(
    where: { meetingId: string; participantId?: string; belowSequence?: number; kinds: MessageKind[] },
    reason: string,
    tx?: EntityManager,
  ): Promise<Array<{ key: string; generation: number }>> {
    const params: unknown[] = [where.meetingId, where.kinds, reason];
    let sql = `UPDATE notification_delivery SET status = 'superseded', last_error = $3, updated_at = now()
                WHERE meeting_id = $1 AND kind = ANY($2) AND status IN ('queued','retrying')`;
    if (where.participantId) {
      params.push(where.participantId);
      sql += ` AND participant_id = $${params.length}`;
    }
    if (where.belowSequence !== undefined) {
      params.push(where.belowSequence);
      sql += ` AND sequence < $${params.length}`;
    }
    const res: [Array<{ key: string; generation: number; enqueued_at: Date | null }>, number] = await (tx ?? this.db).query(
      sql + ' RETURNING key, generation, enqueued_at',
      params,
    );
    return res[0].filter((r) => r.enqueued_at !== null).map((r) => ({ key: r.key, generation: Number(r.generation) }));
  }

  /**
   * Claims the message for `jobId`, or returns null: claimed by another job, already finished, or a
   * reminder not yet due at `now` (the service's clock; the caller looks at the row to tell which).
   * The due test sits in the claim so that the usual path — a reminder that is due — costs one statement.
   */
  async claim(key: string, jobId: string, leaseMs: number, now: Date): Promise<DeliveryRow | null> {
    const res: [Array<Record<string, unknown>>, number] = await this.db.query(
      `UPDATE notification_delivery
          SET status = 'sending', attempts = attempts + 1, claimed_job = $2,
              claimed_until = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
        WHERE key = $1
          AND (status IN ('queued','retrying') OR (status = 'sending' AND (claimed_job = $2 OR claimed_until < now())))
          AND (status = 'sending' OR kind <> 'reminder' OR due_at <= $4)
        RETURNING *`,
      [key, jobId, leaseMs, now],
    );
    return res[0].length ? toRow(res[0][0]) : null;
  }

  async byKey(key: string): Promise<DeliveryRow | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(`SELECT * FROM notification_delivery WHERE key = $1`, [key]);
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Ends a claim; does nothing if the claim was lost to another job meanwhile. */
  async finish(
    key: string,
    jobId: string,
    status: Exclude<DeliveryStatus, 'queued' | 'sending'>,
    fields: { kind?: MessageKind; messageId?: string | null; error?: string | null } = {},
  ): Promise<boolean> {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE notification_delivery
          SET status = $3::varchar, kind = coalesce($4::varchar, kind), message_id = coalesce($5::varchar, message_id),
              sent_at = CASE WHEN $3::varchar = 'sent' THEN now() ELSE sent_at END,
              last_error = CASE WHEN $3::varchar = 'sent' THEN NULL ELSE coalesce($6::varchar, last_error) END,
              claimed_until = NULL, updated_at = now()
        WHERE key = $1 AND status = 'sending' AND claimed_job = $2::varchar`,
      [key, jobId, status, fields.kind ?? null, fields.messageId ?? null, fields.error?.slice(0, 2000) ?? null],
    );
    return res[1] > 0;
  }

  /** Requests (invitations/updates) to this participant that went out, or are going out right now. */
  async priorRequests(meetingId: string, participantId: string, exceptKey: string): Promise<DeliveryStatus[]> {
    const rows: Array<{ status: DeliveryStatus }> = await this.db.query(
      `SELECT status FROM notification_delivery
        WHERE meeting_id = $1 AND participant_id = $2 AND kind IN ('invitation','update') AND status IN ('sent','sending') AND key <> $3`,
      [meetingId, participantId, exceptKey],
    );
    return rows.map((r) => r.status);
  }

  /**
   * Queued rows not yet handed to the queue, oldest first, at most `limit`: locked in the caller's
   * transaction `tx` FOR UPDATE SKIP LOCKED, so that a relay running at the same time takes other rows.
   */
  async toDispatch(tx: EntityManager, limit: number): Promise<DispatchRow[]> {
    const rows: Array<{ id: string; key: string; meeting_id: string | null; kind: MessageKind; due_at: Date; generation: number }> = await tx.query(
      `SELECT id, key, meeting_id, kind, due_at, generation FROM notification_delivery
        WHERE status = 'queued' AND enqueued_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({ id: String(r.id), key: r.key, meetingId: r.meeting_id, kind: r.kind, dueAt: r.due_at, generation: Number(r.generation) }));
  }

  /** Notes, in the caller's transaction `tx`, that these rows (ids) are in the queue now. */
  async markEnqueued(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`UPDATE notification_delivery SET enqueued_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * Messages claimed by a worker whose claim ran out more than `after` (a PostgreSQL interval, e.g.
   * '5 minutes') ago go back to the queue as a new generation (so a new job id); how many.
   */
  async requeueLost(after: string): Promise<number> {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE notification_delivery
          SET status = 'queued', enqueued_at = NULL, generation = generation + 1, claimed_until = NULL, updated_at = now(),
              last_error = 'the worker sending this was lost; queued again'
        WHERE status = 'sending' AND claimed_until < now() - $1::interval`,
      [after],
    );
    return res[1];
  }

  /** One page of a meeting's messages in the order they were planned (by id), filtered by participant, status and kind. */
  page(meetingId: string, q: ListDeliveriesQuery): Promise<Page<NotificationDeliveryEntity>> {
    const qb = this.db.getRepository(NotificationDeliveryEntity).createQueryBuilder('d').where('d.meeting_id = :meetingId', { meetingId }).orderBy('d.id', 'ASC');
    if (q.participantId) qb.andWhere('d.participant_id = :participantId', { participantId: q.participantId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('d.kind = :kind', { kind: q.kind });
    return paginate(qb, q);
  }
}

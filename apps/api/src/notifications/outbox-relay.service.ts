import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';
import type { MeetingOutboxKind } from '../meetings/meeting.entity';
import { MINUTES_QUEUE, NOTIFICATIONS_QUEUE, QueuesService } from '../queues/queues.service';
import { OutboxRow, planOutboxRow } from './delivery-planner';
import { jobIdOf } from './delivery.store';
import type { MessageKind } from './notification-delivery.entity';

/** Channel that the outbox triggers notify at commit (meeting_outbox insert, minutes finalised). */
export const OUTBOX_CHANNEL = 'kohtaamo_outbox';
/** Only one relay expands at a time, so changes are planned in the order they were recorded. */
const EXPAND_LOCK = 0x6b6f6874; // "koht"
const EXPAND_BATCH = 200;
const DISPATCH_BATCH = 1000;
/** a claim older than this (plus its lease) belongs to a worker that was lost: the message is queued again */
const RESCUE_AFTER = '5 minutes';

export interface NotifyJobData {
  key: string;
  meetingId: string;
  kind: MessageKind;
}

export interface MinutesJobData {
  minutesId: string;
}

/**
 * The relay between PostgreSQL and BullMQ, driven by LISTEN/NOTIFY (a nudge at commit) and a short
 * poll (RELAY_POLL_MS) so that nothing depends on a notification arriving:
 * 1. expand pending meeting_outbox rows into notification_delivery rows and mark them processed, in one
 *    transaction (rows locked FOR UPDATE SKIP LOCKED, in id order) — exactly once into PostgreSQL;
 * 2. dispatch queued delivery rows into BullMQ (job id = idempotency key, reminders as delayed jobs)
 *    and mark them enqueued — at least once into Redis; a repeated add is ignored by BullMQ and a
 *    repeated job finds its row already claimed or sent;
 * 3. queue the rendering and distribution of finalised minutes (minutes.distribution_queued_at);
 * 4. re-queue messages whose worker was lost mid-send long ago (a new generation, so a new job id).
 * It keeps no state of its own: after a restart it carries on from the tables.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly queues: QueuesService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), this.config.relayPollMs);
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Runs the relay soon; calls while it runs make it go round once more. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // the relay is the service's own work, whoever nudged it: the system actor
    this.running = asSystem(() => this.loop()).finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.ensureListening();
        await this.runOnce();
      } catch (e) {
        if (!this.stopped) this.logger.warn(`relay round failed (will retry on the next poll): ${(e as Error).message}`);
      }
    } while (this.again && !this.stopped);
  }

  private async runOnce(): Promise<void> {
    while ((await this.expand()) === EXPAND_BATCH && !this.stopped);
    await this.queueMinutes();
    await this.rescue();
    while ((await this.dispatch()) === DISPATCH_BATCH && !this.stopped);
  }

  /** Step 1: outbox rows → delivery rows, in one transaction per batch. */
  async expand(): Promise<number> {
    const now = this.clock.now();
    const result = await this.db.transaction(async (tx) => {
      const [{ locked }]: Array<{ locked: boolean }> = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [EXPAND_LOCK]);
      if (!locked) return { count: 0, obsolete: [] as Array<{ key: string; generation: number }> };
      const raw: Array<{ id: string; meeting_id: string; kind: MeetingOutboxKind; sequence: number; participant_id: string | null; participant: Record<string, unknown> | null }> =
        await tx.query(
          `SELECT id, meeting_id, kind, sequence, participant_id, participant FROM meeting_outbox
            WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [EXPAND_BATCH],
        );
      const obsolete: Array<{ key: string; generation: number }> = [];
      for (const r of raw) {
        const row: OutboxRow = { id: String(r.id), meetingId: r.meeting_id, kind: r.kind, sequence: Number(r.sequence), participantId: r.participant_id, participant: r.participant };
        const plan = await planOutboxRow(tx, row, now, this.config.reminderOffsetsMinutes);
        obsolete.push(...plan.obsoleteJobs);
      }
      if (raw.length) await tx.query(`UPDATE meeting_outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [raw.map((r) => r.id)]);
      return { count: raw.length, obsolete };
    });
    if (result.obsolete.length) await this.removeJobs(result.obsolete.map(jobIdOf));
    return result.count;
  }

  /** Step 2: queued delivery rows → BullMQ jobs. */
  async dispatch(): Promise<number> {
    const queue = this.queues.queue(NOTIFICATIONS_QUEUE);
    return this.db.transaction(async (tx) => {
      const rows: Array<{ id: string; key: string; meeting_id: string; kind: MessageKind; due_at: Date; generation: number }> = await tx.query(
        `SELECT id, key, meeting_id, kind, due_at, generation FROM notification_delivery
          WHERE status = 'queued' AND enqueued_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [DISPATCH_BATCH],
      );
      if (!rows.length) return 0;
      // BullMQ counts a delay on the real time, not the Clock; a job that comes early puts itself back (common/clock.ts)
      const now = Date.now();
      await queue.addBulk(
        rows.map((r) => ({
          name: r.kind,
          data: { key: r.key, meetingId: r.meeting_id, kind: r.kind } satisfies NotifyJobData,
          opts: { jobId: jobIdOf({ key: r.key, generation: Number(r.generation) }), delay: Math.max(0, r.due_at.getTime() - now) },
        })),
      );
      await tx.query(`UPDATE notification_delivery SET enqueued_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Step 3: finalised minutes → a render job (which then distributes). */
  async queueMinutes(): Promise<number> {
    const queue = this.queues.queue(MINUTES_QUEUE);
    return this.db.transaction(async (tx) => {
      const rows: Array<{ id: string }> = await tx.query(
        `SELECT id FROM minutes WHERE status = 'finalised' AND distribution_queued_at IS NULL ORDER BY finalised_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      if (!rows.length) return 0;
      await queue.addBulk(rows.map((r) => ({ name: 'render', data: { minutesId: r.id } satisfies MinutesJobData, opts: { jobId: `render.${r.id}` } })));
      await tx.query(`UPDATE minutes SET distribution_queued_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Step 4: a message claimed by a worker that vanished long ago goes back to the queue. */
  async rescue(): Promise<number> {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE notification_delivery
          SET status = 'queued', enqueued_at = NULL, generation = generation + 1, claimed_until = NULL, updated_at = now(),
              last_error = 'the worker sending this was lost; queued again'
        WHERE status = 'sending' AND claimed_until < now() - interval '${RESCUE_AFTER}'`,
    );
    return res[1];
  }

  private async removeJobs(jobIds: string[]): Promise<void> {
    const queue = this.queues.queue(NOTIFICATIONS_QUEUE);
    await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
  }

  private async ensureListening(): Promise<void> {
    if (this.listener || this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, connectionTimeoutMillis: 5000 });
    client.on('error', () => {
      // the poll keeps the relay going; the next round connects again
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
    });
    client.on('notification', () => this.nudge());
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }
}

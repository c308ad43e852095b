import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';
import { QueuesService } from '../queues/queues.service';
import { DeliveryPlanner } from './delivery-planner';
import { DeliveryRepository, jobIdOf } from './delivery.repository';
import { NOTIFICATIONS_QUEUE, NotifyJobData } from './notifications.queue';
import { OutboxListener, OutboxRepository } from './outbox.repository';

/** Channel that the outbox triggers notify at commit (meeting_outbox insert, minutes finalised). */
export const OUTBOX_CHANNEL = 'kohtaamo_outbox';
/** Only one relay expands at a time, so changes are planned in the order they were recorded. */
const EXPAND_LOCK = 0x6b6f6874; // "koht"
const EXPAND_BATCH = 200;
const DISPATCH_BATCH = 1000;
/** a claim older than this (plus its lease) belongs to a worker that was lost: the message is queued again */
const RESCUE_AFTER = '5 minutes';

/**
 * Work a feature adds to every relay round, woken by the same notifications and poll: it runs after the
 * outbox has been expanded and before messages are dispatched, as the system actor. A step that throws
 * ends the round (logged; the next poll tries again). It returns how many rows it handled.
 */
export interface RelayStep {
  /** names the step in the log when it fails */
  name: string;
  run(): Promise<number>;
}

/**
 * The relay between PostgreSQL and BullMQ, driven by LISTEN/NOTIFY (a nudge at commit) and a short
 * poll (RELAY_POLL_MS) so that nothing depends on a notification arriving:
 * 1. expand pending meeting_outbox rows into notification_delivery rows and mark them processed, in one
 *    transaction (rows locked FOR UPDATE SKIP LOCKED, in id order) — exactly once into PostgreSQL;
 * 2. dispatch queued delivery rows into BullMQ (job id = idempotency key, reminders as delayed jobs)
 *    and mark them enqueued — at least once into Redis; a repeated add is ignored by BullMQ and a
 *    repeated job finds its row already claimed or sent;
 * 3. run the steps features added (`addStep`; the minutes feature queues finalised minutes for
 *    rendering and distribution here);
 * 4. re-queue messages whose worker was lost mid-send long ago (a new generation, so a new job id).
 * It keeps no state of its own: after a restart it carries on from the tables.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener: OutboxListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly steps: RelayStep[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly queues: QueuesService,
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: OutboxRepository,
    private readonly planner: DeliveryPlanner,
    private readonly clock: Clock,
  ) {}

  /** Adds a feature's step to every round (step 3), in the order added; call it before the application starts. */
  addStep(step: RelayStep): void {
    this.steps.push(step);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), this.config.relayPollMs);
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.listener?.close().catch(() => undefined);
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
    for (const step of this.steps) {
      await step.run().catch((e: unknown) => {
        throw new Error(`${step.name}: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
    await this.rescue();
    while ((await this.dispatch()) === DISPATCH_BATCH && !this.stopped);
  }

  /** Step 1: outbox rows → delivery rows, in one transaction per batch. */
  async expand(): Promise<number> {
    const now = this.clock.now();
    const result = await this.db.transaction(async (tx) => {
      if (!(await this.outbox.tryLock(tx, EXPAND_LOCK))) return { count: 0, obsolete: [] as Array<{ key: string; generation: number }> };
      const rows = await this.outbox.pending(tx, EXPAND_BATCH);
      const obsolete: Array<{ key: string; generation: number }> = [];
      for (const row of rows) {
        const plan = await this.planner.plan(tx, row, now, this.config.reminderOffsetsMinutes);
        obsolete.push(...plan.obsoleteJobs);
      }
      if (rows.length) await this.outbox.markProcessed(tx, rows.map((r) => r.id));
      return { count: rows.length, obsolete };
    });
    if (result.obsolete.length) await this.removeJobs(result.obsolete.map(jobIdOf));
    return result.count;
  }

  /** Step 2: queued delivery rows → BullMQ jobs. */
  async dispatch(): Promise<number> {
    const queue = this.queues.queue(NOTIFICATIONS_QUEUE);
    return this.db.transaction(async (tx) => {
      const rows = await this.deliveries.toDispatch(tx, DISPATCH_BATCH);
      if (!rows.length) return 0;
      // BullMQ counts a delay on the real time, not the Clock; a job that comes early puts itself back (common/clock.ts)
      const now = Date.now();
      await queue.addBulk(
        rows.map((r) => ({
          name: r.kind,
          data: { key: r.key, meetingId: r.meetingId, kind: r.kind } satisfies NotifyJobData,
          opts: { jobId: jobIdOf(r), delay: Math.max(0, r.dueAt.getTime() - now) },
        })),
      );
      await this.deliveries.markEnqueued(tx, rows.map((r) => r.id));
      return rows.length;
    });
  }

  /** Step 4: a message claimed by a worker that vanished long ago goes back to the queue. */
  async rescue(): Promise<number> {
    return this.deliveries.requeueLost(RESCUE_AFTER);
  }

  private async removeJobs(jobIds: string[]): Promise<void> {
    const queue = this.queues.queue(NOTIFICATIONS_QUEUE);
    await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
  }

  private async ensureListening(): Promise<void> {
    if (this.listener || this.stopped) return;
    let listener: OutboxListener | null = null;
    listener = await this.outbox.listen(
      OUTBOX_CHANNEL,
      () => this.nudge(),
      // the poll keeps the relay going; the next round connects again
      () => {
        if (listener && this.listener === listener) this.listener = null;
      },
    );
    this.listener = listener;
  }
}

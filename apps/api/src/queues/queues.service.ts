import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue, Worker, WorkerOptions, Processor } from 'bullmq';
import Redis from 'ioredis';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';

export const NOTIFICATIONS_QUEUE = 'notifications';
export const MINUTES_QUEUE = 'minutes';
export const CALENDAR_SYNC_QUEUE = 'calendar-sync';
export const QUEUE_NAMES = [NOTIFICATIONS_QUEUE, MINUTES_QUEUE, CALENDAR_SYNC_QUEUE] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * The two BullMQ queues under the configured key prefix (QUEUE_PREFIX), so that separate instances and
 * test files never share jobs. Producers use `queue(name)`; worker processes call `worker(...)`.
 * BullMQ job ids are our idempotency keys; job data never holds personal data (only keys and ids).
 */
@Injectable()
export class QueuesService implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];
  private readonly workerListeners: Array<(queue: QueueName, worker: Worker) => void> = [];

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {
    this.connection = this.redis();
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix, defaultJobOptions: this.defaultJobOptions(name) });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Retries with exponential backoff; completed jobs kept a day, failed ones a month (visible in the dashboard). */
  defaultJobOptions(name: QueueName): JobsOptions {
    return {
      attempts: name === NOTIFICATIONS_QUEUE ? this.config.notifyAttempts : 5,
      backoff: { type: 'exponential', delay: this.config.notifyBackoffMs },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    };
  }

  worker<D, R>(name: QueueName, processor: Processor<D, R>, opts: Partial<WorkerOptions> = {}): Worker<D, R> {
    const connection = this.redis();
    this.workerConnections.push(connection);
    // jobs are the service's own work: they run as the system actor (row-level security lets it see all)
    const w = new Worker<D, R>(name, (job, token) => asSystem(() => processor(job, token)), {
      connection,
      prefix: this.config.queuePrefix,
      concurrency: this.config.workerConcurrency,
      lockDuration: this.config.queueLockMs,
      stalledInterval: this.config.queueLockMs,
      maxStalledCount: 3,
      ...opts,
    });
    this.workers.push(w as Worker);
    for (const l of this.workerListeners) l(name, w as Worker);
    return w;
  }

  /** Calls `listener` for every worker this process runs, those started already and those to come (operational metrics). */
  onWorker(listener: (queue: QueueName, worker: Worker) => void): void {
    this.workerListeners.push(listener);
    for (const w of this.workers) listener(w.name as QueueName, w);
  }

  private redis(): Redis {
    const r = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
    r.on('error', () => undefined);
    return r;
  }

  async onApplicationShutdown(): Promise<void> {
    // workers first: they finish (or give back) their active jobs before the connections go
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    for (const r of [this.connection, ...this.workerConnections]) await r.quit().catch(() => r.disconnect());
  }
}

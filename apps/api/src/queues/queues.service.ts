import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue, Worker, WorkerOptions, Processor } from 'bullmq';
import Redis from 'ioredis';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';

/**
 * A queue as the feature that owns it registers it (`QueuesModule.registerQueue`): its name, a BullMQ
 * key under QUEUE_PREFIX, and how many times a job is tried (default 5; a function of the configuration,
 * since a module is declared before the configuration is loaded).
 */
export interface QueueDefinition {
  name: string;
  attempts?: (config: ApiConfig) => number;
}

/**
 * The BullMQ queues under the configured key prefix (QUEUE_PREFIX), so that separate instances and
 * test files never share jobs. Which queues exist is up to the features: each registers its own
 * (`QueuesModule.registerQueue`), and this service knows them only by name. Producers use `queue(name)`;
 * a feature's worker calls `worker(...)` when the application starts. BullMQ job ids are our
 * idempotency keys; job data never holds personal data (only keys and ids).
 */
@Injectable()
export class QueuesService implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly definitions = new Map<string, QueueDefinition>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];
  private readonly workerListeners: Array<(queue: string, worker: Worker) => void> = [];

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {
    this.connection = this.redis();
  }

  /** Makes a queue known (the dashboard and the metrics list it); registering the same name again keeps the first definition. */
  register(definition: QueueDefinition): QueueDefinition {
    if (!this.definitions.has(definition.name)) this.definitions.set(definition.name, definition);
    return this.definitions.get(definition.name)!;
  }

  /** The registered queues' names, in the order they were registered. */
  names(): string[] {
    return [...this.definitions.keys()];
  }

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix, defaultJobOptions: this.defaultJobOptions(name) });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Retries with exponential backoff; completed jobs kept a day, failed ones a month (visible in the dashboard). */
  defaultJobOptions(name: string): JobsOptions {
    return {
      attempts: this.definition(name).attempts?.(this.config) ?? 5,
      backoff: { type: 'exponential', delay: this.config.notifyBackoffMs },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    };
  }

  worker<D, R>(name: string, processor: Processor<D, R>, opts: Partial<WorkerOptions> = {}): Worker<D, R> {
    this.definition(name);
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
  onWorker(listener: (queue: string, worker: Worker) => void): void {
    this.workerListeners.push(listener);
    for (const w of this.workers) listener(w.name, w);
  }

  /** A queue used without being registered is a wiring mistake: say which module is missing its registration. */
  private definition(name: string): QueueDefinition {
    const d = this.definitions.get(name);
    if (!d) throw new Error(`queue "${name}" is not registered: the module that uses it must import QueuesModule.registerQueue({ name: '${name}' })`);
    return d;
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

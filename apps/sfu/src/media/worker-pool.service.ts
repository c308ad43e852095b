import type { types as ms } from 'mediasoup';
import { SfuError } from '../common/sfu.error';

/** The part of the mediasoup module the pool uses (a fake in unit tests). */
export interface MediasoupApi {
  createWorker(settings: ms.WorkerSettings): Promise<ms.Worker>;
}

export interface WorkerPoolOptions {
  count: number;
  listenIp: string;
  announcedIp?: string;
  /** worker i's WebRtcServer listens on UDP and TCP port base + i; 0 = random ports */
  rtcPortBase: number;
  logLevel?: ms.WorkerLogLevel;
  /** first respawn delay after a worker dies; doubles up to 30 s while respawns fail */
  respawnDelayMs?: number;
  /** how long acquire() waits for a worker to come back when none is alive */
  acquireTimeoutMs?: number;
  logger?: PoolLogger;
}

export interface PoolLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One core's worker and its WebRtcServer (one UDP and one TCP port for every transport on it). */
export interface WorkerSlot {
  readonly index: number;
  readonly port: number;
  worker?: ms.Worker;
  webRtcServer?: ms.WebRtcServer;
  /** routers (meetings) living on this worker */
  routers: number;
  deaths: number;
}

export interface WorkerSlotStatus {
  index: number;
  pid: number | null;
  alive: boolean;
  port: number;
  routers: number;
  deaths: number;
}

const silent: PoolLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export function isAlive(slot: WorkerSlot): slot is WorkerSlot & { worker: ms.Worker; webRtcServer: ms.WebRtcServer } {
  return slot.worker !== undefined && !slot.worker.closed && slot.webRtcServer !== undefined && !slot.webRtcServer.closed;
}

/**
 * One mediasoup worker per core, handed out round-robin for new meetings. A worker that dies is replaced
 * (same index, same port) after a delay; listeners of onWorkerDied() learn about it, and the routers on it
 * tell their rooms through 'workerclose'.
 */
export class WorkerPool {
  private readonly slots: WorkerSlot[];
  private cursor = 0;
  private isClosed = false;
  private readonly diedListeners: Array<(slot: WorkerSlot, error: Error) => void> = [];
  private readonly waiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly logger: PoolLogger;

  private constructor(
    private readonly options: WorkerPoolOptions,
    private readonly api: MediasoupApi,
  ) {
    this.logger = options.logger ?? silent;
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      port: options.rtcPortBase === 0 ? 0 : options.rtcPortBase + index,
      routers: 0,
      deaths: 0,
    }));
  }

  /** Starts every worker; if one cannot start, the others are closed and the error is thrown. */
  static async create(options: WorkerPoolOptions, api?: MediasoupApi): Promise<WorkerPool> {
    if (!Number.isInteger(options.count) || options.count < 1) throw new Error('WorkerPool needs at least one worker');
    const pool = new WorkerPool(options, api ?? (await import('mediasoup')));
    // Wait for every start to settle so that no worker is left running behind a failure.
    const results = await Promise.allSettled(pool.slots.map((slot) => pool.start(slot)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      pool.close();
      throw failed.reason;
    }
    return pool;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get size(): number {
    return this.slots.length;
  }

  onWorkerDied(listener: (slot: WorkerSlot, error: Error) => void): void {
    this.diedListeners.push(listener);
  }

  /** The next live worker, round-robin. Waits (bounded) for a respawn when every worker is down. */
  async acquire(): Promise<WorkerSlot & { worker: ms.Worker; webRtcServer: ms.WebRtcServer }> {
    const deadline = Date.now() + (this.options.acquireTimeoutMs ?? 15_000);
    for (;;) {
      if (this.isClosed) throw new SfuError('unavailable', 'the media server is shutting down');
      for (let i = 0; i < this.slots.length; i++) {
        const slot = this.slots[(this.cursor + i) % this.slots.length];
        if (slot !== undefined && isAlive(slot)) {
          this.cursor = (slot.index + 1) % this.slots.length;
          return slot;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new SfuError('unavailable', 'no media worker is running; try again shortly');
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(left, 1000));
        function done(): void {
          clearTimeout(t);
          resolve();
        }
        this.waiters.push(done);
      });
    }
  }

  /** The live worker with the fewest routers among those whose pid is not excluded (spreading one meeting). */
  pickOther(exceptPids: ReadonlySet<number>): (WorkerSlot & { worker: ms.Worker; webRtcServer: ms.WebRtcServer }) | undefined {
    let best: (WorkerSlot & { worker: ms.Worker; webRtcServer: ms.WebRtcServer }) | undefined;
    for (const slot of this.slots) {
      if (!isAlive(slot) || exceptPids.has(slot.worker.pid)) continue;
      if (best === undefined || slot.routers < best.routers) best = slot;
    }
    return best;
  }

  status(): WorkerSlotStatus[] {
    return this.slots.map((s) => ({
      index: s.index,
      pid: isAlive(s) ? s.worker.pid : null,
      alive: isAlive(s),
      port: s.port,
      routers: s.routers,
      deaths: s.deaths,
    }));
  }

  /** Live workers, e.g. for the health endpoint or tests. */
  liveWorkers(): ms.Worker[] {
    return this.slots.filter(isAlive).map((s) => s.worker);
  }

  slotOf(worker: ms.Worker): WorkerSlot | undefined {
    return this.slots.find((s) => s.worker === worker);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const slot of this.slots) {
      slot.worker?.close();
      slot.worker = undefined;
      slot.webRtcServer = undefined;
    }
    for (const w of this.waiters.splice(0)) w();
  }

  private async start(slot: WorkerSlot): Promise<void> {
    const worker = await this.api.createWorker({
      logLevel: this.options.logLevel ?? 'warn',
      logTags: ['ice', 'dtls', 'rtp', 'srtp', 'rtcp', 'simulcast'],
    });
    if (this.isClosed) {
      worker.close();
      return;
    }
    let webRtcServer: ms.WebRtcServer;
    try {
      const info = (protocol: 'udp' | 'tcp'): ms.WebRtcServerListenInfo => {
        const li: ms.WebRtcServerListenInfo = { protocol, ip: this.options.listenIp, port: slot.port };
        if (this.options.announcedIp !== undefined) li.announcedIp = this.options.announcedIp;
        return li;
      };
      webRtcServer = await worker.createWebRtcServer({ listenInfos: [info('udp'), info('tcp')] });
    } catch (e) {
      worker.close();
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`worker ${slot.index}: cannot listen on ${this.options.listenIp}:${slot.port} (UDP+TCP): ${why}`);
    }
    if (this.isClosed) {
      worker.close();
      return;
    }
    slot.worker = worker;
    slot.webRtcServer = webRtcServer;
    slot.routers = 0;
    worker.observer.on('newrouter', (router) => {
      slot.routers++;
      router.observer.once('close', () => {
        if (slot.worker === worker) slot.routers = Math.max(0, slot.routers - 1);
      });
    });
    worker.on('died', (error) => this.died(slot, worker, error));
    this.logger.log(`mediasoup worker ${slot.index} running (pid ${worker.pid}, WebRTC port ${slot.port || 'random'})`);
    for (const w of this.waiters.splice(0)) w();
  }

  private died(slot: WorkerSlot, worker: ms.Worker, error: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    slot.webRtcServer = undefined;
    slot.routers = 0;
    slot.deaths++;
    this.logger.error(`mediasoup worker ${slot.index} (pid ${worker.pid}) died: ${error.message}`);
    for (const l of this.diedListeners) {
      try {
        l(slot, error);
      } catch (e) {
        this.logger.error(`worker-died listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.scheduleRespawn(slot, this.options.respawnDelayMs ?? 1000);
  }

  private scheduleRespawn(slot: WorkerSlot, delay: number): void {
    if (this.isClosed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.isClosed) return;
      this.start(slot).catch((e: unknown) => {
        this.logger.error(`respawning mediasoup worker ${slot.index} failed: ${e instanceof Error ? e.message : String(e)}`);
        this.scheduleRespawn(slot, Math.min(delay * 2, 30_000));
      });
    }, delay);
    t.unref();
    this.timers.add(t);
  }
}

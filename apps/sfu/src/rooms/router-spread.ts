import type { types as ms } from 'mediasoup';
import { MEDIA_CODECS } from '../media/media-codecs';

/** A router of one meeting on one worker, with the WebRtcServer its transports listen on. */
export interface RouterSlot {
  router: ms.Router;
  webRtcServer: ms.WebRtcServer;
  /** participants whose transports live on this router */
  peers: number;
}

/** Another live worker of this node than the ones given (its router count decides), or none. */
export type WorkerPicker = (exceptPids: ReadonlySet<number>) => { worker: ms.Worker; webRtcServer: ms.WebRtcServer } | undefined;

export interface SpreadOptions {
  pickWorker: WorkerPicker;
  /** participants per router before the next participant goes to a router on another worker */
  peersPerRouter: number;
}

/**
 * A meeting larger than one worker: up to `peersPerRouter` participants share the meeting's first router;
 * the next ones get a router of the same meeting on another worker of this node, and every producer a
 * participant there consumes is piped across (`pipeToRouter`) exactly once per target router — mediasoup
 * refuses a second pipe of the same producer into the same worker. A pipe is a PipeTransport pair on
 * loopback inside the node; its producers close with the original.
 */
export class RouterSpread {
  readonly slots: RouterSlot[];
  private readonly pipes = new Map<string, Promise<void>>();
  private adding?: Promise<RouterSlot>;

  constructor(
    main: RouterSlot,
    private readonly options: SpreadOptions | undefined,
    private readonly routerClosed: () => void,
  ) {
    this.slots = [main];
  }

  get main(): RouterSlot {
    return this.slots[0] as RouterSlot;
  }

  /** The router a newly arriving participant's transports go on (creating one on another worker when all are full). */
  async slotForNewPeer(meetingId: string): Promise<RouterSlot> {
    const o = this.options;
    const open = this.slots.find((s) => !s.router.closed && (o === undefined || s.peers < o.peersPerRouter));
    if (open !== undefined || o === undefined) return this.take(open ?? this.main);
    this.adding ??= this.addRouter(meetingId).finally(() => (this.adding = undefined));
    return this.take(await this.adding);
  }

  release(slot: RouterSlot): void {
    slot.peers = Math.max(0, slot.peers - 1);
  }

  /** Makes `producerId` (living on `from`) consumable on `to`; pipes once per (producer, target router). */
  ensureOn(producerId: string, from: ms.Router, to: ms.Router): Promise<void> {
    if (from === to) return Promise.resolve();
    const key = `${producerId}>${to.id}`;
    let pipe = this.pipes.get(key);
    if (pipe === undefined) {
      pipe = from.pipeToRouter({ producerId, router: to }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => this.pipes.delete(key));
      });
      pipe.catch(() => this.pipes.delete(key));
      this.pipes.set(key, pipe);
    }
    return pipe;
  }

  /** Forget a closed producer's pipes (their pipe producers close by themselves). */
  producerClosed(producerId: string): void {
    for (const key of [...this.pipes.keys()]) if (key.startsWith(`${producerId}>`)) this.pipes.delete(key);
  }

  slotOf(router: ms.Router): RouterSlot | undefined {
    return this.slots.find((s) => s.router === router);
  }

  close(): void {
    for (const s of this.slots.slice(1)) if (!s.router.closed) s.router.close();
    this.pipes.clear();
  }

  private take(slot: RouterSlot): RouterSlot {
    slot.peers++;
    return slot;
  }

  private async addRouter(meetingId: string): Promise<RouterSlot> {
    const used = new Set(this.slots.filter((s) => !s.router.closed).map((s) => this.workerPid(s)));
    const picked = this.options?.pickWorker(used);
    if (picked === undefined) {
      // every worker of the node already carries this meeting: fill the least-used router
      return this.slots.filter((s) => !s.router.closed).sort((a, b) => a.peers - b.peers)[0] ?? this.main;
    }
    const router = await picked.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { meetingId, pid: picked.worker.pid } });
    router.on('workerclose', () => this.routerClosed());
    const slot: RouterSlot = { router, webRtcServer: picked.webRtcServer, peers: 0 };
    this.slots.push(slot);
    return slot;
  }

  private workerPid(s: RouterSlot): number {
    return Number((s.router.appData as { pid?: number }).pid ?? -1);
  }
}

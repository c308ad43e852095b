import { io, type Socket } from 'socket.io-client';
import type { ClientRequests, ErrorAck, ServerEvents } from '@kohtaamo/protocol';

export type Ack<E extends keyof ClientRequests> = ClientRequests[E]['res'] | ErrorAck;

export function isError(a: unknown): a is ErrorAck {
  return typeof a === 'object' && a !== null && 'error' in a;
}

interface Received {
  event: string;
  payload: unknown;
}

/** A signalling client for tests: typed requests with acknowledgements and a log of server events. */
export class TestClient {
  readonly received: Received[] = [];
  private readonly waiters: Array<{ event: string; pred: (p: unknown) => boolean; resolve: (p: unknown) => void }> = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      for (const w of [...this.waiters]) {
        if (w.event === event && w.pred(payload)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(payload);
        }
      }
    });
  }

  static async connect(url: string): Promise<TestClient> {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000 });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => reject(e));
    });
    return new TestClient(socket);
  }

  /** Sends a typed request; resolves with the acknowledgement (a response or an error). */
  request<E extends keyof ClientRequests>(event: E, payload: ClientRequests[E]['req']): Promise<Ack<E>> {
    return this.raw(event, payload) as Promise<Ack<E>>;
  }

  /**
   * Sends a request and writes its acknowledgement into the same log as the server events, at the moment
   * socket.io hands it over (as '@ack:<event>'), so tests can check what came before what.
   */
  requestLogged<E extends keyof ClientRequests>(event: E, payload: ClientRequests[E]['req']): Promise<Ack<E>> {
    return new Promise((resolve) => {
      this.socket.emit(event, payload, (ack: Ack<E>) => {
        this.received.push({ event: `@ack:${event}`, payload: ack });
        resolve(ack);
      });
    });
  }

  /** Sends anything, for bad-payload tests. */
  raw(event: string, ...args: unknown[]): Promise<unknown> {
    return this.socket.timeout(5000).emitWithAck(event, ...args) as Promise<unknown>;
  }

  /** Like request, but throws on an error acknowledgement. */
  async ok<E extends keyof ClientRequests>(event: E, payload: ClientRequests[E]['req']): Promise<ClientRequests[E]['res']> {
    const a = await this.request(event, payload);
    if (isError(a)) throw new Error(`${event} failed: ${JSON.stringify(a.error)}`);
    return a;
  }

  /** The next (or an already received, when `past`) server event matching the predicate. */
  next<E extends keyof ServerEvents>(
    event: E,
    pred: (p: ServerEvents[E]) => boolean = () => true,
    o: { past?: boolean; timeoutMs?: number } = {},
  ): Promise<ServerEvents[E]> {
    if (o.past === true) {
      const hit = this.received.find((r) => r.event === event && pred(r.payload as ServerEvents[E]));
      if (hit !== undefined) return Promise.resolve(hit.payload as ServerEvents[E]);
    }
    return new Promise<ServerEvents[E]>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no "${event}" within ${o.timeoutMs ?? 5000} ms; got: ${this.received.map((r) => r.event).join(', ')}`));
      }, o.timeoutMs ?? 5000);
      const w = {
        event,
        pred: (p: unknown) => pred(p as ServerEvents[E]),
        resolve: (p: unknown) => {
          clearTimeout(timer);
          resolve(p as ServerEvents[E]);
        },
      };
      this.waiters.push(w);
    });
  }

  eventsNamed<E extends keyof ServerEvents>(event: E): Array<ServerEvents[E]> {
    return this.received.filter((r) => r.event === event).map((r) => r.payload as ServerEvents[E]);
  }

  disconnected(timeoutMs = 5000): Promise<void> {
    if (!this.socket.connected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('still connected')), timeoutMs);
      this.socket.once('disconnect', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** RTP parameters as a browser would send them: Opus, or VP8 in three simulcast layers. */
export function audioRtpParameters(ssrc: number): Record<string, unknown> {
  return {
    mid: `a${ssrc}`,
    codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
    headerExtensions: [],
    encodings: [{ ssrc }],
    rtcp: { cname: `cname-${ssrc}`, reducedSize: true },
  };
}

export function videoRtpParameters(ssrc: number, layers = 3): Record<string, unknown> {
  return {
    mid: `v${ssrc}`,
    codecs: [
      { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] },
      { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 }, rtcpFeedback: [] },
    ],
    headerExtensions: [],
    encodings: Array.from({ length: layers }, (_, i) => ({ ssrc: ssrc + i * 2, rtx: { ssrc: ssrc + i * 2 + 1 }, scalabilityMode: 'L1T3' })),
    rtcp: { cname: `cname-${ssrc}`, reducedSize: true },
  };
}

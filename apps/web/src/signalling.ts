import { io, type Socket } from 'socket.io-client';
import type { ClientRequests, ErrorAck, ServerEvents } from '@kohtaamo/protocol';

export class SignallingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SignallingError';
  }
}

function isErrorAck(v: unknown): v is ErrorAck {
  return typeof v === 'object' && v !== null && 'error' in v;
}

type Handler<E extends keyof ServerEvents> = (payload: ServerEvents[E]) => void;

/** socket.io to the SFU: typed requests with acknowledgements, typed server events. */
export class Signalling {
  private readonly socket: Socket;

  constructor(url: string | undefined) {
    const options = { transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 3000, timeout: 8000 };
    this.socket = url === undefined ? io(options) : io(url, options);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  async request<E extends keyof ClientRequests>(event: E, payload: ClientRequests[E]['req'], timeoutMs = 10_000): Promise<ClientRequests[E]['res']> {
    let ack: unknown;
    try {
      ack = await this.socket.timeout(timeoutMs).emitWithAck(event, payload);
    } catch {
      throw new SignallingError('network', `no answer to ${event}`);
    }
    if (isErrorAck(ack)) throw new SignallingError(ack.error.code, ack.error.message, ack.error.field);
    return ack as ClientRequests[E]['res'];
  }

  on<E extends keyof ServerEvents>(event: E, handler: Handler<E>): void {
    this.socket.on(event as string, handler as (p: unknown) => void);
  }

  /** (Re)connected: fires on the first connection and after every reconnection. */
  onConnected(handler: () => void): void {
    this.socket.on('connect', handler);
  }

  onDisconnected(handler: (reason: string) => void): void {
    this.socket.on('disconnect', handler);
  }

  onConnectFailed(handler: () => void): void {
    this.socket.on('connect_error', handler);
  }

  close(): void {
    this.socket.disconnect();
  }
}

import type { Socket } from 'socket.io';
import type { PeerChannel } from '../rooms/peer-channel';
import type { ServerEvents } from '@kohtaamo/protocol';

/** A PeerChannel over one socket.io connection; kept in socket.data so every message finds the same one. */
export class SocketChannel implements PeerChannel {
  session?: { meetingId: string; participantId: string };
  private held?: Array<() => void>;

  private constructor(private readonly socket: Socket) {}

  static of(socket: Socket): SocketChannel {
    const data = socket.data as { channel?: SocketChannel };
    if (data.channel === undefined) data.channel = new SocketChannel(socket);
    return data.channel;
  }

  get id(): string {
    return this.socket.id;
  }

  send<E extends keyof ServerEvents>(event: E, payload: ServerEvents[E]): void {
    if (this.held !== undefined) {
      this.held.push(() => this.send(event, payload));
      return;
    }
    if (this.socket.connected) this.socket.emit(event, payload);
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held;
    this.held = undefined;
    for (const send of held ?? []) send();
  }

  close(): void {
    // Let the last event leave before the connection closes.
    const t = setTimeout(() => this.socket.disconnect(true), 250);
    t.unref();
  }
}

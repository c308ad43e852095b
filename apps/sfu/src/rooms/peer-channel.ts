import type { ServerEvents } from '@kohtaamo/protocol';

/** Where a participant's server events go: the gateway wraps a socket.io socket; unit tests use a fake. */
export interface PeerChannel {
  readonly id: string;
  send<E extends keyof ServerEvents>(event: E, payload: ServerEvents[E]): void;
  /** end the connection shortly (after queued messages are written) */
  close(): void;
  /**
   * Hold events back until release(): used while a join is answered, so that no event about the room
   * can reach the client before the join acknowledgement that describes the room.
   */
  hold(): void;
  release(): void;
  /** the meeting and participant this connection speaks for, once it has sent a valid join */
  session?: { meetingId: string; participantId: string };
}

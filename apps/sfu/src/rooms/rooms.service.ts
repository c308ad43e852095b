import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JoinTokenService } from '../auth/join-token.service';
import { SfuError } from '../common/sfu.error';
import { WORKER_POOL, ROOMS_OPTIONS } from '../media/media.tokens';
import type { WorkerPool } from '../media/worker-pool.service';
import type { JoinResult } from '@kohtaamo/protocol';
import { guestDisplayName } from './guest-name';
import type { PeerChannel } from './peer-channel';
import type { Peer } from './peer.model';
import { newMeetingState, Room, type MeetingState, type PresenceEvent, type RoomCloseReason } from './room.model';

export interface RoomsOptions {
  /** an empty room keeps its router this long so a quick rejoin finds it (0 = close at once) */
  emptyRoomGraceMs: number;
  clock: () => number;
  /** attendance: told of every connection to a call that begins or ends (the reporter to the API) */
  presence?: (event: PresenceEvent) => void;
  /**
   * participants per router before a meeting spreads to a router on another worker of this node
   * (pipeToRouter). All-to-all, n participants make about 2n(n−1) consumers: 16 make ~480, about what one
   * worker forwards (README figures); 0 = never spread.
   */
  peersPerRouter: number;
}

export type { PresenceEvent };

export const DEFAULT_ROOMS_OPTIONS: RoomsOptions = { emptyRoomGraceMs: 10_000, clock: Date.now, peersPerRouter: 16 };

export interface RoomsStatus {
  rooms: number;
  peers: number;
  waiting: number;
  /** forwarded streams: what saturates a worker */
  consumers: number;
}

/**
 * The meetings on this SFU: finds or creates a meeting's room (on the next worker), routes each socket's
 * requests to its room and peer, recreates rooms whose worker died, and closes empty rooms.
 */
@Injectable()
export class RoomsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Rooms');
  private readonly rooms = new Map<string, Room>();
  private readonly creating = new Map<string, Promise<Room>>();
  private readonly meetings = new Map<string, MeetingState>();
  private readonly emptyTimers = new Map<string, NodeJS.Timeout>();
  private readonly pruneTimer: NodeJS.Timeout;
  private shuttingDown = false;
  /** several nodes: whether a meeting may live here (its placement in the registry is this node or none) */
  private placementGuard?: (meetingId: string) => Promise<boolean>;

  constructor(
    @Inject(WORKER_POOL) private readonly pool: WorkerPool,
    private readonly tokens: JoinTokenService,
    @Inject(ROOMS_OPTIONS) private readonly options: RoomsOptions,
  ) {
    this.pruneTimer = setInterval(() => this.pruneMeetings(), 60_000);
    this.pruneTimer.unref();
  }

  // ---- sessions --------------------------------------------------------------------------------

  async join(channel: PeerChannel, token: string, meetingId?: string, displayName?: string): Promise<JoinResult> {
    const identity = await this.tokens.verify(token, meetingId);
    if (this.placementGuard !== undefined && !(await this.placementGuard(identity.meetingId))) {
      throw new SfuError('wrong_node', 'the meeting has moved to another media server; ask for a new join token', 'token');
    }
    // A guest (no account) may say how they want to be called, shown with the name they were invited by
    // (guest-name.ts); staff names come from the token.
    const name = identity.role === 'guest' ? guestDisplayName(displayName, identity.name) : identity.name;
    const state = this.meetingState(identity.meetingId);
    if (state.removed.has(identity.participantId)) {
      throw new SfuError('removed', 'a host removed you from this meeting');
    }
    if (state.ended) {
      if (identity.role !== 'host') throw new SfuError('meeting_ended', 'the meeting has ended');
      state.ended = false;
    }
    state.expiresAt = Math.max(state.expiresAt, identity.expiresAt);

    const current = channel.session;
    if (current !== undefined && (current.meetingId !== identity.meetingId || current.participantId !== identity.participantId)) {
      this.disconnected(channel);
    }
    // A room can close (its worker died) between finding it and joining it: try once more.
    for (let attempt = 0; ; attempt++) {
      const room = await this.roomFor(identity.meetingId);
      if (room.closed && attempt < 2) continue;
      this.cancelEmptyTimer(room.meetingId);
      channel.session = { meetingId: identity.meetingId, participantId: identity.participantId };
      try {
        return room.join(
          { participantId: identity.participantId, name, role: identity.role, roomCount: identity.roomCount },
          channel,
        );
      } catch (e) {
        channel.session = undefined;
        throw e;
      }
    }
  }

  /** The socket went away (or joined something else). */
  disconnected(channel: PeerChannel): void {
    const session = channel.session;
    if (session === undefined) return;
    channel.session = undefined;
    const room = this.rooms.get(session.meetingId);
    if (room === undefined) return;
    const peer = room.peers.get(session.participantId);
    if (peer !== undefined && peer.channel === channel) room.leave(peer, 'disconnected');
    else room.leaveLobby(channel);
  }

  leave(channel: PeerChannel): void {
    const session = channel.session;
    if (session === undefined) throw new SfuError('not_joined', 'join first');
    const room = this.rooms.get(session.meetingId);
    if (room !== undefined) {
      const peer = room.peers.get(session.participantId);
      if (peer !== undefined && peer.channel === channel) room.leave(peer, 'left');
      else room.leaveLobby(channel);
    }
    channel.session = undefined;
  }

  // ---- media and host controls -------------------------------------------------------------------

  /**
   * The room and the peer of a joined connection, for the gateway to call the room's media and host
   * operations on (`room.produce(peer, …)`, `room.admit(peer, …)`): one lookup instead of a forwarder per
   * operation. Throws `not_joined` (no session, or its room closed) or `in_lobby` (waiting for a host).
   */
  inRoom(channel: PeerChannel): { room: Room; peer: Peer } {
    return this.requirePeer(channel);
  }

  /**
   * The API's order (a consent withdrawn): these participants leave the call and the lobby now, and are
   * refused for the rest of the meeting, on this node, even with a join token still valid. Returns how
   * many were in the room.
   */
  expel(meetingId: string, participantIds: string[]): number {
    const state = this.meetingState(meetingId);
    // without a room the state is kept for as long as a join token could still be used (4 h, the API's limit)
    state.expiresAt = Math.max(state.expiresAt, this.options.clock() + 4 * 3600_000);
    const room = this.rooms.get(meetingId);
    let removed = 0;
    for (const id of participantIds) {
      if (room !== undefined && !room.closed) {
        if (room.expel(id)) removed++;
      } else {
        state.removed.add(id);
        state.admitted.delete(id);
      }
    }
    return removed;
  }

  /**
   * The meeting was ended in the staff app (the API's end order): its call ends for everyone, as when a host
   * ends it in the call, and later joins are refused until a host joins again. Whether a call was open.
   */
  endMeeting(meetingId: string): boolean {
    const state = this.meetingState(meetingId);
    state.expiresAt = Math.max(state.expiresAt, this.options.clock() + 4 * 3600_000);
    const room = this.rooms.get(meetingId);
    if (room !== undefined && !room.closed) {
      room.endByOrder();
      return true;
    }
    state.ended = true;
    return false;
  }

  // ---- several nodes ---------------------------------------------------------------------------

  /** Set by the node registry: joins of meetings placed on another node are refused. */
  setPlacementGuard(guard: (meetingId: string) => Promise<boolean>): void {
    this.placementGuard = guard;
  }

  /** Meetings with a room on this node. */
  meetingIds(): string[] {
    return [...this.rooms.keys()];
  }

  /**
   * The meeting was placed on another node (this one missed its heartbeats, e.g. cut off from Redis, and
   * the API moved it): close the room here and tell its participants to rejoin — they are refused here and
   * get a token for the node the meeting lives on now. A meeting is never split over two nodes for long.
   */
  handOver(meetingId: string): void {
    const room = this.rooms.get(meetingId);
    if (room === undefined || room.closed) return;
    this.logger.warn(`meeting ${meetingId} is placed on another node: handing it over`);
    room.close('moved');
  }

  // ---- introspection ---------------------------------------------------------------------------

  room(meetingId: string): Room | undefined {
    return this.rooms.get(meetingId);
  }

  status(): RoomsStatus {
    let peers = 0;
    let waiting = 0;
    let consumers = 0;
    for (const r of this.rooms.values()) {
      peers += r.peers.size;
      waiting += r.lobby.size;
      for (const p of r.peers.values()) consumers += p.consumers.size;
    }
    return { rooms: this.rooms.size, peers, waiting, consumers };
  }

  onApplicationShutdown(): void {
    this.shuttingDown = true;
    clearInterval(this.pruneTimer);
    for (const t of this.emptyTimers.values()) clearTimeout(t);
    this.emptyTimers.clear();
    for (const room of [...this.rooms.values()]) room.close('shutdown');
    this.rooms.clear();
    this.pool.close();
  }

  // ---- internals -------------------------------------------------------------------------------

  private requirePeer(channel: PeerChannel): { room: Room; peer: Peer } {
    const session = channel.session;
    if (session === undefined) throw new SfuError('not_joined', 'join first');
    const room = this.rooms.get(session.meetingId);
    if (room === undefined || room.closed) throw new SfuError('not_joined', 'join again');
    const peer = room.peerFor(channel);
    if (peer !== undefined) return { room, peer };
    if (room.inLobby(channel)) throw new SfuError('in_lobby', 'wait until a host lets you in');
    throw new SfuError('not_joined', 'join first');
  }

  private meetingState(meetingId: string): MeetingState {
    let s = this.meetings.get(meetingId);
    if (s === undefined) {
      s = newMeetingState(meetingId);
      this.meetings.set(meetingId, s);
    }
    return s;
  }

  private async roomFor(meetingId: string): Promise<Room> {
    if (this.shuttingDown) throw new SfuError('unavailable', 'the media server is shutting down');
    const existing = this.rooms.get(meetingId);
    if (existing !== undefined && !existing.closed) return existing;
    const pending = this.creating.get(meetingId);
    if (pending !== undefined) return pending;
    const created = (async (): Promise<Room> => {
      const slot = await this.pool.acquire();
      try {
        const room = await Room.create({
          meetingId,
          worker: slot.worker,
          webRtcServer: slot.webRtcServer,
          state: this.meetingState(meetingId),
          hooks: { closed: (r, reason) => this.roomClosed(r, reason), empty: (r) => this.roomEmpty(r), presence: this.options.presence },
          logger: this.logger,
          clock: this.options.clock,
          spread:
            this.options.peersPerRouter > 0 && this.pool.size > 1
              ? { peersPerRouter: this.options.peersPerRouter, pickWorker: (except) => this.pool.pickOther(except) }
              : undefined,
        });
        if (this.shuttingDown) {
          room.close('shutdown');
          throw new SfuError('unavailable', 'the media server is shutting down');
        }
        this.rooms.set(meetingId, room);
        this.logger.log(`room ${meetingId} opened on worker ${slot.index} (pid ${slot.worker.pid})`);
        return room;
      } catch (e) {
        if (e instanceof SfuError) throw e;
        throw new SfuError('unavailable', `cannot open the meeting: ${e instanceof Error ? e.message : String(e)}`);
      }
    })();
    this.creating.set(meetingId, created);
    try {
      return await created;
    } finally {
      this.creating.delete(meetingId);
    }
  }

  private roomClosed(room: Room, reason: RoomCloseReason): void {
    if (this.rooms.get(room.meetingId) === room) this.rooms.delete(room.meetingId);
    this.cancelEmptyTimer(room.meetingId);
    if (reason === 'worker-died' && !this.shuttingDown) {
      // Recreate at once on another worker so the participants' rejoins find it ready.
      this.roomFor(room.meetingId).then(
        (r) => this.roomEmpty(r),
        (e: unknown) => this.logger.error(`recreating room ${room.meetingId}: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }

  private roomEmpty(room: Room): void {
    if (!room.isEmpty() || room.closed) return;
    this.cancelEmptyTimer(room.meetingId);
    const closeIfEmpty = (): void => {
      this.emptyTimers.delete(room.meetingId);
      if (!room.closed && room.isEmpty()) room.close('empty');
    };
    if (this.options.emptyRoomGraceMs <= 0) {
      closeIfEmpty();
      return;
    }
    const t = setTimeout(closeIfEmpty, this.options.emptyRoomGraceMs);
    t.unref();
    this.emptyTimers.set(room.meetingId, t);
  }

  private cancelEmptyTimer(meetingId: string): void {
    const t = this.emptyTimers.get(meetingId);
    if (t !== undefined) clearTimeout(t);
    this.emptyTimers.delete(meetingId);
  }

  private pruneMeetings(): void {
    const now = this.options.clock();
    for (const [id, s] of this.meetings) {
      if (!this.rooms.has(id) && !this.creating.has(id) && s.expiresAt < now) this.meetings.delete(id);
    }
  }
}

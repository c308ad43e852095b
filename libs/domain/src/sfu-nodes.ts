/**
 * SFU nodes and the meetings on them: the contract between apps/sfu (each node registers itself and its
 * load in Redis with a heartbeat) and apps/api (which places a meeting on a node when it signs a join
 * token and puts the node in the token). Keys and the placement rule; no I/O.
 *
 * Redis, under the instance group's prefix (API: QUEUE_PREFIX; SFU: SFU_REGISTRY_PREFIX, same default):
 *  - `<p>:sfu:nodes`          set of node ids that have ever registered (stale ids are pruned by readers)
 *  - `<p>:sfu:node:<id>`      the node's SfuNodeRecord as JSON, with a TTL: the node is live while it exists
 *  - `<p>:sfu:meeting:<mid>`  the node id a meeting lives on, until the meeting's tokens expire
 *  - `<p>:sfu:recent:<id>`    meetings placed on the node in the last few seconds, before their peers show in its load
 */
export interface SfuNodeRecord {
  id: string;
  /** where browsers reach the node's signalling (socket.io), e.g. https://sfu-2.kohtaamo.example.fi */
  url: string;
  /** mediasoup workers running (one per core) */
  workers: number;
  /** admitted participants and open rooms on the node */
  peers: number;
  rooms: number;
  /** consumers (forwarded streams): the figure that saturates a worker */
  consumers: number;
  /** heartbeat time, ms since epoch */
  at: number;
}

export function sfuKeys(prefix: string): {
  nodes: string;
  node(id: string): string;
  meeting(meetingId: string): string;
  recent(id: string): string;
} {
  return {
    nodes: `${prefix}:sfu:nodes`,
    node: (id) => `${prefix}:sfu:node:${id}`,
    meeting: (mid) => `${prefix}:sfu:meeting:${mid}`,
    recent: (id) => `${prefix}:sfu:recent:${id}`,
  };
}

/** A meeting just placed counts as this many participants until its peers show in the node's heartbeat. */
export const RECENT_PLACEMENT_WEIGHT = 2;

/**
 * The least-loaded live node: participants (plus meetings placed in the last seconds) per worker, ties
 * broken by id so that the choice is the same on every API instance. Nodes with no live worker are skipped.
 */
export function pickSfuNode<T extends SfuNodeRecord>(nodes: ReadonlyArray<T & { recent?: number }>): T | undefined {
  let best: T | undefined;
  let bestScore = Infinity;
  for (const n of nodes) {
    if (n.workers < 1) continue;
    const score = (n.peers + RECENT_PLACEMENT_WEIGHT * (n.recent ?? 0)) / n.workers;
    if (score < bestScore || (score === bestScore && best !== undefined && n.id < best.id)) {
      best = n;
      bestScore = score;
    }
  }
  return best;
}

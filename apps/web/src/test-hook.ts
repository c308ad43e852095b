import type { CallController, Timings } from './video/call-controller';
import type { ViewName } from './video/call-store';
import type { TrackStats, TransportRoute } from './media-session';

/** window.__kohtaamo: read-only handles for the browser tests and the join benchmark. */
export interface KohtaamoTestHook {
  view(): ViewName;
  /** participant ids with a tile in the grid (as drawn) */
  participants(): string[];
  /** guests waiting (host panel, as drawn) */
  lobby(): string[];
  /** per remote track: bytesReceived and framesDecoded from RTCRtpReceiver stats */
  stats(): Promise<TrackStats[]>;
  timings(): Timings;
  /** per transport: connection state and the ICE route (relay or not, and over which protocol) */
  routes(): Promise<TransportRoute[]>;
  /** recent signalling events, oldest first */
  events(): string[];
}

declare global {
  interface Window {
    __kohtaamo?: KohtaamoTestHook;
  }
}

/**
 * Installed by the join page only in a test build (`vite build --mode test`): Vite replaces
 * import.meta.env.MODE with a constant, so a production bundle holds neither the call nor this module
 * (checked by test/video/join-addresses.e2e-spec.ts).
 */
export function installTestHook(c: CallController): () => void {
  const hook: KohtaamoTestHook = {
    view: () => c.view(),
    participants: () => [...new Set([...document.querySelectorAll<HTMLElement>('#grid .tile')].map((el) => el.dataset['participantId'] ?? ''))],
    lobby: () => [...document.querySelectorAll<HTMLElement>('#lobby-list li')].map((li) => li.dataset['participantId'] ?? ''),
    stats: () => c.stats(),
    timings: () => ({ ...c.timings }),
    routes: () => c.routes(),
    events: () => [...c.eventLog],
  };
  window.__kohtaamo = hook;
  return () => {
    if (window.__kohtaamo === hook) delete window.__kohtaamo;
  };
}

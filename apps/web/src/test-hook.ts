import type { App, Timings, ViewName } from './app';
import type { TrackStats, TransportRoute } from './media-session';

/** window.__kohtaamo: read-only handles for the browser tests and the join benchmark. */
export interface KohtaamoTestHook {
  view(): ViewName;
  /** participant ids with a tile in the grid */
  participants(): string[];
  /** guests waiting (host panel) */
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

export function installTestHook(app: App): void {
  window.__kohtaamo = {
    view: () => app.view,
    participants: () => app.participants(),
    lobby: () => app.lobbyWaiting(),
    stats: () => app.stats(),
    timings: () => ({ ...app.timings }),
    routes: () => app.routes(),
    events: () => [...app.eventLog],
  };
}

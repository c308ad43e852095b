/**
 * "Video paused" only once it has lasted: the SFU reports a consumer's spatial layer as null whenever it
 * forwards none of that video, which also happens for a few hundred ms at a layer switch or a keyframe wait.
 * A null is passed on only when no layer has come for `afterMs` (HELD_AFTER_MS, 1,000 ms); a layer passes at
 * once and cancels a pending null. Timers are injected so the unit test runs on a fake clock.
 */
export const HELD_AFTER_MS = 1000;

type Timers = { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export class HeldDebounce {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly emit: (consumerId: string, spatialLayer: number | null) => void,
    private readonly afterMs = HELD_AFTER_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** One layer report from the SFU: a number (forwarded at that layer) or null (none forwarded). */
  report(consumerId: string, spatialLayer: number | null): void {
    this.forget(consumerId);
    if (spatialLayer !== null) {
      this.emit(consumerId, spatialLayer);
      return;
    }
    this.pending.set(consumerId, this.timers.set(() => {
      this.pending.delete(consumerId);
      this.emit(consumerId, null);
    }, this.afterMs));
  }

  /** The consumer went away: drop its pending null. */
  forget(consumerId: string): void {
    const h = this.pending.get(consumerId);
    if (h === undefined) return;
    this.timers.clear(h);
    this.pending.delete(consumerId);
  }

  /** The call ended: nothing pending is passed on. */
  clear(): void {
    for (const id of [...this.pending.keys()]) this.forget(id);
  }
}

/**
 * Holds a viewer's simulcast layer down once the link has shown it cannot carry it, so that a weak link
 * gets a smaller picture at a steady frame rate instead of swinging between layers.
 *
 * mediasoup picks the forwarded layer itself from the receive transport's bandwidth estimate (transport-cc),
 * up to the consumer's preferred layer, and it prefers resolution to frame rate: on a weak link it forwards
 * a high spatial layer at its lowest temporal layer (a few frames a second) and, in some runs, lets the top
 * layer through again for seconds; the link's queue fills, the audio sharing the link is concealed and the
 * video drops again (measured on a 300 kbit/s, 5 % loss link: README, "Impaired links").
 *
 * The guard caps the preferred spatial layer (the rule WebRTC itself applies to camera video,
 * degradationPreference "maintain-framerate": resolution goes first, frame rate is kept) when
 * - mediasoup steps the spatial layer down below the preferred one (the estimate fell): cap at that layer;
 * - or a spatial layer above the bottom stays below its top temporal layer for `degradedMs`: cap one lower.
 * A step down the sender caused (its stream of that layer died) caps nothing.
 * A cap holds for `holdMs`, then rises one layer every `stepMs` until the tile's layer, so the estimate may
 * try again — but only while the capped layer arrives at its full frame rate and the estimate has carried
 * the next layer's encoding for the last `sustainMs` (a lossy link's estimate spikes for a second, e.g.
 * 40 → 450 kbit/s, and a climb on a spike filled the link's queue), or once the cap has stood `stableMs`; a failed climb (a new cap within
 * `retryWindowMs` of a rise) doubles the hold up to `maxHoldMs`; `stableMs` without a cap starts again at
 * `baseHoldMs`. When the link clears, the video is back at the tile's layer one hold and a step per layer
 * later at most.
 *
 * Pure: the caller passes the time (ms, any monotonic epoch), wakes the guard with `tick` at `nextWakeAt()`,
 * and applies `preferred()` to the consumer (`consumer.setPreferredLayers`) whenever a call returns true.
 */
export type LayerGuardOptions = {
  /** first hold after a cap, ms */
  baseHoldMs: number;
  /** longest hold, ms */
  maxHoldMs: number;
  /** a cap this soon after a release counts as a failed climb (the hold doubles), ms */
  retryWindowMs: number;
  /** no cap for this long: the next hold is `baseHoldMs` again, ms */
  stableMs: number;
  /** a spatial layer forwarded below its top temporal layer this long is more than the link carries, ms */
  degradedMs: number;
  /** after a hold the cap rises one layer at a time, each held this long before the next, ms */
  stepMs: number;
  /** the estimate must have carried the next layer this long (its lowest value over the time), ms */
  sustainMs: number;
};

export const LAYER_GUARD_DEFAULTS: LayerGuardOptions = { baseHoldMs: 6_000, maxHoldMs: 24_000, retryWindowMs: 15_000, stableMs: 60_000, degradedMs: 3_000, stepMs: 3_000, sustainMs: 3_000 };

/** mediasoup traces the estimate about once a second: a few seconds' worth, with room to spare */
const MAX_ESTIMATES = 32;

export class LayerGuard {
  private tile: number;
  private current: { spatial: number; temporal: number } | null = null;
  /** since when the current spatial layer (above the bottom) has been forwarded below its top temporal layer */
  private degradedSince: number | null = null;
  private cap: number | null = null;
  private capUntil = 0;
  private holdMs: number;
  private lastRelease: number | null = null;
  private lastCap: number | null = null;

  /**
   * the viewer's receive transport's bandwidth estimates (bits/s, mediasoup's "bwe" trace) of the last
   * `sustainMs`, and the one in effect when that time began
   */
  private estimates: Array<{ at: number; bps: number }> = [];

  /**
   * @param tileLayer the spatial layer the viewer's tile asks for
   * @param topTemporal the producer's highest temporal layer (2 for L1T3); 0 turns the frame-rate rule off
   * @param layerBitrates each spatial layer's encoding maxBitrate, bits/s (the producer's rtpParameters),
   *   where the sender gave one: the cap rises to a layer only when the estimate carries it
   */
  constructor(
    tileLayer: number,
    private readonly topTemporal: number,
    private readonly layerBitrates: ReadonlyArray<number | undefined> = [],
    private readonly o: LayerGuardOptions = LAYER_GUARD_DEFAULTS,
  ) {
    this.tile = tileLayer;
    this.holdMs = o.baseHoldMs;
  }

  /** The layer to ask mediasoup for: the tile's layer, or lower while a hold lasts. */
  preferred(): number {
    return this.cap === null ? this.tile : Math.min(this.tile, this.cap);
  }

  /** When the current hold ends (ms), or null when none holds. */
  holdEndsAt(): number | null {
    return this.cap === null ? null : this.capUntil;
  }

  /** When `tick` has something to do (a hold ends, or a low frame rate has lasted `degradedMs`), or null. */
  nextWakeAt(): number | null {
    const times = [this.holdEndsAt(), this.degradedSince === null ? null : this.degradedSince + this.o.degradedMs].filter((t): t is number => t !== null);
    return times.length === 0 ? null : Math.min(...times);
  }

  /** The receive transport's bandwidth estimate changed (bits/s) at `now` (ms). */
  setAvailableBitrate(bps: number, now: number): void {
    this.estimates.push({ at: now, bps });
    // keep the last `sustainMs` and the one in effect when it began
    const start = now - this.o.sustainMs;
    const firstInside = this.estimates.findIndex((e) => e.at > start);
    const keepFrom = firstInside === -1 ? this.estimates.length - 1 : Math.max(0, firstInside - 1);
    if (keepFrom > 0) this.estimates = this.estimates.slice(keepFrom);
    // a clock that stands still (a test's) or steps back prunes nothing: keep the newest few all the same
    if (this.estimates.length > MAX_ESTIMATES) this.estimates = this.estimates.slice(-MAX_ESTIMATES);
  }

  /** The lowest estimate over the last `sustainMs` before `now` (bits/s), or null when none came yet. */
  private sustainedBitrate(now: number): number | null {
    if (this.estimates.length === 0) return null;
    const start = now - this.o.sustainMs;
    let low = Infinity;
    let inEffect: number | null = null;
    for (const e of this.estimates) {
      if (e.at <= start) inEffect = e.bps;
      else low = Math.min(low, e.bps);
    }
    return Math.min(low, inEffect ?? Infinity);
  }

  /** The viewer's tile asks for another layer. Returns true: apply `preferred()`. */
  setTile(layer: number): boolean {
    const before = this.preferred();
    this.tile = layer;
    return this.preferred() !== before;
  }

  /**
   * mediasoup reports the layers it now forwards (`layerschange`; null while nothing is forwarded). A
   * spatial drop below the layer forwarded before and below the preferred layer is the estimate's step
   * down: hold there — unless the sender's stream of the layer before died (its score 0 in `senderScores`,
   * the consumer's `score.producerScores`, which mediasoup reports before the layer change): Chromium
   * switches its top simulcast layer off when its own uplink or CPU is short, which says nothing of the
   * viewer's link, and mediasoup climbs back by itself when the stream returns. Returns true: apply `preferred()`.
   */
  onLayers(layers: { spatialLayer: number; temporalLayer?: number } | null | undefined, now: number, senderScores: readonly number[] = []): boolean {
    const previous = this.current;
    if (layers === null || layers === undefined) {
      this.current = null;
      this.degradedSince = null;
      return false;
    }
    const spatial = layers.spatialLayer;
    const temporal = layers.temporalLayer ?? this.topTemporal;
    this.current = { spatial, temporal };
    const senderDropped = previous !== null && senderScores[previous.spatial] === 0;
    const stepDown = previous !== null && spatial < previous.spatial && spatial < this.preferred() && !senderDropped;
    if (stepDown) this.capAt(spatial, now);
    const degraded = spatial > 0 && temporal < this.topTemporal;
    if (!degraded) this.degradedSince = null;
    else if (stepDown || this.degradedSince === null || previous?.spatial !== spatial) this.degradedSince = now;
    return stepDown;
  }

  /** Ends a hold whose time has come, or caps a layer whose frame rate has stayed low. Returns true: apply `preferred()`. */
  tick(now: number): boolean {
    const before = this.preferred();
    if (this.degradedSince !== null && this.current !== null && now - this.degradedSince >= this.o.degradedMs) {
      this.capAt(this.current.spatial - 1, now);
    } else if (this.cap !== null && now >= this.capUntil) {
      if (this.cap >= this.tile) {
        this.cap = null; // the tile shrank below the cap meanwhile: the tile's layer is the limit now
      } else if (this.flowingAtCap(now) || now - (this.lastCap ?? now) >= this.o.stableMs) {
        // one layer at a time: a weak link's estimate overshoots, and the next layer up fails sooner and
        // costs the link's audio less than a jump to the top. A cap that has stood `stableMs` rises without
        // the conditions (an estimate just short of the next encoding's maximum, or a sender whose VP8 carries
        // no temporal index, would otherwise hold it for the rest of the call); mediasoup decides from there.
        this.cap = this.cap + 1 >= this.tile ? null : this.cap + 1;
        this.lastRelease = now;
      }
      this.capUntil = now + this.o.stepMs;
    }
    return this.preferred() !== before;
  }

  /** The capped layer arrives at its full frame rate: only then may the cap rise (nothing forwarded, or a
   * lower layer or frame rate, says the link does not carry even the cap yet). */
  private flowingAtCap(now: number): boolean {
    if (this.cap === null || this.current === null || this.current.spatial < this.cap || this.current.temporal < this.topTemporal) return false;
    // and the receive transport's estimate has carried the next layer's encoding at its maximum, with a
    // tenth to spare for the audio and the rest, all through the last `sustainMs` (the estimate is the
    // viewer's whole link; a necessary condition only)
    const next = this.layerBitrates[this.cap + 1];
    const sustained = this.sustainedBitrate(now);
    return next === undefined || sustained === null || sustained >= next * 1.1;
  }

  private capAt(layer: number, now: number): void {
    if (this.lastRelease !== null && now - this.lastRelease <= this.o.retryWindowMs) {
      this.holdMs = Math.min(this.o.maxHoldMs, this.holdMs * 2);
    } else if (this.lastCap !== null && now - this.lastCap >= this.o.stableMs) this.holdMs = this.o.baseHoldMs;
    this.lastRelease = null; // one failed climb doubles the hold once, however many layers it falls
    this.lastCap = now;
    this.cap = this.cap === null ? Math.max(0, layer) : Math.min(this.cap, Math.max(0, layer)); // never raised here
    this.capUntil = now + this.holdMs;
    this.degradedSince = null;
  }
}

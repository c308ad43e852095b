import { LayerGuard } from './layer-guard';

const o = { baseHoldMs: 8_000, maxHoldMs: 32_000, retryWindowMs: 15_000, stableMs: 60_000, degradedMs: 3_000, stepMs: 3_000, sustainMs: 3_000 };
const L = (spatialLayer: number, temporalLayer = 2) => ({ spatialLayer, temporalLayer });

describe('LayerGuard', () => {
  it('climbing from nothing to the tile layer, through low temporal layers, is no step down', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(null, 0);
    expect(g.onLayers(L(0, 0), 100)).toBe(false);
    expect(g.onLayers(L(1, 0), 200)).toBe(false);
    expect(g.onLayers(L(2, 0), 300)).toBe(false);
    expect(g.onLayers(L(2, 2), 340)).toBe(false);
    expect(g.nextWakeAt()).toBeNull();
    expect(g.tick(10_000)).toBe(false);
    expect(g.preferred()).toBe(2);
  });

  it('a spatial step down by the estimate holds the layer for baseHoldMs, then the cap rises a layer every stepMs', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    expect(g.onLayers(L(0), 1_000)).toBe(true);
    expect(g.preferred()).toBe(0);
    expect(g.holdEndsAt()).toBe(9_000);
    expect(g.nextWakeAt()).toBe(9_000);
    expect(g.tick(8_999)).toBe(false);
    expect(g.preferred()).toBe(0);
    expect(g.tick(9_000)).toBe(true);
    expect(g.preferred()).toBe(1);
    expect(g.onLayers(L(1), 9_500)).toBe(false);
    expect(g.nextWakeAt()).toBe(12_000);
    expect(g.tick(12_000)).toBe(true);
    expect(g.preferred()).toBe(2);
    expect(g.holdEndsAt()).toBeNull();
    expect(g.nextWakeAt()).toBeNull();
  });

  it('a layer kept below its top temporal layer for degradedMs is capped one lower (frame rate before resolution)', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    expect(g.onLayers(L(2, 0), 1_000)).toBe(false);
    expect(g.onLayers(L(2, 1), 2_000)).toBe(false); // still below the top: the clock keeps running
    expect(g.nextWakeAt()).toBe(4_000);
    expect(g.tick(3_999)).toBe(false);
    expect(g.tick(4_000)).toBe(true);
    expect(g.preferred()).toBe(1);
    expect(g.holdEndsAt()).toBe(12_000);
    // mediasoup follows the cap: no new step down, and a full frame rate at layer 1 stops the clock
    expect(g.onLayers(L(1, 2), 4_050)).toBe(false);
    expect(g.nextWakeAt()).toBe(12_000);
  });

  it('a moment at a low temporal layer, or the bottom layer at any frame rate, caps nothing', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(2, 0), 1_000);
    g.onLayers(L(2, 2), 2_500);
    expect(g.nextWakeAt()).toBeNull();
    const bottom = new LayerGuard(0, 2, [], o);
    bottom.onLayers(L(0, 0), 0);
    expect(bottom.nextWakeAt()).toBeNull();
    const single = new LayerGuard(2, 0, [], o); // no temporal layers: the frame-rate rule is off
    single.onLayers(L(2, 0), 0);
    expect(single.nextWakeAt()).toBeNull();
  });

  it('a step down to a layer that is itself below its top temporal layer keeps falling after degradedMs', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    expect(g.onLayers(L(1, 0), 1_000)).toBe(true);
    expect(g.preferred()).toBe(1);
    expect(g.nextWakeAt()).toBe(4_000);
    expect(g.tick(4_000)).toBe(true);
    expect(g.preferred()).toBe(0);
  });

  it('the cap rises only while the capped layer arrives at its full frame rate', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(0, 0), 1_000);
    expect(g.preferred()).toBe(0);
    expect(g.tick(9_000)).toBe(false); // the bottom layer at a low frame rate: stay
    expect(g.nextWakeAt()).toBe(12_000);
    g.onLayers(null, 10_000); // nothing forwarded: stay
    expect(g.tick(12_000)).toBe(false);
    g.onLayers(L(0, 2), 13_000);
    expect(g.tick(15_000)).toBe(true);
    expect(g.preferred()).toBe(1);
  });

  it("the cap rises only when the viewer's bandwidth estimate carries the next layer's encoding", () => {
    const g = new LayerGuard(2, 2, [150_000, 450_000, 1_200_000], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(0), 1_000);
    g.setAvailableBitrate(300_000, 1_500);
    expect(g.tick(9_000)).toBe(false);
    g.setAvailableBitrate(500_000, 9_000);
    expect(g.tick(12_000)).toBe(true);
    expect(g.preferred()).toBe(1);
    g.onLayers(L(1), 12_500);
    g.setAvailableBitrate(1_000_000, 12_500);
    expect(g.tick(15_000)).toBe(false);
    g.setAvailableBitrate(1_620_000, 15_000);
    expect(g.tick(18_000)).toBe(true);
    expect(g.preferred()).toBe(2);
  });

  it('a spike of the estimate lifts no cap: it must have carried the next layer all through the last sustainMs', () => {
    const g = new LayerGuard(2, 2, [100_000, 450_000, 1_200_000], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(0), 1_000);
    // a lossy link: 40 → 600 kbit/s for a second, then back
    g.setAvailableBitrate(40_000, 1_500);
    g.setAvailableBitrate(600_000, 8_500);
    expect(g.tick(9_000)).toBe(false); // at the top of the spike: 40 kbit/s was in effect 3 s before
    g.setAvailableBitrate(60_000, 9_500);
    expect(g.tick(12_000)).toBe(false); // the spike is over
    // an estimate that rises and stays: the cap rises once it has held for sustainMs
    g.setAvailableBitrate(520_000, 12_500);
    g.setAvailableBitrate(700_000, 13_500);
    expect(g.tick(15_000)).toBe(false); // 60 kbit/s was in effect at 12 000
    expect(g.tick(18_000)).toBe(true); // 520 kbit/s and more since 12 500, over 450 kbit/s and a tenth
    expect(g.preferred()).toBe(1);
  });

  it('a climb that fails soon after the release doubles the hold, up to maxHoldMs', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    let t = 1_000;
    const holds: number[] = [];
    for (let i = 0; i < 5; i++) {
      g.onLayers(L(1), t);
      g.onLayers(L(0), t + 1); // falling a second layer refines the cap but doubles nothing more
      holds.push((g.holdEndsAt() ?? 0) - (t + 1));
      t = g.holdEndsAt() ?? 0;
      g.tick(t);
      g.onLayers(L(1), t + 500);
      g.tick(t + o.stepMs);
      g.onLayers(L(2), t + o.stepMs + 500);
      expect(g.preferred()).toBe(2);
      t += o.stepMs + 2_000;
    }
    expect(holds).toEqual([8_000, 16_000, 32_000, 32_000, 32_000]);
  });

  it('a link quiet for stableMs starts again from the base hold', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(1), 1_000);
    g.tick(9_000);
    g.onLayers(L(2), 9_500);
    g.onLayers(L(1), 10_000); // failed climb: 16 s
    expect(g.holdEndsAt()).toBe(26_000);
    g.tick(26_000);
    g.onLayers(L(2), 27_000);
    g.onLayers(L(1), 200_000); // long after: base again
    expect(g.holdEndsAt()).toBe(208_000);
  });

  it('a smaller tile lowers the layer without a hold; a larger tile during a hold stays capped', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    expect(g.setTile(0)).toBe(true);
    expect(g.onLayers(L(0), 100)).toBe(false); // the drop the smaller tile asked for
    expect(g.holdEndsAt()).toBeNull();
    expect(g.setTile(2)).toBe(true);
    g.onLayers(L(1), 200);
    g.onLayers(L(0), 300); // the estimate's drop below the layer forwarded before
    expect(g.preferred()).toBe(0);
    expect(g.setTile(1)).toBe(false);
    expect(g.preferred()).toBe(0);
    g.tick(8_300);
    expect(g.preferred()).toBe(1);
  });

  it("a drop the sender caused (its stream of the layer before has score 0) caps nothing", () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    expect(g.onLayers(L(1), 1_000, [10, 10, 0])).toBe(false);
    expect(g.preferred()).toBe(2);
    g.onLayers(L(2), 5_000, [10, 10, 10]);
    expect(g.onLayers(L(1), 6_000, [10, 10, 10])).toBe(true);
    expect(g.preferred()).toBe(1);
  });

  it('a cap that has stood stableMs rises even when the conditions never come (an estimate just short, no temporal index)', () => {
    const g = new LayerGuard(2, 2, [150_000, 450_000, 1_200_000], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(0, 0), 1_000); // the sender's VP8 carries no temporal index: always "temporal 0"
    g.setAvailableBitrate(480_000, 1_500);
    let t = 9_000;
    while (t < 61_000) {
      expect(g.tick(t)).toBe(false);
      t += 3_000;
    }
    expect(g.tick(63_000)).toBe(true); // the first step after the cap has stood 60 s
    expect(g.preferred()).toBe(1);
  });

  it('a tile shrunk below the cap ends the cap when the hold ends; a larger tile later is not held by it', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(1, 0), 1_000);
    expect(g.preferred()).toBe(1);
    g.setTile(0);
    g.onLayers(L(0, 0), 1_100);
    g.tick(9_000);
    expect(g.holdEndsAt()).toBeNull();
    expect(g.nextWakeAt()).toBeNull();
    expect(g.setTile(2)).toBe(true);
    expect(g.preferred()).toBe(2);
  });

  it('the frame-rate rule never raises a cap', () => {
    const g = new LayerGuard(2, 2, [], o);
    g.onLayers(L(2), 0);
    g.onLayers(L(0), 1_000); // cap 0
    g.onLayers(L(2, 0), 1_500); // a report above the cap, at a low frame rate (before mediasoup follows the cap)
    g.tick(4_500);
    expect(g.preferred()).toBe(0);
  });

  it('a climb that fails right after a hold longer than stableMs still doubles the hold', () => {
    const g = new LayerGuard(1, 2, [], o);
    g.onLayers(L(1), 0);
    g.onLayers(L(0, 0), 1_000); // cap 0 (8 s), the bottom layer at a low frame rate: no rise until stableMs
    expect(g.tick(61_000)).toBe(true); // stood stableMs: rises to the tile
    g.onLayers(L(1), 61_500);
    g.onLayers(L(0), 62_000); // failed at once
    expect(g.holdEndsAt()).toBe(62_000 + 16_000);
  });
});

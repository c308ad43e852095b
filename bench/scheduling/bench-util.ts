/** Helpers shared by the scheduling benchmarks: a seeded PRNG, a timer and the JSON-line printer. */

/** mulberry32: small, fast, deterministic. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns each run's milliseconds. */
export function measure(fn: (i: number) => unknown, warmup: number, runs: number): number[] {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += Number(Boolean(fn(i)));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    sink += Number(Boolean(fn(i)));
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (sink < 0) console.error(sink); // keeps the calls observable
  return times;
}

export function percentile(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** One figure as one JSON line on stdout. */
export function report(bench: string, value: number, unit: string, context: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench, value: Math.round(value * 1000) / 1000, unit, ...context }));
}

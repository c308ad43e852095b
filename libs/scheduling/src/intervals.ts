import { SchedulingError } from './errors';

/** A half-open span of time [start, end) between two instants. */
export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Internally interval lists are flat number arrays `[s0, e0, s1, e1, …]` of epoch milliseconds,
 * half-open, and — once normalised — sorted, non-overlapping and non-touching. All operations below
 * are linear merges over such lists.
 */
export type FlatIntervals = number[];

/** Epoch milliseconds of a Date, or `invalid_date` naming `field`. */
export function instantMs(value: Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new SchedulingError('invalid_date', field, `${field} must be a valid Date`);
  return ms;
}

/** Checked [start, end) of an interval in milliseconds; `invalid_range` unless start < end. */
export function intervalMs(interval: Interval, field: string): [number, number] {
  const s = instantMs(interval?.start, `${field}.start`);
  const e = instantMs(interval?.end, `${field}.end`);
  if (!(s < e)) throw new SchedulingError('invalid_range', field, `${field}: end must be after start`);
  return [s, e];
}

/**
 * Union of intervals given as separate start and end arrays (pair i is [starts[i], ends[i]), start < end),
 * as a normalised flat list. The union does not need the pairs sorted together: both arrays are sorted
 * natively (typed-array sort, no comparator) and swept with a depth counter; at equal times starts come
 * first, so touching intervals merge. Sorts the arrays in place.
 */
export function unionOf(starts: Float64Array | Int32Array, ends: Float64Array | Int32Array): FlatIntervals {
  starts.sort();
  ends.sort();
  const out: FlatIntervals = [];
  const n = starts.length;
  let i = 0;
  let j = 0;
  let depth = 0;
  while (j < n) {
    if (i < n && starts[i] <= ends[j]) {
      if (depth++ === 0) out.push(starts[i]);
      i++;
    } else {
      if (--depth === 0) out.push(ends[j]);
      j++;
    }
  }
  return out;
}

/** Sorted, merged form of any flat list of [start, end) pairs with start < end. */
export function normalize(list: FlatIntervals): FlatIntervals {
  const n = list.length / 2;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = list[2 * i];
    ends[i] = list[2 * i + 1];
  }
  return unionOf(starts, ends);
}

/** a minus b, both normalised. */
export function subtract(a: FlatIntervals, b: FlatIntervals): FlatIntervals {
  if (b.length === 0) return a;
  const out: FlatIntervals = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i];
    const e = a[i + 1];
    while (j < b.length && b[j + 1] <= s) j += 2;
    let k = j;
    while (k < b.length && b[k] < e) {
      if (b[k] > s) out.push(s, b[k]);
      if (b[k + 1] > s) s = b[k + 1];
      if (s >= e) break;
      k += 2;
    }
    if (s < e) out.push(s, e);
  }
  return out;
}

/** a ∩ b, both normalised. */
export function intersect(a: FlatIntervals, b: FlatIntervals): FlatIntervals {
  const out: FlatIntervals = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = a[i] > b[j] ? a[i] : b[j];
    const e = a[i + 1] < b[j + 1] ? a[i + 1] : b[j + 1];
    if (s < e) out.push(s, e);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

/** Whether [s, e) lies inside one interval of a normalised list (binary search). */
export function containsSpan(list: FlatIntervals, s: number, e: number): boolean {
  let lo = 0;
  let hi = list.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[2 * mid + 1] <= s) lo = mid + 1;
    else if (list[2 * mid] > s) hi = mid - 1;
    else return list[2 * mid + 1] >= e;
  }
  return false;
}

/** Flat list → public intervals. */
export function toIntervals(list: FlatIntervals): Interval[] {
  const out: Interval[] = [];
  for (let i = 0; i < list.length; i += 2) out.push({ start: new Date(list[i]), end: new Date(list[i + 1]) });
  return out;
}

/** Public intervals → normalised flat list, with every interval checked. */
export function fromIntervals(intervals: readonly Interval[], field: string): FlatIntervals {
  const flat: FlatIntervals = [];
  for (let i = 0; i < intervals.length; i++) {
    const [s, e] = intervalMs(intervals[i], `${field}[${i}]`);
    flat.push(s, e);
  }
  return normalize(flat);
}

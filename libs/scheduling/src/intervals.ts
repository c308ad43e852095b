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

/** Sorts the pairs of a flat list by start (skipped when already sorted, the usual case). */
export function sortFlat(list: FlatIntervals): FlatIntervals {
  let sorted = true;
  for (let i = 2; i < list.length; i += 2) {
    if (list[i] < list[i - 2]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return list;
  const n = list.length / 2;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => list[2 * a] - list[2 * b]);
  const out = new Array<number>(list.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = list[2 * order[i]];
    out[2 * i + 1] = list[2 * order[i] + 1];
  }
  return out;
}

/** Merges overlapping or touching pairs of a start-sorted flat list. */
export function mergeSorted(list: FlatIntervals): FlatIntervals {
  const out: FlatIntervals = [];
  let k = -1;
  for (let i = 0; i < list.length; i += 2) {
    const s = list[i];
    const e = list[i + 1];
    if (k >= 0 && s <= out[k]) {
      if (e > out[k]) out[k] = e;
    } else {
      out.push(s, e);
      k = out.length - 1;
    }
  }
  return out;
}

/** Sorted, merged form of any flat list. */
export function normalize(list: FlatIntervals): FlatIntervals {
  return mergeSorted(sortFlat(list));
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

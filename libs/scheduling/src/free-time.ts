import { SchedulingError } from './errors';
import { containsSpan, instantMs, intersect, intervalMs, subtract, toIntervals, unionOf, type FlatIntervals, type Interval } from './intervals';
import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY } from './local-date';
import { compileWorkingHours, expandWorkingHours, type WorkingHours } from './working-hours';
import { helsinki } from './zone';

/** One person's availability: working hours and busy time (meetings, imported calendars). */
export interface ParticipantAvailability {
  readonly id: string;
  readonly workingHours: WorkingHours;
  /** busy intervals in any order; they may overlap */
  readonly busy: readonly Interval[];
}

export interface FreeTimeQuery {
  /** everyone here must be free; at least one */
  readonly required: readonly ParticipantAvailability[];
  /** ranked by how many of them can attend */
  readonly optional?: readonly ParticipantAvailability[];
  /** the meeting must lie inside [from, to) */
  readonly window: Interval;
  readonly durationMinutes: number;
  /** free time kept before and after every busy interval; default 0 */
  readonly bufferMinutes?: number;
  /** candidate starts lie on this grid of the Helsinki wall clock (from midnight); must divide 24 h; default 15 */
  readonly stepMinutes?: number;
  /** default 20 */
  readonly maxResults?: number;
  /** the clock: no candidate starts before it */
  readonly now?: Date;
}

export interface FreeTimeCandidate {
  readonly start: Date;
  readonly end: Date;
  /** ids of the optional participants free for the whole meeting, in input order */
  readonly optionalAvailable: readonly string[];
  readonly optionalCount: number;
}

const MAX_WINDOW_MS = 400 * DAY_MS;
const MAX_RESULTS = 10_000;

function checkInt(value: number | undefined, fallback: number, min: number, max: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new SchedulingError('invalid_argument', field, `${field} must be an integer ${min}–${max}, got ${String(value)}`);
  }
  return v;
}

/**
 * A participant's free time inside [from, to) as a normalised flat list: working time minus busy time,
 * each busy interval widened by `bufferMs` on both sides and rounded outwards to whole minutes. The
 * rounding changes no answer (candidate starts and lengths are whole minutes) and lets the endpoints
 * sort as 32-bit minutes from the window start, about three times faster than doubles. Busy intervals
 * that cannot touch the window are dropped before sorting.
 */
function participantFree(p: ParticipantAvailability, field: string, from: number, to: number, bufferMs: number): FlatIntervals {
  const work = expandWorkingHours(compileWorkingHours(p.workingHours, `${field}.workingHours`), from, to);
  const list = p.busy;
  if (!Array.isArray(list)) throw new SchedulingError('invalid_argument', `${field}.busy`, `${field}.busy must be an array`);
  const base = Math.floor(from / MINUTE_MS);
  const starts = new Int32Array(list.length);
  const ends = new Int32Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const b = list[i];
    const s = b?.start instanceof Date ? b.start.getTime() : NaN;
    const e = b?.end instanceof Date ? b.end.getTime() : NaN;
    if (!(s < e)) intervalMs(b, `${field}.busy[${i}]`); // throws the precise error
    const bs = s - bufferMs;
    const be = e + bufferMs;
    if (be > from && bs < to) {
      starts[n] = Math.max(Math.floor(bs / MINUTE_MS) - base, -1);
      ends[n++] = Math.min(Math.ceil(be / MINUTE_MS) - base, Math.ceil(to / MINUTE_MS) - base + 1);
    }
  }
  const busy = unionOf(starts.subarray(0, n), ends.subarray(0, n));
  for (let i = 0; i < busy.length; i++) busy[i] = (busy[i] + base) * MINUTE_MS;
  return subtract(work, busy);
}

/**
 * One person's free time in a window: working hours minus busy intervals widened by the buffer (and
 * rounded outwards to whole minutes). Sorted, non-overlapping UTC intervals.
 */
export function freeIntervals(participant: ParticipantAvailability, window: Interval, bufferMinutes = 0): Interval[] {
  const [from, to] = intervalMs(window, 'window');
  const buffer = checkInt(bufferMinutes, 0, 0, MINUTES_PER_DAY, 'bufferMinutes');
  return toIntervals(participantFree(participant, 'participant', from, to, buffer * MINUTE_MS));
}

/**
 * Appends to `out` every start c in [first, last] whose Helsinki wall-clock time is on the step grid.
 * The grid is fixed per constant-offset stretch, so a DST change inside the span is honoured.
 */
function alignedStarts(first: number, last: number, stepMs: number, out: number[]): void {
  const clock = helsinki();
  let seg = first;
  while (seg <= last) {
    const change = clock.nextOffsetChange(seg, last);
    const segEnd = change ?? last + 1;
    const offsetMs = clock.offsetAt(seg) * MINUTE_MS;
    for (let c = Math.ceil((seg + offsetMs) / stepMs) * stepMs - offsetMs; c < segEnd; c += stepMs) out.push(c);
    seg = segEnd;
  }
}

/**
 * Common free time: start times (on the Helsinki `stepMinutes` grid) at which every required participant
 * is within working hours and not busy (busy time widened by `bufferMinutes` on both sides) for the whole
 * `durationMinutes`. Ranked by how many optional participants are free too (most first), then earliest.
 * At most `maxResults`. Nobody free → `[]`.
 *
 * Cost: per participant one pass over the window's days and a sort of its busy list (skipped when
 * already sorted); then linear merges. No time-zone library in the loops.
 */
export function findCommonFreeTime(query: FreeTimeQuery): FreeTimeCandidate[] {
  const [windowFrom, to] = intervalMs(query.window, 'window');
  let from = windowFrom;
  if (to - windowFrom > MAX_WINDOW_MS) throw new SchedulingError('invalid_range', 'window', 'window must be at most 400 days');
  const durationMs = checkInt(query.durationMinutes, NaN, 1, MINUTES_PER_DAY, 'durationMinutes') * MINUTE_MS;
  const bufferMs = checkInt(query.bufferMinutes, 0, 0, MINUTES_PER_DAY, 'bufferMinutes') * MINUTE_MS;
  const step = checkInt(query.stepMinutes, 15, 1, MINUTES_PER_DAY, 'stepMinutes');
  if (MINUTES_PER_DAY % step !== 0) {
    throw new SchedulingError('invalid_argument', 'stepMinutes', 'stepMinutes must divide 24 hours (e.g. 5, 10, 15, 20, 30, 60)');
  }
  const maxResults = checkInt(query.maxResults, 20, 1, MAX_RESULTS, 'maxResults');
  if (query.now !== undefined) from = Math.max(from, instantMs(query.now, 'now'));
  const required = query.required;
  const optional = query.optional ?? [];
  if (!Array.isArray(required) || required.length === 0) {
    throw new SchedulingError('invalid_argument', 'required', 'at least one required participant is needed');
  }
  if (!Array.isArray(optional)) throw new SchedulingError('invalid_argument', 'optional', 'optional must be an array');
  checkIds(required, optional);
  if (from >= to) return [];

  let common: FlatIntervals | undefined;
  for (let i = 0; i < required.length; i++) {
    const free = participantFree(required[i], `required[${i}]`, from, to, bufferMs);
    common = common === undefined ? free : intersect(common, free);
  }
  const optionalFree = optional.map((p, i) => participantFree(p, `optional[${i}]`, from, to, bufferMs));

  const starts: number[] = [];
  const stepMs = step * MINUTE_MS;
  for (let i = 0; common !== undefined && i < common.length; i += 2) {
    if (common[i + 1] - common[i] >= durationMs) alignedStarts(common[i], common[i + 1] - durationMs, stepMs, starts);
  }
  if (starts.length === 0) return [];

  const counts = new Int32Array(starts.length);
  for (const free of optionalFree) {
    let j = 0;
    for (let k = 0; k < starts.length; k++) {
      const c = starts[k];
      while (j < free.length && free[j + 1] <= c) j += 2;
      if (j < free.length && free[j] <= c && free[j + 1] >= c + durationMs) counts[k]++;
    }
  }

  // counting sort by count descending; within a count the time order is kept
  const firstOfCount = new Int32Array(optional.length + 2);
  for (let k = 0; k < starts.length; k++) firstOfCount[optional.length - counts[k] + 1]++;
  for (let b = 1; b < firstOfCount.length; b++) firstOfCount[b] += firstOfCount[b - 1];
  const order = new Int32Array(starts.length);
  for (let k = 0; k < starts.length; k++) order[firstOfCount[optional.length - counts[k]]++] = k;

  const result: FreeTimeCandidate[] = [];
  for (let r = 0; r < order.length && r < maxResults; r++) {
    const c = starts[order[r]];
    const available: string[] = [];
    for (let o = 0; o < optional.length; o++) if (containsSpan(optionalFree[o], c, c + durationMs)) available.push(optional[o].id);
    result.push({ start: new Date(c), end: new Date(c + durationMs), optionalAvailable: available, optionalCount: available.length });
  }
  return result;
}

function checkIds(required: readonly ParticipantAvailability[], optional: readonly ParticipantAvailability[]): void {
  const seen = new Set<string>();
  const all: Array<[ParticipantAvailability, string]> = [
    ...required.map((p, i): [ParticipantAvailability, string] => [p, `required[${i}].id`]),
    ...optional.map((p, i): [ParticipantAvailability, string] => [p, `optional[${i}].id`]),
  ];
  for (const [p, field] of all) {
    if (typeof p?.id !== 'string' || p.id === '') throw new SchedulingError('invalid_argument', field, `${field} must be a non-empty string`);
    if (seen.has(p.id)) throw new SchedulingError('duplicate', field, `participant ${JSON.stringify(p.id)} is listed twice`);
    seen.add(p.id);
  }
}

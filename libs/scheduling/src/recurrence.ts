import type { RRule } from 'rrule';
import { SchedulingError } from './errors';
import { instantMs, intervalMs, type Interval } from './intervals';
import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY, parseLocalDateTime } from './local-date';
import { compileRule, firstRuleStart, ruleWallStarts } from './rrule-parse';
import { helsinki, type ZoneClock } from './zone';

/**
 * A recurring team session, e.g. every other Tuesday 13:00–15:00 Europe/Helsinki:
 * `{ dtstart: '2026-01-13T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' }`.
 */
export interface SessionSeries {
  /** first start, Helsinki wall clock `YYYY-MM-DDTHH:mm[:ss]` (RFC 5545 DTSTART;TZID=Europe/Helsinki) */
  readonly dtstart: string;
  readonly durationMinutes: number;
  /**
   * RFC 5545 RRULE value (an `RRULE:` prefix is allowed). FREQ DAILY, WEEKLY, MONTHLY or YEARLY;
   * INTERVAL, COUNT or UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, BYSETPOS, WKST.
   * UNTIL as a UTC instant (`…Z`), a Helsinki wall-clock time or a date (inclusive).
   */
  readonly rrule: string;
  readonly exceptions?: readonly OccurrenceException[];
}

/** A change to one occurrence, addressed by its key (like RECURRENCE-ID). */
export type OccurrenceException =
  | { readonly kind: 'cancelled'; readonly key: string }
  | { readonly kind: 'moved'; readonly key: string; readonly start: Date; readonly end: Date };

export type OccurrenceStatus = 'scheduled' | 'moved' | 'cancelled';

export interface Occurrence {
  /** the original start as ISO UTC (`2026-03-31T10:00:00.000Z`): stable, even when the occurrence moves */
  readonly key: string;
  readonly start: Date;
  readonly end: Date;
  readonly originalStart: Date;
  readonly status: OccurrenceStatus;
}

export interface ExpandOptions {
  /** also return cancelled occurrences (at their original time); default false */
  readonly includeCancelled?: boolean;
  /** `too_many_occurrences` beyond this; default 10 000 */
  readonly maxOccurrences?: number;
}

const DEFAULT_MAX_OCCURRENCES = 10_000;
/** long enough for rules that fire once in 8 years (29 February across a century year) */
const NON_EMPTY_HORIZON_YEARS = 30;
const MIN_YEAR_MS = Date.UTC(1900, 0, 1);
const MAX_YEAR_MS = Date.UTC(2200, 0, 1);

const KEY_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z$/;

/** The key of an occurrence that originally starts at `start`: its ISO UTC form. */
export function occurrenceKey(start: Date): string {
  return new Date(instantMs(start, 'start')).toISOString();
}

function keyMs(key: string, field: string): number {
  const ms = typeof key === 'string' && KEY_RE.test(key) ? Date.parse(key) : NaN;
  if (!Number.isFinite(ms)) {
    throw new SchedulingError('invalid_date', field, `${field} must be an occurrence's original start in ISO UTC, e.g. 2026-03-31T10:00:00Z`);
  }
  return ms;
}

interface CompiledException {
  readonly kind: 'cancelled' | 'moved';
  readonly originalMs: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** A validated series, ready to expand many times. */
export interface CompiledSeries {
  readonly rule: RRule;
  readonly clock: ZoneClock;
  readonly dtstartWall: number;
  readonly durationMs: number;
  /** by original start (UTC ms) */
  readonly exceptions: ReadonlyMap<number, CompiledException>;
}

/**
 * Checks a series and prepares it for expansion. Throws {@link SchedulingError}: `invalid_date`
 * (dtstart, exception times), `invalid_argument` (duration, exception kind), `invalid_rrule` (also when
 * dtstart is not itself an occurrence of the rule),
 * `empty_rrule` (no occurrence at all), `unknown_occurrence` (an exception key that is not an original
 * start of the series), `duplicate` (two exceptions for one occurrence), `invalid_range` (moved end
 * not after start).
 */
export function compileSeries(series: SessionSeries): CompiledSeries {
  const { compiled, keyFields } = prepareSeries(series);
  checkExceptionKeys(compiled, keyFields);
  return compiled;
}

interface PreparedSeries {
  compiled: CompiledSeries;
  /** exception original start (UTC ms) → its field, for `unknown_occurrence` */
  keyFields: ReadonlyMap<number, string>;
}

/** Everything {@link compileSeries} checks except whether the exception keys are occurrences. */
function prepareSeries(series: SessionSeries): PreparedSeries {
  const clock = helsinki();
  const dtstartWall = parseLocalDateTime(series?.dtstart, 'dtstart');
  if (dtstartWall < MIN_YEAR_MS || dtstartWall >= MAX_YEAR_MS) {
    throw new SchedulingError('invalid_date', 'dtstart', 'dtstart must be in the years 1900–2199');
  }
  const minutes = series.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MINUTES_PER_DAY) {
    throw new SchedulingError('invalid_argument', 'durationMinutes', `durationMinutes must be an integer 1–${MINUTES_PER_DAY}`);
  }
  const rule = compileRule(series.rrule, dtstartWall, clock, { field: 'rrule', allowTimeParts: false });
  const first = firstRuleStart(rule, dtstartWall, NON_EMPTY_HORIZON_YEARS);
  if (first === undefined) throw new SchedulingError('empty_rrule', 'rrule', 'rrule: the rule produces no occurrence');
  if (first !== dtstartWall) {
    throw new SchedulingError('invalid_rrule', 'dtstart', 'dtstart must itself be an occurrence of the rule (e.g. a Tuesday for BYDAY=TU)');
  }

  const exceptions = new Map<number, CompiledException>();
  const fields = new Map<number, string>();
  const list = series.exceptions ?? [];
  if (!Array.isArray(list)) throw new SchedulingError('invalid_argument', 'exceptions', 'exceptions must be an array');
  list.forEach((ex: OccurrenceException, i) => {
    const field = `exceptions[${i}]`;
    const originalMs = keyMs(ex?.key, `${field}.key`);
    if (exceptions.has(originalMs)) throw new SchedulingError('duplicate', `${field}.key`, `${field}: occurrence ${ex.key} already has an exception`);
    let compiled: CompiledException;
    if (ex.kind === 'cancelled') {
      compiled = { kind: 'cancelled', originalMs, startMs: originalMs, endMs: originalMs };
    } else if (ex.kind === 'moved') {
      const [startMs, endMs] = intervalMs(ex, field);
      compiled = { kind: 'moved', originalMs, startMs, endMs };
    } else {
      throw new SchedulingError('invalid_argument', `${field}.kind`, `${field}.kind must be 'cancelled' or 'moved'`);
    }
    exceptions.set(originalMs, compiled);
    fields.set(originalMs, `${field}.key`);
  });
  return { compiled: { rule, clock, dtstartWall, durationMs: minutes * MINUTE_MS, exceptions }, keyFields: fields };
}

/** Wall-clock span [lo, hi] of the exception keys. */
function keySpan(clock: ZoneClock, keyFields: ReadonlyMap<number, string>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const k of keyFields.keys()) {
    const w = clock.toWall(k);
    if (w < lo) lo = w;
    if (w > hi) hi = w;
  }
  return [lo, hi];
}

/**
 * Every exception must address a real occurrence. `walls` are the rule's wall starts over a span that
 * holds every key; without them the rule is expanded over the keys' span.
 */
function checkExceptionKeys(compiled: CompiledSeries, keyFields: ReadonlyMap<number, string>, walls?: readonly number[]): void {
  if (keyFields.size === 0) return;
  const { rule, clock } = compiled;
  const [lo, hi] = keySpan(clock, keyFields);
  const starts = new Set((walls ?? ruleWallStarts(rule, lo, hi, Number.MAX_SAFE_INTEGER)).map((w) => clock.toUtc(w)));
  for (const [k, field] of keyFields) {
    if (!starts.has(k)) {
      throw new SchedulingError('unknown_occurrence', field, `${field}: ${new Date(k).toISOString()} is not an occurrence of the series`);
    }
  }
}

/** Checks a series; throws the {@link SchedulingError} that {@link compileSeries} describes. */
export function validateSeries(series: SessionSeries): void {
  compileSeries(series);
}

/**
 * Occurrences whose (possibly moved) start lies in [range.start, range.end), sorted by start then key.
 * Expansion runs on the Helsinki wall clock and each start converts to UTC afterwards, so a 13:00 session
 * is 11:00 UTC in winter and 10:00 UTC in summer. Cancelled occurrences are left out unless
 * `includeCancelled`; a moved one appears at its new time with its original key.
 */
export function expandSeries(series: SessionSeries | CompiledSeries, range: Interval, options: ExpandOptions = {}): Occurrence[] {
  const prepared: PreparedSeries = 'rule' in series ? { compiled: series, keyFields: new Map() } : prepareSeries(series);
  const { compiled, keyFields } = prepared;
  const [from, to] = intervalMs(range, 'range');
  const max = options.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES;
  if (!Number.isInteger(max) || max < 1) throw new SchedulingError('invalid_argument', 'maxOccurrences', 'maxOccurrences must be a positive integer');
  const { rule, clock, durationMs, exceptions } = compiled;

  const out: Occurrence[] = [];
  const push = (o: Occurrence): void => {
    if (out.length >= max) {
      throw new SchedulingError('too_many_occurrences', 'range', `more than ${max} occurrences in the range; ask for a shorter one`);
    }
    out.push(o);
  };
  // widen by a day on the wall clock (the exact test is on the UTC start below); a rule fires at most
  // once a day, so more wall starts than this means more than `max` occurrences
  const limit = max + exceptions.size + 4;
  const fromWall = clock.toWall(from) - DAY_MS;
  const toWall = clock.toWall(to) + DAY_MS;
  const walls = ruleWallStarts(rule, fromWall, toWall, limit);
  if (walls.length > limit) {
    throw new SchedulingError('too_many_occurrences', 'range', `more than ${max} occurrences in the range; ask for a shorter one`);
  }
  // a raw series is validated here; when its exception keys lie in the range, this expansion serves
  if (keyFields.size > 0) {
    const [lo, hi] = keySpan(clock, keyFields);
    checkExceptionKeys(compiled, keyFields, lo >= fromWall && hi <= toWall ? walls : undefined);
  }
  for (const wall of walls) {
    const startMs = clock.toUtc(wall);
    if (startMs < from || startMs >= to) continue;
    const ex = exceptions.get(startMs);
    if (ex === undefined) {
      const start = new Date(startMs);
      push({ key: start.toISOString(), start, end: new Date(startMs + durationMs), originalStart: start, status: 'scheduled' });
    } else if (ex.kind === 'cancelled' && options.includeCancelled) {
      const start = new Date(startMs);
      push({ key: start.toISOString(), start, end: new Date(startMs + durationMs), originalStart: start, status: 'cancelled' });
    }
  }
  for (const ex of exceptions.values()) {
    if (ex.kind === 'moved' && ex.startMs >= from && ex.startMs < to) {
      const originalStart = new Date(ex.originalMs);
      push({ key: originalStart.toISOString(), start: new Date(ex.startMs), end: new Date(ex.endMs), originalStart, status: 'moved' });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

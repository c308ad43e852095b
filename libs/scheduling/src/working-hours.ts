import { SchedulingError } from './errors';
import { isPublicHolidayDay } from './holidays';
import { fromIntervals, intervalMs, subtract, toIntervals, type FlatIntervals, type Interval } from './intervals';
import { DAY_MS, isoWeekdayOf, MINUTE_MS, parseLocalTime, type IsoWeekday } from './local-date';
import { helsinki } from './zone';

/** A wall-clock range in Europe/Helsinki, `HH:mm`–`HH:mm`; the end may be `24:00`. */
export interface LocalTimeRange {
  readonly start: string;
  readonly end: string;
}

/** Working time per ISO weekday (1 = Monday … 7 = Sunday); a missing day is a day off. */
export type WeeklyPattern = Readonly<Partial<Record<IsoWeekday, readonly LocalTimeRange[]>>>;

/** A person's working hours: a weekly pattern in Helsinki time, minus absences (UTC intervals). */
export interface WorkingHours {
  readonly weekly: WeeklyPattern;
  readonly absences?: readonly Interval[];
  /** Finnish public holidays are days off; default true. */
  readonly publicHolidaysOff?: boolean;
}

/** Validated, minute-based form of {@link WorkingHours}. */
export interface CompiledWorkingHours {
  /** index = ISO weekday; each entry a sorted, merged flat list of minutes after local midnight */
  readonly days: ReadonlyArray<readonly number[]>;
  readonly absences: FlatIntervals;
  readonly publicHolidaysOff: boolean;
}

/** Monday–Friday with the same range, e.g. `weekdayHours('08:00', '16:00')`. */
export function weekdayHours(start: string, end: string): WeeklyPattern {
  const range = [{ start, end }];
  return { 1: range, 2: range, 3: range, 4: range, 5: range };
}

/** Validates working hours; throws `invalid_date` / `invalid_range` / `invalid_argument` naming the field. */
export function compileWorkingHours(hours: WorkingHours, field = 'workingHours'): CompiledWorkingHours {
  if (typeof hours !== 'object' || hours === null || typeof hours.weekly !== 'object' || hours.weekly === null) {
    throw new SchedulingError('invalid_argument', `${field}.weekly`, `${field}.weekly must be an object keyed by ISO weekday 1–7`);
  }
  const days: number[][] = [[], [], [], [], [], [], [], []];
  for (const [key, ranges] of Object.entries(hours.weekly) as Array<[string, readonly LocalTimeRange[] | undefined]>) {
    const wd = Number(key);
    const f = `${field}.weekly.${key}`;
    if (!Number.isInteger(wd) || wd < 1 || wd > 7) {
      throw new SchedulingError('invalid_argument', f, `${f}: weekdays are ISO numbers 1 (Monday) – 7 (Sunday)`);
    }
    if (ranges === undefined) continue;
    if (!Array.isArray(ranges)) throw new SchedulingError('invalid_argument', f, `${f} must be an array of time ranges`);
    const pairs: Array<[number, number]> = ranges.map((r: LocalTimeRange, i) => {
      const s = parseLocalTime(r?.start, `${f}[${i}].start`);
      const e = parseLocalTime(r?.end, `${f}[${i}].end`, true);
      if (!(s < e)) throw new SchedulingError('invalid_range', `${f}[${i}]`, `${f}[${i}]: end must be after start`);
      return [s, e];
    });
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [s, e] of pairs) {
      const k = merged.length - 1;
      if (k > 0 && s <= merged[k]) merged[k] = Math.max(merged[k], e);
      else merged.push(s, e);
    }
    days[wd] = merged;
  }
  if (hours.absences !== undefined && !Array.isArray(hours.absences)) {
    throw new SchedulingError('invalid_argument', `${field}.absences`, `${field}.absences must be an array of intervals`);
  }
  return {
    days,
    absences: fromIntervals(hours.absences ?? [], `${field}.absences`),
    publicHolidaysOff: hours.publicHolidaysOff ?? true,
  };
}

/**
 * Working time within [from, to) as a normalised flat list of UTC milliseconds. One pass over the
 * local days of the window; each wall-clock boundary converts with a cached per-day offset.
 */
export function expandWorkingHours(c: CompiledWorkingHours, from: number, to: number): FlatIntervals {
  const clock = helsinki();
  const out: FlatIntervals = [];
  const firstDay = Math.floor(clock.toWall(from) / DAY_MS);
  const lastDay = Math.floor(clock.toWall(to - 1) / DAY_MS);
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = c.days[isoWeekdayOf(day)];
    if (ranges.length === 0 || (c.publicHolidaysOff && isPublicHolidayDay(day))) continue;
    const base = day * DAY_MS;
    for (let i = 0; i < ranges.length; i += 2) {
      let s = clock.toUtc(base + ranges[i] * MINUTE_MS);
      let e = clock.toUtc(base + ranges[i + 1] * MINUTE_MS);
      if (s < from) s = from;
      if (e > to) e = to;
      if (s >= e) continue;
      const k = out.length - 1;
      if (k > 0 && s <= out[k]) {
        if (e > out[k]) out[k] = e;
      } else {
        out.push(s, e);
      }
    }
  }
  return subtract(out, c.absences);
}

/**
 * A person's working time inside a window, as sorted, non-overlapping UTC intervals: the weekly
 * pattern in Helsinki time (13:00 stays 13:00 across DST), without public holidays (unless
 * `publicHolidaysOff` is false) and without absences.
 */
export function workingIntervals(hours: WorkingHours, window: Interval): Interval[] {
  const [from, to] = intervalMs(window, 'window');
  return toIntervals(expandWorkingHours(compileWorkingHours(hours), from, to));
}

import { SchedulingError } from './errors';
import { isPublicHolidayDay } from './holidays';
import { instantMs } from './intervals';
import { civilFromDayNumber, DAY_MS, daysInMonth, dayNumber, formatDayNumber, isoWeekdayOf, parseLocalDate, type LocalDate } from './local-date';
import { helsinki } from './zone';

/**
 * Date arithmetic for statutory deadlines (docs/domain.md, the law): dates are Helsinki calendar dates
 * `YYYY-MM-DD`; a working day is Monday–Friday that is not a Finnish public holiday (Midsummer Eve and
 * Christmas Eve included).
 */

/** Bound on |n|: about 270 years of days, far beyond any deadline, and it keeps loops finite. */
const MAX_STEPS = 100_000;

function checkInteger(n: number, field: string): void {
  if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_STEPS) {
    throw new SchedulingError('invalid_argument', field, `${field} must be an integer within ±${MAX_STEPS}, got ${n}`);
  }
}

/** The Helsinki calendar date on which an instant falls. */
export function helsinkiDate(instant: Date): LocalDate {
  const ms = instantMs(instant, 'instant');
  return formatDayNumber(Math.floor(helsinki().toWall(ms) / DAY_MS));
}

/** Whether a Helsinki date is a working day (not Saturday, Sunday or a public holiday). */
export function isWorkingDay(date: LocalDate): boolean {
  return isWorkingDayNumber(parseLocalDate(date));
}

export function isWorkingDayNumber(day: number): boolean {
  return isoWeekdayOf(day) < 6 && !isPublicHolidayDay(day);
}

/**
 * The date `n` working days after `date`, the date itself not counted (the day of receipt): a request
 * received on Friday 2027-03-26 (Good Friday) + 3 working days → Thursday 2027-04-01. The start date may
 * itself be a holiday or weekend. A negative `n` counts backwards.
 */
export function addWorkingDays(date: LocalDate, n: number): LocalDate {
  let day = parseLocalDate(date);
  checkInteger(n, 'n');
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDayNumber(day)) left--;
  }
  return formatDayNumber(day);
}

/** The date `n` calendar days after `date` (e.g. the 14-day care guarantee). */
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  const day = parseLocalDate(date);
  checkInteger(n, 'n');
  return formatDayNumber(day + n);
}

/**
 * The same day of the month `n` months later, clamped to the last day of a shorter month:
 * 2026-11-30 + 3 months → 2027-02-28; 2027-11-30 + 3 months → 2028-02-29.
 */
export function addMonths(date: LocalDate, n: number): LocalDate {
  const { year, month, day } = civilFromDayNumber(parseLocalDate(date));
  checkInteger(n, 'n');
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatDayNumber(dayNumber(y, m, Math.min(day, daysInMonth(y, m))));
}

/** Number of working days in (from, to], i.e. counted like {@link addWorkingDays}; 0 when to <= from. */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from, 'from');
  const b = parseLocalDate(to, 'to');
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (isWorkingDayNumber(d)) count++;
  return count;
}

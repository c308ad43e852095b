import { SchedulingError } from './errors';

/**
 * Calendar dates and wall-clock times without a zone, as plain integers:
 * a day number counts days since 1970-01-01 (proleptic Gregorian), a wall-clock instant is milliseconds
 * since 1970-01-01T00:00 of that wall clock ("fake UTC"). Pure integer arithmetic, no `Date`, so it is
 * cheap enough for inner loops.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** A calendar date as `YYYY-MM-DD` (ISO 8601 extended, no zone). */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface YearMonthDay {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** Day number of a Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Gregorian date of a day number (H. Hinnant's civil_from_days). */
export function civilFromDayNumber(days: number): YearMonthDay {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export function isoWeekdayOf(days: number): IsoWeekday {
  return ((((days + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of a day number. */
export function formatDayNumber(days: number): LocalDate {
  const { year, month, day } = civilFromDayNumber(days);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a `YYYY-MM-DD` string; throws `invalid_date` naming `field` when it is not a real date. */
export function parseLocalDate(value: string, field = 'date'): number {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (!m) throw new SchedulingError('invalid_date', field, `${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return checkedDayNumber(Number(m[1]), Number(m[2]), Number(m[3]), field, value);
}

/** Day number after checking that year/month/day name a real date. */
export function checkedDayNumber(year: number, month: number, day: number, field: string, shown: string): number {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new SchedulingError('invalid_date', field, `${field}: ${JSON.stringify(shown)} is not a calendar date`);
  }
  return dayNumber(year, month, day);
}

const TIME_RE = /^(\d{2}):(\d{2})$/;

/**
 * Minutes after midnight of a wall-clock time `HH:mm`. `24:00` is accepted only when `allowEndOfDay`
 * (the end of a range that runs to midnight).
 */
export function parseLocalTime(value: string, field: string, allowEndOfDay = false): number {
  const m = typeof value === 'string' ? TIME_RE.exec(value) : null;
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const ok = m !== null && min < 60 && (h < 24 || (allowEndOfDay && h === 24 && min === 0));
  if (!ok) throw new SchedulingError('invalid_date', field, `${field} must be a time HH:mm, got ${JSON.stringify(value)}`);
  return h * 60 + min;
}

const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Wall-clock milliseconds of a zone-less `YYYY-MM-DDTHH:mm[:ss]`. */
export function parseLocalDateTime(value: string, field: string): number {
  const m = typeof value === 'string' ? DATE_TIME_RE.exec(value) : null;
  if (!m) {
    throw new SchedulingError('invalid_date', field, `${field} must be a local date-time YYYY-MM-DDTHH:mm, got ${JSON.stringify(value)}`);
  }
  const days = checkedDayNumber(Number(m[1]), Number(m[2]), Number(m[3]), field, value);
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || min > 59 || s > 59) {
    throw new SchedulingError('invalid_date', field, `${field}: ${JSON.stringify(value)} is not a valid time of day`);
  }
  return days * DAY_MS + h * HOUR_MS + min * MINUTE_MS + s * 1000;
}

/** `YYYY-MM-DDTHH:mm` of a wall-clock millisecond value (seconds shown only when non-zero). */
export function formatWallMs(wallMs: number): string {
  const days = Math.floor(wallMs / DAY_MS);
  const rest = wallMs - days * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  const min = Math.floor((rest % HOUR_MS) / MINUTE_MS);
  const s = Math.floor((rest % MINUTE_MS) / 1000);
  return `${formatDayNumber(days)}T${pad2(h)}:${pad2(min)}${s ? `:${pad2(s)}` : ''}`;
}

import { SchedulingError } from './errors';
import { civilFromDayNumber, dayNumber, formatDayNumber, isoWeekdayOf, type LocalDate } from './local-date';

/** A Finnish public holiday (or de facto one: Midsummer Eve, Christmas Eve). */
export interface PublicHoliday {
  date: LocalDate;
  nameFi: string;
  nameEn: string;
}

const MIN_YEAR = 1583;
const MAX_YEAR = 9999;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new SchedulingError('invalid_argument', 'year', `year must be an integer ${MIN_YEAR}–${MAX_YEAR}, got ${year}`);
  }
}

/** Day number of Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterDayNumber(year: number): number {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** Easter Sunday of a year as `YYYY-MM-DD`. */
export function easterSunday(year: number): LocalDate {
  return formatDayNumber(easterDayNumber(year));
}

/** The day in [first, first+6] that falls on the given ISO weekday. */
function weekdayOnOrAfter(first: number, isoWeekday: number): number {
  return first + ((isoWeekday - isoWeekdayOf(first) + 7) % 7);
}

function holidayDays(year: number): Array<[number, string, string]> {
  const easter = easterDayNumber(year);
  const midsummerEve = weekdayOnOrAfter(dayNumber(year, 6, 19), 5);
  return [
    [dayNumber(year, 1, 1), 'Uudenvuodenpäivä', "New Year's Day"],
    [dayNumber(year, 1, 6), 'Loppiainen', 'Epiphany'],
    [easter - 2, 'Pitkäperjantai', 'Good Friday'],
    [easter, 'Pääsiäispäivä', 'Easter Sunday'],
    [easter + 1, 'Toinen pääsiäispäivä', 'Easter Monday'],
    [dayNumber(year, 5, 1), 'Vappu', 'May Day'],
    [easter + 39, 'Helatorstai', 'Ascension Day'],
    [easter + 49, 'Helluntaipäivä', 'Whit Sunday'],
    [midsummerEve, 'Juhannusaatto', 'Midsummer Eve'],
    [midsummerEve + 1, 'Juhannuspäivä', 'Midsummer Day'],
    [weekdayOnOrAfter(dayNumber(year, 10, 31), 6), 'Pyhäinpäivä', "All Saints' Day"],
    [dayNumber(year, 12, 6), 'Itsenäisyyspäivä', 'Independence Day'],
    [dayNumber(year, 12, 24), 'Jouluaatto', 'Christmas Eve'],
    [dayNumber(year, 12, 25), 'Joulupäivä', 'Christmas Day'],
    [dayNumber(year, 12, 26), 'Tapaninpäivä', "St Stephen's Day"],
  ];
}

/**
 * Finnish public holidays of a year, sorted by date, under today's rules (applied to any year
 * 1583–9999): New Year's Day, Epiphany, Good Friday, Easter Sunday, Easter Monday, May Day,
 * Ascension Day (Easter + 39), Whit Sunday (Easter + 49), Midsummer Eve (Friday 19–25 June) and
 * Midsummer Day (Saturday 20–26 June), All Saints' Day (Saturday 31 Oct – 6 Nov), Independence Day,
 * Christmas Eve, Christmas Day and St Stephen's Day. Easter Sunday and Whit Sunday always fall on a
 * Sunday; they are listed because they are holidays, and change no working-day count.
 */
export function finnishPublicHolidays(year: number): PublicHoliday[] {
  checkYear(year);
  return holidayDays(year)
    .sort((x, y) => x[0] - y[0])
    .map(([d, nameFi, nameEn]) => ({ date: formatDayNumber(d), nameFi, nameEn }));
}

const holidaySets = new Map<number, Set<number>>();

/** Whether a day number is a Finnish public holiday (memoised per year). */
export function isPublicHolidayDay(day: number): boolean {
  const { year } = civilFromDayNumber(day);
  let set = holidaySets.get(year);
  if (!set) {
    set = new Set(holidayDays(year).map(([d]) => d));
    holidaySets.set(year, set);
  }
  return set.has(day);
}

import { LOCALES, type Lang } from './language';

/**
 * Dates and times on the Helsinki clock, whatever the browser's own time zone, in the formats people in
 * Finland read: fi "ti 5.3.2030 klo 13.00", sv "tis 5.3.2030 kl. 13.00", en "Tue 5 Mar 2030, 13:00".
 * Everything the API sends is an ISO instant (UTC); nothing here reads the clock.
 */
export const HELSINKI = 'Europe/Helsinki';

type Input = string | Date;
const asDate = (v: Input): Date => (typeof v === 'string' ? new Date(v) : v);

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: HELSINKI, ...options });
    cache.set(key, f);
  }
  return f;
}

const DATE: Record<Lang, Intl.DateTimeFormatOptions> = {
  fi: { day: 'numeric', month: 'numeric', year: 'numeric' },
  sv: { day: 'numeric', month: 'numeric', year: 'numeric' },
  en: { day: 'numeric', month: 'short', year: 'numeric' },
};

/** 5.3.2030 · 5 Mar 2030 */
export function formatDate(v: Input, lang: Lang): string {
  return fmt(lang, 'date', DATE[lang]).format(asDate(v));
}

/** ti 5.3.2030 · tis 5.3.2030 · Tue 5 Mar 2030 */
export function formatWeekdayDate(v: Input, lang: Lang): string {
  return fmt(lang, 'wdate', { weekday: 'short', ...DATE[lang] }).format(asDate(v)).replace(/,(?= )/, '');
}

/** 13.00 (fi, sv) · 13:00 (en) */
export function formatTime(v: Input, lang: Lang): string {
  return fmt(lang, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(asDate(v));
}

const AT: Record<Lang, string> = { fi: 'klo', sv: 'kl.', en: '' };

/** ti 5.3.2030 klo 13.00 · tis 5.3.2030 kl. 13.00 · Tue 5 Mar 2030, 13:00 */
export function formatDateTime(v: Input, lang: Lang): string {
  const at = AT[lang];
  return at === '' ? `${formatWeekdayDate(v, lang)}, ${formatTime(v, lang)}` : `${formatWeekdayDate(v, lang)} ${at} ${formatTime(v, lang)}`;
}

/** ti 5.3.2030 klo 13.00–14.00; a range over midnight names both days. */
export function formatTimeRange(start: Input, end: Input, lang: Lang): string {
  if (helsinkiDate(start) !== helsinkiDate(end)) return `${formatDateTime(start, lang)} – ${formatDateTime(end, lang)}`;
  return `${formatDateTime(start, lang)}–${formatTime(end, lang)}`;
}

/** The Helsinki calendar date of an instant, as YYYY-MM-DD. */
export function helsinkiDate(v: Input): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: HELSINKI, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(asDate(v));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Helsinki's offset from UTC at an instant, in minutes (120 in winter, 180 in summer). */
export function helsinkiOffsetMinutes(v: Input): number {
  const d = asDate(v);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: HELSINKI, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(d);
  const n = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The last moment of a Helsinki calendar day (YYYY-MM-DD) as an ISO instant: "valid until 31.12.2026"
 * means until the end of that day in Helsinki, 2026-12-31T21:59:59.999Z.
 */
export function endOfHelsinkiDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const nextMidnightUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  // the offset in force just before that midnight (a day never ends inside a DST switch in Finland: those are at 03:00/04:00)
  const offset = helsinkiOffsetMinutes(new Date(nextMidnightUtc - 12 * 3600_000));
  return new Date(nextMidnightUtc - offset * 60_000 - 1).toISOString();
}

/** The first moment of a Helsinki calendar day (YYYY-MM-DD) as an ISO instant. */
export function startOfHelsinkiDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const midnightUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const offset = helsinkiOffsetMinutes(new Date(midnightUtc + 12 * 3600_000));
  return new Date(midnightUtc - offset * 60_000).toISOString();
}

/**
 * A calendar date typed as YYYY-MM-DD that exists (2027-02-30 does not: Date.parse would quietly make it
 * 2 March). True only for a real day of the proleptic Gregorian calendar, years 1000–9999.
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * A wall clock time typed as "hh.mm" or "hh:mm" (one-digit hours too: "9.30"), hours 0–23 and minutes
 * 0–59; null for anything else ("25:99", "12", "12.5").
 */
export function parseClockTime(text: string): { hours: number; minutes: number } | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (m === null) return null;
  const [hours, minutes] = [Number(m[1]), Number(m[2])];
  return hours <= 23 && minutes <= 59 ? { hours, minutes } : null;
}

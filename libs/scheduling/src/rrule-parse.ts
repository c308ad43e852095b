import { RRule, type Options } from 'rrule';
import { SchedulingError } from './errors';
import { checkedDayNumber, DAY_MS, HOUR_MS, MINUTE_MS } from './local-date';
import type { ZoneClock } from './zone';

/**
 * Strict parsing of an RFC 5545 RRULE value into `rrule` options for a floating (wall-clock) DTSTART.
 * The `rrule` library's own parser is lenient (it accepts `INTERVAL=x` or `BYDAY=XX` silently), so every
 * part is checked here first and reported with the field name.
 */

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const WEEKDAY_RE = /^([+-]?(?:[1-9]|[1-4]\d|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)$/;

interface IntListSpec {
  min: number;
  max: number;
  signed: boolean;
}

const INT_LISTS: Record<string, IntListSpec> = {
  BYMONTH: { min: 1, max: 12, signed: false },
  BYMONTHDAY: { min: 1, max: 31, signed: true },
  BYYEARDAY: { min: 1, max: 366, signed: true },
  BYWEEKNO: { min: 1, max: 53, signed: true },
  BYSETPOS: { min: 1, max: 366, signed: true },
  BYHOUR: { min: 0, max: 23, signed: false },
  BYMINUTE: { min: 0, max: 59, signed: false },
  BYSECOND: { min: 0, max: 59, signed: false },
};

const DAILY_OR_LONGER = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const ALL_FREQS = ['SECONDLY', 'MINUTELY', 'HOURLY', ...DAILY_OR_LONGER];

export interface RuleParseOptions {
  /** the field named in errors */
  field: string;
  /** allow FREQ below DAILY and BYHOUR/BYMINUTE/BYSECOND (imported calendars); team sessions do not */
  allowTimeParts: boolean;
}

function fail(field: string, message: string): never {
  throw new SchedulingError('invalid_rrule', field, `${field}: ${message}`);
}

/** Wall-clock UNTIL (inclusive) from `YYYYMMDD`, `YYYYMMDDTHHMMSS` (local) or `YYYYMMDDTHHMMSSZ` (UTC). */
function parseUntil(value: string, clock: ZoneClock, field: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) fail(field, `UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSS[Z], got ${JSON.stringify(value)}`);
  const day = checkedDayNumber(Number(m[1]), Number(m[2]), Number(m[3]), field, value);
  if (m[4] === undefined) return (day + 1) * DAY_MS - 1;
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = Number(m[6]);
  if (h > 23 || min > 59 || s > 59) fail(field, `UNTIL ${JSON.stringify(value)} is not a valid time`);
  const ms = day * DAY_MS + h * HOUR_MS + min * MINUTE_MS + s * 1000;
  return m[7] === 'Z' ? clock.toWall(ms) : ms;
}

/**
 * A checked `RRule` whose dates are wall-clock times in "fake UTC": expand it, then convert each date
 * with {@link ZoneClock.toUtc}. `dtstartWall` is the first start in wall-clock milliseconds.
 */
export function compileRule(value: string, dtstartWall: number, clock: ZoneClock, opts: RuleParseOptions): RRule {
  const { field } = opts;
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'an RRULE is required, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
  const text = value.trim().replace(/^RRULE:/i, '');
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) fail(field, `${JSON.stringify(part)} is not NAME=VALUE`);
    const name = part.slice(0, eq).toUpperCase();
    if (parts.has(name)) fail(field, `${name} appears twice`);
    parts.set(name, part.slice(eq + 1).toUpperCase());
  }

  const freq = parts.get('FREQ');
  const freqs = opts.allowTimeParts ? ALL_FREQS : DAILY_OR_LONGER;
  if (freq === undefined) fail(field, 'FREQ is required');
  if (!freqs.includes(freq)) fail(field, `FREQ must be one of ${freqs.join(', ')}, got ${freq}`);
  if (parts.has('COUNT') && parts.has('UNTIL')) fail(field, 'COUNT and UNTIL must not both be given');

  let until: number | undefined;
  for (const [name, v] of parts) {
    switch (name) {
      case 'FREQ':
        break;
      case 'INTERVAL':
      case 'COUNT':
        if (!/^[1-9]\d{0,5}$/.test(v)) fail(field, `${name} must be a positive integer, got ${JSON.stringify(v)}`);
        break;
      case 'UNTIL':
        until = parseUntil(v, clock, field);
        break;
      case 'WKST':
        if (!DAYS.includes(v)) fail(field, `WKST must be one of ${DAYS.join(', ')}`);
        break;
      case 'BYDAY':
        for (const d of v.split(',')) if (!WEEKDAY_RE.test(d)) fail(field, `BYDAY entry ${JSON.stringify(d)} is not a weekday like TU or -1FR`);
        break;
      default: {
        const spec = INT_LISTS[name];
        if (!spec) fail(field, `${name} is not a supported RRULE part`);
        if (!opts.allowTimeParts && (name === 'BYHOUR' || name === 'BYMINUTE' || name === 'BYSECOND')) {
          fail(field, `${name} is not allowed: the start time comes from DTSTART`);
        }
        for (const item of v.split(',')) {
          const n = /^[+-]?\d{1,3}$/.test(item) ? Number(item) : NaN;
          const abs = Math.abs(n);
          if (!(abs >= spec.min && abs <= spec.max) || (n < 0 && !spec.signed) || (n === 0 && spec.min > 0)) {
            fail(field, `${name} entry ${JSON.stringify(item)} is out of range`);
          }
        }
      }
    }
  }

  parts.delete('UNTIL');
  let options: Partial<Options>;
  try {
    options = RRule.parseString([...parts].map(([k, v]) => `${k}=${v}`).join(';'));
  } catch (e) {
    fail(field, e instanceof Error ? e.message : 'unparsable');
  }
  options.dtstart = new Date(dtstartWall);
  options.until = until === undefined ? null : new Date(until);
  options.tzid = null;
  try {
    return new RRule(options, true);
  } catch (e) {
    fail(field, e instanceof Error ? e.message : 'invalid rule');
  }
}

/** The rule's first wall-clock start within `horizonYears` of DTSTART, if any (cheap for real rules). */
export function firstRuleStart(rule: RRule, dtstartWall: number, horizonYears: number): number | undefined {
  let first: number | undefined;
  rule.between(new Date(dtstartWall), new Date(dtstartWall + horizonYears * 366 * DAY_MS), true, (d) => {
    first = d.getTime();
    return false;
  });
  return first;
}

/**
 * Wall-clock occurrence starts in [fromWall, toWall], at most `max` (returns max + 1 items when there are
 * more, so the caller can tell).
 */
export function ruleWallStarts(rule: RRule, fromWall: number, toWall: number, max: number): number[] {
  const out: number[] = [];
  rule.between(new Date(fromWall), new Date(toWall), true, (d) => {
    out.push(d.getTime());
    return out.length <= max;
  });
  return out;
}

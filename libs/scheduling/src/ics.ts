import { SchedulingError } from './errors';
import { intervalMs, type Interval } from './intervals';
import { checkedDayNumber, DAY_MS, HOUR_MS, MINUTE_MS } from './local-date';
import { compileRule, ruleWallStarts } from './rrule-parse';
import { HELSINKI, ZoneClock } from './zone';

/**
 * Busy time from an iCalendar (RFC 5545) text: VFREEBUSY `FREEBUSY` periods and VEVENTs (`DTSTART` /
 * `DTEND` or `DURATION`, in UTC, with `TZID`, floating, or all-day `VALUE=DATE`, with `RRULE`, `EXDATE`,
 * `RDATE` and `RECURRENCE-ID` overrides). Transparent and cancelled events are not busy. Floating times
 * and all-day dates are read in Europe/Helsinki.
 */

const MAX_TEXT_LENGTH = 10_000_000;
const MAX_OCCURRENCES_PER_EVENT = 20_000;

/** Windows zone names that Outlook writes as TZID, for the zones a Finnish user meets. */
const WINDOWS_ZONES: Record<string, string> = {
  'FLE Standard Time': 'Europe/Helsinki',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central European Standard Time': 'Europe/Warsaw',
  'Romance Standard Time': 'Europe/Paris',
  'GMT Standard Time': 'Europe/London',
  'Russian Standard Time': 'Europe/Moscow',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
};

interface ContentLine {
  name: string;
  params: Map<string, string>;
  value: string;
  line: number;
}

type TimeValue =
  | { kind: 'date'; day: number }
  | { kind: 'utc'; ms: number }
  | { kind: 'local'; wall: number; clock: ZoneClock };

interface Duration {
  /** nominal days (weeks × 7 + days): added on the wall clock */
  days: number;
  /** exact milliseconds */
  ms: number;
}

interface EventDraft {
  line: number;
  props: ContentLine[];
}

function fail(line: number, field: string, message: string): never {
  throw new SchedulingError('invalid_ics', field, `line ${line}: ${message}`, line);
}

/** Unfolds and splits into content lines, remembering where each starts. */
function contentLines(text: string): ContentLine[] {
  const physical = text.split(/\r\n|\n|\r/);
  const logical: Array<{ text: string; line: number }> = [];
  physical.forEach((raw, i) => {
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      const last = logical[logical.length - 1];
      if (!last) fail(i + 1, 'ics', 'a folded continuation line has nothing to continue');
      last.text += raw.slice(1);
    } else if (raw !== '') {
      logical.push({ text: raw, line: i + 1 });
    }
  });
  return logical.map(({ text: t, line }) => parseContentLine(t, line));
}

/** `NAME *(;PARAM=VALUE[,VALUE]) : VALUE`, with DQUOTE-quoted parameter values. */
function parseContentLine(text: string, line: number): ContentLine {
  const nameMatch = /^[A-Za-z0-9-]+/.exec(text);
  if (!nameMatch) fail(line, 'ics', `expected NAME:VALUE, got ${JSON.stringify(text.slice(0, 40))}`);
  const name = nameMatch[0].toUpperCase();
  const params = new Map<string, string>();
  let i = name.length;
  while (text[i] === ';') {
    const eq = text.indexOf('=', i);
    if (eq < 0) fail(line, name, 'a parameter without "="');
    const pname = text.slice(i + 1, eq).toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(pname)) fail(line, name, `bad parameter name ${JSON.stringify(pname)}`);
    let j = eq + 1;
    let pvalue = '';
    for (;;) {
      if (text[j] === '"') {
        const close = text.indexOf('"', j + 1);
        if (close < 0) fail(line, name, 'an unterminated quoted parameter value');
        pvalue += text.slice(j + 1, close);
        j = close + 1;
      } else {
        const m = /^[^";:,]*/.exec(text.slice(j));
        pvalue += m ? m[0] : '';
        j += m ? m[0].length : 0;
      }
      if (text[j] !== ',') break;
      pvalue += ',';
      j++;
    }
    params.set(pname, pvalue);
    i = j;
  }
  if (text[i] !== ':') fail(line, name, `expected ":" after ${name}`);
  return { name, params, value: text.slice(i + 1), line };
}

function zoneClock(tzid: string, cl: ContentLine): ZoneClock {
  const name = WINDOWS_ZONES[tzid] ?? tzid.replace(/^\//, '');
  try {
    return ZoneClock.of(name, cl.name);
  } catch {
    throw new SchedulingError('unsupported_timezone', cl.name, `line ${cl.line}: unknown TZID ${JSON.stringify(tzid)}`, cl.line);
  }
}

/** A DATE or DATE-TIME value; `utcOnly` for FREEBUSY. */
function parseTime(value: string, cl: ContentLine, utcOnly = false): TimeValue {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) fail(cl.line, cl.name, `${JSON.stringify(value)} is not a DATE or DATE-TIME`);
  let day: number;
  try {
    day = checkedDayNumber(Number(m[1]), Number(m[2]), Number(m[3]), cl.name, value);
  } catch {
    fail(cl.line, cl.name, `${JSON.stringify(value)} is not a calendar date`);
  }
  const isDate = m[4] === undefined;
  if (cl.params.get('VALUE') === 'DATE' && !isDate) fail(cl.line, cl.name, 'VALUE=DATE with a time');
  if (utcOnly && (isDate || m[7] !== 'Z')) fail(cl.line, cl.name, `${JSON.stringify(value)} must be a UTC time (…Z)`);
  if (isDate) return { kind: 'date', day };
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = Number(m[6]);
  if (h > 23 || min > 59 || s > 60) fail(cl.line, cl.name, `${JSON.stringify(value)} is not a valid time`);
  const ms = day * DAY_MS + h * HOUR_MS + min * MINUTE_MS + Math.min(s, 59) * 1000;
  if (m[7] === 'Z') return { kind: 'utc', ms };
  const tzid = cl.params.get('TZID');
  return { kind: 'local', wall: ms, clock: tzid === undefined ? ZoneClock.of(HELSINKI) : zoneClock(tzid, cl) };
}

function parseDuration(value: string, cl: ContentLine): Duration {
  const m = /^\+?P(?:(\d+)W|(\d+)D(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?|T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)$/.exec(value);
  if (!m || /T$/.test(value)) fail(cl.line, cl.name, `${JSON.stringify(value)} is not a positive duration like PT1H30M or P1D`);
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  return {
    days: n(1) * 7 + n(2),
    ms: (n(3) + n(6)) * HOUR_MS + (n(4) + n(7)) * MINUTE_MS + (n(5) + n(8)) * 1000,
  };
}

function clockOf(t: TimeValue): ZoneClock {
  return t.kind === 'local' ? t.clock : ZoneClock.of(t.kind === 'utc' ? 'UTC' : HELSINKI);
}

/** Wall-clock milliseconds of a value on its own clock (UTC values: the UTC wall clock). */
function wallOf(t: TimeValue): number {
  switch (t.kind) {
    case 'date':
      return t.day * DAY_MS;
    case 'utc':
      return t.ms;
    case 'local':
      return t.wall;
  }
}

function addDuration(startWall: number, clock: ZoneClock, d: Duration): number {
  return clock.toUtc(startWall + d.days * DAY_MS) + d.ms;
}

/** Parses an iCalendar text and returns its busy intervals that overlap `window`, sorted by start. */
export function parseIcsBusy(text: string, window: Interval): Interval[] {
  const [from, to] = intervalMs(window, 'window');
  if (typeof text !== 'string') throw new SchedulingError('invalid_ics', 'ics', 'the calendar must be text');
  if (text.length > MAX_TEXT_LENGTH) throw new SchedulingError('invalid_ics', 'ics', 'the calendar is larger than 10 MB');
  const lines = contentLines(text.replace(/^\uFEFF/, ''));
  if (lines.length === 0 || lines[0].name !== 'BEGIN' || lines[0].value.toUpperCase() !== 'VCALENDAR') {
    fail(lines[0]?.line ?? 1, 'ics', 'an iCalendar text starts with BEGIN:VCALENDAR');
  }

  const busy: number[] = [];
  const add = (s: number, e: number): void => {
    if (s < e && e > from && s < to) busy.push(s, e);
  };
  const events: EventDraft[] = [];
  const stack: string[] = [];
  let draft: EventDraft | undefined;
  let closed = false;
  for (const cl of lines) {
    if (closed) fail(cl.line, cl.name, 'content after END:VCALENDAR');
    const top = stack[stack.length - 1];
    if (cl.name === 'BEGIN') {
      const comp = cl.value.toUpperCase();
      if (!/^[A-Z0-9-]+$/.test(comp)) fail(cl.line, 'BEGIN', `bad component name ${JSON.stringify(cl.value)}`);
      if (stack.length > 0 && comp === 'VCALENDAR') fail(cl.line, 'BEGIN', 'a VCALENDAR inside another component');
      stack.push(comp);
      if (comp === 'VEVENT') draft = { line: cl.line, props: [] };
    } else if (cl.name === 'END') {
      const comp = cl.value.toUpperCase();
      if (comp !== top) fail(cl.line, 'END', `END:${comp} does not close BEGIN:${top ?? '(nothing)'}`);
      stack.pop();
      if (comp === 'VEVENT' && draft) {
        events.push(draft);
        draft = undefined;
      }
      if (stack.length === 0) closed = true;
    } else if (top === 'VEVENT' && draft) {
      draft.props.push(cl);
    } else if (top === 'VFREEBUSY' && cl.name === 'FREEBUSY') {
      freeBusyLine(cl, add);
    }
  }
  if (!closed) fail(lines[lines.length - 1].line, 'END', `missing END:${stack[stack.length - 1] ?? 'VCALENDAR'}`);

  const overridden = new Map<string, Set<number>>();
  for (const ev of events) {
    const rid = ev.props.find((p) => p.name === 'RECURRENCE-ID');
    if (!rid) continue;
    const uid = ev.props.find((p) => p.name === 'UID')?.value ?? '';
    const set = overridden.get(uid) ?? new Set<number>();
    set.add(instantOf(parseTime(rid.value, rid)));
    overridden.set(uid, set);
  }
  for (const ev of events) eventBusy(ev, from, to, overridden, add);

  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < busy.length; i += 2) pairs.push([busy[i], busy[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return pairs.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
}

function instantOf(t: TimeValue): number {
  switch (t.kind) {
    case 'date':
      return ZoneClock.of(HELSINKI).toUtc(t.day * DAY_MS);
    case 'utc':
      return t.ms;
    case 'local':
      return t.clock.toUtc(t.wall);
  }
}

function freeBusyLine(cl: ContentLine, add: (s: number, e: number) => void): void {
  const type = (cl.params.get('FBTYPE') ?? 'BUSY').toUpperCase();
  if (type === 'FREE') return;
  for (const period of cl.value.split(',')) {
    const slash = period.indexOf('/');
    if (slash < 0) fail(cl.line, cl.name, `period ${JSON.stringify(period)} is not start/end or start/duration`);
    const start = parseTime(period.slice(0, slash), cl, true);
    const endText = period.slice(slash + 1);
    const s = instantOf(start);
    const e = /^[+-]?P/.test(endText)
      ? addDuration(wallOf(start), ZoneClock.of('UTC'), parseDuration(endText, cl))
      : instantOf(parseTime(endText, cl, true));
    if (!(e > s)) fail(cl.line, cl.name, `period ${JSON.stringify(period)} does not end after it starts`);
    add(s, e);
  }
}

function eventBusy(ev: EventDraft, from: number, to: number, overridden: ReadonlyMap<string, ReadonlySet<number>>, add: (s: number, e: number) => void): void {
  const one = (name: string): ContentLine | undefined => {
    const found = ev.props.filter((p) => p.name === name);
    if (found.length > 1) fail(found[1].line, name, `${name} appears twice in one VEVENT`);
    return found[0];
  };
  const dtstart = one('DTSTART');
  if (!dtstart) fail(ev.line, 'DTSTART', 'a VEVENT without DTSTART');
  const dtend = one('DTEND');
  const duration = one('DURATION');
  if (dtend && duration) fail(duration.line, 'DURATION', 'a VEVENT with both DTEND and DURATION');
  const transp = one('TRANSP')?.value.toUpperCase();
  const status = one('STATUS')?.value.toUpperCase();
  const rrule = one('RRULE');
  if (transp === 'TRANSPARENT' || status === 'CANCELLED') return;

  const start = parseTime(dtstart.value, dtstart);
  const clock = clockOf(start);
  const startWall = wallOf(start);
  const startMs = instantOf(start);
  // the end as a function of an occurrence's wall-clock start
  let endOf: (wall: number, utc: number) => number;
  if (dtend) {
    const end = parseTime(dtend.value, dtend);
    if ((end.kind === 'date') !== (start.kind === 'date')) fail(dtend.line, 'DTEND', 'DTEND and DTSTART must both be dates or both date-times');
    const endMs = instantOf(end);
    if (endMs < startMs) fail(dtend.line, 'DTEND', 'DTEND is before DTSTART');
    const exact = endMs - startMs;
    const nominalDays = start.kind === 'date' ? Math.round((wallOf(end) - startWall) / DAY_MS) : 0;
    endOf = start.kind === 'date' ? (wall) => clock.toUtc(wall + nominalDays * DAY_MS) : (_wall, utc) => utc + exact;
  } else if (duration) {
    const d = parseDuration(duration.value, duration);
    endOf = (wall) => addDuration(wall, clock, d);
  } else {
    endOf = start.kind === 'date' ? (wall) => clock.toUtc(wall + DAY_MS) : (_wall, utc) => utc;
  }

  if (!rrule) {
    add(startMs, endOf(startWall, startMs));
    return;
  }
  const excluded = new Set(overridden.get(one('UID')?.value ?? '') ?? []);
  for (const ex of ev.props.filter((p) => p.name === 'EXDATE')) {
    for (const v of ex.value.split(',')) excluded.add(instantOf(parseTime(v, ex)));
  }
  const starts = new Set<number>();
  // occurrences that start up to (event length) before the window may still overlap it
  const lead = Math.max(endOf(startWall, startMs) - startMs, 0) + 2 * DAY_MS;
  try {
    const rule = compileRule(rrule.value, startWall, clock, { field: 'RRULE', allowTimeParts: true });
    const walls = ruleWallStarts(rule, clock.toWall(from - lead), clock.toWall(to) + DAY_MS, MAX_OCCURRENCES_PER_EVENT);
    if (walls.length > MAX_OCCURRENCES_PER_EVENT) {
      throw new SchedulingError('too_many_occurrences', 'RRULE', `more than ${MAX_OCCURRENCES_PER_EVENT} occurrences in the window`);
    }
    for (const w of walls) starts.add(w);
  } catch (e) {
    if (e instanceof SchedulingError && e.line === undefined) throw new SchedulingError(e.code, e.field, `line ${rrule.line}: ${e.message}`, rrule.line);
    throw e;
  }
  for (const rd of ev.props.filter((p) => p.name === 'RDATE')) {
    if (rd.params.get('VALUE') === 'PERIOD') fail(rd.line, 'RDATE', 'RDATE periods are not supported');
    for (const v of rd.value.split(',')) {
      const t = parseTime(v, rd);
      starts.add(t.kind === 'date' ? wallOf(t) : clock.toWall(instantOf(t)));
    }
  }
  for (const wall of starts) {
    const s = clock.toUtc(wall);
    if (!excluded.has(s)) add(s, endOf(wall, s));
  }
}

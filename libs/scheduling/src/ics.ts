import ICAL from 'ical.js';
import { findIana } from 'windows-iana';
import { SchedulingError, type SchedulingErrorCode } from './errors';
import { intervalMs, type Interval } from './intervals';
import { DAY_MS, HOUR_MS, MINUTE_MS, daysInMonth } from './local-date';
import { HELSINKI, ZoneClock } from './zone';

/**
 * Busy time from an iCalendar (RFC 5545) text, read with ical.js (values, durations, periods, RRULE
 * iteration, embedded VTIMEZONE definitions) behind this library's own line-numbered reader.
 *
 * Read: VFREEBUSY `FREEBUSY` periods (BUSY, BUSY-TENTATIVE, BUSY-UNAVAILABLE); VEVENTs with `DTSTART` and
 * `DTEND` or `DURATION`, in UTC, floating, all-day (`VALUE=DATE`) or with a `TZID` that is an IANA zone, a
 * Windows zone name (every one in CLDR's windowsZones, through windows-iana), or the id of a VTIMEZONE in
 * the file; `RRULE`, `RDATE` (dates, date-times and periods), `EXDATE`, and `RECURRENCE-ID` overrides
 * (moved or cancelled instances, `RANGE=THISANDFUTURE` shifting every later instance).
 * Not busy: `TRANSP:TRANSPARENT`, `STATUS:CANCELLED`, VTODO/VJOURNAL, events that end when they start.
 * Floating times and all-day dates are read on the clock of `floatingZone` (Europe/Helsinki).
 *
 * Errors: a text that is not an iCalendar stream (no VCALENDAR, unbalanced BEGIN/END, a broken line
 * outside any event, larger than {@link MAX_ICS_TEXT_LENGTH}) is refused with `invalid_ics` and the line.
 * Anything wrong inside one event — a bad value, an unknown zone, a rule that cannot be read or that would
 * take too much work — skips that event only, and the answer lists it ({@link IcsSkipped}).
 *
 * Work is bounded: recurrence is iterated only up to the window (rules without COUNT start just before
 * it), each event may take at most {@link IcsLimits.stepsPerEvent} iterator steps and at most
 * {@link IcsLimits.missesInARow} steps in a row that match nothing (a rule such as
 * `FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30` never matches and is skipped after those), and the whole file at
 * most {@link IcsLimits.stepsPerFile}.
 */

/** Longest text accepted (characters). */
export const MAX_ICS_TEXT_LENGTH = 10_000_000;

export interface IcsLimits {
  /** iterator steps one event's rule may take (one step ≈ one candidate instance) */
  stepsPerEvent: number;
  /** steps in a row that produce no instance before the rule counts as never matching */
  missesInARow: number;
  /** iterator steps for the whole file; events after it is used up are skipped */
  stepsPerFile: number;
  /** instances of one event inside the window */
  instancesPerEvent: number;
}

export const DEFAULT_ICS_LIMITS: IcsLimits = { stepsPerEvent: 25_000, missesInARow: 3_000, stepsPerFile: 200_000, instancesPerEvent: 20_000 };

export interface IcsReadOptions {
  /** IANA zone for floating times and all-day dates; Europe/Helsinki by default */
  floatingZone?: string;
  limits?: Partial<IcsLimits>;
}

/** One event (or FREEBUSY line) left out, and why. */
export interface IcsSkipped {
  /** 1-based line where the fault is (or where the event begins) */
  line: number;
  /** the event's UID, when it has one */
  uid: string | null;
  code: SchedulingErrorCode;
  /** the property at fault, e.g. `DTSTART`, `RRULE` */
  field: string;
  message: string;
}

export interface IcsBusy {
  /** busy intervals overlapping the window, sorted by start (not merged) */
  busy: Interval[];
  /** events read (including skipped ones) */
  events: number;
  /** recurrence iterator steps taken: the work the file cost */
  steps: number;
  skipped: IcsSkipped[];
}

interface ContentLine {
  name: string;
  /** the unfolded line */
  text: string;
  line: number;
}

interface Block {
  name: string;
  line: number;
  props: ContentLine[];
  children: Block[];
}

/** A wall clock that can be turned into instants: a tz-database zone or a VTIMEZONE of the file. */
interface WallZone {
  readonly name: string;
  toUtc(wallMs: number): number;
}

interface Instant {
  /** epoch ms */
  ms: number;
  /** wall-clock ms on the value's own clock */
  wall: number;
  isDate: boolean;
  zone: WallZone;
}

type Span = { days: number; ms: number };

function fail(line: number, field: string, message: string, code: SchedulingErrorCode = 'invalid_ics'): never {
  throw new SchedulingError(code, field, `line ${line}: ${message}`, line);
}

/** Unfolds the text and builds its component tree; structural faults refuse the whole text. */
function readBlocks(text: string): Block {
  const physical = text.split(/\r\n|\n|\r/);
  const lines: ContentLine[] = [];
  physical.forEach((raw, i) => {
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      const last = lines[lines.length - 1];
      if (!last) fail(i + 1, 'ics', 'a folded continuation line has nothing to continue');
      last.text += raw.slice(1);
    } else if (raw.trim() !== '') {
      lines.push({ name: '', text: raw, line: i + 1 });
    }
  });
  for (const cl of lines) cl.name = /^[A-Za-z0-9-]+/.exec(cl.text)?.[0].toUpperCase() ?? '';
  const first = lines[0];
  if (!first || first.name !== 'BEGIN' || !/^BEGIN:VCALENDAR\s*$/i.test(first.text)) fail(first?.line ?? 1, 'ics', 'an iCalendar text starts with BEGIN:VCALENDAR');
  const stack: Block[] = [];
  let root: Block | undefined;
  for (const cl of lines) {
    if (root && stack.length === 0) fail(cl.line, cl.name || 'ics', 'content after END:VCALENDAR');
    const top = stack[stack.length - 1];
    if (cl.name === 'BEGIN' || cl.name === 'END') {
      const m = /^(?:BEGIN|END):([A-Za-z0-9-]+)\s*$/i.exec(cl.text);
      if (!m) fail(cl.line, cl.name, `bad component line ${JSON.stringify(cl.text.slice(0, 40))}`);
      const comp = m[1].toUpperCase();
      if (cl.name === 'BEGIN') {
        if (stack.length > 0 && comp === 'VCALENDAR') fail(cl.line, 'BEGIN', 'a VCALENDAR inside another component');
        const block: Block = { name: comp, line: cl.line, props: [], children: [] };
        if (top) top.children.push(block);
        else root = block;
        stack.push(block);
      } else {
        if (comp !== top?.name) fail(cl.line, 'END', `END:${comp} does not close BEGIN:${top?.name ?? '(nothing)'}`);
        stack.pop();
      }
    } else if (top) {
      top.props.push(cl);
    }
  }
  if (stack.length > 0) fail(lines[lines.length - 1].line, 'END', `missing END:${stack[stack.length - 1].name}`);
  return root as Block;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

function checkDateText(value: unknown, cl: ContentLine): void {
  if (typeof value !== 'string') return;
  const m = DATE_RE.exec(value);
  if (!m) return; // durations in periods
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const shown = JSON.stringify(value.replace(/[-:]/g, ''));
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) fail(cl.line, cl.name, `${shown} is not a calendar date`);
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60)) fail(cl.line, cl.name, `${shown} is not a valid time`);
}

/** One content line read by ical.js, with its dates checked (ical.js would roll 30 February over). */
function property(cl: ContentLine): ICAL.Property {
  let jcal: unknown[];
  try {
    jcal = ICAL.parse.property(cl.text) as unknown[];
  } catch (e) {
    fail(cl.line, cl.name || 'ics', (e as Error).message, cl.name === 'RRULE' ? 'invalid_rrule' : 'invalid_ics');
  }
  for (const v of jcal.slice(3)) {
    if (Array.isArray(v)) v.forEach((x) => checkDateText(x, cl));
    else checkDateText(v, cl);
  }
  try {
    return new ICAL.Property(jcal as never);
  } catch (e) {
    fail(cl.line, cl.name, (e as Error).message);
  }
}

function values<T>(cl: ContentLine, prop: ICAL.Property): T[] {
  try {
    return prop.getValues() as T[];
  } catch (e) {
    fail(cl.line, cl.name, (e as Error).message, cl.name === 'RRULE' ? 'invalid_rrule' : 'invalid_ics');
  }
}

/** The zones a file may name: the tz database by IANA or Windows name, then the file's own VTIMEZONEs. */
class Zones {
  private readonly cache = new Map<string, WallZone | SchedulingError>();
  readonly floating: WallZone;

  constructor(
    private readonly embedded: Map<string, Block>,
    floatingZone: string,
  ) {
    this.floating = ZoneClock.of(floatingZone, 'floatingZone');
  }

  get(tzid: string, cl: ContentLine): WallZone {
    let z = this.cache.get(tzid);
    if (!z) {
      try {
        z = this.resolve(tzid);
      } catch (e) {
        z = e instanceof SchedulingError ? e : new SchedulingError('unsupported_timezone', 'TZID', (e as Error).message);
      }
      this.cache.set(tzid, z);
    }
    if (z instanceof SchedulingError) fail(cl.line, cl.name, z.message, z.code);
    return z;
  }

  private resolve(tzid: string): WallZone {
    const known = tzDatabaseName(tzid);
    if (known) return ZoneClock.of(known, 'TZID');
    const block = this.embedded.get(tzid);
    if (block) return embeddedZone(tzid, block);
    throw new SchedulingError('unsupported_timezone', 'TZID', `unknown TZID ${JSON.stringify(tzid)} (not an IANA or Windows zone, and no VTIMEZONE defines it)`);
  }
}

/**
 * The tz-database zone for a TZID: an IANA name (also with a path prefix such as
 * `/mozilla.org/20050126_1/Europe/Helsinki`), or a Windows zone name mapped by windows-iana.
 */
export function tzDatabaseName(tzid: string): string | undefined {
  const name = tzid.trim();
  if (/^(?:utc|gmt|z|etc\/utc|tzone:\/\/microsoft\/utc)$/i.test(name)) return 'UTC';
  const parts = name.split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join('/');
    if (candidate.includes('/') || i === parts.length - 1) {
      if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(candidate) && isTzDatabaseZone(candidate)) return candidate;
    }
  }
  const windows = findIana(name);
  if (windows && windows.length > 0 && isTzDatabaseZone(windows[0])) return windows[0];
  return undefined;
}

function isTzDatabaseZone(name: string): boolean {
  try {
    ZoneClock.of(name);
    return true;
  } catch {
    return false;
  }
}

/** A VTIMEZONE of the file, read by ical.js; its offset is looked up per wall-clock hour. */
function embeddedZone(tzid: string, block: Block): WallZone {
  const toText = (b: Block): string[] => [`BEGIN:${b.name}`, ...b.props.map((p) => p.text), ...b.children.flatMap(toText), `END:${b.name}`];
  for (const cl of [...block.props, ...block.children.flatMap((c) => c.props)]) property(cl); // line-numbered faults first
  let tz: ICAL.Timezone;
  try {
    tz = new ICAL.Timezone({ component: new ICAL.Component(ICAL.parse(toText(block).join('\r\n')) as never), tzid });
    if (!block.children.some((c) => c.name === 'STANDARD' || c.name === 'DAYLIGHT')) throw new Error('it has neither STANDARD nor DAYLIGHT');
  } catch (e) {
    throw new SchedulingError('unsupported_timezone', 'VTIMEZONE', `line ${block.line}: the VTIMEZONE ${JSON.stringify(tzid)} cannot be read: ${(e as Error).message}`, block.line);
  }
  const hours = new Map<number, number>();
  return {
    name: tzid,
    toUtc(wall: number): number {
      const hour = Math.floor(wall / HOUR_MS);
      let offset = hours.get(hour);
      if (offset === undefined) {
        const d = new Date(hour * HOUR_MS);
        const t = new ICAL.Time({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: 0, second: 0, isDate: false }, ICAL.Timezone.localTimezone);
        offset = tz.utcOffset(t) * 1000;
        if (hours.size > 100_000) hours.clear();
        hours.set(hour, offset);
      }
      return wall - offset;
    },
  };
}

function wallOfTime(t: ICAL.Time): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.isDate ? 0 : t.hour, t.isDate ? 0 : t.minute, t.isDate ? 0 : Math.min(t.second, 59));
}

const UTC_ZONE = ZoneClock.of('UTC');

/** A DATE or DATE-TIME value of a property as an instant and a wall clock. */
function instantOf(t: ICAL.Time, cl: ContentLine, prop: ICAL.Property, zones: Zones, utcOnly = false): Instant {
  const wall = wallOfTime(t);
  const isUtc = t.zone === ICAL.Timezone.utcTimezone;
  if (utcOnly && !isUtc) fail(cl.line, cl.name, 'must be a UTC time (…Z)');
  if (t.isDate) return { ms: zones.floating.toUtc(wall), wall, isDate: true, zone: zones.floating };
  if (isUtc) return { ms: wall, wall, isDate: false, zone: UTC_ZONE };
  const tzid = prop.getParameter('tzid') as string | undefined;
  const zone = tzid === undefined ? zones.floating : zones.get(String(tzid), cl);
  return { ms: zone.toUtc(wall), wall, isDate: false, zone };
}

function spanOf(d: ICAL.Duration, cl: ContentLine): Span {
  if (d.isNegative) fail(cl.line, cl.name, 'a negative duration');
  return { days: d.weeks * 7 + d.days, ms: (d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000 };
}

/** Counts iterator steps; the recurrence iterator below reports each candidate instance it checks. */
class Meter {
  file = 0;
  event = 0;
  missesInARow = 0;
  constructor(readonly limits: IcsLimits) {}

  startEvent(): void {
    this.event = 0;
    this.missesInARow = 0;
  }

  step(matched: boolean): void {
    this.file++;
    this.event++;
    this.missesInARow = matched ? 0 : this.missesInARow + 1;
    if (this.missesInARow > this.limits.missesInARow) throw new WorkLimit(`the rule matched nothing in ${this.limits.missesInARow} steps in a row (it can never match, or too rarely to read)`);
    if (this.event > this.limits.stepsPerEvent) throw new WorkLimit(`the rule needs more than ${this.limits.stepsPerEvent} steps to reach the end of the window`);
    if (this.file > this.limits.stepsPerFile) throw new WorkLimit(`the calendar needs more than ${this.limits.stepsPerFile} steps in all; this event and later ones were not read`);
  }
}

class WorkLimit extends Error {}

let activeMeter: Meter | null = null;

/** ical.js's iterator, counting each candidate it checks: its inner loop has no limit of its own. */
class MeteredIterator extends ICAL.RecurIterator {
  override check_contracting_rules(): boolean {
    const ok = super.check_contracting_rules();
    activeMeter?.step(ok);
    return ok;
  }
}

interface EventFacts {
  line: number;
  uid: string | null;
  props: Map<string, Array<{ cl: ContentLine; prop: ICAL.Property }>>;
}

function factsOf(block: Block): EventFacts {
  const props = new Map<string, Array<{ cl: ContentLine; prop: ICAL.Property }>>();
  let uid: string | null = null;
  for (const cl of block.props) {
    if (cl.name === 'UID') uid = cl.text.slice(cl.text.indexOf(':') + 1);
  }
  const facts: EventFacts = { line: block.line, uid, props };
  for (const cl of block.props) {
    if (!cl.name) fail(cl.line, 'ics', `expected NAME:VALUE, got ${JSON.stringify(cl.text.slice(0, 40))}`);
    if (!READ_PROPS.has(cl.name)) continue;
    const list = props.get(cl.name) ?? [];
    list.push({ cl, prop: property(cl) });
    props.set(cl.name, list);
  }
  return facts;
}

const READ_PROPS = new Set(['DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID', 'STATUS', 'TRANSP']);
const SINGLE = ['DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RECURRENCE-ID', 'STATUS', 'TRANSP'];

/** A VEVENT read to the point where its instances can be listed. */
interface ReadEvent {
  facts: EventFacts;
  start: Instant;
  busy: boolean;
  /** end of an instance from its start */
  endOf: (start: Instant) => number;
  /** the instance this one overrides */
  recurrenceId: Instant | null;
  thisAndFuture: boolean;
}

function readEvent(facts: EventFacts, zones: Zones): ReadEvent {
  const one = (name: string): { cl: ContentLine; prop: ICAL.Property } | undefined => facts.props.get(name)?.[0];
  for (const name of SINGLE) {
    const list = facts.props.get(name);
    if (list && list.length > 1) fail(list[1].cl.line, name, `${name} appears twice in one VEVENT`);
  }
  const dtstart = one('DTSTART');
  if (!dtstart) fail(facts.line, 'DTSTART', 'a VEVENT without DTSTART');
  const start = instantOf(values<ICAL.Time>(dtstart.cl, dtstart.prop)[0], dtstart.cl, dtstart.prop, zones);
  const dtend = one('DTEND');
  const duration = one('DURATION');
  if (dtend && duration) fail(duration.cl.line, 'DURATION', 'a VEVENT with both DTEND and DURATION');
  let endOf: (s: Instant) => number;
  if (dtend) {
    const end = instantOf(values<ICAL.Time>(dtend.cl, dtend.prop)[0], dtend.cl, dtend.prop, zones);
    if (end.isDate !== start.isDate) fail(dtend.cl.line, 'DTEND', 'DTEND and DTSTART must both be dates or both date-times');
    if (end.ms < start.ms) fail(dtend.cl.line, 'DTEND', 'DTEND is before DTSTART');
    if (start.isDate) {
      const days = Math.round((end.wall - start.wall) / DAY_MS);
      endOf = (s) => s.zone.toUtc(s.wall + days * DAY_MS);
    } else {
      const exact = end.ms - start.ms; // RFC 5545 3.8.5.3: every instance lasts the exact DTSTART–DTEND duration
      endOf = (s) => s.ms + exact;
    }
  } else if (duration) {
    const d = spanOf(values<ICAL.Duration>(duration.cl, duration.prop)[0], duration.cl);
    endOf = (s) => s.zone.toUtc(s.wall + d.days * DAY_MS) + d.ms;
  } else {
    endOf = start.isDate ? (s) => s.zone.toUtc(s.wall + DAY_MS) : (s) => s.ms;
  }
  const rid = one('RECURRENCE-ID');
  const transp = one('TRANSP')?.cl.text.split(':').pop()?.trim().toUpperCase();
  const status = one('STATUS')?.cl.text.split(':').pop()?.trim().toUpperCase();
  return {
    facts,
    start,
    busy: transp !== 'TRANSPARENT' && status !== 'CANCELLED',
    endOf,
    recurrenceId: rid ? instantOf(values<ICAL.Time>(rid.cl, rid.prop)[0], rid.cl, rid.prop, zones) : null,
    thisAndFuture: rid ? String(rid.prop.getParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE' : false,
  };
}

const FREQ_MS: Record<string, number> = { SECONDLY: 1000, MINUTELY: MINUTE_MS, HOURLY: HOUR_MS, DAILY: DAY_MS, WEEKLY: 7 * DAY_MS };

/**
 * Where iteration may start without changing the instances after `targetWall`: DTSTART moved forward
 * by whole periods of the rule (never with COUNT, which counts from DTSTART).
 */
function shiftedStart(recur: ICAL.Recur, start: Instant, targetWall: number): number {
  if (recur.count || targetWall <= start.wall) return start.wall;
  const interval = recur.interval || 1;
  const unit = FREQ_MS[recur.freq];
  if (unit !== undefined) {
    const period = unit * interval;
    return start.wall + Math.max(0, Math.floor((targetWall - start.wall) / period)) * period;
  }
  const d = new Date(start.wall);
  if (d.getUTCDate() > 28) return start.wall; // a 29th–31st would roll over in a shorter month or year
  const years = Math.max(0, Math.floor((new Date(targetWall).getUTCFullYear() - d.getUTCFullYear() - 1) / interval) * interval);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * True when no date in eight years from `startWall` passes the rule's date filters (BYMONTH, BYMONTHDAY,
 * BYYEARDAY, BYDAY's weekdays; ordinals, BYWEEKNO and BYSETPOS are not looked at, so this never calls a
 * rule that can match empty). Such a rule would keep ical.js's iterator looking for ever.
 */
export function rruleNeverMatches(recur: ICAL.Recur, startWall: number): boolean {
  const p = recur.parts as Record<string, Array<number | string> | undefined>;
  const months = p.BYMONTH?.map(Number);
  const monthDays = p.BYMONTHDAY?.map(Number);
  const yearDays = p.BYYEARDAY?.map(Number);
  const weekdays = p.BYDAY?.map((d) => WEEKDAYS.indexOf(String(d).replace(/^[+-]?\d+/, '')));
  if (!months && !monthDays && !yearDays && !weekdays) return false;
  const first = Math.floor(startWall / DAY_MS);
  for (let day = first; day < first + 8 * 366; day++) {
    const d = new Date(day * DAY_MS);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const md = d.getUTCDate();
    if (months && !months.includes(m)) continue;
    const dim = daysInMonth(y, m);
    if (monthDays && !monthDays.includes(md) && !monthDays.includes(md - dim - 1)) continue;
    if (weekdays && !weekdays.includes(d.getUTCDay())) continue;
    if (yearDays) {
      const yd = day - Math.floor(Date.UTC(y, 0, 1) / DAY_MS) + 1;
      const diy = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 366 : 365;
      if (!yearDays.includes(yd) && !yearDays.includes(yd - diy - 1)) continue;
    }
    return false;
  }
  return true;
}

function timeOfWall(wall: number, isDate: boolean): ICAL.Time {
  const d = new Date(wall);
  return new ICAL.Time(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), isDate },
    ICAL.Timezone.localTimezone,
  );
}

/** Instance starts of a master event: DTSTART, its RRULE up to the window's end, and RDATEs. */
function instancesOf(ev: ReadEvent, zones: Zones, from: number, to: number, lead: number, limits: IcsLimits, meter: Meter): Array<{ start: Instant; end?: number }> {
  const out: Array<{ start: Instant; end?: number }> = [{ start: ev.start }];
  const zone = ev.start.zone;
  const rrule = ev.facts.props.get('RRULE')?.[0];
  const walls = new Set<number>([ev.start.wall]);
  if (rrule) {
    const recur = values<ICAL.Recur>(rrule.cl, rrule.prop)[0].clone();
    if (rruleNeverMatches(recur, ev.start.wall)) fail(rrule.cl.line, 'RRULE', 'the rule can never match (no date passes its BYMONTH/BYMONTHDAY/BYYEARDAY/BYDAY parts)', 'empty_rrule');
    let until: Instant | null = null;
    if (recur.until) {
      const u = recur.until;
      const uWall = wallOfTime(u);
      // UNTIL in UTC is an instant; a date or a local time (not RFC, but written) is read on the event's clock
      until = u.zone === ICAL.Timezone.utcTimezone && !u.isDate ? { ms: uWall, wall: uWall, isDate: false, zone: UTC_ZONE } : { ms: zone.toUtc(u.isDate ? uWall + DAY_MS - 1 : uWall), wall: u.isDate ? uWall + DAY_MS - 1 : uWall, isDate: u.isDate, zone };
      recur.until = null;
    }
    // an instance starting before (window start − its length − slack) cannot reach into the window
    const fromWall = from - lead - 2 * DAY_MS;
    const toWall = to + 2 * DAY_MS;
    const begin = shiftedStart(recur, ev.start, fromWall - 32 * DAY_MS);
    let it: ICAL.RecurIterator;
    activeMeter = meter;
    try {
      try {
        it = new MeteredIterator({ rule: recur, dtstart: timeOfWall(begin, ev.start.isDate) });
      } catch (e) {
        if (e instanceof WorkLimit) throw e;
        fail(rrule.cl.line, 'RRULE', (e as Error).message, 'invalid_rrule');
      }
      let inWindow = 0;
      for (;;) {
        const t = it.next();
        if (!t) break;
        const wall = wallOfTime(t);
        if (wall > toWall) break;
        if (until && (until.zone === UTC_ZONE ? zone.toUtc(wall) > until.ms : wall > until.wall)) break;
        // (a moved DTSTART, which need not match the rule, lies before fromWall and is dropped here)
        if (wall < fromWall || walls.has(wall)) continue;
        walls.add(wall);
        if (++inWindow > limits.instancesPerEvent) fail(rrule.cl.line, 'RRULE', `more than ${limits.instancesPerEvent} instances in the window`, 'too_many_occurrences');
        out.push({ start: { ms: zone.toUtc(wall), wall, isDate: ev.start.isDate, zone } });
      }
    } catch (e) {
      if (e instanceof WorkLimit) fail(rrule.cl.line, 'RRULE', e.message, 'work_limit');
      throw e;
    } finally {
      activeMeter = null;
    }
  }
  const starts = new Set(out.map((i) => i.start.ms));
  for (const { cl, prop } of ev.facts.props.get('RDATE') ?? []) {
    for (const v of values<ICAL.Time | ICAL.Period>(cl, prop)) {
      if (v instanceof ICAL.Period) {
        const s = instantOf(v.start, cl, prop, zones);
        let end: number;
        if (v.end) {
          end = instantOf(v.end, cl, prop, zones).ms;
        } else {
          const d = spanOf(v.duration, cl);
          end = s.zone.toUtc(s.wall + d.days * DAY_MS) + d.ms;
        }
        if (end < s.ms) fail(cl.line, 'RDATE', 'a period that ends before it starts');
        out.push({ start: s, end });
      } else {
        const s = instantOf(v, cl, prop, zones);
        if (s.isDate !== ev.start.isDate) fail(cl.line, 'RDATE', 'RDATE and DTSTART must both be dates or both date-times');
        if (!starts.has(s.ms)) out.push({ start: s });
        starts.add(s.ms);
      }
    }
  }
  const excluded = new Set<number>();
  for (const { cl, prop } of ev.facts.props.get('EXDATE') ?? []) {
    for (const v of values<ICAL.Time>(cl, prop)) excluded.add(instantOf(v, cl, prop, zones).ms);
  }
  return out.filter((i) => !excluded.has(i.start.ms));
}

/** Reads an iCalendar text: busy intervals overlapping `window`, and the events it had to skip. */
export function readIcsBusy(text: string, window: Interval, options: IcsReadOptions = {}): IcsBusy {
  const [from, to] = intervalMs(window, 'window');
  if (typeof text !== 'string') throw new SchedulingError('invalid_ics', 'ics', 'the calendar must be text');
  if (text.length > MAX_ICS_TEXT_LENGTH) throw new SchedulingError('invalid_ics', 'ics', `the calendar is larger than ${MAX_ICS_TEXT_LENGTH / 1_000_000} MB`);
  const limits: IcsLimits = { ...DEFAULT_ICS_LIMITS, ...options.limits };
  const root = readBlocks(text.replace(/^\uFEFF/, ''));
  for (const cl of root.props) if (!cl.name || !/^[A-Za-z0-9-]+[;:]/.test(cl.text)) fail(cl.line, 'ics', `expected NAME:VALUE, got ${JSON.stringify(cl.text.slice(0, 40))}`);

  const embedded = new Map<string, Block>();
  for (const b of root.children) {
    if (b.name !== 'VTIMEZONE') continue;
    const tzid = b.props.find((p) => p.name === 'TZID');
    if (tzid) embedded.set(tzid.text.slice(tzid.text.indexOf(':') + 1).trim(), b);
  }
  const zones = new Zones(embedded, options.floatingZone ?? HELSINKI);
  const meter = new Meter(limits);
  const skipped: IcsSkipped[] = [];
  const busy: number[] = [];
  const add = (s: number, e: number): void => {
    if (s < e && e > from && s < to) busy.push(s, e);
  };
  const skip = (e: unknown, line: number, uid: string | null): void => {
    if (!(e instanceof SchedulingError)) throw e;
    skipped.push({ line: e.line ?? line, uid, code: e.code, field: e.field, message: e.message });
  };

  for (const b of root.children) {
    if (b.name !== 'VFREEBUSY') continue;
    for (const cl of b.props) {
      if (cl.name !== 'FREEBUSY') continue;
      try {
        freeBusyLine(cl, zones, add);
      } catch (e) {
        skip(e, cl.line, null);
      }
    }
  }

  const events: ReadEvent[] = [];
  const blocks = root.children.filter((b) => b.name === 'VEVENT');
  for (const b of blocks) {
    let facts: EventFacts | undefined;
    try {
      facts = factsOf(b);
      events.push(readEvent(facts, zones));
    } catch (e) {
      skip(e, b.line, facts?.uid ?? b.props.find((p) => p.name === 'UID')?.text.split(':').slice(1).join(':') ?? null);
    }
  }

  // overrides by UID: a single instance, or this and every later one
  const overrides = new Map<string, ReadEvent[]>();
  for (const ev of events) {
    if (!ev.recurrenceId) continue;
    const list = overrides.get(ev.facts.uid ?? '') ?? [];
    list.push(ev);
    overrides.set(ev.facts.uid ?? '', list);
  }
  const masters = new Set(events.filter((ev) => !ev.recurrenceId).map((ev) => ev.facts.uid ?? ''));
  for (const ev of events) {
    if (ev.recurrenceId) {
      // a moved instance is busy where it now is; a THISANDFUTURE one is placed with its master's instances
      if (ev.busy && (!ev.thisAndFuture || !masters.has(ev.facts.uid ?? ''))) add(ev.start.ms, ev.endOf(ev.start));
      continue;
    }
    const own = overrides.get(ev.facts.uid ?? '') ?? [];
    const single = new Set(own.filter((o) => !o.thisAndFuture).map((o) => o.recurrenceId!.ms));
    const ranges = own.filter((o) => o.thisAndFuture).sort((a, b) => a.recurrenceId!.ms - b.recurrenceId!.ms);
    meter.startEvent();
    try {
      const lead = Math.max(ev.endOf(ev.start) - ev.start.ms, 0);
      for (const inst of instancesOf(ev, zones, from, to, lead, limits, meter)) {
        if (single.has(inst.start.ms)) continue; // replaced by its override (or cancelled by it)
        let governing: ReadEvent = ev;
        for (const r of ranges) if (r.recurrenceId!.ms <= inst.start.ms) governing = r;
        if (!governing.busy) continue;
        if (governing === ev) {
          add(inst.start.ms, inst.end ?? ev.endOf(inst.start));
        } else {
          // RANGE=THISANDFUTURE: shifted by the override's move, lasting as long as the override
          const shift = governing.start.ms - governing.recurrenceId!.ms;
          const s = inst.start.ms + shift;
          add(s, s + (governing.endOf(governing.start) - governing.start.ms));
        }
      }
    } catch (e) {
      skip(e, ev.facts.line, ev.facts.uid);
    }
  }

  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < busy.length; i += 2) pairs.push([busy[i], busy[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  skipped.sort((a, b) => a.line - b.line);
  return { busy: pairs.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })), events: blocks.length, steps: meter.file, skipped };
}

function freeBusyLine(cl: ContentLine, zones: Zones, add: (s: number, e: number) => void): void {
  const prop = property(cl);
  const type = String(prop.getParameter('fbtype') ?? 'BUSY').toUpperCase();
  if (type === 'FREE') return;
  for (const p of values<ICAL.Period | string>(cl, prop)) {
    if (!(p instanceof ICAL.Period)) fail(cl.line, cl.name, `period ${JSON.stringify(p)} is not start/end or start/duration`);
    const s = instantOf(p.start, cl, prop, zones, true);
    const e = p.end ? instantOf(p.end, cl, prop, zones, true).ms : s.ms + spanOf(p.duration, cl).days * DAY_MS + spanOf(p.duration, cl).ms;
    if (!(e > s.ms)) fail(cl.line, cl.name, `a period that does not end after it starts`);
    add(s.ms, e);
  }
}

/**
 * Busy intervals of an iCalendar text that overlap `window`, sorted by start; all or nothing: the first
 * event that {@link readIcsBusy} would skip is thrown instead (with its line).
 */
export function parseIcsBusy(text: string, window: Interval, options: IcsReadOptions = {}): Interval[] {
  const r = readIcsBusy(text, window, options);
  const first = r.skipped[0];
  if (first) throw new SchedulingError(first.code, first.field, first.message, first.line);
  return r.busy;
}

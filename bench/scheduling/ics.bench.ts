/**
 * iCalendar busy-time import (the library's reader, in this thread):
 * - scheduling.ics_import_1000_events_ms: a 1,000-event calendar of the shapes users send (Outlook with
 *   Windows zones and a VTIMEZONE, Google with IANA zones, floating and all-day events, weekly series with
 *   EXDATEs and moved instances), read over the 13-month import window;
 * - scheduling.ics_worst_case_ms: the hostile file of issue 15, five `FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`
 *   rules (before: 31 s for five of them);
 * - scheduling.ics_budget_worst_ms: the most work the limits let a 2 MB upload cost (every event spends its
 *   step budget until the file's budget is used up); in the API it runs in a worker thread.
 */
import { readIcsBusy } from '@kohtaamo/scheduling';
import { measure, percentile, pick, prng, report } from './bench-util';

const window = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2028-01-05T00:00:00Z') };
const cal = (lines: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const VTZ = [
  'BEGIN:VTIMEZONE', 'TZID:Customized Time Zone',
  'BEGIN:STANDARD', 'DTSTART:16010101T040000', 'TZOFFSETFROM:+0300', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0300', 'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT',
  'END:VTIMEZONE',
];
const ZONES = ['FLE Standard Time', 'W. Europe Standard Time', 'Europe/Helsinki', 'Europe/Stockholm', 'Customized Time Zone', 'Central Europe Standard Time'];

function typical(n: number): string {
  const rand = prng(15);
  const lines: string[] = [...VTZ];
  const pad = (x: number) => String(x).padStart(2, '0');
  for (let i = 0; i < n; i++) {
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const hour = 8 + Math.floor(rand() * 8);
    const date = `2027${pad(month)}${pad(day)}`;
    const tz = pick(rand, ZONES);
    const start = `DTSTART;TZID="${tz}":${date}T${pad(hour)}0000`;
    const end = `DTEND;TZID="${tz}":${date}T${pad(hour + 1)}0000`;
    const head = ['BEGIN:VEVENT', `UID:bench-${i}@example`, 'DTSTAMP:20261201T000000Z', `SUMMARY:Tapaaminen ${i}`];
    const kind = rand();
    if (kind < 0.6) {
      lines.push(...head, start, end, 'END:VEVENT');
    } else if (kind < 0.7) {
      lines.push(...head, `DTSTART:${date}T${pad(hour)}0000`, 'DURATION:PT45M', 'END:VEVENT'); // floating
    } else if (kind < 0.8) {
      lines.push(...head, `DTSTART;VALUE=DATE:${date}`, `DTEND;VALUE=DATE:2027${pad(month)}${pad(day + 1)}`, 'END:VEVENT');
    } else {
      // a weekly series for half a year, one instance cancelled and one moved
      lines.push(...head, `DTSTART;TZID="${tz}":2027${pad(month)}${pad(day)}T${pad(hour)}0000`, `DTEND;TZID="${tz}":2027${pad(month)}${pad(day)}T${pad(hour)}3000`, 'RRULE:FREQ=WEEKLY;COUNT=26', `EXDATE;TZID="${tz}":2027${pad(month)}${pad(day)}T${pad(hour)}0000`, 'END:VEVENT');
      lines.push('BEGIN:VEVENT', `UID:bench-${i}@example`, 'DTSTAMP:20261201T000000Z', `RECURRENCE-ID;TZID="${tz}":${startPlusWeeks(month, day, 1)}T${pad(hour)}0000`, `DTSTART;TZID="${tz}":${startPlusWeeks(month, day, 1)}T${pad(hour + 2)}0000`, `DTEND;TZID="${tz}":${startPlusWeeks(month, day, 1)}T${pad(hour + 3)}0000`, 'END:VEVENT');
    }
  }
  return cal(lines);
}

function startPlusWeeks(month: number, day: number, weeks: number): string {
  return new Date(Date.UTC(2027, month - 1, day + 7 * weeks)).toISOString().slice(0, 10).replace(/-/g, '');
}

const hostile = cal(
  [1, 2, 3, 4, 5].flatMap((i) => ['BEGIN:VEVENT', `UID:hostile-${i}`, 'DTSTAMP:20261201T000000Z', 'DTSTART:20270101T100000Z', 'DTEND:20270101T110000Z', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'END:VEVENT']),
);

const budget = (() => {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 1_900_000; i++) {
    const ev = ['BEGIN:VEVENT', `UID:w${i}`, 'DTSTART:19900101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=MINUTELY;COUNT=99999999', 'END:VEVENT'];
    lines.push(...ev);
    size += ev.join('\r\n').length + 2;
  }
  return cal(lines);
})();

const text = typical(1000);
const once = readIcsBusy(text, window);
const times = measure(() => readIcsBusy(text, window), 3, 20);
report('scheduling.ics_import_1000_events_ms', percentile(times, 50), 'ms', {
  events: once.events,
  busy_intervals: once.busy.length,
  skipped: once.skipped.length,
  steps: once.steps,
  bytes: Buffer.byteLength(text),
  runs: times.length,
  p95_ms: Math.round(percentile(times, 95) * 1000) / 1000,
});

const h = readIcsBusy(hostile, window);
const hTimes = measure(() => readIcsBusy(hostile, window), 5, 50);
report('scheduling.ics_worst_case_ms', percentile(hTimes, 50), 'ms', {
  file: 'five FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 rules',
  skipped: h.skipped.length,
  code: h.skipped[0]?.code,
  runs: hTimes.length,
  max_ms: Math.round(Math.max(...hTimes) * 1000) / 1000,
});

const b = readIcsBusy(budget, window);
const bTimes = measure(() => readIcsBusy(budget, window), 0, 3);
report('scheduling.ics_budget_worst_ms', percentile(bTimes, 50), 'ms', {
  file: '2 MB of FREQ=MINUTELY;COUNT rules from 1990 (each spends its step budget)',
  events: b.events,
  skipped: b.skipped.length,
  steps: b.steps,
  bytes: Buffer.byteLength(budget),
  runs: bTimes.length,
});

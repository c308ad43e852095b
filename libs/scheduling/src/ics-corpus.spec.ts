import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { readIcsBusy, tzDatabaseName } from './ics';

// Real-world shapes, each with its busy intervals worked out by hand (UTC).
const year2027 = { start: new Date('2027-01-01T00:00:00Z'), end: new Date('2028-01-01T00:00:00Z') };
const corpus = (name: string): string => readFileSync(join(__dirname, 'ics-corpus', name), 'utf8');
const read = (text: string, w = year2027) => {
  const r = readIcsBusy(text, w);
  return { busy: r.busy.map((i) => `${i.start.toISOString().slice(0, 16)}/${i.end.toISOString().slice(0, 16)}`), skipped: r.skipped, steps: r.steps };
};
const cal = (...lines: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

describe('iCalendar corpus', () => {
  it('Outlook: Windows zone names with a VTIMEZONE, a weekly series with a cancelled and a moved instance, an all-day absence, free time', () => {
    expect(read(corpus('outlook-windows-zones.ics'))).toEqual({
      busy: [
        '2027-01-04T08:00/2027-01-04T08:30', // 09:00 W. Europe (+01:00); 11 January is an EXDATE
        '2027-01-19T13:00/2027-01-19T14:00', // 18 January moved to the 19th 14:00–15:00
        '2027-01-25T08:00/2027-01-25T08:30',
        '2027-01-31T22:00/2027-02-02T22:00', // 1–2 February, all day, on the Helsinki clock
        '2027-06-15T07:00/2027-06-15T08:00', // Turkey Standard Time: +03:00
        '2027-06-15T08:00/2027-06-15T09:00', // Central Europe Standard Time (Budapest): +02:00 in summer
        '2027-06-15T17:00/2027-06-15T18:00', // Pacific Standard Time: PDT, −07:00
      ],
      skipped: [],
      steps: expect.any(Number),
    });
  });

  it('Outlook: zones defined only in the file ("Customized Time Zone", a display name, a fixed +04:30)', () => {
    expect(read(corpus('outlook-custom-zones.ics')).busy).toEqual([
      '2027-01-12T08:00/2027-01-12T09:00', // "Customized Time Zone" in winter, +02:00
      '2027-01-12T08:00/2027-01-12T09:00', // "(UTC+02:00) Helsinki, Kyiv, …" in winter
      '2027-06-15T05:30/2027-06-15T06:30', // +04:30 all year: only the file says so
      '2027-06-15T07:00/2027-06-15T08:00', // "Customized Time Zone" in summer, +03:00
      '2027-06-15T07:00/2027-06-15T08:00',
    ]);
  });

  it('Google: IANA zone, weekly on two days across the spring change, EXDATE, a cancelled instance, UNTIL in UTC, all-day', () => {
    expect(read(corpus('google-iana.ics'))).toEqual({
      busy: [
        '2027-03-22T11:00/2027-03-22T12:00', // Mon 13:00 EET; Wed 24 March is an EXDATE
        '2027-03-29T10:00/2027-03-29T11:00', // Mon 13:00 EEST (clocks went forward on 28 March); Wed 31 March cancelled
        '2027-04-05T10:00/2027-04-05T11:00', // Mon 5 April 10:00Z is before UNTIL 10:59:59Z; Wed 7 April is after it
        '2027-05-05T21:00/2027-05-06T21:00', // 6 May all day, Helsinki
        '2027-05-10T07:00/2027-05-10T08:00',
      ],
      skipped: [],
      steps: expect.any(Number),
    });
  });

  it('Apple: floating times, a three-day all-day event, RANGE=THISANDFUTURE, RDATE periods and date-times', () => {
    expect(read(corpus('apple-floating.ics')).busy).toEqual([
      '2027-06-09T21:00/2027-06-12T21:00', // 10–12 June, all day, Helsinki
      '2027-09-07T06:00/2027-09-07T07:00', // floating 09:00 read in Helsinki (+03:00)
      '2027-10-04T05:00/2027-10-04T06:00', // daily 08:00 floating, one hour
      '2027-10-05T05:00/2027-10-05T06:00',
      '2027-10-06T07:00/2027-10-06T07:30', // from the 6th on: two hours later, half an hour long
      '2027-10-07T07:00/2027-10-07T07:30',
      '2027-10-08T07:00/2027-10-08T07:30',
      '2027-11-01T12:00/2027-11-01T13:00',
      '2027-11-02T12:00/2027-11-02T14:00', // RDATE period start/duration
      '2027-11-03T12:00/2027-11-03T12:30', // RDATE period start/end
      '2027-11-04T12:00/2027-11-04T13:00', // RDATE date-time: the event's own length
    ]);
  });

  it('knows every Windows zone name (CLDR windowsZones) as a tz-database zone', () => {
    const names = WINDOWS_TO_IANA_MAP.map((e) => e.windowsName);
    expect(names.length).toBeGreaterThan(130);
    expect(names.filter((n) => tzDatabaseName(n) === undefined)).toEqual([]);
    expect(tzDatabaseName('/mozilla.org/20050126_1/Europe/Helsinki')).toBe('Europe/Helsinki');
    expect(tzDatabaseName('Customized Time Zone')).toBeUndefined();
  });
});

describe('bad events are skipped, not the file', () => {
  const hostile = (uid: string): string[] => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTART:20270101T100000Z', 'DTEND:20270101T110000Z', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'END:VEVENT'];

  it('a rule that can never match is found out before iterating and reported; the rest is read', () => {
    const text = cal(...hostile('h1'), ...hostile('h2'), ...hostile('h3'), ...hostile('h4'), ...hostile('h5'), 'BEGIN:VEVENT', 'UID:ok', 'DTSTART:20270301T100000Z', 'DTEND:20270301T110000Z', 'END:VEVENT');
    const r = readIcsBusy(text, year2027);
    // DTSTART is always an instance (RFC 5545), so each hostile event is busy once before the rule is given up
    expect(r.busy.map((i) => i.start.toISOString())).toEqual(['2027-03-01T10:00:00.000Z']);
    expect(r.skipped.map((s) => [s.uid, s.line, s.code, s.field])).toEqual([
      ['h1', 8, 'empty_rrule', 'RRULE'],
      ['h2', 14, 'empty_rrule', 'RRULE'],
      ['h3', 20, 'empty_rrule', 'RRULE'],
      ['h4', 26, 'empty_rrule', 'RRULE'],
      ['h5', 32, 'empty_rrule', 'RRULE'],
    ]);
    expect(r.skipped[0].message).toMatch(/^line 8: the rule can never match/);
    expect(r.steps).toBe(0);
  });

  it('a rule that finds nothing for too many steps in a row is given up (the backstop for shapes the check above does not see)', () => {
    // every 29 February: possible, but 1,460 days apart; with a limit of 500 misses in a row it is given up
    const text = cal('BEGIN:VEVENT', 'UID:rare', 'DTSTART:20280301T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29', 'END:VEVENT');
    const r = readIcsBusy(text, { start: new Date('2028-01-01T00:00Z'), end: new Date('2033-01-01T00:00Z') }, { limits: { missesInARow: 500 } });
    expect(r.skipped.map((s) => [s.uid, s.code])).toEqual([['rare', 'work_limit']]);
    expect(r.steps).toBeLessThanOrEqual(501);
  });

  it('a rule without COUNT that began long ago is iterated only near the window', () => {
    const text = cal('BEGIN:VEVENT', 'UID:hourly', 'DTSTART:19900101T000000Z', 'DURATION:PT30M', 'RRULE:FREQ=HOURLY', 'END:VEVENT');
    const r = readIcsBusy(text, { start: new Date('2027-01-01T00:00Z'), end: new Date('2027-01-02T00:00Z') });
    expect(r.busy).toHaveLength(24);
    expect(r.busy[0].start.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(r.steps).toBeLessThan(24 * 40); // about 36 days of hours, not 37 years of them
  });

  it('too many instances in the window, a bad date, an unknown zone, a broken line: each skipped with its line, the rest read', () => {
    const text = cal(
      'BEGIN:VEVENT', 'UID:minutely', 'DTSTART:20270101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY', 'END:VEVENT', // lines 4–9
      'BEGIN:VEVENT', 'UID:bad-date', 'DTSTART:20270230T080000Z', 'END:VEVENT', // 10–13
      'BEGIN:VEVENT', 'UID:mars', 'DTSTART;TZID=Mars/Olympus:20270310T080000', 'END:VEVENT', // 14–17
      'BEGIN:VEVENT', 'UID:broken', 'DTSTART 20270310T080000Z', 'END:VEVENT', // 18–21
      'BEGIN:VEVENT', 'UID:good', 'DTSTART:20270310T080000Z', 'DTEND:20270310T090000Z', 'END:VEVENT',
    );
    const r = readIcsBusy(text, year2027);
    expect(r.busy.map((i) => i.start.toISOString())).toEqual(['2027-03-10T08:00:00.000Z']);
    expect(r.skipped.map((s) => [s.uid, s.line, s.code])).toEqual([
      ['minutely', 8, 'too_many_occurrences'],
      ['bad-date', 12, 'invalid_ics'],
      ['mars', 16, 'unsupported_timezone'],
      ['broken', 20, 'invalid_ics'],
    ]);
    expect(r.events).toBe(5);
  });
});

import { parseIcsBusy } from './ics';
import { SchedulingError } from './errors';

const window = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };
const cal = (...lines: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]): string[] => ['BEGIN:VEVENT', 'UID:x@test', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];
const show = (text: string, w = window): string[] => parseIcsBusy(text, w).map((i) => `${i.start.toISOString()}/${i.end.toISOString()}`);
const error = (text: string): SchedulingError => {
  try {
    parseIcsBusy(text, window);
  } catch (e) {
    if (e instanceof SchedulingError) return e;
    throw e;
  }
  throw new Error('expected a SchedulingError');
};

describe('parseIcsBusy', () => {
  it('VFREEBUSY periods: start/end and start/duration; FREE is not busy', () => {
    const text = cal(
      'BEGIN:VFREEBUSY',
      'FREEBUSY;FBTYPE=BUSY:20260310T080000Z/20260310T090000Z,20260311T120000Z/PT1H30M',
      'FREEBUSY;FBTYPE=FREE:20260312T080000Z/20260312T090000Z',
      'FREEBUSY:20260313T080000Z/PT15M',
      'END:VFREEBUSY',
    );
    expect(show(text)).toEqual([
      '2026-03-10T08:00:00.000Z/2026-03-10T09:00:00.000Z',
      '2026-03-11T12:00:00.000Z/2026-03-11T13:30:00.000Z',
      '2026-03-13T08:00:00.000Z/2026-03-13T08:15:00.000Z',
    ]);
  });

  it('VEVENT in UTC, with TZID=Europe/Helsinki (winter and summer), floating, and all-day', () => {
    const text = cal(
      ...event('DTSTART:20260310T080000Z', 'DTEND:20260310T090000Z'),
      ...event('DTSTART;TZID=Europe/Helsinki:20260310T130000', 'DTEND;TZID=Europe/Helsinki:20260310T140000'),
      ...event('DTSTART;TZID="Europe/Helsinki":20260610T130000', 'DURATION:PT45M'),
      ...event('DTSTART:20260611T090000', 'DTEND:20260611T100000'),
      ...event('DTSTART;VALUE=DATE:20260619', 'DTEND;VALUE=DATE:20260620'),
      ...event('DTSTART;VALUE=DATE:20261224'),
    );
    expect(show(text)).toEqual([
      '2026-03-10T08:00:00.000Z/2026-03-10T09:00:00.000Z',
      '2026-03-10T11:00:00.000Z/2026-03-10T12:00:00.000Z',
      '2026-06-10T10:00:00.000Z/2026-06-10T10:45:00.000Z',
      '2026-06-11T06:00:00.000Z/2026-06-11T07:00:00.000Z',
      '2026-06-18T21:00:00.000Z/2026-06-19T21:00:00.000Z',
      '2026-12-23T22:00:00.000Z/2026-12-24T22:00:00.000Z',
    ]);
  });

  it('skips transparent and cancelled events and nested alarms', () => {
    const text = cal(
      ...event('DTSTART:20260310T080000Z', 'DTEND:20260310T090000Z', 'TRANSP:TRANSPARENT'),
      ...event('DTSTART:20260311T080000Z', 'DTEND:20260311T090000Z', 'STATUS:CANCELLED'),
      ...event('DTSTART:20260312T080000Z', 'DTEND:20260312T090000Z', 'TRANSP:OPAQUE', 'BEGIN:VALARM', 'TRIGGER:-PT15M', 'DURATION:PT5M', 'ACTION:DISPLAY', 'END:VALARM'),
    );
    expect(show(text)).toEqual(['2026-03-12T08:00:00.000Z/2026-03-12T09:00:00.000Z']);
  });

  it('unfolds folded lines (CRLF or LF, then a space or tab)', () => {
    const text = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;TZID=Europe/', ' Helsinki:20260310T1', '\t30000', 'DTEND:20260310T120000Z', 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    expect(show(text)).toEqual(['2026-03-10T11:00:00.000Z/2026-03-10T12:00:00.000Z']);
  });

  it('expands RRULE in the event’s zone with EXDATE and RECURRENCE-ID overrides, only inside the window', () => {
    const text = cal(
      'BEGIN:VEVENT',
      'UID:weekly@test',
      'DTSTART;TZID=Europe/Helsinki:20260317T090000',
      'DTEND;TZID=Europe/Helsinki:20260317T100000',
      'RRULE:FREQ=WEEKLY;COUNT=4',
      'EXDATE;TZID=Europe/Helsinki:20260324T090000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:weekly@test',
      'RECURRENCE-ID;TZID=Europe/Helsinki:20260331T090000',
      'DTSTART;TZID=Europe/Helsinki:20260331T140000',
      'DTEND;TZID=Europe/Helsinki:20260331T150000',
      'END:VEVENT',
    );
    expect(show(text)).toEqual([
      '2026-03-17T07:00:00.000Z/2026-03-17T08:00:00.000Z',
      '2026-03-31T11:00:00.000Z/2026-03-31T12:00:00.000Z', // the override, 14:00 EEST
      '2026-04-07T06:00:00.000Z/2026-04-07T07:00:00.000Z', // 09:00 EEST
    ]);
    expect(show(text, { start: new Date('2026-04-01T00:00Z'), end: new Date('2026-05-01T00:00Z') })).toEqual(['2026-04-07T06:00:00.000Z/2026-04-07T07:00:00.000Z']);
  });

  it('an unbounded RRULE is expanded only over the window', () => {
    const text = cal(...event('DTSTART:20200106T080000Z', 'DTEND:20200106T090000Z', 'RRULE:FREQ=WEEKLY;BYDAY=MO'));
    expect(show(text, { start: new Date('2026-03-01T00:00Z'), end: new Date('2026-03-15T00:00Z') })).toEqual([
      '2026-03-02T08:00:00.000Z/2026-03-02T09:00:00.000Z',
      '2026-03-09T08:00:00.000Z/2026-03-09T09:00:00.000Z',
    ]);
  });

  it('accepts Outlook’s Windows zone name for Helsinki', () => {
    const text = cal(...event('DTSTART;TZID=FLE Standard Time:20260310T130000', 'DTEND;TZID=FLE Standard Time:20260310T140000'));
    expect(show(text)).toEqual(['2026-03-10T11:00:00.000Z/2026-03-10T12:00:00.000Z']);
  });

  it.each([
    ['no VCALENDAR', 'BEGIN:VEVENT\r\nEND:VEVENT', 1, 'invalid_ics'],
    ['missing END', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260310T080000Z', 3, 'invalid_ics'],
    ['mismatched END', cal('BEGIN:VEVENT', 'DTSTART:20260310T080000Z', 'END:VTODO'), 6, 'invalid_ics'],
    ['a line without a colon', cal('BEGIN:VEVENT', 'DTSTART 20260310T080000Z', 'END:VEVENT'), 5, 'invalid_ics'],
    ['a bad date', cal(...event('DTSTART:20260230T080000Z', 'DTEND:20260310T090000Z')), 7, 'invalid_ics'],
    ['a bad time', cal(...event('DTSTART:20260310T250000Z')), 7, 'invalid_ics'],
    ['end before start', cal(...event('DTSTART:20260310T080000Z', 'DTEND:20260310T070000Z')), 8, 'invalid_ics'],
    ['no DTSTART', cal(...event('DTEND:20260310T070000Z')), 4, 'invalid_ics'],
    ['a bad duration', cal(...event('DTSTART:20260310T080000Z', 'DURATION:1H')), 8, 'invalid_ics'],
    ['a local FREEBUSY time', cal('BEGIN:VFREEBUSY', 'FREEBUSY:20260310T080000/PT1H', 'END:VFREEBUSY'), 5, 'invalid_ics'],
    ['an unknown TZID', cal(...event('DTSTART;TZID=Mars/Olympus:20260310T080000')), 7, 'unsupported_timezone'],
    ['a bad RRULE', cal(...event('DTSTART:20260310T080000Z', 'RRULE:FREQ=SOMETIMES')), 8, 'invalid_rrule'],
    ['a fold with nothing before it', ' BEGIN:VCALENDAR', 1, 'invalid_ics'],
  ])('rejects %s, naming the line', (_name, text, line, code) => {
    const e = error(text);
    expect([e.code, e.line]).toEqual([code, line]);
    expect(e.message).toContain(`line ${line}`);
  });
});

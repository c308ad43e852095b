import { DateTime } from 'luxon';
import { compileSeries, expandSeries, occurrenceKey, validateSeries, type SessionSeries } from './recurrence';
import { SchedulingError } from './errors';

const range = (start: string, end: string): { start: Date; end: Date } => ({ start: new Date(start), end: new Date(end) });
const iso = (d: Date): string => d.toISOString();

/** every other Tuesday 13:00–15:00 Helsinki, from 3 March 2026 */
const biweekly: SessionSeries = { dtstart: '2026-03-03T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' };

describe('expandSeries across daylight-saving changes', () => {
  it('a bi-weekly Tuesday 13:00 stays 13:00 Helsinki: 11:00 UTC in winter, 10:00 UTC in summer', () => {
    const occ = expandSeries(biweekly, range('2026-03-01T00:00:00Z', '2026-04-15T00:00:00Z'));
    expect(occ.map((o) => iso(o.start))).toEqual([
      '2026-03-03T11:00:00.000Z',
      '2026-03-17T11:00:00.000Z',
      '2026-03-31T10:00:00.000Z', // after Sunday 29 March
      '2026-04-14T10:00:00.000Z',
    ]);
    expect(occ.map((o) => iso(o.end))).toEqual([
      '2026-03-03T13:00:00.000Z',
      '2026-03-17T13:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-04-14T12:00:00.000Z',
    ]);
  });

  it('back to 11:00 UTC after Sunday 25 October 2026', () => {
    const occ = expandSeries(biweekly, range('2026-10-01T00:00:00Z', '2026-11-15T00:00:00Z'));
    expect(occ.map((o) => iso(o.start))).toEqual(['2026-10-13T10:00:00.000Z', '2026-10-27T11:00:00.000Z', '2026-11-10T11:00:00.000Z']);
  });

  it('five years match luxon stepping 2 weeks on the Helsinki calendar: 13:00 on Tuesdays', () => {
    const occ = expandSeries(biweekly, range('2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z'));
    const expected: string[] = [];
    for (let t = DateTime.fromISO('2026-03-03T13:00', { zone: 'Europe/Helsinki' }); t.toMillis() < Date.UTC(2031, 0, 1); t = t.plus({ weeks: 2 })) {
      expected.push(t.toUTC().toISO() ?? '');
    }
    expect(expected).toHaveLength(127);
    expect(occ.map((o) => iso(o.start))).toEqual(expected);
    for (const o of occ) {
      const local = DateTime.fromJSDate(o.start, { zone: 'Europe/Helsinki' });
      expect([local.weekday, local.hour, local.minute]).toEqual([2, 13, 0]);
    }
  });

  it('range is [from, to) on the start time', () => {
    const occ = expandSeries(biweekly, range('2026-03-17T11:00:00Z', '2026-03-31T10:00:00Z'));
    expect(occ.map((o) => iso(o.start))).toEqual(['2026-03-17T11:00:00.000Z']);
  });

  it('COUNT and UNTIL bound the series; UNTIL may be a UTC instant or a local date', () => {
    expect(expandSeries({ ...biweekly, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3' }, range('2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toHaveLength(3);
    const untilUtc = expandSeries({ ...biweekly, rrule: 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260331T100000Z' }, range('2026-01-01T00:00Z', '2027-01-01T00:00Z'));
    expect(untilUtc.map((o) => iso(o.start))).toEqual(['2026-03-03T11:00:00.000Z', '2026-03-17T11:00:00.000Z', '2026-03-31T10:00:00.000Z']);
    const untilDate = expandSeries({ ...biweekly, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260330' }, range('2026-01-01T00:00Z', '2027-01-01T00:00Z'));
    expect(untilDate).toHaveLength(2);
  });

  it('monthly on the last Friday', () => {
    const occ = expandSeries({ dtstart: '2026-01-30T09:00', durationMinutes: 60, rrule: 'FREQ=MONTHLY;BYDAY=-1FR' }, range('2026-01-01T00:00Z', '2026-05-01T00:00Z'));
    expect(occ.map((o) => iso(o.start))).toEqual(['2026-01-30T07:00:00.000Z', '2026-02-27T07:00:00.000Z', '2026-03-27T07:00:00.000Z', '2026-04-24T06:00:00.000Z']);
  });
});

describe('exceptions', () => {
  it('a cancelled occurrence disappears (or is shown as cancelled on request)', () => {
    const series: SessionSeries = { ...biweekly, exceptions: [{ kind: 'cancelled', key: '2026-03-31T10:00:00.000Z' }] };
    const r = range('2026-03-01T00:00:00Z', '2026-04-15T00:00:00Z');
    expect(expandSeries(series, r).map((o) => o.key)).toEqual(['2026-03-03T11:00:00.000Z', '2026-03-17T11:00:00.000Z', '2026-04-14T10:00:00.000Z']);
    const all = expandSeries(series, r, { includeCancelled: true });
    expect(all.map((o) => o.status)).toEqual(['scheduled', 'scheduled', 'cancelled', 'scheduled']);
  });

  it('a moved occurrence keeps its key and appears at its new time, in whichever range holds the new start', () => {
    const series: SessionSeries = {
      ...biweekly,
      exceptions: [{ kind: 'moved', key: '2026-03-17T11:00:00Z', start: new Date('2026-04-02T07:00:00Z'), end: new Date('2026-04-02T08:30:00Z') }],
    };
    const march = expandSeries(series, range('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'));
    expect(march.map((o) => o.key)).toEqual(['2026-03-03T11:00:00.000Z', '2026-03-31T10:00:00.000Z']);
    const april = expandSeries(series, range('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z'));
    expect(april.map((o) => [o.key, iso(o.start), iso(o.end), o.status])).toEqual([
      ['2026-03-17T11:00:00.000Z', '2026-04-02T07:00:00.000Z', '2026-04-02T08:30:00.000Z', 'moved'],
      ['2026-04-14T10:00:00.000Z', '2026-04-14T10:00:00.000Z', '2026-04-14T12:00:00.000Z', 'scheduled'],
      ['2026-04-28T10:00:00.000Z', '2026-04-28T10:00:00.000Z', '2026-04-28T12:00:00.000Z', 'scheduled'],
    ]);
    expect(iso(april[0].originalStart)).toBe('2026-03-17T11:00:00.000Z');
  });

  it('an exception must target a real occurrence, once', () => {
    const notAnOccurrence = { ...biweekly, exceptions: [{ kind: 'cancelled' as const, key: '2026-03-24T11:00:00Z' }] };
    expect(() => validateSeries(notAnOccurrence)).toThrow(expect.objectContaining({ code: 'unknown_occurrence', field: 'exceptions[0].key' }));
    // 13:00 local in summer is 10:00 UTC; 11:00 UTC is not an occurrence
    const wrongOffset = { ...biweekly, exceptions: [{ kind: 'cancelled' as const, key: '2026-03-31T11:00:00Z' }] };
    expect(() => validateSeries(wrongOffset)).toThrow(expect.objectContaining({ code: 'unknown_occurrence' }));
    const twice = {
      ...biweekly,
      exceptions: [
        { kind: 'cancelled' as const, key: '2026-03-31T10:00:00Z' },
        { kind: 'cancelled' as const, key: '2026-03-31T10:00:00.000Z' },
      ],
    };
    expect(() => validateSeries(twice)).toThrow(expect.objectContaining({ code: 'duplicate', field: 'exceptions[1].key' }));
    const backwards = { ...biweekly, exceptions: [{ kind: 'moved' as const, key: '2026-03-31T10:00:00Z', start: new Date('2026-04-01T10:00Z'), end: new Date('2026-04-01T09:00Z') }] };
    expect(() => validateSeries(backwards)).toThrow(expect.objectContaining({ code: 'invalid_range', field: 'exceptions[0]' }));
    expect(() => validateSeries({ ...biweekly, exceptions: [{ kind: 'cancelled', key: '31.3.2026' }] })).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });

  it('expandSeries checks exception keys too, inside and outside the range', () => {
    const inside = { ...biweekly, exceptions: [{ kind: 'cancelled' as const, key: '2026-03-24T11:00:00Z' }] };
    expect(() => expandSeries(inside, range('2026-03-01T00:00Z', '2026-04-01T00:00Z'))).toThrow(expect.objectContaining({ code: 'unknown_occurrence' }));
    expect(() => expandSeries(inside, range('2027-03-01T00:00Z', '2027-04-01T00:00Z'))).toThrow(expect.objectContaining({ code: 'unknown_occurrence' }));
    const valid = { ...biweekly, exceptions: [{ kind: 'cancelled' as const, key: '2026-03-31T10:00:00Z' }] };
    expect(expandSeries(valid, range('2027-03-01T00:00Z', '2027-04-01T00:00Z'))).toHaveLength(3);
  });

  it('occurrenceKey is the ISO UTC original start', () => {
    expect(occurrenceKey(new Date('2026-03-31T10:00Z'))).toBe('2026-03-31T10:00:00.000Z');
  });
});

describe('validation', () => {
  const bad = (patch: Partial<SessionSeries>): SchedulingError => {
    try {
      compileSeries({ ...biweekly, ...patch });
    } catch (e) {
      if (e instanceof SchedulingError) return e;
      throw e;
    }
    throw new Error('expected a SchedulingError');
  };

  it.each([
    ['garbage', 'invalid_rrule'],
    ['', 'invalid_rrule'],
    ['FREQ=WEEKLY;INTERVAL=x;BYDAY=TU', 'invalid_rrule'],
    ['FREQ=WEEKLY;BYDAY=XX', 'invalid_rrule'],
    ['FREQ=WEEKLY;FOO=1', 'invalid_rrule'],
    ['FREQ=HOURLY', 'invalid_rrule'],
    ['FREQ=WEEKLY;BYDAY=TU;BYHOUR=9', 'invalid_rrule'],
    ['FREQ=WEEKLY;COUNT=2;UNTIL=20270101T000000Z', 'invalid_rrule'],
    ['FREQ=WEEKLY;BYDAY=TU;BYDAY=WE', 'invalid_rrule'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'invalid_rrule'],
    ['FREQ=WEEKLY;UNTIL=20261301', 'invalid_date'],
    ['INTERVAL=2;BYDAY=TU', 'invalid_rrule'],
  ])('rrule %j → %s on field rrule', (rrule, code) => {
    const e = bad({ rrule });
    expect([e.code, e.field]).toEqual([code, 'rrule']);
  });

  it('a rule without any occurrence is empty_rrule', () => {
    const e = bad({ dtstart: '2026-02-01T13:00', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' });
    expect([e.code, e.field]).toEqual(['empty_rrule', 'rrule']);
  });

  it('dtstart must be a valid local date-time that is itself an occurrence', () => {
    expect([bad({ dtstart: '2026-03-03 13:00' }).code, bad({ dtstart: '2026-03-03 13:00' }).field]).toEqual(['invalid_date', 'dtstart']);
    expect(bad({ dtstart: '2026-02-30T13:00' }).code).toBe('invalid_date');
    expect(bad({ dtstart: '2026-03-02T13:00' })).toMatchObject({ code: 'invalid_rrule', field: 'dtstart' }); // a Monday
  });

  it('duration must be whole minutes within a day', () => {
    expect(bad({ durationMinutes: 0 })).toMatchObject({ code: 'invalid_argument', field: 'durationMinutes' });
    expect(bad({ durationMinutes: 12.5 })).toMatchObject({ code: 'invalid_argument', field: 'durationMinutes' });
  });

  it('the range must be proper and not produce unbounded output', () => {
    expect(() => expandSeries(biweekly, range('2026-05-01T00:00Z', '2026-04-01T00:00Z'))).toThrow(expect.objectContaining({ code: 'invalid_range', field: 'range' }));
    const daily: SessionSeries = { dtstart: '2026-01-01T08:00', durationMinutes: 30, rrule: 'FREQ=DAILY' };
    expect(() => expandSeries(daily, range('2026-01-01T00:00Z', '2027-01-01T00:00Z'), { maxOccurrences: 100 })).toThrow(
      expect.objectContaining({ code: 'too_many_occurrences' }),
    );
    expect(expandSeries(daily, range('2026-01-01T00:00Z', '2026-04-11T00:00Z'), { maxOccurrences: 100 })).toHaveLength(100);
  });

  it('a compiled series expands like the raw one', () => {
    const r = range('2026-01-01T00:00Z', '2027-01-01T00:00Z');
    expect(expandSeries(compileSeries(biweekly), r)).toEqual(expandSeries(biweekly, r));
  });
});

describe('wall-clock edge cases', () => {
  it('a start inside the spring-forward gap uses the offset before the gap (RFC 5545)', () => {
    const occ = expandSeries({ dtstart: '2026-03-29T03:30', durationMinutes: 30, rrule: 'FREQ=DAILY;COUNT=2' }, range('2026-03-01T00:00Z', '2026-04-01T00:00Z'));
    // 03:30 EET does not exist on 29 March: 01:30 UTC (= 04:30 EEST); the next day 03:30 EEST = 00:30 UTC
    expect(occ.map((o) => iso(o.start))).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('a start in the repeated hour of autumn is its first occurrence', () => {
    const occ = expandSeries({ dtstart: '2026-10-25T03:30', durationMinutes: 30, rrule: 'FREQ=DAILY;COUNT=1' }, range('2026-10-01T00:00Z', '2026-11-01T00:00Z'));
    expect(occ.map((o) => iso(o.start))).toEqual(['2026-10-25T00:30:00.000Z']); // 03:30 EEST
  });
});

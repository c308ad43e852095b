import { endOfHelsinkiDay, startOfHelsinkiDay, formatDate, formatDateTime, formatTime, formatTimeRange, helsinkiDate, helsinkiOffsetMinutes, isCalendarDate, parseClockTime } from './time';

// 2030-03-05T11:00Z is 13.00 in Helsinki (winter, UTC+2); 2030-07-01T21:30Z is 00.30 on 2 July (summer, UTC+3).
describe('the Helsinki clock in Finnish, Swedish and English formats', () => {
  it('formats dates and times as read in Finland', () => {
    expect(formatDate('2030-03-05T11:00:00Z', 'fi')).toBe('5.3.2030');
    expect(formatDate('2030-03-05T11:00:00Z', 'sv')).toBe('5.3.2030');
    expect(formatDate('2030-03-05T11:00:00Z', 'en')).toBe('5 Mar 2030');
    expect(formatTime('2030-03-05T11:00:00Z', 'fi')).toBe('13.00');
    expect(formatTime('2030-03-05T11:00:00Z', 'sv')).toBe('13.00');
    expect(formatTime('2030-03-05T11:00:00Z', 'en')).toBe('13:00');
    expect(formatDateTime('2030-03-05T11:00:00Z', 'fi')).toBe('ti 5.3.2030 klo 13.00');
    expect(formatDateTime('2030-03-05T11:00:00Z', 'sv')).toBe('tis 5.3.2030 kl. 13.00');
    expect(formatDateTime('2030-03-05T11:00:00Z', 'en')).toBe('Tue 5 Mar 2030, 13:00');
  });

  it('uses the Helsinki date, not UTC\'s, around midnight and in summer time', () => {
    expect(helsinkiDate('2030-07-01T21:30:00Z')).toBe('2030-07-02');
    expect(formatTime('2030-07-01T21:30:00Z', 'fi')).toBe('00.30');
    expect(helsinkiOffsetMinutes('2030-07-01T21:30:00Z')).toBe(180);
    expect(helsinkiOffsetMinutes('2030-01-01T12:00:00Z')).toBe(120);
  });

  it('writes a range within a day once, over midnight with both days', () => {
    expect(formatTimeRange('2030-03-05T11:00:00Z', '2030-03-05T11:20:00Z', 'fi')).toBe('ti 5.3.2030 klo 13.00–13.20');
    expect(formatTimeRange('2030-03-05T21:00:00Z', '2030-03-05T22:30:00Z', 'en')).toBe('Tue 5 Mar 2030, 23:00 – Wed 6 Mar 2030, 00:30');
  });

  it('ends a calendar day at its last Helsinki millisecond, in winter and summer', () => {
    expect(endOfHelsinkiDay('2026-12-31')).toBe('2026-12-31T21:59:59.999Z');
    expect(endOfHelsinkiDay('2027-06-30')).toBe('2027-06-30T20:59:59.999Z');
    // the days DST starts and ends
    expect(endOfHelsinkiDay('2027-03-28')).toBe('2027-03-28T20:59:59.999Z');
    expect(endOfHelsinkiDay('2027-10-31')).toBe('2027-10-31T21:59:59.999Z');
    expect(() => endOfHelsinkiDay('31.12.2026')).toThrow(RangeError);
    expect(startOfHelsinkiDay('2027-01-01')).toBe('2026-12-31T22:00:00.000Z');
    expect(startOfHelsinkiDay('2027-07-01')).toBe('2027-06-30T21:00:00.000Z');
  });
});

describe('dates and times as people type them', () => {
  it('a date must exist: 30 February and month 13 are refused, a leap day only in a leap year', () => {
    expect(isCalendarDate('2027-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-02-30')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('2027-04-31')).toBe(false);
    expect(isCalendarDate('2027-00-10')).toBe(false);
    expect(isCalendarDate('3.12.2027')).toBe(false);
  });

  it('a time is hh.mm or hh:mm within the day: 25:99 and 24.00 are refused', () => {
    expect(parseClockTime('9.30')).toEqual({ hours: 9, minutes: 30 });
    expect(parseClockTime('23:59')).toEqual({ hours: 23, minutes: 59 });
    expect(parseClockTime('25:99')).toBeNull();
    expect(parseClockTime('24.00')).toBeNull();
    expect(parseClockTime('12.60')).toBeNull();
    expect(parseClockTime('12')).toBeNull();
    expect(parseClockTime('')).toBeNull();
  });
});

import fc from 'fast-check';
import { addCalendarDays, addMonths, addWorkingDays, helsinkiDate, isWorkingDay, workingDaysBetween } from './working-days';
import { SchedulingError } from './errors';

describe('working days', () => {
  it('weekends and public holidays are not working days', () => {
    expect(isWorkingDay('2026-06-18')).toBe(true); // Thursday
    expect(isWorkingDay('2026-06-19')).toBe(false); // Midsummer Eve
    expect(isWorkingDay('2026-06-20')).toBe(false); // Saturday, Midsummer Day
    expect(isWorkingDay('2026-06-21')).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-24')).toBe(false); // Thursday, Christmas Eve
  });

  it('+3 working days does not count the day of receipt', () => {
    expect(addWorkingDays('2026-03-02', 3)).toBe('2026-03-05'); // Monday → Thursday
    expect(addWorkingDays('2026-03-06', 3)).toBe('2026-03-11'); // Friday → Wednesday
    expect(addWorkingDays('2026-03-07', 3)).toBe('2026-03-11'); // received on Saturday
  });

  it('over Easter 2027: Good Friday and Easter Monday are skipped', () => {
    expect(addWorkingDays('2027-03-25', 1)).toBe('2027-03-30'); // Thu → Tue
    expect(addWorkingDays('2027-03-25', 3)).toBe('2027-04-01');
    expect(addWorkingDays('2027-03-24', 7)).toBe('2027-04-06');
  });

  it('over Christmas and New Year 2026–27', () => {
    // Wed 23.12 → (24–27 off) Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1.1 off) Mon 4, Tue 5, (Wed 6.1 Epiphany) Thu 7
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-23', 7)).toBe('2027-01-07');
  });

  it('counts backwards with a negative n', () => {
    expect(addWorkingDays('2027-04-01', -3)).toBe('2027-03-25');
  });

  it('workingDaysBetween inverts addWorkingDays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const start = addCalendarDays('2025-01-01', offset);
        expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
        if (n > 0) expect(isWorkingDay(addWorkingDays(start, n))).toBe(true);
      }),
    );
  });

  it('+14 calendar days', () => {
    expect(addCalendarDays('2026-12-20', 14)).toBe('2027-01-03');
    expect(addCalendarDays('2028-02-20', 14)).toBe('2028-03-05');
  });

  it('+3 months clamps to the end of a shorter month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-11-29', 3)).toBe('2027-02-28');
    expect(addMonths('2026-10-31', 3)).toBe('2027-01-31');
    expect(addMonths('2026-03-31', 3)).toBe('2026-06-30');
    expect(addMonths('2026-05-15', -6)).toBe('2025-11-15');
  });

  it('the Helsinki date of an instant', () => {
    expect(helsinkiDate(new Date('2026-03-28T21:59:00Z'))).toBe('2026-03-28'); // 23:59 EET
    expect(helsinkiDate(new Date('2026-03-28T22:00:00Z'))).toBe('2026-03-29'); // 00:00 EET
    expect(helsinkiDate(new Date('2026-07-01T20:59:00Z'))).toBe('2026-07-01'); // 23:59 EEST
    expect(helsinkiDate(new Date('2026-07-01T21:00:00Z'))).toBe('2026-07-02');
  });

  it('rejects bad dates and counts with a typed error', () => {
    expect(() => addWorkingDays('2026-02-30', 3)).toThrow(expect.objectContaining({ code: 'invalid_date', field: 'date' }));
    expect(() => addMonths('26-1-1', 3)).toThrow(SchedulingError);
    expect(() => addWorkingDays('2026-02-03', 1.5)).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'n' }));
    expect(() => helsinkiDate(new Date(NaN))).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });
});

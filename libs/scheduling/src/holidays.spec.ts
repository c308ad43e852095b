import { easterSunday, finnishPublicHolidays } from './holidays';
import { SchedulingError } from './errors';
import { isoWeekdayOf, parseLocalDate } from './local-date';

const dates = (year: number): Record<string, string> =>
  Object.fromEntries(finnishPublicHolidays(year).map((h) => [h.nameEn, h.date]));

describe('Easter (anonymous Gregorian algorithm)', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('rejects a non-integer or pre-Gregorian year', () => {
    expect(() => easterSunday(2026.5)).toThrow(SchedulingError);
    expect(() => easterSunday(1200)).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'year' }));
  });
});

describe('Finnish public holidays', () => {
  it('2027: Easter holidays move with Easter on 28 March', () => {
    const d = dates(2027);
    expect(d['Good Friday']).toBe('2027-03-26');
    expect(d['Easter Sunday']).toBe('2027-03-28');
    expect(d['Easter Monday']).toBe('2027-03-29');
    expect(d['Ascension Day']).toBe('2027-05-06');
    expect(d['Whit Sunday']).toBe('2027-05-16');
  });

  it('Midsummer: Friday 19–25 June and the Saturday after', () => {
    expect(dates(2026)['Midsummer Eve']).toBe('2026-06-19');
    expect(dates(2026)['Midsummer Day']).toBe('2026-06-20');
    expect(dates(2027)['Midsummer Eve']).toBe('2027-06-25');
    expect(dates(2027)['Midsummer Day']).toBe('2027-06-26');
  });

  it("All Saints' Day: Saturday 31 October – 6 November", () => {
    expect(dates(2026)["All Saints' Day"]).toBe('2026-10-31');
    expect(dates(2027)["All Saints' Day"]).toBe('2027-11-06');
  });

  it('fixed dates and Finnish names', () => {
    const list = finnishPublicHolidays(2026);
    expect(list).toEqual(
      expect.arrayContaining([
        { date: '2026-01-01', nameFi: 'Uudenvuodenpäivä', nameEn: "New Year's Day" },
        { date: '2026-01-06', nameFi: 'Loppiainen', nameEn: 'Epiphany' },
        { date: '2026-05-01', nameFi: 'Vappu', nameEn: 'May Day' },
        { date: '2026-12-06', nameFi: 'Itsenäisyyspäivä', nameEn: 'Independence Day' },
        { date: '2026-12-24', nameFi: 'Jouluaatto', nameEn: 'Christmas Eve' },
        { date: '2026-12-25', nameFi: 'Joulupäivä', nameEn: 'Christmas Day' },
        { date: '2026-12-26', nameFi: 'Tapaninpäivä', nameEn: "St Stephen's Day" },
      ]),
    );
    expect(list).toHaveLength(15);
    expect(list.map((h) => h.date)).toEqual([...list.map((h) => h.date)].sort());
  });

  it('for every year 1900–2200 the moving holidays keep their weekday and bounds', () => {
    for (let year = 1900; year <= 2200; year++) {
      const d = dates(year);
      const wd = (name: string): number => isoWeekdayOf(parseLocalDate(d[name]));
      expect([wd('Good Friday'), wd('Easter Monday'), wd('Ascension Day'), wd('Midsummer Eve'), wd('Midsummer Day'), wd("All Saints' Day")]).toEqual([5, 1, 4, 5, 6, 6]);
      expect(d['Midsummer Eve'] >= `${year}-06-19` && d['Midsummer Eve'] <= `${year}-06-25`).toBe(true);
      expect(d["All Saints' Day"] >= `${year}-10-31` && d["All Saints' Day"] <= `${year}-11-06`).toBe(true);
      expect(d['Easter Sunday'] >= `${year}-03-22` && d['Easter Sunday'] <= `${year}-04-25`).toBe(true);
    }
  });
});

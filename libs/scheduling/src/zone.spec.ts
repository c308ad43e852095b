import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DAY_MS, MINUTE_MS } from './local-date';
import { helsinki, ZoneClock } from './zone';

describe('ZoneClock (Europe/Helsinki)', () => {
  const clock = helsinki();

  it('offsets: +2 in winter, +3 in summer, changing at 01:00 UTC on the last Sundays of March and October', () => {
    expect(clock.offsetAt(Date.UTC(2026, 2, 29, 0, 59))).toBe(120);
    expect(clock.offsetAt(Date.UTC(2026, 2, 29, 1, 0))).toBe(180);
    expect(clock.offsetAt(Date.UTC(2026, 9, 25, 0, 59))).toBe(180);
    expect(clock.offsetAt(Date.UTC(2026, 9, 25, 1, 0))).toBe(120);
  });

  it('nextOffsetChange finds the exact minute', () => {
    expect(clock.nextOffsetChange(Date.UTC(2026, 2, 20), Date.UTC(2026, 3, 20))).toBe(Date.UTC(2026, 2, 29, 1));
    expect(clock.nextOffsetChange(Date.UTC(2026, 3, 1), Date.UTC(2026, 8, 1))).toBeUndefined();
  });

  it('property: toWall agrees with luxon; toUtc inverts it away from the changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / MINUTE_MS, max: Date.UTC(2060, 0, 1) / MINUTE_MS }), (minute) => {
        const utc = minute * MINUTE_MS;
        const local = DateTime.fromMillis(utc, { zone: 'Europe/Helsinki' });
        const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
        expect(clock.toWall(utc)).toBe(wall);
        const hourOfDay = Math.floor((wall % DAY_MS) / 3_600_000);
        if (hourOfDay !== 3) expect(clock.toUtc(wall)).toBe(utc);
      }),
      { numRuns: 2000 },
    );
  });

  it('an unknown zone is a typed error', () => {
    expect(() => ZoneClock.of('Europe/Atlantis')).toThrow(expect.objectContaining({ code: 'unsupported_timezone', field: 'timeZone' }));
  });
});

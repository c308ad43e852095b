import fc from 'fast-check';
import { containsSpan, intersect, normalize, subtract, type FlatIntervals } from './intervals';
import { civilFromDayNumber, dayNumber } from './local-date';

/** intervals on a small integer line, checked point by point */
const flat = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 15 })), { maxLength: 10 }).map((pairs) => normalize(pairs.flatMap(([s, n]) => [s, s + n])));
const covers = (list: FlatIntervals, x: number): boolean => {
  for (let i = 0; i < list.length; i += 2) if (list[i] <= x && x < list[i + 1]) return true;
  return false;
};
const wellFormed = (list: FlatIntervals): boolean => list.every((v, i) => i === 0 || v > list[i - 1]);

describe('flat interval lists', () => {
  it('normalize sorts and merges overlapping and touching intervals', () => {
    expect(normalize([5, 8, 1, 3, 3, 4, 7, 10])).toEqual([1, 4, 5, 10]);
  });

  it('property: subtract and intersect match point-wise set operations and stay normalised', () => {
    fc.assert(
      fc.property(flat, flat, (a, b) => {
        const diff = subtract(a, b);
        const both = intersect(a, b);
        expect(wellFormed(diff) && wellFormed(both)).toBe(true);
        for (let x = 0; x < 80; x++) {
          expect(covers(diff, x)).toBe(covers(a, x) && !covers(b, x));
          expect(covers(both, x)).toBe(covers(a, x) && covers(b, x));
        }
      }),
    );
  });

  it('property: containsSpan says whether every point of [s, e) is covered', () => {
    fc.assert(
      fc.property(flat, fc.integer({ min: 0, max: 75 }), fc.integer({ min: 1, max: 10 }), (a, s, n) => {
        let all = true;
        for (let x = s; x < s + n; x++) all &&= covers(a, x);
        expect(containsSpan(a, s, s + n)).toBe(all);
      }),
    );
  });
});

describe('day numbers', () => {
  it('property: agree with Date.UTC and round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 2_900_000 }), (days) => {
        const d = new Date(days * 86_400_000);
        const ymd = civilFromDayNumber(days);
        expect([ymd.year, ymd.month, ymd.day]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
        expect(dayNumber(ymd.year, ymd.month, ymd.day)).toBe(days);
      }),
    );
  });
});

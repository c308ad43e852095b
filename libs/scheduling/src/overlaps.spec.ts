import fc from 'fast-check';
import { overlappingSpans } from './overlaps';

const at = (h: number, m = 0) => new Date(Date.UTC(2027, 0, 5, h, m));
const span = <L>(label: L, s: Date, e: Date) => ({ start: s, end: e, label });

describe('overlappingSpans', () => {
  it('finds the pairs that overlap; touching ends do not', () => {
    const a = [span('a1', at(11), at(13)), span('a2', at(14), at(15))];
    const b = [span('b1', at(13), at(14)), span('b2', at(12), at(12, 30)), span('b3', at(14, 59), at(16))];
    expect(overlappingSpans(a, b).map((o) => `${o.a.label}-${o.b.label}`)).toEqual(['a1-b2', 'a2-b3']);
  });

  it('finds a long span over many short ones, and stops at max', () => {
    const a = [span('day', at(8), at(16))];
    const b = Array.from({ length: 8 }, (_, i) => span(i, at(8 + i), at(8 + i, 30)));
    expect(overlappingSpans(a, b)).toHaveLength(8);
    expect(overlappingSpans(a, b, 3)).toHaveLength(3);
  });

  it('agrees with the pairwise check', () => {
    const spans = fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 })), { maxLength: 25 });
    fc.assert(
      fc.property(spans, spans, (xs, ys) => {
        const mk = (list: Array<[number, number]>) => list.map(([s, d], i) => span(i, new Date(s * 60_000), new Date((s + d) * 60_000)));
        const a = mk(xs);
        const b = mk(ys);
        const expected = new Set<string>();
        for (const x of a) for (const y of b) if (x.start < y.end && y.start < x.end) expected.add(`${x.label}-${y.label}`);
        expect(new Set(overlappingSpans(a, b).map((o) => `${o.a.label}-${o.b.label}`))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { allocateAgenda, splitIntoSlots, URGENCIES, type AgendaRequest, type AgendaSlot } from './agenda';

const at = (s: string): Date => new Date(s);
const req = (id: string, urgency: AgendaRequest['urgency'], submittedAt: string): AgendaRequest => ({ id, urgency, submittedAt: at(submittedAt) });

describe('splitIntoSlots', () => {
  it('13:00–15:00 by 20 minutes is 6 slots', () => {
    const slots = splitIntoSlots(at('2026-03-31T10:00Z'), at('2026-03-31T12:00Z'), 20, 'S1');
    expect(slots.map((s) => [s.index, s.start.toISOString().slice(11, 16), s.end.toISOString().slice(11, 16)])).toEqual([
      [0, '10:00', '10:20'],
      [1, '10:20', '10:40'],
      [2, '10:40', '11:00'],
      [3, '11:00', '11:20'],
      [4, '11:20', '11:40'],
      [5, '11:40', '12:00'],
    ]);
    expect(slots.every((s) => s.sessionKey === 'S1')).toBe(true);
  });

  it('a trailing remainder shorter than a slot is not a slot', () => {
    expect(splitIntoSlots(at('2026-03-31T10:00Z'), at('2026-03-31T12:00Z'), 25)).toHaveLength(4);
    expect(splitIntoSlots(at('2026-03-31T10:00Z'), at('2026-03-31T10:15Z'), 20)).toEqual([]);
  });

  it('rejects a bad slot length or session', () => {
    expect(() => splitIntoSlots(at('2026-03-31T10:00Z'), at('2026-03-31T12:00Z'), 0)).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'slotMinutes' }));
    expect(() => splitIntoSlots(at('2026-03-31T12:00Z'), at('2026-03-31T10:00Z'), 20)).toThrow(expect.objectContaining({ code: 'invalid_range', field: 'session' }));
  });
});

describe('allocateAgenda', () => {
  const slots = splitIntoSlots(at('2026-03-31T10:00Z'), at('2026-03-31T11:00Z'), 20, 'S1'); // 3 slots

  it('urgency first, then the longest wait, then id', () => {
    const requests = [
      req('n-old', 'normal', '2026-01-01T00:00Z'),
      req('s-new', 'soon', '2026-03-20T00:00Z'),
      req('u', 'urgent', '2026-03-30T00:00Z'),
      req('s-old-b', 'soon', '2026-03-01T00:00Z'),
      req('s-old-a', 'soon', '2026-03-01T00:00Z'),
    ];
    const { assignments, unassigned } = allocateAgenda(slots, requests);
    expect(assignments.map((a) => [a.requestId, a.slot.index])).toEqual([
      ['u', 0],
      ['s-old-a', 1],
      ['s-old-b', 2],
    ]);
    expect(unassigned.map((r) => r.id)).toEqual(['s-new', 'n-old']);
    expect(URGENCIES).toEqual(['urgent', 'soon', 'normal']);
  });

  it('skips occupied slots and never double-books', () => {
    const withBooked: AgendaSlot[] = slots.map((s) => (s.index === 0 ? { ...s, occupiedBy: 'earlier' } : s));
    const { assignments, unassigned } = allocateAgenda(withBooked, [req('a', 'normal', '2026-03-01T00:00Z'), req('b', 'urgent', '2026-03-02T00:00Z'), req('c', 'normal', '2026-03-03T00:00Z')]);
    expect(assignments.map((a) => [a.requestId, a.slot.index])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(unassigned.map((r) => r.id)).toEqual(['c']);
  });

  it('fills the earliest session first when slots of several sessions are given', () => {
    const later = splitIntoSlots(at('2026-04-14T10:00Z'), at('2026-04-14T10:40Z'), 20, 'S2');
    const { assignments } = allocateAgenda([...later, ...slots], [req('a', 'normal', '2026-03-01T00:00Z'), req('b', 'normal', '2026-03-02T00:00Z'), req('c', 'normal', '2026-03-03T00:00Z'), req('d', 'normal', '2026-03-04T00:00Z')]);
    expect(assignments.map((a) => `${a.requestId}:${a.slot.sessionKey}/${a.slot.index}`)).toEqual(['a:S1/0', 'b:S1/1', 'c:S1/2', 'd:S2/0']);
  });

  it('rejects duplicates and unknown urgencies', () => {
    expect(() => allocateAgenda(slots, [req('a', 'normal', '2026-03-01T00:00Z'), req('a', 'soon', '2026-03-01T00:00Z')])).toThrow(expect.objectContaining({ code: 'duplicate', field: 'requests[1].id' }));
    expect(() => allocateAgenda([{ ...slots[0], occupiedBy: 'a' }], [req('a', 'normal', '2026-03-01T00:00Z')])).toThrow(expect.objectContaining({ code: 'duplicate' }));
    expect(() => allocateAgenda([slots[0], slots[0]], [])).toThrow(expect.objectContaining({ code: 'duplicate', field: 'slots[1]' }));
    const bogus = { id: 'x', urgency: 'whenever', submittedAt: at('2026-03-01T00:00Z') } as unknown as AgendaRequest;
    expect(() => allocateAgenda(slots, [bogus])).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'urgency' }));
  });

  it('property: every request is placed once or left over, no slot twice, no occupied slot, priority never inverted', () => {
    const arb = fc.record({
      occupied: fc.array(fc.boolean(), { minLength: 0, maxLength: 12 }),
      requests: fc.uniqueArray(
        fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), urgency: fc.constantFrom(...URGENCIES), t: fc.integer({ min: 0, max: 1000 }) }),
        { selector: (r) => r.id, maxLength: 15 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ occupied, requests }) => {
        const base = splitIntoSlots(at('2026-03-31T10:00Z'), at('2026-03-31T14:00Z'), 20).slice(0, occupied.length);
        const all = base.map((s, i) => (occupied[i] ? { ...s, occupiedBy: `booked-${i}` } : s));
        const rs = requests.map((r) => ({ id: r.id, urgency: r.urgency, submittedAt: new Date(Date.UTC(2026, 0, 1) + r.t * 60_000) }));
        const { assignments, unassigned } = allocateAgenda(all, rs);
        const free = all.filter((s) => !s.occupiedBy).length;
        expect(assignments).toHaveLength(Math.min(free, rs.length));
        expect(new Set(assignments.map((a) => a.slot.index)).size).toBe(assignments.length);
        expect(assignments.every((a) => !a.slot.occupiedBy)).toBe(true);
        expect(new Set([...assignments.map((a) => a.requestId), ...unassigned.map((r) => r.id)])).toEqual(new Set(rs.map((r) => r.id)));
        const rank = (id: string): number => URGENCIES.indexOf(rs.find((r) => r.id === id)?.urgency ?? 'normal');
        for (let i = 1; i < assignments.length; i++) {
          expect(assignments[i].slot.start.getTime()).toBeGreaterThan(assignments[i - 1].slot.start.getTime());
          expect(rank(assignments[i].requestId)).toBeGreaterThanOrEqual(rank(assignments[i - 1].requestId));
        }
        for (const left of unassigned) for (const a of assignments) expect(rank(left.id)).toBeGreaterThanOrEqual(rank(a.requestId));
      }),
    );
  });
});

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { findCommonFreeTime, freeIntervals, type FreeTimeQuery, type ParticipantAvailability } from './free-time';
import { finnishPublicHolidays } from './holidays';
import { weekdayHours, type LocalTimeRange, type WorkingHours } from './working-hours';
import type { Interval } from './intervals';

const H = 'Europe/Helsinki';
/** a Helsinki wall-clock time as an instant */
const hki = (local: string): Date => DateTime.fromISO(local, { zone: H }).toJSDate();
const span = (a: string, b: string): Interval => ({ start: hki(a), end: hki(b) });
const office: WorkingHours = { weekly: weekdayHours('08:00', '16:00') };
const person = (id: string, busy: Interval[] = [], workingHours: WorkingHours = office): ParticipantAvailability => ({ id, workingHours, busy });
const localStarts = (q: FreeTimeQuery): string[] =>
  findCommonFreeTime(q).map((c) => DateTime.fromJSDate(c.start, { zone: H }).toFormat("yyyy-MM-dd'T'HH:mm"));

describe('findCommonFreeTime: buffers and back-to-back meetings', () => {
  // Wednesday 4 March 2026; A has a meeting 09:00–10:00 and another 11:00–12:00
  const a = person('a', [span('2026-03-04T09:00', '2026-03-04T10:00'), span('2026-03-04T11:00', '2026-03-04T12:00')]);
  const base: FreeTimeQuery = { required: [a], window: span('2026-03-04T09:00', '2026-03-04T12:00'), durationMinutes: 30, stepMinutes: 15, maxResults: 50 };

  it('without a buffer, a meeting may start the minute the previous one ends and end when the next starts', () => {
    expect(localStarts(base)).toEqual(['2026-03-04T10:00', '2026-03-04T10:15', '2026-03-04T10:30']);
  });

  it('a 15-minute buffer blocks 10:00 but 10:15 works; it also keeps 15 minutes before the 11:00 meeting', () => {
    expect(localStarts({ ...base, bufferMinutes: 15 })).toEqual(['2026-03-04T10:15']);
  });

  it('busy boundaries that are not whole minutes still block exactly the overlapping starts', () => {
    const ms = (local: string, plus: number): Date => new Date(hki(local).getTime() + plus);
    const b = person('b', [{ start: hki('2026-03-04T09:00'), end: ms('2026-03-04T10:00', 1) }, { start: ms('2026-03-04T11:00', -1), end: hki('2026-03-04T12:00') }]);
    expect(localStarts({ ...base, required: [b] })).toEqual(['2026-03-04T10:15']);
  });

  it('a buffer that leaves no 30-minute gap gives an empty answer, not an error', () => {
    expect(findCommonFreeTime({ ...base, bufferMinutes: 16 })).toEqual([]);
  });
});

describe('findCommonFreeTime', () => {
  const day = span('2026-03-04T00:00', '2026-03-05T00:00');

  it('nobody free at the same time → []', () => {
    const morning = person('m', [span('2026-03-04T12:00', '2026-03-04T16:00')]);
    const afternoon = person('p', [span('2026-03-04T08:00', '2026-03-04T12:00')]);
    expect(findCommonFreeTime({ required: [morning, afternoon], window: day, durationMinutes: 30 })).toEqual([]);
    expect(localStarts({ required: [morning], window: day, durationMinutes: 240, stepMinutes: 60 })).toEqual(['2026-03-04T08:00']);
  });

  it('only inside every required participant’s working hours', () => {
    const late = person('late', [], { weekly: weekdayHours('12:00', '18:00') });
    expect(localStarts({ required: [person('a'), late], window: day, durationMinutes: 60, stepMinutes: 60, maxResults: 10 })).toEqual([
      '2026-03-04T12:00',
      '2026-03-04T13:00',
      '2026-03-04T14:00',
      '2026-03-04T15:00',
    ]);
  });

  it('ranks by how many optional participants can come, then earliest', () => {
    const q: FreeTimeQuery = {
      required: [person('req')],
      optional: [
        person('o1', [span('2026-03-04T08:00', '2026-03-04T12:00')]), // free 12–16
        person('o2', [span('2026-03-04T08:00', '2026-03-04T14:00')]), // free 14–16
        person('o3', [span('2026-03-04T15:00', '2026-03-04T16:00')]), // free 8–15
      ],
      window: day,
      durationMinutes: 60,
      stepMinutes: 60,
      maxResults: 4,
    };
    const result = findCommonFreeTime(q);
    expect(result.map((c) => [DateTime.fromJSDate(c.start, { zone: H }).toFormat('HH:mm'), c.optionalCount, c.optionalAvailable])).toEqual([
      ['14:00', 3, ['o1', 'o2', 'o3']],
      ['12:00', 2, ['o1', 'o3']],
      ['13:00', 2, ['o1', 'o3']],
      ['15:00', 2, ['o1', 'o2']],
    ]);
    expect(result[0].end.getTime() - result[0].start.getTime()).toBe(3_600_000);
  });

  it('public holidays are not working time: nothing on Midsummer Eve 2026', () => {
    const q: FreeTimeQuery = { required: [person('a')], window: span('2026-06-18T00:00', '2026-06-23T00:00'), durationMinutes: 60, stepMinutes: 60, maxResults: 100 };
    const days = new Set(localStarts(q).map((s) => s.slice(0, 10)));
    expect([...days]).toEqual(['2026-06-18', '2026-06-22']);
  });

  it('candidate starts follow the Helsinki wall clock across the DST change', () => {
    const q: FreeTimeQuery = { required: [person('a')], window: span('2026-03-27T00:00', '2026-03-31T00:00'), durationMinutes: 60, stepMinutes: 60, maxResults: 100 };
    const starts = findCommonFreeTime(q).map((c) => c.start.toISOString().slice(0, 16));
    expect(starts.filter((s) => s.startsWith('2026-03-27'))[0]).toBe('2026-03-27T06:00'); // 08:00 EET
    expect(starts.filter((s) => s.startsWith('2026-03-30'))[0]).toBe('2026-03-30T05:00'); // 08:00 EEST
    expect(starts).toHaveLength(16);
  });

  it('a grid that does not divide an hour realigns at the DST change (missing and repeated wall times)', () => {
    const allDay: WorkingHours = { weekly: { 7: [{ start: '00:00', end: '24:00' }] } };
    const q = (date: string): FreeTimeQuery => ({
      required: [person('a', [], allDay)],
      window: span(`${date}T00:00`, `${date}T08:00`),
      durationMinutes: 30,
      stepMinutes: 90,
      maxResults: 100,
    });
    const wall = (query: FreeTimeQuery): string[] =>
      findCommonFreeTime(query).map((c) => DateTime.fromJSDate(c.start, { zone: H }).toFormat('HH:mm ZZ'));
    // spring: 03:00 does not exist
    expect(wall(q('2026-03-29'))).toEqual(['00:00 +02:00', '01:30 +02:00', '04:30 +03:00', '06:00 +03:00', '07:30 +03:00']);
    // autumn: 03:00 happens twice
    expect(wall(q('2026-10-25'))).toEqual(['00:00 +03:00', '01:30 +03:00', '03:00 +03:00', '03:00 +02:00', '04:30 +02:00', '06:00 +02:00', '07:30 +02:00']);
  });

  it('never before the clock that is passed in, and at most maxResults', () => {
    const q: FreeTimeQuery = { required: [person('a')], window: day, durationMinutes: 30, stepMinutes: 30, now: hki('2026-03-04T13:10'), maxResults: 3 };
    expect(localStarts(q)).toEqual(['2026-03-04T13:30', '2026-03-04T14:00', '2026-03-04T14:30']);
    expect(findCommonFreeTime({ ...q, now: hki('2026-03-05T00:00') })).toEqual([]);
  });

  it('freeIntervals: working time minus busy time widened by the buffer', () => {
    const free = freeIntervals(person('a', [span('2026-03-04T10:00', '2026-03-04T11:00')]), day, 10);
    expect(free.map((i) => [i.start, i.end].map((d) => DateTime.fromJSDate(d, { zone: H }).toFormat('HH:mm')).join('–'))).toEqual(['08:00–09:50', '11:10–16:00']);
  });

  it('rejects bad input with a code and the field', () => {
    const ok: FreeTimeQuery = { required: [person('a')], window: day, durationMinutes: 30 };
    const cases: Array<[Partial<FreeTimeQuery>, string, string]> = [
      [{ durationMinutes: 0 }, 'invalid_argument', 'durationMinutes'],
      [{ stepMinutes: 7 }, 'invalid_argument', 'stepMinutes'],
      [{ bufferMinutes: -5 }, 'invalid_argument', 'bufferMinutes'],
      [{ maxResults: 0 }, 'invalid_argument', 'maxResults'],
      [{ required: [] }, 'invalid_argument', 'required'],
      [{ optional: [person('a')] }, 'duplicate', 'optional[0].id'],
      [{ window: { start: day.end, end: day.start } }, 'invalid_range', 'window'],
      [{ window: span('2026-01-01T00:00', '2027-06-01T00:00') }, 'invalid_range', 'window'],
      [{ required: [person('a', [{ start: new Date('x'), end: new Date('2026-03-04T10:00Z') }])] }, 'invalid_date', 'required[0].busy[0].start'],
    ];
    for (const [patch, code, field] of cases) {
      expect(() => findCommonFreeTime({ ...ok, ...patch })).toThrow(expect.objectContaining({ code, field }));
    }
  });
});

describe('findCommonFreeTime agrees with a brute-force oracle (property)', () => {
  const FIVE = 5 * 60_000;
  /** range boundaries avoid 03:00–04:00 exclusive, where DST makes local times missing or repeated */
  const boundary = fc.integer({ min: 0, max: 48 }).filter((h) => h !== 7).map((h) => h * 30);
  const toHm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const someRanges = fc.array(fc.tuple(boundary, boundary).filter(([a, b]) => a !== b), { maxLength: 2 }).map((rs) =>
    rs.map(([a, b]): LocalTimeRange => ({ start: toHm(Math.min(a, b)), end: toHm(Math.max(a, b)) })),
  );
  const ranges = fc.oneof(someRanges, fc.constant([{ start: '00:00', end: '24:00' }]));
  const firstDays = ['2026-03-27', '2026-10-23', '2026-06-17', '2026-12-22', '2027-03-25', '2026-02-02'];

  const scenario = fc
    .record({
      firstDay: fc.oneof(fc.constantFrom(...firstDays), fc.integer({ min: 0, max: 700 }).map((d) => DateTime.fromISO('2026-01-01').plus({ days: d }).toISODate() ?? '')),
      startSlot: fc.integer({ min: 0, max: 287 }),
      lengthSlots: fc.integer({ min: 12, max: 3 * 288 }),
      duration: fc.constantFrom(15, 30, 45, 60, 90),
      step: fc.constantFrom(5, 15, 30, 45, 60, 90),
      buffer: fc.constantFrom(0, 5, 10, 15),
      required: fc.integer({ min: 1, max: 3 }),
      nowSlots: fc.option(fc.integer({ min: 0, max: 300 })),
    })
    .chain((s) => {
      const person = fc.record({
        weekly: fc.array(ranges, { minLength: 7, maxLength: 7 }),
        holidaysOff: fc.boolean(),
        busy: fc.array(fc.tuple(fc.integer({ min: -24, max: s.lengthSlots + 24 }), fc.integer({ min: 1, max: 36 })), { maxLength: 12 }),
        absences: fc.array(fc.tuple(fc.integer({ min: 0, max: s.lengthSlots }), fc.integer({ min: 1, max: 100 })), { maxLength: 2 }),
      });
      return fc.record({ s: fc.constant(s), people: fc.array(person, { minLength: s.required, maxLength: s.required + 3 }) });
    });

  it('same candidate set, same optional counts, same ranking', () => {
    fc.assert(
      fc.property(scenario, ({ s, people }) => {
        const from = DateTime.fromISO(s.firstDay, { zone: H }).toMillis() + s.startSlot * FIVE;
        const to = from + s.lengthSlots * FIVE;
        const participants: ParticipantAvailability[] = people.map((p, i) => ({
          id: `p${i}`,
          workingHours: {
            weekly: Object.fromEntries(p.weekly.map((r, d) => [d + 1, r])),
            publicHolidaysOff: p.holidaysOff,
            absences: p.absences.map(([a, n]) => ({ start: new Date(from + a * FIVE), end: new Date(from + (a + n) * FIVE) })),
          },
          busy: p.busy.map(([a, n]) => ({ start: new Date(from + a * FIVE), end: new Date(from + (a + n) * FIVE) })),
        }));
        const query: FreeTimeQuery = {
          required: participants.slice(0, s.required),
          optional: participants.slice(s.required),
          window: { start: new Date(from), end: new Date(to) },
          durationMinutes: s.duration,
          bufferMinutes: s.buffer,
          stepMinutes: s.step,
          maxResults: 10_000,
          now: s.nowSlots === null ? undefined : new Date(from + s.nowSlots * FIVE + 60_000),
        };
        const actual = findCommonFreeTime(query).map((c) => [c.start.getTime(), c.end.getTime(), c.optionalAvailable.join(',')]);
        expect(actual).toEqual(oracle(query, people.map((p) => p.holidaysOff), from, to));
      }),
      { numRuns: 150 },
    );
  });

  /** Checks every 5-minute point with luxon; knows nothing of interval lists or offset caches. */
  function oracle(q: FreeTimeQuery, holidaysOff: boolean[], from: number, to: number): Array<[number, number, string]> {
    const holidays = new Set<string>();
    for (let y = 2025; y <= 2029; y++) for (const h of finnishPublicHolidays(y)) holidays.add(h.date);
    const all = [...q.required, ...(q.optional ?? [])];
    const points = (to - from) / FIVE;
    const locals = Array.from({ length: points }, (_, k) => DateTime.fromMillis(from + k * FIVE, { zone: H }));
    const buffer = (q.bufferMinutes ?? 0) * 60_000;
    const freeAt = all.map((p, pi) =>
      locals.map((local, k) => {
        const t = from + k * FIVE;
        const minute = local.hour * 60 + local.minute;
        const ranges = p.workingHours.weekly[local.weekday as 1] ?? [];
        const toMin = (hm: string): number => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
        const working =
          ranges.some((r) => toMin(r.start) <= minute && minute < toMin(r.end)) &&
          !(holidaysOff[pi] && holidays.has(local.toISODate() ?? '')) &&
          !(p.workingHours.absences ?? []).some((a) => a.start.getTime() <= t && t < a.end.getTime());
        const busy = p.busy.some((b) => b.start.getTime() - buffer < t + FIVE && t < b.end.getTime() + buffer);
        return working && !busy;
      }),
    );
    const need = q.durationMinutes / 5;
    const freeFor = (pi: number, k: number): boolean => k + need <= points && freeAt[pi].slice(k, k + need).every(Boolean);
    const notBefore = q.now ? q.now.getTime() : -Infinity;
    const out: Array<[number, number, string, number]> = [];
    locals.forEach((local, k) => {
      const t = from + k * FIVE;
      if ((local.hour * 60 + local.minute) % (q.stepMinutes ?? 15) !== 0 || t < notBefore) return;
      if (!q.required.every((_, pi) => freeFor(pi, k))) return;
      const optional = (q.optional ?? []).filter((_, oi) => freeFor(q.required.length + oi, k)).map((p) => p.id);
      out.push([t, t + q.durationMinutes * 60_000, optional.join(','), optional.length]);
    });
    out.sort((a, b) => b[3] - a[3] || a[0] - b[0]);
    return out.map(([s, e, ids]) => [s, e, ids]);
  }
});

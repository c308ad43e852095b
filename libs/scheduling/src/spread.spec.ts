import { DateTime } from 'luxon';
import { findCommonFreeTime, type ParticipantAvailability } from './free-time';
import { dayAndPart, spreadSuggestions } from './spread';
import { weekdayHours } from './working-hours';
import type { Interval } from './intervals';

const H = 'Europe/Helsinki';
const hki = (local: string): Date => DateTime.fromISO(local, { zone: H }).toJSDate();
const span = (a: string, b: string): Interval => ({ start: hki(a), end: hki(b) });
const local = (d: Date): string => DateTime.fromJSDate(d, { zone: H }).toFormat("yyyy-MM-dd'T'HH:mm");
const person = (id: string, busy: Interval[] = []): ParticipantAvailability => ({ id, workingHours: { weekly: weekdayHours('08:00', '16:00') }, busy });

// Monday 2 March 2026 – Friday 6 March 2026, everyone free all week
const week = span('2026-03-02T00:00', '2026-03-07T00:00');
const all = (required: ParticipantAvailability[], optional: ParticipantAvailability[] = []) =>
  findCommonFreeTime({ required, optional, window: week, durationMinutes: 60, stepMinutes: 15, maxResults: 10_000 });

describe('spreadSuggestions', () => {
  it('the plain ranking gives five starts within one hour of one morning (the problem of issue 12)', () => {
    const starts = all([person('a'), person('b')]).slice(0, 5).map((c) => local(c.start));
    expect(starts).toEqual(['2026-03-02T08:00', '2026-03-02T08:15', '2026-03-02T08:30', '2026-03-02T08:45', '2026-03-02T09:00']);
  });

  it('five suggestions fall on five different days, alternating morning and afternoon', () => {
    const picked = spreadSuggestions(all([person('a'), person('b')]), 5);
    expect(picked.map((c) => local(c.start))).toEqual(['2026-03-02T08:00', '2026-03-03T12:00', '2026-03-04T08:00', '2026-03-05T12:00', '2026-03-06T08:00']);
    expect(new Set(picked.map((c) => dayAndPart(c.start).day)).size).toBe(5);
  });

  it('after one per day come the other parts of each day, then the rest at least an hour apart', () => {
    const picked = spreadSuggestions(all([person('a')]), 14).map((c) => local(c.start));
    expect(picked.slice(5, 10)).toEqual(['2026-03-02T12:00', '2026-03-03T08:00', '2026-03-04T12:00', '2026-03-05T08:00', '2026-03-06T12:00']);
    // the third round: earliest starts not within 60 minutes of a chosen one
    expect(picked.slice(10)).toEqual(['2026-03-02T09:00', '2026-03-02T10:00', '2026-03-02T11:00', '2026-03-02T13:00']);
  });

  it('a day with only an afternoon free gives its afternoon even where a morning was preferred', () => {
    const a = person('a', [span('2026-03-02T08:00', '2026-03-02T13:00'), span('2026-03-03T08:00', '2026-03-07T00:00')]);
    expect(spreadSuggestions(all([a]), 3).map((c) => local(c.start))).toEqual(['2026-03-02T13:00', '2026-03-02T14:00', '2026-03-02T15:00']);
  });

  it('the day that suits more optional people comes first, its best part of day chosen; the spread is kept', () => {
    // o is free only on Thursday afternoon
    const o = person('o', [span('2026-03-02T00:00', '2026-03-05T12:00'), span('2026-03-06T00:00', '2026-03-07T00:00')]);
    const picked = spreadSuggestions(all([person('a')], [o]), 3);
    expect(local(picked[0].start)).toBe('2026-03-05T12:00');
    expect(picked[0].optionalAvailable).toEqual(['o']);
    expect(picked.slice(1).map((c) => c.optionalCount)).toEqual([0, 0]);
    expect(picked.slice(1).map((c) => local(c.start))).toEqual(['2026-03-02T08:00', '2026-03-03T12:00']);
    // Thursday's preferred part would be the afternoon anyway; on Wednesday (morning preferred) an optional person free only in the afternoon wins
    const w = person('w', [span('2026-03-02T00:00', '2026-03-04T12:00'), span('2026-03-05T00:00', '2026-03-07T00:00')]);
    expect(local(spreadSuggestions(all([person('a')], [w]), 1)[0].start)).toBe('2026-03-04T12:00');
  });

  it('part of day follows the Helsinki clock across the DST change (29 March 2026)', () => {
    expect(dayAndPart(hki('2026-03-30T11:59')).part).toBe('morning');
    expect(dayAndPart(hki('2026-03-30T12:00')).part).toBe('afternoon');
    expect(dayAndPart(hki('2026-03-27T00:30')).day + 3).toBe(dayAndPart(hki('2026-03-30T23:30')).day);
  });

  it('nothing free gives nothing; bad limits are refused', () => {
    expect(spreadSuggestions([], 5)).toEqual([]);
    expect(() => spreadSuggestions([], 0)).toThrow(/maxResults/);
    expect(() => spreadSuggestions([], 5, -1)).toThrow(/minGapMinutes/);
  });
});

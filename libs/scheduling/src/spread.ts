import { SchedulingError } from './errors';
import type { FreeTimeCandidate } from './free-time';
import { MINUTE_MS } from './local-date';
import { helsinki } from './zone';

/** Parts of a Helsinki working day a suggestion falls in: before noon, from noon on. */
export const DAY_PARTS = ['morning', 'afternoon'] as const;
export type DayPart = (typeof DAY_PARTS)[number];

/** The Helsinki calendar day (days since 1970-01-01 on the wall clock) and part of day of an instant. */
export function dayAndPart(at: Date): { day: number; part: DayPart } {
  const wall = at.getTime() + helsinki().offsetAt(at.getTime()) * MINUTE_MS;
  const day = Math.floor(wall / 86_400_000);
  const minuteOfDay = Math.floor((wall - day * 86_400_000) / MINUTE_MS);
  return { day, part: minuteOfDay < 12 * 60 ? 'morning' : 'afternoon' };
}

/**
 * Picks at most `maxResults` suggestions out of common free times, spread over different days and parts
 * of the day, so that a person choosing a time sees real alternatives rather than five starts within one
 * hour of one day (issue 12).
 *
 * `candidates` is findCommonFreeTime's answer asked with a large maxResults (every start that works).
 * Rules, in order:
 * 1. first one suggestion per Helsinki day: the part of the day (morning, afternoon) whose best start
 *    suits more optional people, on a tie the preferred part, which alternates with the days (the first
 *    day's morning, the second day's afternoon, …); within a day and part the best start is the one that
 *    suits most optional people, then the earliest;
 * 2. then each day's other part of day;
 * 3. then the remaining starts, in time order, skipping any closer than `minGapMinutes` (default 60) to
 *    one already chosen.
 * The chosen suggestions are ordered by their round, then by how many optional people can come (most
 * first), then by time: the first ones are on different days, the best-attended days first.
 * Pure; throws SchedulingError `invalid_argument` for a maxResults or minGapMinutes out of range.
 */
export function spreadSuggestions(candidates: readonly FreeTimeCandidate[], maxResults: number, minGapMinutes = 60): FreeTimeCandidate[] {
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 10_000) {
    throw new SchedulingError('invalid_argument', 'maxResults', `maxResults must be an integer 1–10000, got ${String(maxResults)}`);
  }
  if (!Number.isInteger(minGapMinutes) || minGapMinutes < 0 || minGapMinutes > 1440) {
    throw new SchedulingError('invalid_argument', 'minGapMinutes', `minGapMinutes must be an integer 0–1440, got ${String(minGapMinutes)}`);
  }
  const byTime = [...candidates].sort((a, b) => a.start.getTime() - b.start.getTime());
  // day → part → best candidate (most optional people, then earliest: byTime keeps the earliest on ties)
  const days = new Map<number, Map<DayPart, FreeTimeCandidate>>();
  for (const c of byTime) {
    const { day, part } = dayAndPart(c.start);
    let parts = days.get(day);
    if (parts === undefined) days.set(day, (parts = new Map()));
    const best = parts.get(part);
    if (best === undefined || c.optionalCount > best.optionalCount) parts.set(part, c);
  }
  const round = new Map<FreeTimeCandidate, number>();
  const dayList = [...days.keys()].sort((a, b) => a - b);
  const second: FreeTimeCandidate[] = [];
  dayList.forEach((day, i) => {
    const parts = days.get(day)!;
    const preferred = DAY_PARTS[i % 2];
    const other = DAY_PARTS[(i + 1) % 2];
    const p = parts.get(preferred);
    const o = parts.get(other);
    const [first, rest] = p !== undefined && (o === undefined || p.optionalCount >= o.optionalCount) ? [p, o] : [o!, p];
    round.set(first, 0);
    if (rest !== undefined) second.push(rest);
  });
  for (const c of second) round.set(c, 1);
  const gap = minGapMinutes * MINUTE_MS;
  const chosen = [...round.keys()];
  for (const c of byTime) {
    if (round.has(c)) continue;
    if (chosen.some((x) => Math.abs(x.start.getTime() - c.start.getTime()) < gap)) continue;
    round.set(c, 2);
    chosen.push(c);
  }
  return chosen
    .sort((a, b) => round.get(a)! - round.get(b)! || b.optionalCount - a.optionalCount || a.start.getTime() - b.start.getTime())
    .slice(0, maxResults);
}

/**
 * Expanding five years of a bi-weekly team session with 20 exceptions (10 cancelled, 10 moved),
 * validation included: prints scheduling.expand_5y_biweekly_20_exceptions.
 */
import { expandSeries, occurrenceKey, type OccurrenceException, type SessionSeries } from '@kohtaamo/scheduling';
import { measure, percentile, prng, report } from './bench-util';

const range = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2031-01-01T00:00:00Z') };
const plain: SessionSeries = { dtstart: '2026-01-06T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' };

const rand = prng(42);
const all = expandSeries(plain, range);
const chosen = new Set<number>();
while (chosen.size < 20) chosen.add(Math.floor(rand() * all.length));
const exceptions: OccurrenceException[] = [...chosen].map((index, i) => {
  const o = all[index];
  if (i % 2 === 0) return { kind: 'cancelled', key: occurrenceKey(o.originalStart) };
  const start = new Date(o.start.getTime() + 2 * 86_400_000); // to Thursday, same time
  return { kind: 'moved', key: occurrenceKey(o.originalStart), start, end: new Date(start.getTime() + 90 * 60_000) };
});
const series: SessionSeries = { ...plain, exceptions };

const occurrences = expandSeries(series, range).length;
const times = measure(() => expandSeries(series, range), 200, 2000);
report('scheduling.expand_5y_biweekly_20_exceptions', percentile(times, 50), 'ms', {
  occurrences,
  exceptions: exceptions.length,
  cancelled: 10,
  moved: 10,
  years: 5,
  runs: times.length,
  p95_ms: Math.round(percentile(times, 95) * 1000) / 1000,
});

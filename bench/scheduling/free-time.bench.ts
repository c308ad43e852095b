/**
 * Common free time for 12 participants over 8 weeks, 300 busy intervals each.
 * Prints scheduling.free_time_median and scheduling.free_time_p95 (4 required + 8 optional, the usual
 * network-meeting shape) and scheduling.free_time_all_required_median (all 12 required).
 */
import { DateTime } from 'luxon';
import { findCommonFreeTime, type FreeTimeQuery, type Interval, type ParticipantAvailability, type WorkingHours } from '@kohtaamo/scheduling';
import { measure, percentile, pick, prng, report } from './bench-util';

const ZONE = 'Europe/Helsinki';
const PARTICIPANTS = 12;
const WEEKS = 8;
const BUSY = 300;
const SCENARIOS = 10;
// Monday 2 March 2026: the window holds the DST change (29 March) and Easter (3–6 April)
const FIRST_DAY = DateTime.fromISO('2026-03-02', { zone: ZONE });

const PATTERNS: WorkingHours['weekly'][] = [
  { 1: [{ start: '08:00', end: '16:00' }], 2: [{ start: '08:00', end: '16:00' }], 3: [{ start: '08:00', end: '16:00' }], 4: [{ start: '08:00', end: '16:00' }], 5: [{ start: '08:00', end: '16:00' }] },
  { 1: [{ start: '09:00', end: '17:00' }], 2: [{ start: '09:00', end: '17:00' }], 3: [{ start: '09:00', end: '17:00' }], 4: [{ start: '09:00', end: '17:00' }], 5: [{ start: '09:00', end: '15:00' }] },
  { 1: [{ start: '07:30', end: '15:30' }], 2: [{ start: '07:30', end: '15:30' }], 3: [{ start: '07:30', end: '15:30' }], 4: [{ start: '07:30', end: '15:30' }] },
  { 1: [{ start: '08:00', end: '11:30' }, { start: '12:00', end: '16:00' }], 3: [{ start: '08:00', end: '11:30' }, { start: '12:00', end: '16:00' }], 5: [{ start: '08:00', end: '14:00' }] },
];
const DURATIONS = [15, 30, 30, 30, 45, 45, 60, 60, 60, 90, 120];

function participant(rand: () => number, id: string): ParticipantAvailability {
  const busy: Interval[] = [];
  for (let i = 0; i < BUSY; i++) {
    const day = FIRST_DAY.plus({ days: Math.floor(rand() * WEEKS * 7) });
    // most entries in office hours, some early or late (personal calendar, evening meetings)
    const startMinute = rand() < 0.85 ? 7 * 60 + Math.floor(rand() * 40) * 15 : Math.floor(rand() * 96) * 15;
    const start = day.plus({ minutes: startMinute });
    busy.push({ start: start.toJSDate(), end: start.plus({ minutes: pick(rand, DURATIONS) }).toJSDate() });
  }
  const absences: Interval[] = [];
  if (rand() < 0.3) {
    const from = FIRST_DAY.plus({ days: Math.floor(rand() * WEEKS * 7) });
    absences.push({ start: from.toJSDate(), end: from.plus({ days: 1 + Math.floor(rand() * 5) }).toJSDate() });
  }
  return { id, workingHours: { weekly: pick(rand, PATTERNS), absences }, busy }; // busy left unsorted on purpose
}

function scenario(seed: number, required: number): FreeTimeQuery {
  const rand = prng(seed);
  const people = Array.from({ length: PARTICIPANTS }, (_, i) => participant(rand, `p${i}`));
  return {
    required: people.slice(0, required),
    optional: people.slice(required),
    window: { start: FIRST_DAY.toJSDate(), end: FIRST_DAY.plus({ weeks: WEEKS }).toJSDate() },
    durationMinutes: 45,
    bufferMinutes: 10,
    stepMinutes: 15,
    maxResults: 20,
  };
}

// All data is built first; the two shapes then run interleaved, so that neither measures the other's
// garbage or JIT state.
const mixedQueries = Array.from({ length: SCENARIOS }, (_, i) => scenario(1000 + i, 4));
const strictQueries = Array.from({ length: SCENARIOS }, (_, i) => scenario(1000 + i, PARTICIPANTS));
const meanResults = (qs: FreeTimeQuery[]): number => qs.reduce((n, q) => n + findCommonFreeTime(q).length, 0) / qs.length;
const found = { mixed: meanResults(mixedQueries), strict: meanResults(strictQueries) };
const times = measure((i) => findCommonFreeTime(i % 2 === 0 ? mixedQueries[(i >> 1) % SCENARIOS] : strictQueries[(i >> 1) % SCENARIOS]), 600, 8000);
const mixed = times.filter((_, i) => i % 2 === 0);
const strict = times.filter((_, i) => i % 2 === 1);

const context = { participants: PARTICIPANTS, weeks: WEEKS, busy_per_participant: BUSY, duration_min: 45, buffer_min: 10, step_min: 15, scenarios: SCENARIOS };
report('scheduling.free_time_median', percentile(mixed, 50), 'ms', { ...context, required: 4, optional: 8, runs: mixed.length, mean_results: found.mixed });
report('scheduling.free_time_p95', percentile(mixed, 95), 'ms', { ...context, required: 4, optional: 8, runs: mixed.length, mean_results: found.mixed });
report('scheduling.free_time_all_required_median', percentile(strict, 50), 'ms', {
  ...context,
  required: 12,
  optional: 0,
  runs: strict.length,
  p95_ms: Math.round(percentile(strict, 95) * 1000) / 1000,
  mean_results: found.strict,
});

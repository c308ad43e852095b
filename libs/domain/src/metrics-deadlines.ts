import { deadlineFor, endOfHelsinkiDay, helsinkiDate, type DeadlineRule, type LocalDate } from '@kohtaamo/scheduling';
import { HOUR_MS, formatDayNumber, parseLocalDate } from '@kohtaamo/scheduling/local-date';
import type { CaseFacts, DeadlineOutcome, DeadlinesOf } from './metrics';

/**
 * The seam between the metrics and the statutory deadline rules (libs/scheduling/src/deadlines.ts, the
 * same rules the triage inbox shows): for each rule, when a case's deadline fell due and when the case met
 * it. The metrics ask nothing else.
 *
 * - `first_contact` (from the submission): met by the first triage decision — accepted, more information
 *   asked, or declined. The metrics count from the first submission (the time a family waited for an
 *   answer); the inbox restarts the clock on a resubmission, which is right for what is due next but
 *   would hide the first wait.
 * - `consultation` (from the first acceptance): met by the start of the first consultation held.
 *
 * Not exported from the package index: it pulls in the scheduling library (time zones), which the
 * browser bundle that imports @kohtaamo/domain does not need.
 */
export function deadlinesFromRules(rules: readonly DeadlineRule[]): DeadlinesOf {
  // A county's year has ~20,000 cases but only ~365 start days: the Helsinki date of an instant is the
  // same through a whole UTC hour (Helsinki's offsets are whole hours), and a rule's due instant depends
  // only on its start day, so both are computed once and remembered (bounded).
  const dayOfHour = new Map<number, LocalDate>();
  const dueByRule = rules.map(() => new Map<LocalDate, Date>());
  const localDay = (t: Date): LocalDate => {
    const hour = Math.floor(t.getTime() / HOUR_MS);
    let day = dayOfHour.get(hour);
    if (day === undefined) {
      if (dayOfHour.size > 200_000) dayOfHour.clear();
      day = helsinkiDate(new Date(hour * HOUR_MS));
      dayOfHour.set(hour, day);
    }
    return day;
  };
  return (c: CaseFacts): DeadlineOutcome[] => {
    const out: DeadlineOutcome[] = [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      const start = r.startsOn === 'submitted' ? c.submittedAt : c.acceptedAt;
      if (!start) continue;
      const day = localDay(start);
      const cache = dueByRule[i];
      let dueAt = cache.get(day);
      if (!dueAt) {
        if (cache.size > 50_000) cache.clear();
        dueAt = deadlineFor(r, start).dueAt;
        cache.set(day, dueAt);
      }
      out.push({ rule: r.kind, dueAt, metAt: r.kind === 'first_contact' ? c.firstContactAt : c.firstConsultationAt });
    }
    return out;
  };
}

/** Which instant of a case starts a rule's clock and which meets it (as {@link deadlinesFromRules} reads them). */
export interface DueColumn {
  rule: string;
  startsOn: 'submitted' | 'accepted';
  metBy: 'first_contact' | 'first_consultation';
  /** the rule's due instant for a clock started on each of {@link DueTable.days} */
  dueAt: Date[];
}

/** Each rule's due instant per Helsinki start day, for an aggregation that cannot call the rules itself. */
export interface DueTable {
  /** consecutive Helsinki dates, YYYY-MM-DD */
  days: LocalDate[];
  columns: DueColumn[];
}

const dueOfDay = new Map<string, Date>();

/**
 * The due instants of every rule for clocks started on each Helsinki day from `from`'s to `to`'s
 * (inclusive): a deadline depends only on the day its clock started (deadlineFor on that day's first
 * instant gives the same dueAt as on any other instant of it). With {@link deadlinesFromRules}'s choice of
 * what meets each rule, so that SQL can classify met / missed / pending exactly as the plain computation:
 * met when metAt < dueAt, missed when met later or not met by asOf ≥ dueAt, else pending.
 */
export function dueTable(rules: readonly DeadlineRule[], from: Date, to: Date): DueTable {
  const first = parseLocalDate(helsinkiDate(from));
  const last = parseLocalDate(helsinkiDate(to));
  const days: LocalDate[] = [];
  for (let d = first; d <= last; d++) days.push(formatDayNumber(d));
  if (dueOfDay.size > 100_000) dueOfDay.clear();
  const columns = rules.map((r): DueColumn => ({
    rule: r.kind,
    startsOn: r.startsOn,
    metBy: r.kind === 'first_contact' ? 'first_contact' : 'first_consultation',
    dueAt: days.map((day, i) => {
      const key = `${r.kind}|${r.startsOn}|${r.period.amount}|${r.period.unit}|${r.period.rollForward ?? ''}|${day}`;
      let due = dueOfDay.get(key);
      if (!due) {
        // the first instant of the day: the end of the day before
        due = deadlineFor(r, endOfHelsinkiDay(formatDayNumber(first + i - 1))).dueAt;
        dueOfDay.set(key, due);
      }
      return due;
    }),
  }));
  return { days, columns };
}

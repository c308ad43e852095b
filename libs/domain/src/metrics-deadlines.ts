import { deadlineFor, helsinkiDate, type DeadlineRule, type LocalDate } from '@kohtaamo/scheduling';
import { HOUR_MS } from '@kohtaamo/scheduling/local-date';
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

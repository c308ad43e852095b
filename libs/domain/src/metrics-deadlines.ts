import { addCalendarDays, addWorkingDays, helsinkiDate, type LocalDate } from '@kohtaamo/scheduling';
import { DAY_MS, parseLocalDate } from '@kohtaamo/scheduling/local-date';
import { helsinki } from '@kohtaamo/scheduling/zone';
import type { CaseFacts, DeadlineOutcome, DeadlinesOf } from './metrics';

/**
 * The seam between the metrics and the statutory deadline rules. The metrics ask only "when did each
 * deadline of this case fall due, and when was it met" ({@link DeadlinesOf}); which deadlines exist and
 * how they are counted belong to the statutory-deadline module (issue 13 part 2, being written on
 * another branch). Until it lands, {@link deadlinesFromRules} applies simple rule data on the Finnish
 * working-day calendar of libs/scheduling, and {@link PROVISIONAL_DEADLINE_RULES} holds the issue's own
 * examples — replace both by pointing `deadlinesOf` at that module.
 *
 * Not exported from the package index: it pulls in the scheduling library (time zones), which the
 * browser bundle that imports @kohtaamo/domain does not need.
 */
export interface DeadlineRuleData {
  code: string;
  /** the day the count starts from (that day itself not counted) */
  from: 'submitted' | 'accepted';
  /** what meets it */
  until: 'first_contact' | 'consultation';
  workingDays?: number;
  calendarDays?: number;
}

/** Issue 13's examples; provisional (see above). */
export const PROVISIONAL_DEADLINE_RULES: readonly DeadlineRuleData[] = [
  { code: 'first_contact_3_working_days', from: 'submitted', until: 'first_contact', workingDays: 3 },
  { code: 'consultation_14_days_from_acceptance', from: 'accepted', until: 'consultation', calendarDays: 14 },
];

/** The last instant of a Helsinki calendar date. */
export function endOfHelsinkiDay(date: LocalDate): Date {
  return new Date(helsinki().toUtc((parseLocalDate(date) + 1) * DAY_MS) - 1);
}

export function deadlinesFromRules(rules: readonly DeadlineRuleData[]): DeadlinesOf {
  return (c: CaseFacts): DeadlineOutcome[] => {
    const out: DeadlineOutcome[] = [];
    for (const r of rules) {
      const start = r.from === 'submitted' ? c.submittedAt : c.acceptedAt;
      if (!start) continue;
      const day = helsinkiDate(start);
      const due = r.workingDays !== undefined ? addWorkingDays(day, r.workingDays) : addCalendarDays(day, r.calendarDays ?? 0);
      out.push({ rule: r.code, dueAt: endOfHelsinkiDay(due), metAt: r.until === 'first_contact' ? c.firstContactAt : c.firstConsultationAt });
    }
    return out;
  };
}

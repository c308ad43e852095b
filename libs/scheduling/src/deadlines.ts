import { SchedulingError } from './errors';
import { DAY_MS, parseLocalDate, type LocalDate } from './local-date';
import { addCalendarDays, addWorkingDays, helsinkiDate, isWorkingDay } from './working-days';
import { helsinki } from './zone';

/**
 * Statutory deadlines of a consultation request, as pure, configurable rules over the Finnish
 * working-day calendar (working-days.ts, holidays.ts). Used by the triage inbox (the next deadline of
 * each open request) and by the metrics ("statutory service times met"): one definition for both.
 *
 * A deadline is a Helsinki calendar date, inclusive: the day of the starting event is not counted
 * (Act 150/1930 on the Calculation of Statutory Time Limits, § 2), and the deadline is met by anything
 * done before the end of that date in Helsinki (`dueAt`, the first instant of the next day).
 *
 * The two rules and their sources (verify the wording before relying on it; the periods are
 * configurable because counties apply stricter service promises of their own, and the law changes):
 *
 * - **first_contact** — the team answers a (re)submitted request (accepts it, asks for more
 *   information or declines it) within **3 working days** of its submission. Source: Health Care Act
 *   1326/2010 § 51(1): the need for care is assessed "at the latest on the third weekday"
 *   (*viimeistään kolmantena arkipäivänä*) after the patient's contact. Here a working day is
 *   Monday–Friday that is not a Finnish public holiday, Midsummer Eve or Christmas Eve (the stricter
 *   reading of *arkipäivä*, which in law also covers Saturdays).
 * - **consultation** — an accepted request is handled within **14 calendar days** of its acceptance.
 *   Source: Health Care Act 1326/2010 § 51(2) as amended by Act 117/2023 (in force 1 September 2023):
 *   non-urgent primary care is given within 14 days of the assessment of need.
 *
 * Optionally (`rollForward`), a calendar-day deadline that ends on a Saturday, Sunday or public holiday
 * moves to the next working day (Act 150/1930 § 5, for acts towards an authority); off by default.
 */

export const DEADLINE_KINDS = ['first_contact', 'consultation'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type PeriodUnit = 'working_days' | 'calendar_days';

export interface DeadlinePeriod {
  /** how many days: 1–3650 */
  readonly amount: number;
  readonly unit: PeriodUnit;
  /** a calendar-day deadline that ends on a day off moves to the next working day (Act 150/1930 § 5) */
  readonly rollForward?: boolean;
}

/** The request statuses this module reads (libs/domain's RequestStatus, kept as strings here: no dependency). */
export type DeadlineStatus = string;

export interface DeadlineRule {
  readonly kind: DeadlineKind;
  /** the event whose instant starts the clock */
  readonly startsOn: 'submitted' | 'accepted';
  readonly period: DeadlinePeriod;
  /** the request statuses in which this clock runs: in any other status it is not the next deadline */
  readonly runsIn: readonly DeadlineStatus[];
  /** the law or decision the rule comes from, for people reading the inbox and the metrics */
  readonly source: string;
}

/** The statutory defaults (see the module comment for the sources). */
export const STATUTORY_DEADLINE_RULES: readonly DeadlineRule[] = Object.freeze([
  {
    kind: 'first_contact',
    startsOn: 'submitted',
    period: { amount: 3, unit: 'working_days' },
    runsIn: ['submitted'],
    source: 'Terveydenhuoltolaki 1326/2010 § 51(1): hoidon tarpeen arviointi viimeistään kolmantena arkipäivänä yhteydenotosta',
  },
  {
    kind: 'consultation',
    startsOn: 'accepted',
    period: { amount: 14, unit: 'calendar_days' },
    runsIn: ['accepted', 'scheduled'],
    source: 'Terveydenhuoltolaki 1326/2010 § 51(2), muutos 117/2023 (1.9.2023): kiireetön hoito 14 vuorokauden kuluessa hoidon tarpeen arvioinnista',
  },
]);

/**
 * The rules with some periods replaced (a county's own service promise, or a change in the law); the
 * sources stay, a replaced period says so.
 */
export function deadlineRules(periods: Partial<Record<DeadlineKind, DeadlinePeriod>>, base: readonly DeadlineRule[] = STATUTORY_DEADLINE_RULES): DeadlineRule[] {
  return base.map((rule) => {
    const period = periods[rule.kind];
    if (!period) return rule;
    checkPeriod(period, rule.kind);
    return { ...rule, period: { ...period }, source: `${rule.source} (period set locally: ${period.amount} ${period.unit.replace('_', ' ')})` };
  });
}

/** The Helsinki date on which a deadline of `period` started at `start` ends (inclusive). */
export function dueDateAfter(start: Date, period: DeadlinePeriod): LocalDate {
  checkPeriod(period, 'period');
  const from = helsinkiDate(start);
  if (period.unit === 'working_days') return addWorkingDays(from, period.amount);
  let due = addCalendarDays(from, period.amount);
  if (period.rollForward) while (!isWorkingDay(due)) due = addCalendarDays(due, 1);
  return due;
}

/** The first instant after a Helsinki date ends (its next midnight, on either side of a DST change). */
export function endOfHelsinkiDay(date: LocalDate): Date {
  const nextDay = parseLocalDate(date) + 1;
  return new Date(helsinki().toUtc(nextDay * DAY_MS));
}

export interface Deadline {
  readonly kind: DeadlineKind;
  /** when the clock started */
  readonly startedAt: Date;
  /** the last Helsinki date on which it is met */
  readonly dueDate: LocalDate;
  /** the first instant at which it is missed (the end of dueDate in Helsinki) */
  readonly dueAt: Date;
  readonly period: DeadlinePeriod;
  readonly source: string;
}

export function deadlineFor(rule: DeadlineRule, startedAt: Date): Deadline {
  const dueDate = dueDateAfter(startedAt, rule.period);
  return { kind: rule.kind, startedAt, dueDate, dueAt: endOfHelsinkiDay(dueDate), period: rule.period, source: rule.source };
}

/** What the clocks of one request start from. */
export interface RequestClock {
  readonly status: DeadlineStatus;
  /** the latest (re)submission: a resubmitted request is answered anew within the first-contact period */
  readonly submittedAt: Date;
  /** the latest acceptance (null before it) */
  readonly acceptedAt: Date | null;
}

/**
 * The deadline that runs now for a request in its status, or null (more information asked: the clock
 * waits for the requester; declined, handled or closed: nothing statutory left to do).
 */
export function nextDeadline(request: RequestClock, rules: readonly DeadlineRule[] = STATUTORY_DEADLINE_RULES): Deadline | null {
  for (const rule of rules) {
    if (!rule.runsIn.includes(request.status)) continue;
    const start = rule.startsOn === 'submitted' ? request.submittedAt : request.acceptedAt;
    if (!start) continue;
    return deadlineFor(rule, start);
  }
  return null;
}

export type DeadlineStanding = 'open' | 'overdue' | 'met' | 'missed';

/**
 * Where a deadline stands at `now`: met (done before dueAt), missed (done at or after it), open (not
 * done, still time), overdue (not done, time is up). `doneAt` is when the awaited step happened, if it has.
 */
export function deadlineStanding(d: Pick<Deadline, 'dueAt'>, now: Date, doneAt: Date | null = null): DeadlineStanding {
  if (doneAt) return doneAt.getTime() < d.dueAt.getTime() ? 'met' : 'missed';
  return now.getTime() < d.dueAt.getTime() ? 'open' : 'overdue';
}

/**
 * Where the working days of every deadline come from, for people reading the at-risk list and the inbox:
 * Monday–Friday that is not a Finnish public holiday (holidays.ts: the holidays of Act 150/1930 § 5 on
 * the Calculation of Statutory Time Limits as they stand today — New Year, Epiphany, Good Friday, Easter,
 * May Day, Ascension, Whitsun, Midsummer, All Saints', Independence Day, Christmas — with Midsummer Eve
 * and Christmas Eve, which are days off in practice).
 */
export const WORKING_DAY_CALENDAR =
  'Ma–pe, paitsi arkipyhät (laki säädettyjen määräaikain laskemisesta 150/1930 § 5), juhannusaatto ja jouluaatto (libs/scheduling/src/holidays.ts)';

/** Why an open request is on the at-risk list. */
export type DeadlineRisk = 'overdue' | 'due_soon' | 'booked_late';

export interface RequestAtRisk {
  readonly deadline: Deadline;
  /** `overdue`: the deadline has passed undone; `booked_late`: booked into a slot at or after it; `due_soon`: due by `horizon` and not booked in time */
  readonly risk: DeadlineRisk;
  /** whole Helsinki calendar days from today to the due date (0 = today, negative = overdue) */
  readonly daysLeft: number;
}

/**
 * Whether an open request is about to miss (or has missed) the deadline that runs now, at `now`:
 * - `overdue`: `now` is at or after the deadline's dueAt;
 * - `booked_late`: booked into a consultation slot that starts at or after dueAt;
 * - `due_soon`: due on or before `horizon` (the date `withinWorkingDays` working days after today in
 *   Helsinki, so a Friday's horizon of 2 reaches Tuesday, and Midsummer or Christmas stretches it) and
 *   not booked into a slot before the deadline.
 * Otherwise (or when no deadline runs: more information asked, declined, handled, closed) null.
 * `bookedAt` is the start of the booked slot of a scheduled request, if any.
 */
export function deadlineRisk(
  request: RequestClock & { readonly bookedAt?: Date | null },
  now: Date,
  withinWorkingDays: number,
  rules: readonly DeadlineRule[] = STATUTORY_DEADLINE_RULES,
): RequestAtRisk | null {
  if (!Number.isInteger(withinWorkingDays) || withinWorkingDays < 0 || withinWorkingDays > 60) {
    throw new SchedulingError('invalid_argument', 'withinWorkingDays', `withinWorkingDays must be a whole number 0–60, got ${withinWorkingDays}`);
  }
  const deadline = nextDeadline(request, rules);
  if (!deadline) return null;
  const today = helsinkiDate(now);
  const daysLeft = parseLocalDate(deadline.dueDate) - parseLocalDate(today);
  const booked = deadline.kind === 'consultation' && request.bookedAt ? request.bookedAt : null;
  if (deadlineStanding(deadline, now) === 'overdue') return { deadline, risk: 'overdue', daysLeft };
  if (booked) return booked.getTime() >= deadline.dueAt.getTime() ? { deadline, risk: 'booked_late', daysLeft } : null;
  const horizon = addWorkingDays(today, withinWorkingDays);
  return deadline.dueDate <= horizon ? { deadline, risk: 'due_soon', daysLeft } : null;
}

function checkPeriod(period: DeadlinePeriod, field: string): void {
  if (!Number.isInteger(period.amount) || period.amount < 1 || period.amount > 3650) {
    throw new SchedulingError('invalid_argument', field, `${field}: the period must be a whole number of days 1–3650, got ${period.amount}`);
  }
  if (period.unit !== 'working_days' && period.unit !== 'calendar_days') {
    throw new SchedulingError('invalid_argument', field, `${field}: the unit must be working_days or calendar_days`);
  }
  if (period.rollForward && period.unit !== 'calendar_days') {
    throw new SchedulingError('invalid_argument', field, `${field}: only a calendar-day period rolls forward to a working day`);
  }
}

/**
 * @kohtaamo/scheduling — pure scheduling rules: recurring team sessions (RFC 5545), agenda slots,
 * working hours and Finnish public holidays, common free time, working-day arithmetic for statutory
 * deadlines, and iCalendar free/busy import. No I/O; the clock is always passed in.
 */
export { SCHEDULING_ERROR_CODES, SchedulingError, type SchedulingErrorCode } from './errors';
export type { Interval } from './intervals';
export type { IsoWeekday, LocalDate } from './local-date';
export { HELSINKI } from './zone';
export {
  compileSeries,
  expandSeries,
  occurrenceKey,
  validateSeries,
  type CompiledSeries,
  type ExpandOptions,
  type Occurrence,
  type OccurrenceException,
  type OccurrenceStatus,
  type SessionSeries,
} from './recurrence';
export {
  allocateAgenda,
  compareRequests,
  splitIntoSlots,
  URGENCIES,
  urgencyRank,
  type AgendaAllocation,
  type AgendaRequest,
  type AgendaSlot,
  type SlotAssignment,
  type Urgency,
} from './agenda';
export { easterSunday, finnishPublicHolidays, type PublicHoliday } from './holidays';
export { weekdayHours, workingIntervals, type LocalTimeRange, type WeeklyPattern, type WorkingHours } from './working-hours';
export { findCommonFreeTime, freeIntervals, type FreeTimeCandidate, type FreeTimeQuery, type ParticipantAvailability } from './free-time';
export { DAY_PARTS, dayAndPart, spreadSuggestions, type DayPart } from './spread';
export { addCalendarDays, addMonths, addWorkingDays, helsinkiDate, isWorkingDay, workingDaysBetween } from './working-days';
export { DEFAULT_ICS_LIMITS, MAX_ICS_TEXT_LENGTH, parseIcsBusy, readIcsBusy, tzDatabaseName, type IcsBusy, type IcsLimits, type IcsReadOptions, type IcsSkipped } from './ics';
export {
  DEADLINE_KINDS,
  STATUTORY_DEADLINE_RULES,
  WORKING_DAY_CALENDAR,
  deadlineFor,
  deadlineRisk,
  deadlineRules,
  deadlineStanding,
  dueDateAfter,
  endOfHelsinkiDay,
  nextDeadline,
  type Deadline,
  type DeadlineKind,
  type DeadlinePeriod,
  type DeadlineRisk,
  type RequestAtRisk,
  type DeadlineRule,
  type DeadlineStanding,
  type PeriodUnit,
  type RequestClock,
} from './deadlines';
export { overlappingSpans, type LabelledSpan, type Overlap } from './overlaps';
export { beforeCurrentMinute } from './past';

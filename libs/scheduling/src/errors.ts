/**
 * Every failure of the scheduling library is a {@link SchedulingError}: a stable `code` that a transport
 * filter maps to a status (all of them are client errors, 4xx), and the `field` of the input at fault.
 */
export const SCHEDULING_ERROR_CODES = [
  /** a number, enum or id that is out of range or of the wrong shape */
  'invalid_argument',
  /** a date, time or instant that cannot be parsed or is not a valid calendar value */
  'invalid_date',
  /** an interval whose end is not after its start */
  'invalid_range',
  /** an RRULE that cannot be parsed or uses a part this library does not accept */
  'invalid_rrule',
  /** an RRULE that never produces an occurrence */
  'empty_rrule',
  /** an exception that targets a start time that is not an occurrence of the series */
  'unknown_occurrence',
  /** two items that must be unique share an id or key */
  'duplicate',
  /** an expansion that would produce more occurrences than allowed */
  'too_many_occurrences',
  /** an iCalendar text that is malformed (the `line` says where) */
  'invalid_ics',
  /** an input that would take more work than allowed (a recurrence rule that never or too rarely matches) */
  'work_limit',
  /** a time zone identifier that is not known */
  'unsupported_timezone',
] as const;

export type SchedulingErrorCode = (typeof SCHEDULING_ERROR_CODES)[number];

export class SchedulingError extends Error {
  override readonly name = 'SchedulingError';

  /**
   * @param code  machine-readable reason
   * @param field the input field at fault, e.g. `rrule`, `exceptions[2].key`, `DTSTART`
   * @param message human-readable explanation
   * @param line  1-based line number, for errors in a parsed text (iCalendar)
   */
  constructor(
    readonly code: SchedulingErrorCode,
    readonly field: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

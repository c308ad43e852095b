const MINUTE_MS = 60_000;

/**
 * Whether `at` lies before the minute `now` is in: the current minute still counts as now, so a time
 * typed as "now" on the wall clock (to the minute) is not in the past, while anything earlier is. The one
 * rule for "in the past" of booked time: a meeting's new or first start and end, a moved session
 * occurrence, an agenda slot to book.
 */
export function beforeCurrentMinute(at: Date, now: Date): boolean {
  return at.getTime() < Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
}

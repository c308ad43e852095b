import { QueuesModule } from '../queues/queues.module';

/** The queue of calendar-feed refreshes: one repeatable job per feed, and one-off refreshes asked for. */
export const CALENDAR_SYNC_QUEUE = 'calendar-sync';

/** Registers the calendar-sync queue (5 attempts, backing off from NOTIFY_BACKOFF_MS). */
export const CalendarSyncQueueModule = QueuesModule.registerQueue({ name: CALENDAR_SYNC_QUEUE });

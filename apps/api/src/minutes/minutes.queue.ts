import { QueuesModule } from '../queues/queues.module';

/** The minutes queue: `render` (the PDF of finalised minutes), then `distribute` (one message per participant). */
export const MINUTES_QUEUE = 'minutes';

export interface MinutesJobData {
  minutesId: string;
}

/** Registers the minutes queue (5 attempts, backing off from NOTIFY_BACKOFF_MS). */
export const MinutesQueueModule = QueuesModule.registerQueue({ name: MINUTES_QUEUE });

import { QueuesModule } from '../queues/queues.module';
import type { MessageKind } from './notification-delivery.entity';

/** The queue of outgoing messages: one job per notification_delivery row. */
export const NOTIFICATIONS_QUEUE = 'notifications';

/** A notifications job: only the row's key and what the dashboard shows (no names, no addresses). */
export interface NotifyJobData {
  key: string;
  /** null for a message about a request (kind `triage`) */
  meetingId: string | null;
  kind: MessageKind;
}

/** Registers the notifications queue: a message is tried NOTIFY_ATTEMPTS times, backing off from NOTIFY_BACKOFF_MS. */
export const NotificationsQueueModule = QueuesModule.registerQueue({ name: NOTIFICATIONS_QUEUE, attempts: (config) => config.notifyAttempts });

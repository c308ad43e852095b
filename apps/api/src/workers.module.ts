import { Module } from '@nestjs/common';
import { FeedbackWorkersModule } from './feedback/feedback-workers.module';
import { MinutesWorkersModule } from './minutes/minutes-workers.module';
import { NotificationsWorkersModule } from './notifications/notifications-workers.module';
import { QueuesModule } from './queues/queues.module';
import { CalendarSyncWorkersModule } from './scheduling/calendar-sync-workers.module';

/**
 * Every feature's workers: inside the API when RUN_WORKERS=true, or alone in a `worker` process
 * (dist/apps/api/src/worker.js). Each feature registers its own queue, workers and, for mail, its
 * delivery handler; this list is the one place that names them all. Run more worker processes to scale
 * out: the relay takes turns through a PostgreSQL advisory lock and SKIP LOCKED, the workers share the queues.
 */
@Module({
  imports: [QueuesModule, NotificationsWorkersModule, MinutesWorkersModule, FeedbackWorkersModule, CalendarSyncWorkersModule],
})
export class WorkersModule {}

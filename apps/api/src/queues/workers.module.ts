import { Module } from '@nestjs/common';
import { InvitationsService } from '../auth/invitations.service';
import { AccessRepository } from '../auth/access.repository';
import { DisclosureLogRepository } from '../auth/disclosure-log.repository';
import { PolicyService } from '../auth/policy.service';
import { MinutesMailer } from '../minutes/minutes-mail.service';
import { MinutesProcessor } from '../minutes/minutes.processor';
import { Mailer } from '../notifications/mailer.service';
import { NotificationsProcessor } from '../notifications/notifications.processor';
import { OutboxRelay } from '../notifications/outbox-relay.service';
import { CalendarFeedsModule } from '../scheduling/calendar-feeds.module';
import { FeedbackMailModule } from '../feedback/feedback.module';
import { CalendarSyncProcessor } from '../scheduling/calendar-sync.processor';
import { QueuesModule } from './queues.module';

/**
 * The queue workers and the outbox relay: inside the API when RUN_WORKERS=true, or alone in a
 * `worker` process (dist/apps/api/src/worker.js). Run more worker processes to scale out: the relay
 * takes turns through a PostgreSQL advisory lock and SKIP LOCKED, the workers share the queues.
 */
@Module({
  imports: [QueuesModule, CalendarFeedsModule, FeedbackMailModule],
  providers: [Mailer, OutboxRelay, NotificationsProcessor, MinutesMailer, MinutesProcessor, InvitationsService, PolicyService, AccessRepository, DisclosureLogRepository, CalendarSyncProcessor],
  exports: [OutboxRelay],
})
export class WorkersModule {}

import { Module } from '@nestjs/common';
import { DeliveryHandlers } from './delivery-handlers';
import { DeliveryPlanner } from './delivery-planner';
import { DeliveryRepository } from './delivery.repository';
import { Mailer } from './mailer.service';
import { MeetingFactsRepository } from './meeting-facts.repository';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsQueueModule } from './notifications.queue';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { TriageNoticesModule } from './triage-notice.module';

/**
 * Sending mail, in a worker process or in the API when RUN_WORKERS=true: the outbox relay (outbox rows
 * → delivery rows → jobs), the notifications worker, SMTP, and the repositories behind them (the
 * delivery table, the outbox, the meetings as messages read them, the triage notice's facts). A feature
 * that sends mail of its own imports this module and, in its own `*WorkersModule`, registers a
 * `DeliveryHandler` for its kind of message (and, if it has work of its own for each relay round, a `RelayStep`).
 * Uses the guest links (`InvitationsService`) that the process provides globally: AuthModule in the
 * API, the worker process's own module in worker.module.ts.
 */
@Module({
  imports: [NotificationsQueueModule, TriageNoticesModule],
  providers: [Mailer, DeliveryRepository, OutboxRepository, MeetingFactsRepository, DeliveryPlanner, DeliveryHandlers, OutboxRelay, NotificationsProcessor],
  exports: [Mailer, DeliveryRepository, DeliveryHandlers, OutboxRelay],
})
export class NotificationsWorkersModule {}

import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryHandlers } from '../notifications/delivery-handlers';
import { NotificationsWorkersModule } from '../notifications/notifications-workers.module';
import { OutboxRelay } from '../notifications/outbox-relay.service';
import { MinutesMailRepository } from './minutes-mail.repository';
import { MinutesMailer } from './minutes-mail.service';
import { MinutesEntity } from './minutes.entity';
import { MinutesQueueModule } from './minutes.queue';
import { MinutesProcessor } from './minutes.processor';
import { MinutesRepository } from './minutes.repository';

/**
 * The minutes workers, in a worker process or in the API when RUN_WORKERS=true: each relay round queues
 * newly finalised minutes, the minutes worker renders the PDF and plans one `minutes` message per
 * participant, and the notifications worker sends each through MinutesMailer (consent checked again,
 * a link of the recipient's own, the disclosure logged).
 */
@Module({
  imports: [TypeOrmModule.forFeature([MinutesEntity]), MinutesQueueModule, NotificationsWorkersModule],
  providers: [MinutesRepository, MinutesMailRepository, MinutesProcessor, MinutesMailer],
})
export class MinutesWorkersModule implements OnModuleInit {
  constructor(
    private readonly handlers: DeliveryHandlers,
    private readonly relay: OutboxRelay,
    private readonly mailer: MinutesMailer,
    private readonly processor: MinutesProcessor,
  ) {}

  onModuleInit(): void {
    this.handlers.register('minutes', this.mailer);
    this.relay.addStep({ name: 'queue finalised minutes', run: () => this.processor.queueFinalised() });
  }
}

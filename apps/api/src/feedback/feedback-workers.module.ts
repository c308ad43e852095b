import { Module, OnModuleInit } from '@nestjs/common';
import { DeliveryHandlers } from '../notifications/delivery-handlers';
import { NotificationsWorkersModule } from '../notifications/notifications-workers.module';
import { FeedbackMailer } from './feedback-mail.service';
import { FeedbackMailModule } from './feedback.module';

/** In a worker process or in the API when RUN_WORKERS=true: the notifications worker sends `feedback` messages through FeedbackMailer. */
@Module({ imports: [FeedbackMailModule, NotificationsWorkersModule] })
export class FeedbackWorkersModule implements OnModuleInit {
  constructor(
    private readonly handlers: DeliveryHandlers,
    private readonly mailer: FeedbackMailer,
  ) {}

  onModuleInit(): void {
    this.handlers.register('feedback', this.mailer);
  }
}

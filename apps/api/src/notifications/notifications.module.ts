import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { TeamsModule } from '../teams/teams.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryRepository } from './delivery.repository';
import { NotificationsQueueModule } from './notifications.queue';
import { ReminderOffsetsRepository } from './reminder-offsets.repository';

/** The API side of notifications: delivery status per meeting, reminder times per team; the queue for the dashboard and the metrics. */
@Module({
  imports: [NotificationsQueueModule, MeetingsModule, TeamsModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService, DeliveryRepository, ReminderOffsetsRepository],
})
export class NotificationsModule {}

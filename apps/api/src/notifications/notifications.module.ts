import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '../meetings/meetings.module';
import { TeamsModule } from '../teams/teams.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { NotificationDeliveryEntity } from './notification-delivery.entity';

/** The API side of notifications: delivery status per meeting, reminder times per team. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationDeliveryEntity]), MeetingsModule, TeamsModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class NotificationsModule {}

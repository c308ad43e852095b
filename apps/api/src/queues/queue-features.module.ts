import { DynamicModule, Module } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { MinutesModule } from '../minutes/minutes.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueueDashboardModule } from './queue-dashboard.module';
import { QueuesModule } from './queues.module';
import { WorkersModule } from './workers.module';

/** What the API adds for notifications and minutes: their endpoints, the dashboard, and the workers when RUN_WORKERS=true. */
@Module({})
export class QueueFeaturesModule {
  static forApi(config: ApiConfig): DynamicModule {
    return {
      module: QueueFeaturesModule,
      imports: [QueuesModule, NotificationsModule, MinutesModule, QueueDashboardModule, ...(config.runWorkers ? [WorkersModule] : [])],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { Clock } from './common/clock';
import { ClientsModule } from './clients/clients.module';
import { ApiConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { ConsentsModule } from './consents/consents.module';
import { dataSourceOptions } from './database/data-source';
import { HealthController } from './health/health.controller';
import { ObservabilityModule } from './observability/observability.module';
import { FeedbackModule } from './feedback/feedback.module';
import { AccessibilityModule } from './accessibility/accessibility.module';
import { MetricsModule } from './metrics/metrics.module';
import { MeetingsModule } from './meetings/meetings.module';
import { PersonsModule } from './persons/persons.module';
import { MinutesModule } from './minutes/minutes.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueueDashboardModule } from './queues/queue-dashboard.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';
import { RequestsModule } from './requests/requests.module';
import { rateLimitStorage } from './scale/rate-limit-storage';
import { ScaleModule } from './scale/scale.module';
import { RoomsModule } from './rooms/rooms.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { TeamsModule } from './teams/teams.module';
import { VideoModule } from './video/video.module';
import { WorkersModule } from './workers.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, { now: () => clock.now() }), retryAttempts: 0 }),
        RedisModule,
        ObservabilityModule,
        AuthModule.forRoot({ production: config.nodeEnv === 'production', rateLimitPerMinute: config.rateLimitPerMinute, throttlerStorage: rateLimitStorage(config) }),
        ScaleModule,
        VideoModule,
        PersonsModule,
        TeamsModule,
        ClientsModule,
        ConsentsModule,
        RequestsModule,
        RoomsModule,
        MeetingsModule,
        QueuesModule,
        QueueDashboardModule,
        NotificationsModule,
        MinutesModule,
        SchedulingModule,
        FeedbackModule,
        AccessibilityModule,
        MetricsModule,
        // the workers and the outbox relay, when this API runs them too (else in `worker` processes)
        ...(config.runWorkers ? [WorkersModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}

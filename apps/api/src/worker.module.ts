import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './common/clock';
import { ApiConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { WorkersModule } from './queues/workers.module';

/** The worker process: queue workers and the outbox relay, no HTTP. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: ApiConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [ConfigModule.forRoot(config, clock), TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, { now: () => clock.now() }), retryAttempts: 0 }), WorkersModule],
    };
  }
}

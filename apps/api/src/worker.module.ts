import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessRepository } from './auth/access.repository';
import { DisclosureLogRepository } from './auth/disclosure-log.repository';
import { InvitationsRepository } from './auth/invitations.repository';
import { InvitationsService } from './auth/invitations.service';
import { PolicyService } from './auth/policy.service';
import { Clock } from './common/clock';
import { ApiConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { WorkersModule } from './workers.module';

/**
 * What the workers use of auth/ in a process without sign-in (in the API, AuthModule provides these):
 * guest links in messages, the policy those links are minted under, and the disclosure log.
 */
@Global()
@Module({
  providers: [InvitationsService, InvitationsRepository, PolicyService, AccessRepository, DisclosureLogRepository],
  exports: [InvitationsService, PolicyService, AccessRepository, DisclosureLogRepository],
})
class WorkerAuthModule {}

/** The worker process: queue workers and the outbox relay, no HTTP. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: ApiConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [ConfigModule.forRoot(config, clock), TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, { now: () => clock.now() }), retryAttempts: 0 }), WorkerAuthModule, WorkersModule],
    };
  }
}

import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { JoinTokenService } from './auth/join-token.service';
import { SFU_CONFIG } from './config/sfu-config.token';
import type { SfuConfig } from './config/sfu.config';
import { ControlController } from './control/control.controller';
import { HealthController } from './health/health.controller';
import { SfuMetrics, SfuMetricsController } from './health/sfu-metrics';
import { ROOMS_OPTIONS, WORKER_POOL } from './media/media.tokens';
import type { WorkerPool } from './media/worker-pool.service';
import { DEFAULT_ROOMS_OPTIONS, RoomsService, type RoomsOptions } from './rooms/rooms.service';
import { SignallingGateway } from './signalling/signalling.gateway';
import { PresenceReporter } from './rooms/presence-reporter';

@Module({})
export class SfuModule {
  /** The pool is started before the module (bootstrap) so a worker that cannot start fails fast. */
  static forRoot(config: SfuConfig, pool: WorkerPool, rooms: Partial<RoomsOptions> = {}): DynamicModule {
    return {
      module: SfuModule,
      controllers: [HealthController, ControlController, SfuMetricsController],
      providers: [
        { provide: SFU_CONFIG, useValue: config },
        { provide: WORKER_POOL, useValue: pool },
        { provide: ROOMS_OPTIONS, useValue: { ...DEFAULT_ROOMS_OPTIONS, ...presenceOption(config), ...rooms } },
        JoinTokenService,
        RoomsService,
        { provide: SfuMetrics, useFactory: (p: WorkerPool, r: RoomsService) => new SfuMetrics(p, r), inject: [WORKER_POOL, RoomsService] },
        SignallingGateway,
      ],
    };
  }
}

/** With SFU_API_URL, every join and leave of a call is reported to the API (attendance). */
function presenceOption(config: SfuConfig): Partial<RoomsOptions> {
  if (config.apiUrl === undefined) return {};
  const reporter = new PresenceReporter({ apiUrl: config.apiUrl, secret: config.joinTokenSecret, logger: new Logger('PresenceReporter') });
  return { presence: (e) => reporter.report(e) };
}

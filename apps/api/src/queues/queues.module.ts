import { DynamicModule, Global, Module } from '@nestjs/common';
import { QueueDefinition, QueuesService } from './queues.service';

/** Holds the registrations made by `QueuesModule.registerQueue` (one dynamic module per call). */
@Module({})
class QueueRegistrationModule {}

/**
 * The queue infrastructure, the same in the API and the worker process: one Redis connection for the
 * producers, a connection per worker, and the queues the features register. It knows no feature: a
 * feature declares its queue where it produces or consumes jobs, as `@nestjs/bullmq`'s `registerQueue`
 * does, and starts its own workers (its `*WorkersModule`, imported by the worker process and by the API
 * when RUN_WORKERS=true).
 */
@Global()
@Module({ providers: [QueuesService], exports: [QueuesService] })
export class QueuesModule {
  /**
   * Registers a feature's queues with the (global) QueuesService when the module is built, before any
   * module initialises: the dashboard, the metrics and the workers find every queue of the process.
   */
  static registerQueue(...queues: QueueDefinition[]): DynamicModule {
    return {
      module: QueueRegistrationModule,
      imports: [QueuesModule],
      providers: queues.map((q) => ({ provide: `kohtaamo-queue:${q.name}`, useFactory: (service: QueuesService) => service.register(q), inject: [QueuesService] })),
    };
  }
}

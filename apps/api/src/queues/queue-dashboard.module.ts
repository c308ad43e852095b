import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express } from 'express';
import { QUEUE_NAMES, QueuesService } from './queues.service';
import { QueuesModule } from './queues.module';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues: waiting, delayed, failed jobs with their errors, retry by hand.
 * NOT YET PROTECTED: administrators-only access comes with the access-control issue. Job data hold only
 * keys and ids, never names or addresses, so the dashboard shows no personal data meanwhile.
 */
@Module({ imports: [QueuesModule] })
export class QueueDashboardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueuesService,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // an application context without HTTP (the worker process)
    const serverAdapter = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
    // @bull-board/express pins its own patch release of @bull-board/api: same interface, separate declarations
    const adapter = serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: QUEUE_NAMES.map((n) => new BullMQAdapter(this.queues.queue(n))), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Kohtaamo queues' } } });
    (http.getInstance() as Express).use(DASHBOARD_PATH, serverAdapter.getRouter() as Parameters<Express['use']>[1]);
    new Logger('Queues').log(`queue dashboard at ${DASHBOARD_PATH} (not yet access-controlled)`);
  }
}

import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, NextFunction, Request, Response } from 'express';
import { QueuesService } from './queues.service';
import { QueuesModule } from './queues.module';
import { rolesAllow } from '@kohtaamo/domain';
import { AuthGuard } from '../auth/auth.guard';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues: waiting, delayed, failed jobs with their errors, retry by hand.
 * Administrators only (queue_dashboard:read in the permission table). Job data hold only keys and ids,
 * never names or addresses, so even an administrator sees no personal data there.
 */
@Module({ imports: [QueuesModule] })
export class QueueDashboardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueuesService,
    private readonly guard: AuthGuard,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // an application context without HTTP (the worker process)
    const serverAdapter = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
    // @bull-board/express pins its own patch release of @bull-board/api: same interface, separate declarations
    const adapter = serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
    createBullBoard({ queues: this.queues.names().map((n) => new BullMQAdapter(this.queues.queue(n))), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Kohtaamo queues' } } });
    // Administrators only: the same sign-in as the API (Authorization: Bearer), and queue_dashboard:read.
    const gate = (req: Request, res: Response, next: NextFunction): void => {
      this.guard
        .authenticate(req)
        .then((p) => (rolesAllow(p.roles, 'queue_dashboard', 'read') ? next() : res.status(403).json({ statusCode: 403, error: 'forbidden', message: 'administrators only', fields: [] })))
        .catch((e: unknown) => res.status(401).json({ statusCode: 401, error: 'unauthorized', message: (e as Error).message, fields: [] }));
    };
    (http.getInstance() as Express).use(DASHBOARD_PATH, gate, serverAdapter.getRouter() as Parameters<Express['use']>[1]);
    new Logger('Queues').log(`queue dashboard at ${DASHBOARD_PATH} (administrators only)`);
  }
}

import { Controller, Get, Global, Header, HttpStatus, Inject, Injectable, Module, OnApplicationBootstrap, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { metricsAccess } from '@kohtaamo/domain';
import { Public } from '../auth/decorators';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';
import { QUEUE_NAMES, QueuesService } from '../queues/queues.service';
import { OpsMetrics } from './ops-metrics';

const JOB_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/**
 * GET /metrics (outside /api, like /health): Prometheus text for operators. Not in the OpenAPI document
 * (the web client has no use for it); access by METRICS_TOKEN (libs/domain/metrics-access.ts).
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class OpsMetricsController {
  constructor(
    private readonly metrics: OpsMetrics,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const access = metricsAccess(this.config.metricsToken, this.config.nodeEnv === 'production', req.headers.authorization);
    if (access === 'disabled') {
      res.status(HttpStatus.NOT_FOUND).json({ statusCode: 404, error: 'not_found', message: 'Cannot GET /metrics', fields: [] });
      return;
    }
    if (access === 'unauthorized') {
      res.status(HttpStatus.UNAUTHORIZED).setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.json({ statusCode: 401, error: 'unauthenticated', message: 'metrics need the bearer token configured in METRICS_TOKEN', fields: [] });
      return;
    }
    const { contentType, body } = await this.metrics.render();
    res.status(HttpStatus.OK).type(contentType).send(body);
  }
}

/** Feeds the gauges read at scrape time (queues, outbox) and counts this process's job outcomes. */
@Injectable()
class OpsMetricsSources implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: OpsMetrics,
    private readonly queues: QueuesService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const m = this.metrics;
    this.queues.onWorker((queue, worker) => {
      worker.on('completed', () => m.jobOutcomes.inc({ queue, outcome: 'completed' }));
      worker.on('failed', () => m.jobOutcomes.inc({ queue, outcome: 'failed' }));
    });
    m.onScrape(async () => {
      await Promise.all(
        QUEUE_NAMES.map(async (queue) => {
          const counts = await this.queues.queue(queue).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) m.queueJobs.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    });
    m.onScrape(async () => {
      const [row]: Array<{ pending: number; lag: number }> = await asSystem(() =>
        this.db.query(
          `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag
             FROM meeting_outbox WHERE processed_at IS NULL`,
        ),
      );
      m.outboxPending.set(row.pending);
      m.outboxLag.set(Math.max(0, row.lag));
    });
  }
}

@Global()
@Module({
  providers: [{ provide: OpsMetrics, useFactory: () => new OpsMetrics() }, OpsMetricsSources],
  controllers: [OpsMetricsController],
  exports: [OpsMetrics],
})
export class ObservabilityModule {}

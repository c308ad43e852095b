import { Global, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asSystem } from '../database/actor-context';
import { QUEUE_NAMES, QueuesService } from '../queues/queues.service';
import { OpsMetrics } from './ops-metrics';

const JOB_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

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
    exports: [OpsMetrics],
})
export class ObservabilityModule {}

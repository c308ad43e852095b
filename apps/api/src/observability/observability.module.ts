import { Global, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { QueuesService } from '../queues/queues.service';
import { OpsMetrics } from './ops-metrics';
import { OutboxBacklogRepository } from './outbox-backlog.repository';

const JOB_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** Feeds the gauges read at scrape time (queues, outbox) and counts this process's job outcomes. */
@Injectable()
class OpsMetricsSources implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: OpsMetrics,
    private readonly queues: QueuesService,
    private readonly outbox: OutboxBacklogRepository,
  ) {}

  onApplicationBootstrap(): void {
    const m = this.metrics;
    this.queues.onWorker((queue, worker) => {
      worker.on('completed', () => m.jobOutcomes.inc({ queue, outcome: 'completed' }));
      worker.on('failed', () => m.jobOutcomes.inc({ queue, outcome: 'failed' }));
    });
    m.onScrape(async () => {
      await Promise.all(
        this.queues.names().map(async (queue) => {
          const counts = await this.queues.queue(queue).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) m.queueJobs.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    });
    m.onScrape(async () => {
      const row = await this.outbox.backlog();
      m.outboxPending.set(row.pending);
      m.outboxLag.set(Math.max(0, row.lag));
    });
  }
}

@Global()
@Module({
  providers: [{ provide: OpsMetrics, useFactory: () => new OpsMetrics() }, OpsMetricsSources, OutboxBacklogRepository],
    exports: [OpsMetrics],
})
export class ObservabilityModule {}

import { Injectable } from '@nestjs/common';
import { DomainError, MIN_GROUP, computeMetrics, metricsCsv, type DeadlinesOf, type GroupMetrics } from '@kohtaamo/domain';
import { PROVISIONAL_DEADLINE_RULES, deadlinesFromRules } from '@kohtaamo/domain/metrics-deadlines';
import { Clock } from '../common/clock';
import { FeedbackRepository } from '../feedback/feedback.repository';
import type { MetricsDto, MetricsQueryDto } from './metrics.dto';
import { MetricsRepository } from './metrics.repository';

const YEAR_MS = 365.25 * 86_400_000;

/**
 * The statutory deadlines the metrics report. Provisional: the example rules through the
 * DeadlinesOf seam (libs/domain/metrics-deadlines.ts), until the statutory-deadline module lands.
 */
export const DEADLINE_RULES = PROVISIONAL_DEADLINE_RULES;
const deadlinesOf: DeadlinesOf = deadlinesFromRules(DEADLINE_RULES);

/** The seed's metrics for a period, grouped; figures from fewer than five cases withheld. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly repo: MetricsRepository,
    private readonly feedback: FeedbackRepository,
    private readonly clock: Clock,
  ) {}

  async metrics(q: MetricsQueryDto): Promise<MetricsDto> {
    const asOf = this.clock.now();
    const to = q.to ? new Date(q.to) : asOf;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - YEAR_MS);
    if (from.getTime() >= to.getTime()) throw DomainError.field('validation_failed', 'from', 'must be before to');
    if (to.getTime() - from.getTime() > 6 * YEAR_MS) throw DomainError.field('validation_failed', 'from', 'the period may be at most six years');
    const by = q.by ?? 'team';
    const teamId = q.teamId ?? null;
    const [cases, feedback] = await Promise.all([
      this.repo.cases({ from, to, asOf, teamId }),
      by === 'team' || by === 'county' ? this.feedback.scores(from, to, teamId) : Promise.resolve([]),
    ]);
    const rules = DEADLINE_RULES.map((r) => r.code);
    const groups = computeMetrics({ cases, by, asOf, deadlinesOf, rules, feedback });
    const labels = await this.repo.labels(by === 'team' ? groups.map((g) => g.key) : [], by === 'worker' ? groups.map((g) => g.key) : []);
    return {
      from,
      to,
      asOf,
      by,
      minGroup: MIN_GROUP,
      rules,
      groups: groups.map((g) => ({ ...g, label: labelOf(g, labels) })),
    };
  }

  async csv(q: MetricsQueryDto): Promise<string> {
    const m = await this.metrics(q);
    return metricsCsv(m.groups, m.rules, (g) => (g as GroupMetrics & { label: string }).label);
  }
}

function labelOf(g: GroupMetrics, labels: Map<string, string>): string {
  if (g.by === 'county') return 'county';
  if (g.by === 'client_group') return g.key;
  return labels.get(g.key) ?? g.key;
}

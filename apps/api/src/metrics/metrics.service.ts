import { Injectable } from '@nestjs/common';
import { DomainError, MIN_GROUP, computeMetrics, metricsCsv, metricsFromTallies, type DeadlinesOf, type GroupMetrics } from '@kohtaamo/domain';
import { deadlinesFromRules, dueTable } from '@kohtaamo/domain/metrics-deadlines';
import { WORKING_DAY_CALENDAR, addWorkingDays, deadlineRisk, helsinkiDate, urgencyRank } from '@kohtaamo/scheduling';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { FeedbackRepository } from '../feedback/feedback.repository';
import { DEADLINE_RULES } from '../requests/inbox.service';
import type { AtRiskDto, AtRiskItemDto, AtRiskQueryDto, MetricsDto, MetricsQueryDto } from './metrics.dto';
import { MetricsCache, type CachedTallies } from './metrics-cache';
import { MetricsRepository } from './metrics.repository';

const YEAR_MS = 365.25 * 86_400_000;
const WEEK_MS = 7 * 86_400_000;

/** The statutory deadlines (libs/scheduling/src/deadlines.ts), the same rules as the triage inbox's. */
const deadlinesOf: DeadlinesOf = deadlinesFromRules(DEADLINE_RULES);

/** The seed's metrics for a period, grouped; figures from fewer than five cases withheld. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly repo: MetricsRepository,
    private readonly feedback: FeedbackRepository,
    private readonly clock: Clock,
    private readonly cache: MetricsCache,
  ) {}

  /**
   * The metrics of a period. `path` is for tests: `fast` (the default) lets PostgreSQL tally each group
   * (MetricsRepository.tallies, one row per group) and falls back to `plain` — every case's facts read
   * and tallied by libs/domain computeMetrics — only when a case's clock started outside the days it
   * prepared deadlines for. Both give the same answer (test/api/metrics-fast-path.e2e-spec.ts).
   *
   * The fast path's tallies of a question with an explicit `to` are kept (MetricsCache) while nothing they
   * count has changed — `metrics_version`, read first, is the same — and asOf has not reached an instant
   * that changes them (a pending deadline falling due): a county's year is then answered without the
   * aggregation. Withholding groups under five and the labels are done on every call, cached or not.
   * A `to` left to default is now, a new question each time: not kept.
   */
  async metrics(q: MetricsQueryDto, path: 'fast' | 'plain' = 'fast'): Promise<MetricsDto> {
    const asOf = this.clock.now();
    const to = q.to ? new Date(q.to) : asOf;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - YEAR_MS);
    if (from.getTime() >= to.getTime()) throw DomainError.field('validation_failed', 'from', 'must be before to');
    if (to.getTime() - from.getTime() > 6 * YEAR_MS) throw DomainError.field('validation_failed', 'from', 'the period may be at most six years');
    const by = q.by ?? 'team';
    const teamId = q.teamId ?? null;
    const rules = DEADLINE_RULES.map((r) => r.kind);
    const withFeedback = by === 'team' || by === 'county';
    let groups: GroupMetrics[] | null = null;
    if (path === 'fast') {
      // clocks start at submission (in [from, to), at most asOf) or acceptance (after submission, by asOf
      // as events are recorded): a week's margin either side, and any case outside falls back
      const key = q.to ? { by, from: from.getTime(), to: to.getTime(), teamId } : null;
      // read before computing: the answer then counts at least every change up to this version
      const version = key ? await this.repo.version() : null;
      let found: CachedTallies | undefined = key && version !== null ? this.cache.get(key, version, asOf) : undefined;
      if (!found) {
        const due = dueTable(DEADLINE_RULES, new Date(from.getTime() - WEEK_MS), new Date(Math.max(to.getTime(), asOf.getTime()) + WEEK_MS));
        const [tallies, feedback] = await Promise.all([
          this.repo.tallies({ from, to, asOf, teamId, by, due }),
          withFeedback ? this.feedback.scoreCounts(from, to, teamId) : Promise.resolve([]),
        ]);
        if (tallies) {
          found = { groups: tallies.groups, feedback };
          if (key && version !== null) this.cache.set(key, version, asOf, tallies.stableUntil, found);
        }
      }
      if (found) groups = metricsFromTallies({ by, rules, tallies: found.groups, feedback: found.feedback });
    }
    if (!groups) {
      const [cases, feedback] = await Promise.all([
        this.repo.cases({ from, to, asOf, teamId }),
        withFeedback ? this.feedback.scores(from, to, teamId) : Promise.resolve([]),
      ]);
      groups = computeMetrics({ cases, by, asOf, deadlinesOf, rules, feedback });
    }
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

  /**
   * The open requests about to miss, or that have missed, the statutory deadline that runs now
   * (libs/scheduling deadlineRisk: overdue, booked into a slot after it, or due within
   * `withinWorkingDays` working days of today and not booked in time), on the Finnish working-day calendar.
   * Lists those the caller may see (the triage inbox's need to know) and counts the others; most overdue
   * first. Nothing of the client is in it, so nothing goes to the access log.
   */
  async atRisk(q: AtRiskQueryDto, who: StaffPrincipal): Promise<AtRiskDto> {
    const now = this.clock.now();
    const today = helsinkiDate(now);
    const within = q.withinWorkingDays ?? 2;
    const rows = await this.repo.openClocks(q.teamId ?? null, who.personId, now);
    const items: Array<AtRiskItemDto & { rank: number }> = [];
    let notShown = 0;
    for (const r of rows) {
      const risk = deadlineRisk({ status: r.status, submittedAt: r.lastSubmittedAt, acceptedAt: r.acceptedAt, bookedAt: r.booking?.startsAt ?? null }, now, within, DEADLINE_RULES);
      if (!risk) continue;
      if (!r.visible) {
        notShown++;
        continue;
      }
      const d = risk.deadline;
      items.push({
        id: r.id,
        teamId: r.teamId,
        teamName: r.teamName,
        status: r.status,
        urgency: r.urgency,
        clientGroup: r.clientGroup,
        submittedAt: r.submittedAt,
        requester: r.requester,
        risk: risk.risk,
        deadline: {
          kind: d.kind,
          startedAt: d.startedAt,
          dueDate: d.dueDate,
          dueAt: d.dueAt,
          standing: risk.risk === 'overdue' ? 'overdue' : 'open',
          daysLeft: risk.daysLeft,
          bookedInTime: r.booking && d.kind === 'consultation' ? r.booking.startsAt.getTime() < d.dueAt.getTime() : null,
          period: { ...d.period },
          source: d.source,
        },
        booking: r.booking,
        rank: urgencyRank(r.urgency),
      });
    }
    items.sort((a, b) => a.deadline.dueAt.getTime() - b.deadline.dueAt.getTime() || a.rank - b.rank || a.submittedAt.getTime() - b.submittedAt.getTime() || a.id.localeCompare(b.id));
    return {
      asOf: now,
      today,
      withinWorkingDays: within,
      horizon: addWorkingDays(today, within),
      items: items.map(({ rank: _rank, ...item }) => item),
      notShown,
      rules: DEADLINE_RULES.map((r) => ({ kind: r.kind, startsOn: r.startsOn, period: { ...r.period }, source: r.source })),
      workingDays: WORKING_DAY_CALENDAR,
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

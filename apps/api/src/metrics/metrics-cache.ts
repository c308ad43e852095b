import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { FeedbackFacts, GroupTally, MetricGrouping } from '@kohtaamo/domain';

/** At most this many answers (query × period) are kept; the least recently used goes first. */
const CACHE_MAX = 256;

/** What a question of the metrics is: the grouping, the period (ms) and the team, if one. */
export interface MetricsKey {
  by: MetricGrouping;
  from: number;
  to: number;
  teamId: string | null;
}

/** The database's part of an answer, before any group under five is withheld and before labels. */
export interface CachedTallies {
  groups: Map<string, GroupTally>;
  feedback: FeedbackFacts[];
}

interface Entry extends CachedTallies {
  /** metrics_version read before computing it */
  version: string;
  /** the asOf it was computed at, ms */
  asOf: number;
  /** it holds for a later asOf only before this instant (ms; null: no limit) — MetricsRepository.tallies */
  stableUntil: number | null;
}

/**
 * The metrics' fast-path tallies (and feedback counts) already computed, per question, in this API
 * process (lru-cache, 256 questions). An entry is served only while nothing it was computed from has
 * changed — `metrics_version` (migration 1765300000000), read by the caller before computing and before
 * each lookup, is still the one it was computed under — and only for an instant of asking at or after the
 * one it was computed at and before its `stableUntil` (a pending deadline falls due, a case submitted
 * later starts to count). So it is never stale: another API instance's write moves the same counter.
 *
 * The key holds no actor: the figures are the county's, read as the system actor, the same for everyone
 * with the `metrics` permission (which the guard checks on every request). What is per request stays in
 * MetricsService: groups under five withheld (libs/domain metricsFromTallies), the labels (names read
 * anew), asOf.
 */
@Injectable()
export class MetricsCache {
  private readonly entries = new LRUCache<string, Entry>({ max: CACHE_MAX });

  get(key: MetricsKey, version: string, asOf: Date): CachedTallies | undefined {
    const k = keyOf(key);
    const e = this.entries.get(k);
    if (!e) return undefined;
    const at = asOf.getTime();
    if (e.version === version && at >= e.asOf && (e.stableUntil === null || at < e.stableUntil)) return e;
    if (e.version !== version) this.entries.delete(k);
    return undefined;
  }

  set(key: MetricsKey, version: string, asOf: Date, stableUntil: Date | null, value: CachedTallies): void {
    // a slower computation of an older version does not replace a newer one
    const held = this.entries.peek(keyOf(key));
    if (held && BigInt(held.version) > BigInt(version)) return;
    this.entries.set(keyOf(key), { ...value, version, asOf: asOf.getTime(), stableUntil: stableUntil?.getTime() ?? null });
  }

  clear(): void {
    this.entries.clear();
  }
}

function keyOf(k: MetricsKey): string {
  return `${k.by}|${k.from}|${k.to}|${k.teamId ?? ''}`;
}

/**
 * Checks the metrics' fast path against the plain computation on a generated county (bench/metrics), and
 * times both in this process (no HTTP): `node dist/bench/metrics/paths-agree.js <database>`.
 * Not a figure of `npm run bench` (its name does not end in .bench): a tool for working on the metrics.
 */
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { FeedbackRepository } from '../../apps/api/src/feedback/feedback.repository';
import { MetricsRepository } from '../../apps/api/src/metrics/metrics.repository';
import { MetricsCache } from '../../apps/api/src/metrics/metrics-cache';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service';
import { Clock } from '../../apps/api/src/common/clock';

async function main(): Promise<void> {
  const name = process.argv[2];
  const u = new URL(process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  u.pathname = `/${name}`;
  const ds = await new DataSource({ type: 'postgres', url: u.toString() }).initialize();
  // one instant for both paths (the answer names it)
  const asOf = new Date();
  const clock = new (class extends Clock {
    override now(): Date {
      return new Date(asOf);
    }
  })();
  const cache = new MetricsCache();
  const service = new MetricsService(new MetricsRepository(ds), new FeedbackRepository(ds), clock, cache);
  const teams: string[] = (await ds.query(`SELECT id FROM team ORDER BY name`)).map((r: { id: string }) => r.id);
  const year = { from: '2025-01-01T00:00:00+02:00', to: '2026-01-01T00:00:00+02:00' };
  let failed = 0;
  for (const [by, teamId] of [['county', undefined], ['team', undefined], ['team', teams[0]], ['client_group', undefined], ['worker', undefined], ['worker', teams[3]]] as const) {
    const q = { ...year, by, teamId };
    const t0 = performance.now();
    const fast = await service.metrics(q, 'fast');
    const t1 = performance.now();
    const plain = await service.metrics(q, 'plain');
    const t2 = performance.now();
    const same = isDeepStrictEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(plain)));
    if (!same) {
      failed++;
      const f = fast.groups.find((g, i) => !isDeepStrictEqual(JSON.parse(JSON.stringify(g)), JSON.parse(JSON.stringify(plain.groups[i]))));
      console.log(JSON.stringify(f), JSON.stringify(plain.groups[fast.groups.indexOf(f!)]));
    }
    console.log(JSON.stringify({ by, team: teamId ? 'one' : 'all', groups: fast.groups.length, same, fast_ms: Math.round(t1 - t0), plain_ms: Math.round(t2 - t1) }));
  }
  // then the fast path alone, repeated (warm): the database and the tally, without HTTP — computed each
  // time (the cache emptied first), and answered from the cache (nothing written in between)
  for (const [by, teamId] of [['county', undefined], ['team', teams[1]]] as const) {
    const computed: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < 15; i++) {
      cache.clear();
      const t0 = performance.now();
      await service.metrics({ ...year, by, teamId }, 'fast');
      const t1 = performance.now();
      await service.metrics({ ...year, by, teamId }, 'fast');
      computed.push(t1 - t0);
      cached.push(performance.now() - t1);
    }
    computed.sort((a, b) => a - b);
    cached.sort((a, b) => a - b);
    console.log(JSON.stringify({ by, team: teamId ? 'one' : 'all', fast_ms: computed.map(Math.round), cached_ms: cached.map((t) => Math.round(t * 10) / 10) }));
  }
  await ds.destroy();
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

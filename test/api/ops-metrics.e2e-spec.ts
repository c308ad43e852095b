import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { buildFixture } from '../support/fixtures';
import { MINUTES_QUEUE } from '../../apps/api/src/minutes/minutes.queue';
import { QueuesService } from '../../apps/api/src/queues/queues.service';

/** One sample's value from Prometheus text (`name{labels} value`); undefined when the series is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('API /metrics (Prometheus)', () => {
  const TOKEN = 'api-metrics-token-0123456789';
  let api: TestApi;
  const scrape = async (): Promise<string> => {
    const res = await request(api.raw).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  beforeAll(async () => {
    api = await startTestApi({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('needs the configured bearer token (a staff sign-in is not enough)', async () => {
    expect((await request(api.raw).get('/metrics')).status).toBe(401);
    expect((await request(api.http).get('/metrics')).status).toBe(401);
    expect((await request(api.raw).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
  });

  it('exposes the named series', async () => {
    const text = await scrape();
    for (const name of [
      'kohtaamo_http_request_duration_seconds',
      'kohtaamo_queue_jobs',
      'kohtaamo_queue_job_outcomes_total',
      'kohtaamo_outbox_pending',
      'kohtaamo_outbox_lag_seconds',
      'kohtaamo_process_cpu_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'kohtaamo_queue_jobs', 'queue="notifications",state="waiting"')).toBe(0);
  });

  it('HTTP latency is counted under the route template, never the raw path', async () => {
    const me = (await request(api.http).get('/api/me').expect(200)).body as { personId: string };
    const before = sample(await scrape(), 'kohtaamo_http_request_duration_seconds_count', 'method="GET",route="/api/persons/:id",status="200"') ?? 0;
    await request(api.http).get(`/api/persons/${me.personId}`).expect(200);
    await request(api.http).get(`/api/persons/${me.personId}`).expect(200);
    await request(api.http).get('/api/no-such-route').expect(404);
    const text = await scrape();
    expect(sample(text, 'kohtaamo_http_request_duration_seconds_count', 'method="GET",route="/api/persons/:id",status="200"')).toBe(before + 2);
    expect(sample(text, 'kohtaamo_http_request_duration_seconds_count', 'method="GET",route="unmatched",status="404"')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(me.personId);
  });

  it('the outbox gauges move when a meeting is scheduled (no relay runs in this API)', async () => {
    const before = await scrape();
    expect(sample(before, 'kohtaamo_outbox_pending')).toBe(0);
    expect(sample(before, 'kohtaamo_outbox_lag_seconds')).toBe(0);
    await buildFixture(api.http, api.setupAuth);
    await api.db.ds.query(`UPDATE meeting_outbox SET created_at = created_at - interval '90 seconds'`);
    const after = await scrape();
    expect(sample(after, 'kohtaamo_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'kohtaamo_outbox_lag_seconds')).toBeGreaterThanOrEqual(90);
  });

  it('queue depths and job outcomes move when jobs are queued and run', async () => {
    const queues = api.app.get(QueuesService);
    const q = queues.queue(MINUTES_QUEUE);
    await q.add('ok', { minutesId: 'none' }, { jobId: 'metrics-ok', attempts: 1 });
    await q.add('fail', { minutesId: 'none' }, { jobId: 'metrics-fail', attempts: 1 });
    expect(sample(await scrape(), 'kohtaamo_queue_jobs', 'queue="minutes",state="waiting"')).toBe(2);
    // a worker of this process (as RUN_WORKERS would start), created after the metrics were set up
    const done = new Promise<void>((resolve) => {
      let n = 0;
      const w = queues.worker(MINUTES_QUEUE, async (job) => {
        if (job.name === 'fail') throw new Error('refused on purpose');
        return 'done';
      });
      const settle = () => (++n === 2 ? resolve() : undefined);
      w.on('completed', settle);
      w.on('failed', settle);
    });
    await done;
    const text = await scrape();
    expect(sample(text, 'kohtaamo_queue_job_outcomes_total', 'queue="minutes",outcome="completed"')).toBe(1);
    expect(sample(text, 'kohtaamo_queue_job_outcomes_total', 'queue="minutes",outcome="failed"')).toBe(1);
    expect(sample(text, 'kohtaamo_queue_jobs', 'queue="minutes",state="waiting"')).toBe(0);
    expect(sample(text, 'kohtaamo_queue_jobs', 'queue="minutes",state="failed"')).toBe(1);
  });
});

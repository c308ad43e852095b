import type { INestApplication } from '@nestjs/common';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { DevIssuer } from '../../apps/api/src/auth/dev-issuer.service';
import { TestApi, TestClock, startTestApi } from '../support/api';
import { eventually } from '../video/support/browser';

/**
 * Two API instances behind one load balancer share PostgreSQL and Redis and nothing else: a rate limit
 * holds for their sum, and a role change on one instance reaches the other's principal cache at once.
 */
describe('two API instances', () => {
  let a: TestApi;
  let bApp: INestApplication;
  let b: RequestListener;

  beforeAll(async () => {
    a = await startTestApi();
    // the second instance: same database, same Redis, same instance group (QUEUE_PREFIX)
    bApp = await createApp(a.config, new TestClock());
    await bApp.init();
    b = bApp.getHttpAdapter().getInstance() as RequestListener;
  }, 60_000);

  afterAll(async () => {
    await bApp?.close();
    await a?.close();
  });

  it('holds the sign-in limit (20 a minute per address) for both instances together, not for each', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const instance = i % 2 === 0 ? a.raw : b;
      statuses.push((await request(instance).post('/api/dev-auth/token').send({ email: 'nobody@example.fi' })).status);
    }
    // 15 requests reached each instance: in-memory limits would have let all 30 through
    expect(statuses.filter((s) => s !== 429 && s !== 422)).toEqual([]);
    expect(statuses.filter((s) => s === 422)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('a role change made through one instance is seen by the other at once, though it had cached the principal', async () => {
    const person = await a.staff('staff', 'Vaihtuva Rooli');
    // the development issuer keeps its key in its own process: instance b signs its own token (OIDC in production has one issuer)
    const auth = `Bearer ${(await bApp.get(DevIssuer).tokenFor({ personId: person.personId })).accessToken}`;
    const team = await request(a.http).post('/api/teams').send({ kind: 'adults', name: `Aikuiset ${Date.now()}`, unit: 'Perhekeskus' }).expect(201);
    const me = async (): Promise<string[]> => ((await request(b).get('/api/me').set('authorization', auth).expect(200)).body as { roles: string[] }).roles;
    const before = await me();
    expect(before).not.toContain('team_member');
    await me(); // cached on instance b now
    await request(a.http).post(`/api/teams/${team.body.id as string}/members`).send({ personId: person.personId, role: 'member' }).expect(201);
    // pub/sub delivery is asynchronous but sub-millisecond here; the cache itself would hold for 30 s
    await eventually('instance b to see the new role', async () => (await me()).includes('team_member'), 2000, 20);
  });
});

import express from 'express';
import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../apps/api/src/app.factory';
import { DevIssuer } from '../../apps/api/src/auth/dev-issuer.service';
import { SfuNodesRepository } from '../../apps/api/src/video/sfu-nodes.repository';
import { RedisService } from '../../apps/api/src/redis/redis.module';
import { sfuKeys } from '@kohtaamo/domain';
import { SfuProcess } from '../../bench/scale/sfu-process';
import { TestApi, TestClock, startTestApi, TEST_SECRET } from '../support/api';
import { buildFixture, post, type Fixture } from '../support/fixtures';
import { buildWeb, eventually, hook, launchChromium, newPage } from '../video/support/browser';
import { workerBin } from '../video/support/sfu';

function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * Two SFU nodes (separate processes, registered in Redis with a heartbeat) and two API instances on one
 * database. The API places meetings on the least-loaded live node and puts it in the join token; when a
 * node is SIGKILLed mid-call, its participants' browsers ask the API again, are placed on the other node,
 * and see each other's video again.
 */
describe('several SFU nodes and API instances', () => {
  let api: TestApi;
  let api2: INestApplication;
  const servers: http.Server[] = [];
  const apiUrls: string[] = [];
  let webUrl = '';
  let f: Fixture;
  /** a meeting with the nurse and the physician as participants */
  let callId = '';
  const nodes: SfuProcess[] = [];
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    const dist = buildWeb();
    const web = express();
    web.get('/join', (_req, res) => res.sendFile(join(dist, 'index.html')));
    web.use(express.static(dist));
    const w = await listen(web as unknown as http.RequestListener);
    servers.push(w.server);
    webUrl = w.url;
    api = await startTestApi({ CORS_ORIGINS: webUrl });
    api2 = await createApp(api.config, new TestClock());
    await api2.init();
    for (const handler of [api.raw, api2.getHttpAdapter().getInstance() as http.RequestListener]) {
      const s = await listen(handler);
      servers.push(s.server);
      apiUrls.push(s.url);
    }
    for (const nodeId of ['node-a', 'node-b']) {
      nodes.push(await SfuProcess.start({ nodeId, redisUrl: api.config.redisUrl, prefix: api.config.queuePrefix, joinTokenSecret: TEST_SECRET, workerBin: workerBin(), heartbeatMs: 500 }));
    }
    f = await buildFixture(api.http, api.setupAuth);
    callId = (await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'team_session', title: 'Etäkonsultaatio', teamId: f.teamId, startsAt: '2030-03-07T11:00:00Z', endsAt: '2030-03-07T13:00:00Z', mode: 'remote',
      participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'staff', personId: f.physicianId }],
    })).id;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    for (const n of nodes) await n.stop();
    for (const s of servers) await new Promise((r) => s.close(r));
    await api2?.close();
    await api?.close();
  });

  it('registers both nodes, places two new meetings on different nodes and puts the node in the token', async () => {
    const repo = api.app.get(SfuNodesRepository);
    await eventually('both nodes registered', async () => (await repo.liveNodes()).length === 2, 10_000, 100);
    const second = await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'team_session', title: 'Toinen', teamId: f.teamId, startsAt: '2030-03-06T11:00:00Z', endsAt: '2030-03-06T13:00:00Z', mode: 'remote', participants: [],
    });
    const one = (await request(api.http).post(`/api/meetings/${f.meetingId}/join-token`).send({}).expect(200)).body as { node: string; sfuUrl: string; token: string };
    // the other API instance signs the second meeting's token: placement is shared through Redis
    // (each instance's development issuer has its own key: the operator signs in on instance 2 too)
    const operator2 = (await api2.get(DevIssuer).tokenFor({ personId: api.operator.personId })).accessToken;
    const twoBody = (await request(apiUrls[1] ?? '').post(`/api/meetings/${second.id}/join-token`).set('authorization', `Bearer ${operator2}`).send({}).expect(200)).body as { node: string };
    expect(new Set([one.node, twoBody.node])).toEqual(new Set(['node-a', 'node-b']));
    expect(one.sfuUrl).toBe(nodes.find((n) => n.nodeId === one.node)?.url);
    const claims = JSON.parse(Buffer.from(one.token.split('.')[1] ?? '', 'base64url').toString()) as { node?: string };
    expect(claims.node).toBe(one.node);
    // asking again keeps a meeting where it is
    const again = (await request(api.http).post(`/api/meetings/${f.meetingId}/join-token`).send({}).expect(200)).body as { node: string };
    expect(again.node).toBe(one.node);
    // a new meeting asked for through both instances at once lands on one node, whichever answers first
    const third = await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'team_session', title: 'Kolmas', teamId: f.teamId, startsAt: '2030-03-08T11:00:00Z', endsAt: '2030-03-08T13:00:00Z', mode: 'remote', participants: [],
    });
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? request(api.http).post(`/api/meetings/${third.id}/join-token`).send({})
          : request(apiUrls[1] ?? '').post(`/api/meetings/${third.id}/join-token`).set('authorization', `Bearer ${operator2}`).send({}),
      ),
    );
    expect(new Set(racing.map((r) => (r.body as { node: string }).node)).size).toBe(1);
  });

  async function email(personId: string): Promise<string> {
    const [row] = (await api.db.ds.query('SELECT email FROM person WHERE id = $1', [personId])) as Array<{ email: string }>;
    return row?.email ?? '';
  }

  /** Signs in on the join page (development issuer of that API instance) and joins. */
  async function joinAs(personId: string, apiUrl: string): Promise<Page> {
    const { context, page } = await newPage(browser, { apiUrl });
    contexts.push(context);
    await page.goto(`${webUrl}/join?meeting=${callId}`);
    await page.fill('#signin-email', await email(personId));
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#join-button', { timeout: 20_000 }).catch(async (e: unknown) => {
      process.stderr.write(`page: ${(await page.textContent('main').catch(() => '')) ?? ''}\n`);
      throw e;
    });
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    await page.click('#join-button');
    return page;
  }

  async function framesFromOthers(page: Page): Promise<number> {
    return (await hook(page, 'stats')).filter((s) => s.kind === 'video').reduce((n, s) => n + s.framesDecoded, 0);
  }

  it('a node is SIGKILLed mid-call: its participants are placed on the other node and see video again', async () => {
    const repo = api.app.get(SfuNodesRepository);
    // the nurse (responsible pair: host) through one API instance, the physician (participant) through the other
    const host = await joinAs(f.nurseId, apiUrls[0] ?? '');
    const member = await joinAs(f.physicianId, apiUrls[1] ?? '');
    pages.push(host, member);
    for (const page of [host, member]) await eventually('video from the other', async () => (await framesFromOthers(page)) > 0, 30_000);

    const before = await repo.placement(callId);
    const victim = nodes.find((n) => n.nodeId === before);
    const survivor = nodes.find((n) => n.nodeId !== before);
    if (victim === undefined || survivor === undefined) throw new Error(`meeting placed on ${String(before)}`);
    await victim.kill();

    try {
      for (const page of [host, member]) {
        await eventually('the page to move to the surviving node', async () => (await hook(page, 'events')).some((e) => e.includes(`moving to ${survivor.url}`)), 30_000);
        await eventually('the call view with video from the other again', async () => (await hook(page, 'view')) === 'call' && (await framesFromOthers(page)) > 0, 30_000);
      }
    } catch (e) {
      for (const page of [host, member]) process.stderr.write(`--- ${(await hook(page, 'events')).join('\n')}\n`);
      process.stderr.write(`survivor: ${survivor.output.slice(-2000)}\n`);
      throw e;
    }
    expect(await repo.placement(callId)).toBe(survivor.nodeId);
    expect((await repo.liveNodes()).map((n) => n.id)).toEqual([survivor.nodeId]);
  }, 120_000);

  it('a node that was presumed dead (its meeting placed elsewhere meanwhile) hands the meeting over: nobody stays behind', async () => {
    const repo = api.app.get(SfuNodesRepository);
    const current = await repo.placement(callId);
    const deadIndex = nodes.findIndex((n) => !n.alive);
    const dead = nodes[deadIndex];
    if (dead === undefined || current === undefined) throw new Error('the failover test did not run');
    // the killed node comes back; then the meeting is placed on it, as the API would have done had the
    // current node missed its heartbeats (cut off from Redis) while still serving the call
    const back = await SfuProcess.start({ nodeId: dead.nodeId, redisUrl: api.config.redisUrl, prefix: api.config.queuePrefix, joinTokenSecret: TEST_SECRET, workerBin: workerBin(), heartbeatMs: 500 });
    nodes[deadIndex] = back;
    await eventually('both nodes live', async () => (await repo.liveNodes()).length === 2, 10_000, 100);
    await api.app.get(RedisService).client.set(sfuKeys(api.config.queuePrefix).meeting(callId), back.nodeId, 'PX', 3600_000);
    try {
      for (const page of pages) {
        await eventually('the page to move to the node the meeting is placed on', async () => (await hook(page, 'events')).some((e) => e.includes(`moving to ${back.url}`)), 30_000);
        await eventually('video from the other on that node', async () => (await hook(page, 'view')) === 'call' && (await framesFromOthers(page)) > 0, 30_000);
      }
    } catch (e) {
      for (const page of pages) process.stderr.write(`--- ${(await hook(page, 'events')).join('\n')}\n`);
      throw e;
    }
    const old = nodes.find((n) => n.nodeId === current);
    const health = (await (await fetch(`${old?.url ?? ''}/health`)).json()) as { rooms: number; peers: number };
    expect(health).toMatchObject({ rooms: 0, peers: 0 });
  }, 120_000);
});

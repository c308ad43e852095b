import request from 'supertest';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';
import { routesOf } from '../support/routes';

/**
 * No body gets a 5xx, however deep, wide or large (issue 9, item 6). Unlike the property-based run in
 * access.e2e-spec.ts (random shapes against unknown ids), these shapes go to every route with ids that
 * exist, so they reach the services, and include the extremes: deep nesting, wide objects, long arrays,
 * huge numbers, wrong content types and hostile query strings.
 */

function deep(n: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

function deepArray(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

const SHAPES: Array<[string, unknown]> = [
  ['deep object', { participants: deep(200), weekly: deep(200), actions: deep(200), question: deep(200) }],
  ['deep array', { participants: deepArray(500), organisationTypes: deepArray(500), attendance: deepArray(500) }],
  ['wide object', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))],
  ['long arrays', { participants: Array.from({ length: 3000 }, () => ({ kind: 'staff', personId: '00000000-0000-4000-8000-000000000000' })), actions: Array(3000).fill({ what: 'x' }), organisationTypes: Array(3000).fill('school'), dataCategories: Array(3000).fill('minutes'), offsetsMinutes: Array(3000).fill(60) }],
  ['huge numbers', { slotIndex: 1e308, slotMinutes: -1e308, durationMinutes: Number.MAX_SAFE_INTEGER, peopleInRoom: 2 ** 62, limit: 1e20, offset: -1e20 }],
  ['wrong types everywhere', { kind: {}, startsAt: [], endsAt: {}, teamId: [1], requestId: { $ne: null }, participants: 'all', weekly: [], roomDevice: 'yes', anonymous: 'false', email: ['a@b.c'] }],
  ['prototype pollution', JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"kind":"staff"}')],
  ['dates at the edges', { startsAt: '+275760-09-13T00:00:00.000Z', endsAt: '-271821-04-20T00:00:00.000Z', givenAt: '0000-00-00T00:00:00Z', validUntil: '9999-12-31T23:59:59Z', dtstart: '2027-02-29T13:00', from: '1900-01-01T00:00:00Z', to: '3000-01-01T00:00:00Z' }],
  ['strings at the edges', { title: '\u0000'.repeat(10), question: '\ud800\udc00\ud800', name: 'x'.repeat(100_000), rrule: 'FREQ=SECONDLY;COUNT=100000000', location: '%s%s%s%n' }],
];

describe('hostile bodies and queries at real objects', () => {
  let api: TestApi;
  let f: Fixture;

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
  }, 60_000);
  afterAll(() => api?.close());

  it('never answer 5xx, whatever the shape, and leave the service healthy', async () => {
    const ids: Record<string, string> = {
      id: f.meetingId,
      meetingId: f.meetingId,
      teamId: f.teamId,
      clientId: f.clientId,
      participantId: f.physicianId,
      memberId: f.physicianId,
      itemId: f.meetingId,
      invitationId: f.meetingId,
      key: '2030-03-05T11:00:00Z',
    };
    const failures: string[] = [];
    const routes = routesOf(api).filter((r) => r.path.startsWith('/api'));
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, (_m, p: string) => ids[p] ?? f.identifiedRequestId);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const tries: Array<[string, () => request.Test]> = [];
      if (method === 'get') {
        tries.push(['hostile query', () => request(api.http).get(`${path}?limit[]=1&offset[$gt]=0&from=${'9'.repeat(400)}&q=${encodeURIComponent('\u0000%')}&teamId[]=x&sort[0]=a`)]);
      } else {
        for (const [name, body] of SHAPES) tries.push([name, () => request(api.http)[method](path).send(body as object)]);
        tries.push(['urlencoded', () => request(api.http)[method](path).type('form').send('a[b][c][d][e][f][g]=1&participants[0][kind]=staff')]);
        tries.push(['text/plain', () => request(api.http)[method](path).set('content-type', 'text/plain').send('{"kind":"staff"}')]);
        tries.push(['calendar to a JSON route', () => request(api.http)[method](path).set('content-type', 'text/calendar').send('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')]);
        tries.push(['truncated JSON', () => request(api.http)[method](path).set('content-type', 'application/json').send('{"participants":[{"kind":"sta')]);
        tries.push(['JSON 60,000 arrays deep', () => request(api.http)[method](path).set('content-type', 'application/json').send(`{"participants":${'['.repeat(60_000)}${']'.repeat(60_000)}}`)]);
        tries.push(['JSON 25,000 objects deep', () => request(api.http)[method](path).set('content-type', 'application/json').send(`${'{"a":'.repeat(25_000)}1${'}'.repeat(25_000)}`)]);
        tries.push(['JSON scalar', () => request(api.http)[method](path).set('content-type', 'application/json').send('12345')]);
      }
      for (const [name, call] of tries) {
        const started = process.hrtime.bigint();
        const res = await call().timeout(20_000).catch((e: Error) => ({ status: 599, body: { timeout: e.message } }) as unknown as request.Response);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (ms > 2000) console.log(`slow: ${route.method} ${route.path} (${name}) ${ms.toFixed(0)} ms → ${res.status}`);
        if (res.status >= 500) failures.push(`${route.method} ${route.path} (${name}) → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (res.status >= 400) expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|\.ts:\d+|QueryFailedError/);
      }
    }
    expect(failures).toEqual([]);
    await request(api.http).get('/health').expect(200);
  }, 300_000);
});

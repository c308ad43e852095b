import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { TEST_SECRET } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { dropQueueKeys } from '../support/queues';
import { eventually } from '../video/support/browser';
import { signInHeadless, startDevIdp, type DevIdp } from '../web/support/idp';

/**
 * Two API instances as a load balancer sees them: two processes of the compiled API (npm test builds it
 * first), each on its own port, sharing PostgreSQL, Redis and the identity provider and nothing else —
 * as in production, where the county's IdP signs the tokens and every instance verifies them through
 * OIDC_ISSUER / OIDC_JWKS_URL (here the development IdP, scripts/dev-idp.mjs). A rate limit holds for
 * their sum (@nest-lab/throttler-storage-redis), and a role change through one instance reaches the
 * other's principal cache at once (Redis pub/sub).
 */
jest.setTimeout(120_000);

const MAIN = path.resolve(__dirname, '../../dist/apps/api/src/main.js');
const WEB_ORIGIN = 'http://127.0.0.1:5999'; // only a redirect address for the IdP's code flow; nothing listens

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

interface Instance {
  url: string;
  child: ChildProcess;
}

async function startInstance(db: TestDatabase, idp: DevIdp, queuePrefix: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      JOIN_TOKEN_SECRET: TEST_SECRET,
      PORT: String(port),
      PUBLIC_URL: WEB_ORIGIN,
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: idp.clientId,
      OIDC_JWKS_URL: idp.jwksUrl,
      RUN_WORKERS: 'false',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // one instance group: the same queues, rate-limit keys and cache-invalidation channel
      QUEUE_PREFIX: queuePrefix,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${stderr}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { url, child };
    if (i > 300) throw new Error(`the API did not answer on ${url} within 60 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

describe('two API instances as processes', () => {
  let db: TestDatabase;
  let idp: DevIdp;
  let a: Instance;
  let b: Instance;
  const queuePrefix = `kohtaamo-test-${randomBytes(4).toString('hex')}`;

  const newPerson = async (name: string, systemRole: 'staff' | 'coordinator'): Promise<string> => {
    const [{ id }]: Array<{ id: string }> = await db.ds.query(
      `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ($1, $2, 'nurse', 'Testi', $3) RETURNING id`,
      [name, `${systemRole}.${randomBytes(4).toString('hex')}@test.invalid`, systemRole],
    );
    return id;
  };
  const bearer = async (personId: string): Promise<string> => `Bearer ${(await signInHeadless(idp, personId, `${WEB_ORIGIN}/auth/callback`)).accessToken}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    idp = await startDevIdp({ databaseUrl: db.appUrl, webOrigins: [WEB_ORIGIN] });
    [a, b] = await Promise.all([startInstance(db, idp, queuePrefix), startInstance(db, idp, queuePrefix)]);
  });

  afterAll(async () => {
    await Promise.all([a, b].filter((x) => x !== undefined).map((x) => stop(x.child)));
    await idp?.close();
    await db?.drop();
    await dropQueueKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', queuePrefix);
  });

  it('are two processes with their own ports', () => {
    expect(a.child.pid).not.toBe(b.child.pid);
    expect(a.url).not.toBe(b.url);
  });

  it('holds the sign-in limit (20 a minute per address) for both instances together, not for each', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const instance = i % 2 === 0 ? a : b;
      const res = await fetch(`${instance.url}/api/dev-auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.fi' }) });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    // 15 requests reached each process: limits kept in each process's memory would have let all 30 through
    expect(statuses.filter((s) => s !== 429 && s !== 422)).toEqual([]);
    expect(statuses.filter((s) => s === 422)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
  });

  it('a role change made through one instance is seen by the other at once, though it had cached the principal', async () => {
    const person = await newPerson('Vaihtuva Rooli', 'staff');
    const coordinator = await newPerson('Koordinoiva Henkilö', 'coordinator');
    const auth = await bearer(person);
    const coordinatorAuth = await bearer(coordinator);
    const me = async (): Promise<string[]> => {
      const res = await fetch(`${b.url}/api/me`, { headers: { authorization: auth } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { roles: string[] }).roles;
    };
    expect(await me()).not.toContain('team_member');
    await me(); // cached in process b now
    const team = await fetch(`${a.url}/api/teams`, {
      method: 'POST',
      headers: { authorization: coordinatorAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'adults', name: `Aikuiset ${Date.now()}`, unit: 'Perhekeskus' }),
    });
    expect(team.status).toBe(201);
    const teamId = ((await team.json()) as { id: string }).id;
    const member = await fetch(`${a.url}/api/teams/${teamId}/members`, {
      method: 'POST',
      headers: { authorization: coordinatorAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ personId: person, role: 'member' }),
    });
    expect(member.status).toBe(201);
    // pub/sub delivery is asynchronous but sub-millisecond here; the cache itself would hold for 30 s
    await eventually('process b to see the new role', async () => (await me()).includes('team_member'), 2000, 20);
  });
});

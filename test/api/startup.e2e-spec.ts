import { spawn } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../dist/apps/api/src/main.js');
const GOOD = {
  DATABASE_URL: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  JOIN_TOKEN_SECRET: 'x'.repeat(40),
  PORT: '0',
};

function run(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** The compiled API (npm test builds it first) refuses to start on bad configuration, in one clear line. */
describe('API start-up', () => {
  it.each([
    ['a missing DATABASE_URL', { DATABASE_URL: undefined }, /^kohtaamo-api: configuration error: DATABASE_URL: is not set; set it, e\.g\. DATABASE_URL=postgres:\/\//],
    ['a malformed REDIS_URL', { REDIS_URL: 'localhost:6379' }, /REDIS_URL: must start with redis:\/\/ or rediss:\/\//],
    ['a short secret', { JOIN_TOKEN_SECRET: 'abc' }, /JOIN_TOKEN_SECRET: is 3 characters; use at least 32/],
    ['production without an identity provider', { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' }, /^kohtaamo-api: configuration error: OIDC_ISSUER: is not set/],
    ['an unreachable PostgreSQL', { DATABASE_URL: 'postgres://kohtaamo:pw@127.0.0.1:1/kohtaamo' }, /^kohtaamo-api: cannot reach PostgreSQL at postgres:\/\/kohtaamo:\*\*\*@127\.0\.0\.1:1\/kohtaamo \(ECONNREFUSED\); start it/],
    [
      'production connecting as a superuser',
      { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', OIDC_ISSUER: 'https://login.invalid', OIDC_AUDIENCE: 'kohtaamo' },
      /^kohtaamo-api: DATABASE_URL logs in as "postgres", a superuser: row-level security does not hold it; connect as the app role/,
    ],
    ['an unreachable Redis', { REDIS_URL: 'redis://127.0.0.1:1' }, /^kohtaamo-api: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\); start it/],
  ])('stops with one line on %s', async (_label, override, expected) => {
    const { code, stderr } = await run({ ...GOOD, ...override });
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((l) => l.trim() && !l.includes('ExperimentalWarning'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(':pw@');
  });
});

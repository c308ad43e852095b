import { ConfigError, loadConfig, redact } from './config';

const good = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/kohtaamo',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JOIN_TOKEN_SECRET: 'x'.repeat(32),
};

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('loadConfig', () => {
  it('accepts a good environment with defaults', () => {
    const c = loadConfig(good);
    expect(c.port).toBe(3000);
    expect(c.runWorkers).toBe(true);
  });
  it.each([
    [{ DATABASE_URL: '' }, 'DATABASE_URL', /not set/],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL', /postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /not a URL/],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL', /redis:\/\//],
    [{ PORT: '70000' }, 'PORT', /port number/],
    [{ PORT: 'abc' }, 'PORT', /port number/],
    [{ JOIN_TOKEN_SECRET: 'short' }, 'JOIN_TOKEN_SECRET', /at least 32/],
    [{ NODE_ENV: 'prod' }, 'NODE_ENV', /not one of/],
    [{ RUN_WORKERS: 'maybe' }, 'RUN_WORKERS', /boolean/],
  ])('rejects %o naming %s', (override, variable, reason) => {
    const e = errorOf({ ...good, ...override });
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(reason);
    expect(e.message.startsWith(variable + ':')).toBe(true);
  });
  it('never prints a password', () => {
    const e = errorOf({ ...good, DATABASE_URL: 'mysql://u:secret@h/db' });
    expect(e.message).not.toContain('secret');
    expect(redact('postgres://u:pw@h:5432/d')).toBe('postgres://u:***@h:5432/d');
  });
});

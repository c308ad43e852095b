import { ConfigError, env, parseEnv } from './index';

const shape = {
  PORT: env.port(3000),
  URL: env.url(['redis'], 'redis://127.0.0.1:6379', 'URL'),
  ON: env.bool(false),
  KEY: env.secret(8, 'openssl rand -hex 4'),
};

function errorOf(source: Record<string, string>): ConfigError {
  try {
    parseEnv(shape, source);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseEnv', () => {
  it('reads set values, trimmed, and gives the fallback for unset or blank ones', () => {
    expect(parseEnv(shape, { PORT: ' 8080 ', URL: 'redis://h:1', ON: 'YES', KEY: 'k'.repeat(8) })).toEqual({ PORT: 8080, URL: 'redis://h:1', ON: true, KEY: 'k'.repeat(8) });
    expect(parseEnv(shape, { PORT: '  ', URL: 'redis://h', KEY: 'k'.repeat(8) })).toMatchObject({ PORT: 3000, ON: false });
  });

  it('stops at the first wrong variable in the order of the shape, with one line naming it', () => {
    const e = errorOf({ PORT: 'x', URL: 'http://h' });
    expect(e.variable).toBe('PORT');
    expect(e.message).toBe('PORT: "x" is not a port number, a whole number from 0 to 65535');
    expect(errorOf({ URL: 'http://h' }).message).toBe('URL: must start with redis://, got "http://"; e.g. redis://127.0.0.1:6379');
    expect(errorOf({}).message).toBe('URL: is not set; set it, e.g. URL=redis://127.0.0.1:6379');
    expect(errorOf({ URL: 'redis://h', ON: 'maybe' }).message).toBe('ON: "maybe" is not a boolean; use true or false');
  });

  it('never prints a secret or a password', () => {
    expect(errorOf({ URL: 'redis://h', KEY: 'tiny' }).message).toBe('KEY: is 4 characters; use at least 8 (openssl rand -hex 4)');
    expect(errorOf({ URL: 'mysql://u:hunter2@h/db' }).message).not.toContain('hunter2');
  });
});

import { ConfigError, loadConfig, loadMigrationConfig, parseReminderOffsets, redact } from './config';

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
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL', /smtp:\/\//],
    [{ NODE_ENV: 'production' }, 'SMTP_URL', /not set/],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM', /not an address/],
    [{ REMINDER_OFFSETS: '24h,soon' }, 'REMINDER_OFFSETS', /"soon" is not a reminder offset/],
    [{ REMINDER_OFFSETS: '0' }, 'REMINDER_OFFSETS', /not a reminder offset/],
    [{ QUEUE_PREFIX: 'a:b' }, 'QUEUE_PREFIX', /letters, digits/],
    [{ NOTIFY_ATTEMPTS: '0' }, 'NOTIFY_ATTEMPTS', /whole number from 1/],
    [{ WORKER_CONCURRENCY: 'many' }, 'WORKER_CONCURRENCY', /whole number/],
    [{ DATABASE_OWNER_URL: 'postgres://postgres@127.0.0.1:5432/kohtaamo' }, 'DATABASE_URL', /same role as DATABASE_OWNER_URL/],
    [{ DATABASE_URL: 'postgres://kohtaamo_app@127.0.0.1:5432/kohtaamo', DATABASE_OWNER_URL: 'postgres://postgres@127.0.0.1:5432/other' }, 'DATABASE_OWNER_URL', /same database/],
    [{ DATABASE_URL: 'postgres://kohtaamo_app@127.0.0.1:5432/kohtaamo', DATABASE_OWNER_URL: 'mysql://root@h/kohtaamo' }, 'DATABASE_OWNER_URL', /postgres:\/\//],
    [{ TURN_URLS: 'turn:t.example:3478' }, 'TURN_SECRET', /not set/],
    [{ TURN_URLS: 'http://t.example', TURN_SECRET: 's'.repeat(20) }, 'TURN_URLS', /not a TURN URL/],
    [{ TURN_SECRET: 's'.repeat(20) }, 'TURN_URLS', /not set/],
  ])('rejects %o naming %s', (override, variable, reason) => {
    const e = errorOf({ ...good, ...override });
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(reason);
    expect(e.message.startsWith(variable + ':')).toBe(true);
  });
  it('has queue and mail defaults, and reads reminder offsets in minutes or hours', () => {
    const c = loadConfig(good);
    expect(c).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:2525', queuePrefix: 'kohtaamo', reminderOffsetsMinutes: [1440, 60], notifyAttempts: 8 });
    expect(loadConfig({ ...good, SMTP_URL: 'smtps://u:p@mail.example.fi:465', MAIL_FROM: 'Kohtaamo <k@hyvaep.fi>' }).mailFrom).toBe('Kohtaamo <k@hyvaep.fi>');
    expect(parseReminderOffsets('15m, 24h,1h,60')).toEqual([1440, 60, 15]);
    expect(parseReminderOffsets('none')).toEqual([]);
  });
  it('takes the owner URL beside the app role URL, and the migrations take the app role from DATABASE_URL', () => {
    const env = { ...good, DATABASE_URL: 'postgres://api_role:pw@127.0.0.1:5432/kohtaamo', DATABASE_OWNER_URL: 'postgres://owner:pw@127.0.0.1/kohtaamo' };
    expect(loadConfig(env)).toMatchObject({ databaseUrl: env.DATABASE_URL, databaseOwnerUrl: env.DATABASE_OWNER_URL });
    expect(loadConfig(good).databaseOwnerUrl).toBeNull();
    expect(loadMigrationConfig(env)).toEqual({ ownerUrl: env.DATABASE_OWNER_URL, appRole: 'api_role' });
    expect(loadMigrationConfig({ DATABASE_OWNER_URL: env.DATABASE_OWNER_URL })).toEqual({ ownerUrl: env.DATABASE_OWNER_URL, appRole: 'kohtaamo_app' });
    expect(() => loadMigrationConfig({ DATABASE_URL: env.DATABASE_URL })).toThrow(/^DATABASE_OWNER_URL: is not set; migrations run as the role that owns the schema/);
  });
  it('reads TURN servers and their shared secret', () => {
    expect(loadConfig(good).turn).toBeNull();
    const c = loadConfig({ ...good, TURN_URLS: 'turn:127.0.0.1:3478?transport=udp, turns:turn.example.fi:443?transport=tcp', TURN_SECRET: 's'.repeat(20) });
    expect(c.turn).toEqual({ urls: ['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.fi:443?transport=tcp'], secret: 's'.repeat(20) });
  });
  it('never prints a password', () => {
    const e = errorOf({ ...good, DATABASE_URL: 'mysql://u:secret@h/db' });
    expect(e.message).not.toContain('secret');
    expect(redact('postgres://u:pw@h:5432/d')).toBe('postgres://u:***@h:5432/d');
  });
});

import { parseMetricsToken } from '@kohtaamo/domain';
/**
 * Environment, validated once at start-up. A missing or malformed value stops the process with one line
 * that says which variable, what is wrong and how to fix it.
 */
export interface ApiConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  /** the API's own login role (owns nothing; row-level security applies to it) */
  databaseUrl: string;
  /**
   * The schema owner, for migrations only (DATABASE_OWNER_URL); null when unset — the API itself never
   * needs it. When set it must name another role than DATABASE_URL, on the same database.
   */
  databaseOwnerUrl: string | null;
  redisUrl: string;
  publicUrl: string;
  joinTokenSecret: string;
  /** run BullMQ workers inside the API process (true) or leave them to `worker` processes */
  runWorkers: boolean;
  /** load demo data when the database is empty (start command) */
  seedDemoWhenEmpty: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** where email goes out (nodemailer SMTP URL) */
  smtpUrl: string;
  /** From: of every message */
  mailFrom: string;
  /** reminders before a meeting, in minutes, for teams that have not set their own */
  reminderOffsetsMinutes: number[];
  /** BullMQ key prefix: separate instances (and test files) never share queues */
  queuePrefix: string;
  /** attempts per message before it is marked failed, and the first backoff (doubling) */
  notifyAttempts: number;
  notifyBackoffMs: number;
  /** jobs one worker process runs at once, per queue */
  workerConcurrency: number;
  /** BullMQ job lock; a crashed worker's jobs come back after about this long */
  queueLockMs: number;
  /** how often the outbox relay polls when no change notification arrives */
  relayPollMs: number;
  /**
   * Staff sign-in: bearer tokens from this OIDC issuer, verified against its JWKS. Unset outside
   * production: the API's built-in development issuer signs the tokens instead (same verification).
   */
  oidc: { issuer: string; audience: string; jwksUrl: string } | null;
  /** origins allowed to call the API from a browser */
  corsOrigins: string[];
  /** where browsers reach the SFU (returned with join tokens) */
  sfuPublicUrl: string;
  /** requests per minute per client address, all routes (sign-in and join tokens have their own, lower limits) */
  rateLimitPerMinute: number;
  /** TURN servers (coturn, TURN REST scheme) handed out with each join token; null = none */
  turn: { urls: string[]; secret: string } | null;
  /** how often each person's calendar feed is read again (minutes) */
  calendarSyncEveryMinutes: number;
  /**
   * Key material for sealing calendar-feed credentials (AES-256-GCM). From CALENDAR_CREDENTIALS_KEY, or,
   * when that is unset, derived (HKDF) from JOIN_TOKEN_SECRET under a label of its own.
   */
  calendarCredentialsKey: string;
  /**
   * May a calendar feed URL point at a loopback, private or link-local address? Off in production (a feed
   * URL must not reach the county's internal network through the API), on elsewhere.
   */
  calendarFeedAllowPrivate: boolean;
  /** bearer token for GET /metrics (METRICS_TOKEN); null = open outside production, off in production */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string, hint: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '') throw new ConfigError(name, `is not set; ${hint}`);
  return v.trim();
}

function url(env: Env, name: string, protocols: string[], example: string): string {
  const v = required(env, name, `set it, e.g. ${name}=${example}`);
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, `"${redact(v)}" is not a URL; expected e.g. ${example}`);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => p + '://').join(' or ')}, got "${parsed.protocol}//"; e.g. ${example}`);
  }
  return v;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 0 || Number(raw) > 65535) {
    throw new ConfigError(name, `"${raw}" is not a port number (0–65535)`);
  }
  return Number(raw);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `"${raw}" is not a boolean; use true or false`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `"${raw}" is not one of ${allowed.join(', ')}`);
  return raw as T;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `"${raw}" is not a whole number from ${min} to ${max}`);
  return Number(raw);
}

/** "1440,60", "24h,1h,15m" or "none": minutes before a meeting, largest first, without duplicates. */
export function parseReminderOffsets(raw: string, name = 'REMINDER_OFFSETS'): number[] {
  if (raw.trim().toLowerCase() === 'none') return [];
  const out = new Set<number>();
  for (const part of raw.split(',')) {
    const m = /^\s*(\d+)\s*([hm]?)\s*$/i.exec(part);
    const minutes = m ? Number(m[1]) * (m[2].toLowerCase() === 'h' ? 60 : 1) : NaN;
    if (!m || minutes < 1 || minutes > 60 * 24 * 28) {
      throw new ConfigError(name, `"${part.trim()}" is not a reminder offset; use minutes or hours before the meeting, e.g. ${name}=24h,1h (at most 28 days), or "none"`);
    }
    out.add(minutes);
  }
  return [...out].sort((a, b) => b - a);
}

function mailbox(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^([^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(raw)) throw new ConfigError(name, `"${raw}" is not an address; e.g. ${name}="Kohtaamo <kohtaamo@hyvaep.fi>"`);
  return raw;
}

function queuePrefix(env: Env): string {
  const raw = env.QUEUE_PREFIX?.trim();
  if (!raw) return 'kohtaamo';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) throw new ConfigError('QUEUE_PREFIX', `"${raw}" may hold only letters, digits, - and _ (at most 64)`);
  return raw;
}

/** Hides the password of a connection URL before it is printed. */
export function redact(value: string): string {
  return value.replace(/\/\/([^:/@]+):([^@/]+)@/, '//$1:***@');
}

export function loadConfig(env: Env = process.env): ApiConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const secret = required(env, 'JOIN_TOKEN_SECRET', 'set a random string of at least 32 characters (openssl rand -hex 32)');
  if (secret.length < 32) throw new ConfigError('JOIN_TOKEN_SECRET', `is ${secret.length} characters; use at least 32 (openssl rand -hex 32)`);
  return {
    nodeEnv,
    port: port(env, 'PORT', 3000),
    ...databaseUrls(env),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    publicUrl: env.PUBLIC_URL ? url(env, 'PUBLIC_URL', ['http', 'https'], 'https://kohtaamo.example.fi') : 'http://localhost:5173',
    joinTokenSecret: secret,
    runWorkers: bool(env, 'RUN_WORKERS', true),
    seedDemoWhenEmpty: bool(env, 'SEED_DEMO_WHEN_EMPTY', false),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
    smtpUrl: (env.SMTP_URL || nodeEnv === 'production') ? url(env, 'SMTP_URL', ['smtp', 'smtps'], 'smtp://mail.example.fi:587') : 'smtp://127.0.0.1:2525',
    mailFrom: mailbox(env, 'MAIL_FROM', 'Kohtaamo <kohtaamo@localhost>'),
    reminderOffsetsMinutes: env.REMINDER_OFFSETS ? parseReminderOffsets(env.REMINDER_OFFSETS) : [1440, 60],
    queuePrefix: queuePrefix(env),
    notifyAttempts: int(env, 'NOTIFY_ATTEMPTS', 8, 1, 100),
    notifyBackoffMs: int(env, 'NOTIFY_BACKOFF_MS', 5000, 10, 3_600_000),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 10, 1, 500),
    queueLockMs: int(env, 'QUEUE_LOCK_MS', 30_000, 1000, 600_000),
    relayPollMs: int(env, 'RELAY_POLL_MS', 1000, 50, 60_000),
    oidc: oidc(env, nodeEnv),
    corsOrigins: corsOrigins(env),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
    turn: turn(env),
    calendarSyncEveryMinutes: int(env, 'CALENDAR_SYNC_EVERY_MINUTES', 15, 1, 24 * 60),
    calendarCredentialsKey: calendarKey(env, secret),
    calendarFeedAllowPrivate: bool(env, 'CALENDAR_FEED_ALLOW_PRIVATE', nodeEnv !== 'production'),
    metricsToken: metricsToken(env),
    sfuPublicUrl: env.SFU_PUBLIC_URL ? url(env, 'SFU_PUBLIC_URL', ['http', 'https'], 'https://video.kohtaamo.example.fi') : 'http://localhost:4000',
  };
}

const APP_URL_EXAMPLE = 'postgres://kohtaamo_app@127.0.0.1:5432/kohtaamo';
const OWNER_URL_EXAMPLE = 'postgres://postgres@127.0.0.1:5432/kohtaamo';

/** DATABASE_URL (the app role) and, if set, DATABASE_OWNER_URL (the owner, for migrations): two roles, one database. */
export function databaseUrls(env: Env): { databaseUrl: string; databaseOwnerUrl: string | null } {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres', 'postgresql'], APP_URL_EXAMPLE);
  if (!env.DATABASE_OWNER_URL?.trim()) return { databaseUrl, databaseOwnerUrl: null };
  const databaseOwnerUrl = url(env, 'DATABASE_OWNER_URL', ['postgres', 'postgresql'], OWNER_URL_EXAMPLE);
  const app = new URL(databaseUrl);
  const owner = new URL(databaseOwnerUrl);
  if (decodeURIComponent(app.username) === decodeURIComponent(owner.username)) {
    throw new ConfigError(
      'DATABASE_URL',
      `logs in as "${decodeURIComponent(app.username)}", the same role as DATABASE_OWNER_URL; the API needs its own role that owns nothing, e.g. DATABASE_URL=${APP_URL_EXAMPLE}`,
    );
  }
  if (app.pathname !== owner.pathname || app.hostname !== owner.hostname || (app.port || '5432') !== (owner.port || '5432')) {
    throw new ConfigError('DATABASE_OWNER_URL', `must point at the same database as DATABASE_URL (${app.host}${app.pathname}), got ${owner.host}${owner.pathname}`);
  }
  return { databaseUrl, databaseOwnerUrl };
}

/**
 * For the migrate command: the owner's URL (DATABASE_OWNER_URL, required) and the app role's name (the
 * user of DATABASE_URL when set, else kohtaamo_app), which the migrations grant rows to.
 */
export function loadMigrationConfig(env: Env = process.env): { ownerUrl: string; appRole: string } {
  if (!env.DATABASE_OWNER_URL?.trim()) {
    throw new ConfigError('DATABASE_OWNER_URL', `is not set; migrations run as the role that owns the schema, e.g. DATABASE_OWNER_URL=${OWNER_URL_EXAMPLE}`);
  }
  const ownerUrl = url(env, 'DATABASE_OWNER_URL', ['postgres', 'postgresql'], OWNER_URL_EXAMPLE);
  let appRole = 'kohtaamo_app';
  if (env.DATABASE_URL?.trim()) appRole = decodeURIComponent(new URL(databaseUrls(env).databaseUrl).username) || appRole;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new ConfigError('DATABASE_URL', `its user "${appRole}" must be a lower-case role name (letters, digits, _)`);
  return { ownerUrl, appRole };
}

function metricsToken(env: Env): string | null {
  const { token, error } = parseMetricsToken(env.METRICS_TOKEN);
  if (error) throw new ConfigError('METRICS_TOKEN', error);
  return token;
}

function calendarKey(env: Env, joinTokenSecret: string): string {
  const raw = env.CALENDAR_CREDENTIALS_KEY?.trim();
  if (!raw) return `derived:${joinTokenSecret}`;
  if (raw.length < 32) throw new ConfigError('CALENDAR_CREDENTIALS_KEY', `is ${raw.length} characters; use at least 32 (openssl rand -hex 32)`);
  return raw;
}

function oidc(env: Env, nodeEnv: ApiConfig['nodeEnv']): ApiConfig['oidc'] {
  if (!env.OIDC_ISSUER && nodeEnv !== 'production') return null;
  const issuer = url(env, 'OIDC_ISSUER', ['https', 'http'], 'https://login.hyvaep.fi/realms/staff');
  if (nodeEnv === 'production' && !issuer.startsWith('https://')) throw new ConfigError('OIDC_ISSUER', 'must be https:// in production');
  const audience = required(env, 'OIDC_AUDIENCE', 'set the client id Kohtaamo is registered with at the identity provider, e.g. OIDC_AUDIENCE=kohtaamo');
  const jwksUrl = env.OIDC_JWKS_URL ? url(env, 'OIDC_JWKS_URL', ['https', 'http'], `${issuer}/protocol/openid-connect/certs`) : `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
  return { issuer, audience, jwksUrl };
}

/** TURN_URLS (comma-separated turn:/turns: URLs) and TURN_SECRET (coturn's static-auth-secret), both or neither. */
function turn(env: Env): ApiConfig['turn'] {
  const raw = env.TURN_URLS?.trim();
  if (!raw) {
    if (env.TURN_SECRET?.trim()) throw new ConfigError('TURN_URLS', 'is not set but TURN_SECRET is; e.g. TURN_URLS=turn:turn.example.fi:3478?transport=udp,turns:turn.example.fi:443?transport=tcp');
    return null;
  }
  const urls = raw.split(',').map((u) => u.trim()).filter((u) => u !== '');
  for (const u of urls) {
    if (!/^turns?:[A-Za-z0-9.\-[\]:]+?(:\d{1,5})?(\?transport=(udp|tcp))?$/.test(u)) {
      throw new ConfigError('TURN_URLS', `"${u}" is not a TURN URL like turn:turn.example.fi:3478?transport=udp or turns:turn.example.fi:443?transport=tcp`);
    }
  }
  const secret = env.TURN_SECRET?.trim() ?? '';
  if (secret.length < 16) throw new ConfigError('TURN_SECRET', `is ${secret ? `${secret.length} characters` : 'not set'}; set coturn's static-auth-secret (at least 16 characters) when TURN_URLS is set`);
  return { urls, secret };
}

function corsOrigins(env: Env): string[] {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return [env.PUBLIC_URL?.trim() || 'http://localhost:5173'];
  return raw.split(',').map((o) => {
    const v = o.trim();
    try {
      const u = new URL(v);
      if (u.origin !== v.replace(/\/$/, '')) throw new Error('not an origin');
      return u.origin;
    } catch {
      throw new ConfigError('CORS_ORIGINS', `"${v}" is not an origin like https://kohtaamo.example.fi`);
    }
  });
}

import { ConfigError, Env, JOIN_TOKEN_SECRET, LOG_LEVELS, METRICS_TOKEN, ParsedEnv, env, parseEnv, redact } from '@kohtaamo/config';

/**
 * Environment, validated once at start-up (the schema API_ENV, with @kohtaamo/config's kinds of variable). A missing or malformed value stops the process with one line
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
  /** where accessibility feedback is mailed (ACCESSIBILITY_CONTACT; Act 306/2019 § 15) */
  accessibilityContact: string;
  /** bearer token for GET /metrics (METRICS_TOKEN); null = open outside production, off in production */
  metricsToken: string | null;
}

export { ConfigError, redact };

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

const APP_URL_EXAMPLE = 'postgres://kohtaamo_app@127.0.0.1:5432/kohtaamo';
const OWNER_URL_EXAMPLE = 'postgres://postgres@127.0.0.1:5432/kohtaamo';
const POSTGRES = ['postgres', 'postgresql'] as const;
const TURN_URL = /^turns?:[A-Za-z0-9.\-[\]:]+?(:\d{1,5})?(\?transport=(udp|tcp))?$/;
const TURN_EXAMPLE = 'turn:turn.example.fi:3478?transport=udp or turns:turn.example.fi:443?transport=tcp';

/** The API's variables, in the order they are checked (README "Configuration"). */
export const API_ENV = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, 'development'),
  JOIN_TOKEN_SECRET,
  PORT: env.port(3000),
  DATABASE_URL: env.url(POSTGRES, APP_URL_EXAMPLE, 'DATABASE_URL'),
  DATABASE_OWNER_URL: env.optionalUrl(POSTGRES, OWNER_URL_EXAMPLE),
  REDIS_URL: env.url(['redis', 'rediss'], 'redis://127.0.0.1:6379', 'REDIS_URL'),
  PUBLIC_URL: env.optionalUrl(['http', 'https'], 'https://kohtaamo.example.fi'),
  RUN_WORKERS: env.bool(true),
  SEED_DEMO_WHEN_EMPTY: env.bool(false),
  LOG_LEVEL: env.oneOf(LOG_LEVELS, 'log'),
  /** required in production (below) */
  SMTP_URL: env.optionalUrl(['smtp', 'smtps'], 'smtp://mail.example.fi:587'),
  MAIL_FROM: env.text(
    (raw) => /^([^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(raw),
    (raw) => `"${raw}" is not an address; e.g. MAIL_FROM="Kohtaamo <kohtaamo@hyvaep.fi>"`,
    'Kohtaamo <kohtaamo@localhost>',
  ),
  REMINDER_OFFSETS: env.parsed((raw) => parseReminderOffsets(raw), [1440, 60]),
  QUEUE_PREFIX: env.name('kohtaamo', ['-', '_']),
  NOTIFY_ATTEMPTS: env.int(8, 1, 100),
  NOTIFY_BACKOFF_MS: env.int(5000, 10, 3_600_000),
  WORKER_CONCURRENCY: env.int(10, 1, 500),
  QUEUE_LOCK_MS: env.int(30_000, 1000, 600_000),
  RELAY_POLL_MS: env.int(1000, 50, 60_000),
  /** required in production (below) */
  OIDC_ISSUER: env.optionalUrl(['https', 'http'], 'https://login.hyvaep.fi/realms/staff'),
  OIDC_AUDIENCE: env.optional(),
  OIDC_JWKS_URL: env.optionalUrl(['https', 'http'], 'https://login.hyvaep.fi/realms/staff/protocol/openid-connect/certs'),
  /** default: PUBLIC_URL */
  CORS_ORIGINS: env.parsed((raw) =>
    raw.split(',').map((o) => {
      const origin = originOf(o.trim());
      if (!origin) throw new Error(`"${o.trim()}" is not an origin like https://kohtaamo.example.fi`);
      return origin;
    }),
  ),
  RATE_LIMIT_PER_MINUTE: env.int(600, 1, 10_000_000),
  /** with TURN_SECRET, or neither (below) */
  TURN_URLS: env.parsed((raw) =>
    raw.split(',').map((u) => u.trim()).filter((u) => u !== '').map((u) => {
      if (!TURN_URL.test(u)) throw new Error(`"${u}" is not a TURN URL like ${TURN_EXAMPLE}`);
      return u;
    }),
  ),
  TURN_SECRET: env.optional(),
  CALENDAR_SYNC_EVERY_MINUTES: env.int(15, 1, 24 * 60),
  CALENDAR_CREDENTIALS_KEY: env.text((raw) => raw.length >= 32, (raw) => `is ${raw.length} characters; use at least 32 (openssl rand -hex 32)`),
  /** default: off in production, on elsewhere */
  CALENDAR_FEED_ALLOW_PRIVATE: env.optionalBool(),
  METRICS_TOKEN,
  /** default: MAIL_FROM's address */
  ACCESSIBILITY_CONTACT: env.text(
    (raw) => /^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$/.test(raw) || /^[^<>@\s]+@localhost$/.test(raw),
    (raw) => `"${raw}" is not an email address; e.g. ACCESSIBILITY_CONTACT=saavutettavuus@hyvaep.fi`,
  ),
  SFU_PUBLIC_URL: env.optionalUrl(['http', 'https'], 'https://video.kohtaamo.example.fi', 'http://localhost:4000'),
};

function originOf(v: string): string | null {
  try {
    const u = new URL(v);
    return u.origin === v.replace(/\/$/, '') ? u.origin : null;
  } catch {
    return null;
  }
}

export function loadConfig(source: Env = process.env): ApiConfig {
  const e = parseEnv(API_ENV, source);
  const nodeEnv = e.NODE_ENV;
  if (nodeEnv === 'production' && !e.SMTP_URL) throw new ConfigError('SMTP_URL', 'is not set; set it, e.g. SMTP_URL=smtp://mail.example.fi:587');
  const publicUrl = e.PUBLIC_URL ?? 'http://localhost:5173';
  return {
    nodeEnv,
    port: e.PORT,
    ...databaseUrls(source),
    redisUrl: e.REDIS_URL,
    publicUrl,
    joinTokenSecret: e.JOIN_TOKEN_SECRET,
    runWorkers: e.RUN_WORKERS,
    seedDemoWhenEmpty: e.SEED_DEMO_WHEN_EMPTY,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL ?? 'smtp://127.0.0.1:2525',
    mailFrom: e.MAIL_FROM,
    reminderOffsetsMinutes: e.REMINDER_OFFSETS,
    queuePrefix: e.QUEUE_PREFIX,
    notifyAttempts: e.NOTIFY_ATTEMPTS,
    notifyBackoffMs: e.NOTIFY_BACKOFF_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    queueLockMs: e.QUEUE_LOCK_MS,
    relayPollMs: e.RELAY_POLL_MS,
    oidc: oidc(e),
    corsOrigins: e.CORS_ORIGINS ?? [publicUrl],
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    turn: turn(e),
    calendarSyncEveryMinutes: e.CALENDAR_SYNC_EVERY_MINUTES,
    calendarCredentialsKey: e.CALENDAR_CREDENTIALS_KEY ?? `derived:${e.JOIN_TOKEN_SECRET}`,
    calendarFeedAllowPrivate: e.CALENDAR_FEED_ALLOW_PRIVATE ?? nodeEnv !== 'production',
    metricsToken: e.METRICS_TOKEN,
    accessibilityContact: e.ACCESSIBILITY_CONTACT ?? (/<([^>]+)>/.exec(e.MAIL_FROM)?.[1] ?? e.MAIL_FROM),
    sfuPublicUrl: e.SFU_PUBLIC_URL,
  };
}

/** DATABASE_URL (the app role) and, if set, DATABASE_OWNER_URL (the owner, for migrations): two roles, one database. */
export function databaseUrls(source: Env): { databaseUrl: string; databaseOwnerUrl: string | null } {
  const { DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: ownerUrl } = parseEnv({ DATABASE_URL: API_ENV.DATABASE_URL, DATABASE_OWNER_URL: API_ENV.DATABASE_OWNER_URL }, source);
  if (!ownerUrl) return { databaseUrl, databaseOwnerUrl: null };
  const databaseOwnerUrl = ownerUrl;
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
export function loadMigrationConfig(source: Env = process.env): { ownerUrl: string; appRole: string } {
  const ownerHint = `migrations run as the role that owns the schema, e.g. DATABASE_OWNER_URL=${OWNER_URL_EXAMPLE}`;
  const { DATABASE_OWNER_URL: ownerUrl } = parseEnv({ DATABASE_OWNER_URL: env.url(POSTGRES, OWNER_URL_EXAMPLE, 'DATABASE_OWNER_URL', ownerHint) }, source);
  let appRole = 'kohtaamo_app';
  if (source.DATABASE_URL?.trim()) appRole = decodeURIComponent(new URL(databaseUrls(source).databaseUrl).username) || appRole;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new ConfigError('DATABASE_URL', `its user "${appRole}" must be a lower-case role name (letters, digits, _)`);
  return { ownerUrl, appRole };
}

function oidc(e: ParsedEnv<typeof API_ENV>): ApiConfig['oidc'] {
  if (!e.OIDC_ISSUER && e.NODE_ENV !== 'production') return null;
  const issuer = e.OIDC_ISSUER;
  if (!issuer) throw new ConfigError('OIDC_ISSUER', 'is not set; set it, e.g. OIDC_ISSUER=https://login.hyvaep.fi/realms/staff');
  if (e.NODE_ENV === 'production' && !issuer.startsWith('https://')) throw new ConfigError('OIDC_ISSUER', 'must be https:// in production');
  const audience = e.OIDC_AUDIENCE;
  if (!audience) throw new ConfigError('OIDC_AUDIENCE', 'is not set; set the client id Kohtaamo is registered with at the identity provider, e.g. OIDC_AUDIENCE=kohtaamo');
  return { issuer, audience, jwksUrl: e.OIDC_JWKS_URL ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json` };
}

/** TURN_URLS (comma-separated turn:/turns: URLs) and TURN_SECRET (coturn's static-auth-secret), both or neither. */
function turn(e: ParsedEnv<typeof API_ENV>): ApiConfig['turn'] {
  if (!e.TURN_URLS) {
    if (e.TURN_SECRET) throw new ConfigError('TURN_URLS', `is not set but TURN_SECRET is; e.g. TURN_URLS=${TURN_EXAMPLE.replace(' or ', ',')}`);
    return null;
  }
  const secret = e.TURN_SECRET ?? '';
  if (secret.length < 16) throw new ConfigError('TURN_SECRET', `is ${secret ? `${secret.length} characters` : 'not set'}; set coturn's static-auth-secret (at least 16 characters) when TURN_URLS is set`);
  return { urls: e.TURN_URLS, secret };
}

/**
 * Environment, validated once at start-up. A missing or malformed value stops the process with one line
 * that says which variable, what is wrong and how to fix it.
 */
export interface ApiConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  publicUrl: string;
  joinTokenSecret: string;
  /** run BullMQ workers inside the API process (true) or leave them to `worker` processes */
  runWorkers: boolean;
  /** load demo data when the database is empty (start command) */
  seedDemoWhenEmpty: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
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
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/kohtaamo'),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    publicUrl: env.PUBLIC_URL ? url(env, 'PUBLIC_URL', ['http', 'https'], 'https://kohtaamo.example.fi') : 'http://localhost:5173',
    joinTokenSecret: secret,
    runWorkers: bool(env, 'RUN_WORKERS', true),
    seedDemoWhenEmpty: bool(env, 'SEED_DEMO_WHEN_EMPTY', false),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
  };
}

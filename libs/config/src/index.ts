/**
 * @kohtaamo/config — the environment schema of the API and the SFU, one kind of variable defined once.
 *
 * Each variable is a zod schema over its raw value (unset and blank read as unset); `parseEnv` checks a
 * shape of them in order and stops at the first problem with a ConfigError: one line that names the
 * variable, says what is wrong and how to fix it ("PORT: "abc" is not a port number, a whole number from
 * 0 to 65535"). Rules that join several variables (both or neither, required in production) are the
 * apps' own, after the shape has parsed, and throw the same ConfigError.
 */
import { z } from 'zod';
import { parseMetricsToken } from '@kohtaamo/domain';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** Hides the password of a connection URL before it is printed. */
export function redact(value: string): string {
  return value.replace(/\/\/([^:/@]+):([^@/]+)@/, '//$1:***@');
}

const unsetIfBlank = (v: unknown): unknown => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v);

/** `schema` for a set value; unset gives `fallback` (undefined when there is none). */
/** A variable's schema over its set value (a trimmed, non-blank string). */
type Checked<T> = z.ZodType<T, string>;

function orDefault<T>(schema: Checked<T>, fallback: T): z.ZodType<T>;
function orDefault<T>(schema: Checked<T>): z.ZodType<T | undefined>;
function orDefault<T>(schema: Checked<T>, ...fallback: [T?]): z.ZodType<T | undefined> {
  return z.preprocess(unsetIfBlank, schema.optional()).transform((v) => (v === undefined ? fallback[0] : v));
}

/** `schema` for a set value; unset is an error that says how to set it. */
function needed<T>(schema: Checked<T>, hint: string): z.ZodType<T> {
  return z.preprocess(unsetIfBlank, z.string({ error: `is not set; ${hint}` }).pipe(schema));
}

/** A string that must satisfy `ok`; `message(raw)` otherwise. */
const checked = (ok: (raw: string) => boolean, message: (raw: string) => string): Checked<string> =>
  z.string().check((ctx) => {
    if (!ok(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, message: message(ctx.value) });
  });

const wholeNumber = (min: number, max: number, what?: string): Checked<number> =>
  checked(
    (raw) => /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max,
    (raw) => `"${raw}" is not ${what ? `${what}, ` : ''}a whole number from ${min} to ${max}`,
  ).transform(Number);

function urlSchema(protocols: readonly string[], example: string): Checked<string> {
  const parsed = (raw: string): URL | null => {
    try {
      return new URL(raw);
    } catch {
      return null;
    }
  };
  return z.string().check((ctx) => {
    const u = parsed(ctx.value);
    if (!u) ctx.issues.push({ code: 'custom', input: ctx.value, message: `"${redact(ctx.value)}" is not a URL; expected e.g. ${example}` });
    else if (!protocols.includes(u.protocol.replace(/:$/, ''))) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `must start with ${protocols.map((p) => p + '://').join(' or ')}, got "${u.protocol}//"; e.g. ${example}` });
    }
  });
}

const BOOLEANS: Record<string, boolean> = { '1': true, true: true, yes: true, '0': false, false: false, no: false };
const booleanSchema = checked((raw) => raw.toLowerCase() in BOOLEANS, (raw) => `"${raw}" is not a boolean; use true or false`).transform((raw) => BOOLEANS[raw.toLowerCase()]);

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The kinds of variable, each with its message. */
export const env = {
  /** a port number (0 = any free port) */
  port: (fallback: number) => orDefault(wholeNumber(0, 65535, 'a port number'), fallback),
  /** a whole number in a range; `what` names it in the message ("a worker count") */
  int: (fallback: number, min: number, max: number, what?: string) => orDefault(wholeNumber(min, max, what), fallback),
  bool: (fallback: boolean) => orDefault(booleanSchema, fallback),
  /** true or false, or undefined when unset (a default that depends on another variable) */
  optionalBool: () => orDefault(booleanSchema),
  oneOf: <T extends string>(allowed: readonly T[], fallback: T) =>
    orDefault(checked((raw) => (allowed as readonly string[]).includes(raw), (raw) => `"${raw}" is not one of ${allowed.join(', ')}`) as Checked<T>, fallback),
  /** a URL with one of `protocols`, required: the message shows `example` */
  url: (protocols: readonly string[], example: string, name: string, hint = `set it, e.g. ${name}=${example}`) => needed(urlSchema(protocols, example), hint),
  /** the same, optional: unset gives `fallback` (or undefined) */
  optionalUrl: (protocols: readonly string[], example: string, fallback?: string) => orDefault(urlSchema(protocols, example), fallback as string),
  /** a required value with a hint for setting it */
  required: (hint: string) => needed(z.string(), hint),
  /** an optional value, as it is */
  optional: () => orDefault(z.string()),
  /**
   * A value `read` turns into something (a list, say), or refuses by throwing: a ConfigError or an Error
   * whose message is the one line to print.
   */
  parsed: <T>(read: (raw: string) => T, ...fallback: [T?]) =>
    orDefault(
      z.string().transform((raw, ctx) => {
        try {
          return read(raw);
        } catch (e) {
          const message = e instanceof ConfigError ? e.message.slice(e.variable.length + 2) : e instanceof Error ? e.message : String(e);
          ctx.issues.push({ code: 'custom', input: raw, message });
          return z.NEVER;
        }
      }),
      fallback[0] as T,
    ),
  /** an optional value that must satisfy `ok` */
  text: (ok: (raw: string) => boolean, message: (raw: string) => string, fallback?: string) => orDefault(checked(ok, message), fallback as string),
  /** an id-like value: letters, digits and the characters of `extra`, 1 to 64 of them; `note` ends the message */
  name: (fallback: string, extra: readonly string[], note = 'at most 64') => {
    const allowed = new RegExp(`^[A-Za-z0-9${extra.map((c) => `\\${c}`).join('')}]{1,64}$`);
    const list = extra.length > 1 ? `${extra.slice(0, -1).join(', ')} and ${extra[extra.length - 1]}` : extra[0];
    return orDefault(checked((raw) => allowed.test(raw), (raw) => `"${raw}" may hold only letters, digits, ${list} (${note})`), fallback);
  },
  /** a secret of at least `min` characters; its value never appears in a message */
  secret: (min: number, hint: string) =>
    needed(
      z.string().check((ctx) => {
        if (ctx.value.length < min) ctx.issues.push({ code: 'custom', input: '', message: `is ${ctx.value.length} characters; use at least ${min} (${hint})` });
      }),
      `set a random string of at least ${min} characters (${hint})`,
    ),
};

/**
 * JOIN_TOKEN_SECRET: signs join tokens (API) and verifies them (SFU), so one definition serves both.
 */
export const JOIN_TOKEN_SECRET = env.secret(32, 'openssl rand -hex 32; the same for the API and the SFU');

/** METRICS_TOKEN: the bearer token for GET /metrics of the API and the SFU (libs/domain/metrics-access.ts); null when unset. */
export const METRICS_TOKEN = env.parsed((raw): string | null => {
  const { token, error } = parseMetricsToken(raw);
  if (error !== undefined) throw new Error(error);
  return token;
}, null);

export type EnvShape = Record<string, z.ZodType>;
export type ParsedEnv<S extends EnvShape> = { [K in keyof S]: z.output<S[K]> };

/**
 * Reads the variables of `shape` from `source` in the shape's order: the first one that is wrong stops
 * with a ConfigError naming it (one line, with how to fix it).
 */
export function parseEnv<S extends EnvShape>(shape: S, source: Env): ParsedEnv<S> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const r = schema.safeParse(source[name]);
    if (!r.success) throw new ConfigError(name, r.error.issues[0]?.message ?? 'is not valid');
    out[name] = r.data;
  }
  return out as ParsedEnv<S>;
}

import { accessSync, constants, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { parseMetricsToken } from '@kohtaamo/domain';

/**
 * SFU environment, validated once at start-up. A missing or malformed value stops the process with one
 * line naming the variable, what is wrong and how to fix it.
 */
export interface SfuConfig {
  /** HTTP + socket.io port (0 = any free port, used by tests) */
  port: number;
  /** address the signalling server and the WebRtcServers listen on */
  listenIp: string;
  /** address announced to browsers in ICE candidates (needed when listenIp is 0.0.0.0 or behind NAT) */
  announcedIp?: string;
  /** worker i listens for WebRTC (UDP and TCP) on rtcPortBase + i; 0 = a random port from the worker's range */
  rtcPortBase: number;
  /** number of mediasoup workers (one per core) */
  workers: number;
  /** HS256 secret shared with the API that signs join tokens */
  joinTokenSecret: string;
  /** absolute path of the mediasoup-worker binary (scripts/mediasoup-worker.sh) */
  workerBin: string;
  /** directory with the built web client (apps/web/dist) served at / and /join; absent = not served */
  webRoot?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** participants per router before a meeting spreads to another worker (SFU_PEERS_PER_ROUTER; 0 = never) */
  peersPerRouter?: number;
  /**
   * Several SFU nodes: this node registers itself and its load in Redis (a heartbeat), and refuses tokens
   * the API signed for another node. Absent = a single SFU, no registry (SFU_REDIS_URL unset).
   */
  registry?: SfuRegistryConfig;
  /** NODE_ENV=production: without METRICS_TOKEN, GET /metrics is off */
  production?: boolean;
  /** bearer token for GET /metrics (METRICS_TOKEN, libs/domain/metrics-access.ts) */
  metricsToken?: string;
}

export interface SfuRegistryConfig {
  redisUrl: string;
  /** this node's id (SFU_NODE_ID); unique among the nodes of one instance group */
  nodeId: string;
  /** where browsers reach this node (SFU_PUBLIC_URL); default http://<announced or listen ip>:<port> */
  publicUrl?: string;
  /** the instance group's Redis prefix (SFU_REGISTRY_PREFIX); the API's QUEUE_PREFIX */
  prefix: string;
  /** heartbeat interval; the node counts as dead 3 intervals after its last heartbeat */
  heartbeatMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, what: string): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not ${what} (an integer ${min}..${max})`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `${n} is not ${what} (an integer ${min}..${max})`);
  return n;
}

export function loadSfuConfig(env: Env = process.env, cores: number = availableParallelism()): SfuConfig {
  const port = integer(env, 'SFU_PORT', 4000, 0, 65535, 'a port number');

  const listenIp = value(env, 'SFU_LISTEN_IP') ?? '127.0.0.1';
  if (isIP(listenIp) === 0) throw new ConfigError('SFU_LISTEN_IP', `"${listenIp}" is not an IPv4 or IPv6 address`);

  const announcedIp = value(env, 'SFU_ANNOUNCED_IP');
  if (announcedIp !== undefined && isIP(announcedIp) === 0) {
    throw new ConfigError('SFU_ANNOUNCED_IP', `"${announcedIp}" is not an IPv4 or IPv6 address`);
  }
  if ((listenIp === '0.0.0.0' || listenIp === '::') && announcedIp === undefined) {
    throw new ConfigError(
      'SFU_ANNOUNCED_IP',
      `is not set but SFU_LISTEN_IP is ${listenIp}; set it to the address browsers reach this host on`,
    );
  }

  const workers = integer(env, 'SFU_WORKERS', Math.max(1, cores), 1, 256, 'a worker count');
  const rtcPortBase = integer(env, 'SFU_RTC_PORT_BASE', 40000, 0, 65535, 'a port number');
  if (rtcPortBase !== 0 && rtcPortBase < 1024) {
    throw new ConfigError('SFU_RTC_PORT_BASE', `${rtcPortBase} is a privileged port; use 1024 or above (or 0 for random ports)`);
  }
  if (rtcPortBase + workers - 1 > 65535) {
    throw new ConfigError('SFU_RTC_PORT_BASE', `${rtcPortBase} + ${workers} workers runs past port 65535`);
  }

  const joinTokenSecret = env['JOIN_TOKEN_SECRET'];
  if (joinTokenSecret === undefined || joinTokenSecret === '') {
    throw new ConfigError('JOIN_TOKEN_SECRET', 'is not set; use the same secret as the API (at least 32 characters)');
  }
  if (joinTokenSecret.length < 32) {
    throw new ConfigError('JOIN_TOKEN_SECRET', `is ${joinTokenSecret.length} characters; it must be at least 32 (the same secret as the API)`);
  }

  const workerBin = value(env, 'MEDIASOUP_WORKER_BIN');
  const buildHint = 'build it with: export MEDIASOUP_WORKER_BIN=$(scripts/mediasoup-worker.sh | tail -1)';
  if (workerBin === undefined) throw new ConfigError('MEDIASOUP_WORKER_BIN', `is not set; ${buildHint}`);
  if (!isAbsolute(workerBin)) throw new ConfigError('MEDIASOUP_WORKER_BIN', `"${workerBin}" is not an absolute path; ${buildHint}`);
  try {
    accessSync(workerBin, constants.X_OK);
    if (!statSync(workerBin).isFile()) throw new Error('not a file');
  } catch {
    throw new ConfigError('MEDIASOUP_WORKER_BIN', `"${workerBin}" is not an executable file; ${buildHint}`);
  }

  const webRoot = value(env, 'SFU_WEB_ROOT');
  if (webRoot !== undefined) {
    let ok = false;
    try {
      ok = statSync(webRoot).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError('SFU_WEB_ROOT', `"${webRoot}" is not a directory; build the client with: npx vite build apps/web`);
  }

  const logLevel = value(env, 'SFU_LOG_LEVEL') ?? 'log';
  if (logLevel !== 'error' && logLevel !== 'warn' && logLevel !== 'log' && logLevel !== 'debug') {
    throw new ConfigError('SFU_LOG_LEVEL', `"${logLevel}" is not one of error, warn, log, debug`);
  }

  const metrics = parseMetricsToken(env['METRICS_TOKEN']);
  if (metrics.error !== undefined) throw new ConfigError('METRICS_TOKEN', metrics.error);

  return { port, listenIp, announcedIp, rtcPortBase, workers, joinTokenSecret, workerBin, webRoot, logLevel, registry: registry(env),
    peersPerRouter: integer(env, 'SFU_PEERS_PER_ROUTER', 16, 0, 10_000, 'a participant count'),
    production: value(env, 'NODE_ENV') === 'production', metricsToken: metrics.token ?? undefined };
}

function registry(env: Env): SfuRegistryConfig | undefined {
  const redisUrl = value(env, 'SFU_REDIS_URL');
  if (redisUrl === undefined) return undefined;
  if (!/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('SFU_REDIS_URL', `"${redisUrl}" is not a redis:// or rediss:// URL`);
  const nodeId = value(env, 'SFU_NODE_ID') ?? hostname();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(nodeId)) throw new ConfigError('SFU_NODE_ID', `"${nodeId}" may hold only letters, digits, ".", "-" and "_" (at most 64)`);
  const publicUrl = value(env, 'SFU_PUBLIC_URL');
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(publicUrl)) {
    throw new ConfigError('SFU_PUBLIC_URL', `"${publicUrl}" is not an origin like https://sfu-1.kohtaamo.example.fi`);
  }
  const prefix = value(env, 'SFU_REGISTRY_PREFIX') ?? 'kohtaamo';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(prefix)) throw new ConfigError('SFU_REGISTRY_PREFIX', `"${prefix}" may hold only letters, digits, - and _ (the API's QUEUE_PREFIX)`);
  const heartbeatMs = integer(env, 'SFU_HEARTBEAT_MS', 1000, 100, 60_000, 'a heartbeat interval in ms');
  return { redisUrl, nodeId, publicUrl: publicUrl?.replace(/\/$/, ''), prefix, heartbeatMs };
}

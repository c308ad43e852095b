import { accessSync, constants, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { ConfigError, Env, JOIN_TOKEN_SECRET, LOG_LEVELS, METRICS_TOKEN, env, parseEnv } from '@kohtaamo/config';

/**
 * SFU environment, validated once at start-up (the schema sfuEnvShape, with @kohtaamo/config's kinds of
 * variable, shared with the API). A missing or malformed value stops the process with one
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
  /** the API's origin (SFU_API_URL): who joined and left each call is reported there; absent = not reported */
  apiUrl?: string;
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

export { ConfigError };

const isExecutableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};
const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
const BUILD_WORKER = 'build it with: export MEDIASOUP_WORKER_BIN=$(scripts/mediasoup-worker.sh | tail -1)';

/** The SFU's variables, in the order they are checked (README "Configuration"); `cores` sizes the default worker count. */
export function sfuEnvShape(cores: number) {
  return {
    SFU_PORT: env.port(4000),
    SFU_LISTEN_IP: env.text((raw) => isIP(raw) !== 0, (raw) => `"${raw}" is not an IPv4 or IPv6 address`, '127.0.0.1'),
    /** required when SFU_LISTEN_IP is 0.0.0.0 or :: (below) */
    SFU_ANNOUNCED_IP: env.text((raw) => isIP(raw) !== 0, (raw) => `"${raw}" is not an IPv4 or IPv6 address`),
    SFU_WORKERS: env.int(Math.max(1, cores), 1, 256, 'a worker count'),
    SFU_RTC_PORT_BASE: env.int(40000, 0, 65535, 'a port number'),
    JOIN_TOKEN_SECRET,
    MEDIASOUP_WORKER_BIN: env.parsed((raw) => {
      if (!isAbsolute(raw)) throw new Error(`"${raw}" is not an absolute path; ${BUILD_WORKER}`);
      if (!isExecutableFile(raw)) throw new Error(`"${raw}" is not an executable file; ${BUILD_WORKER}`);
      return raw;
    }),
    SFU_WEB_ROOT: env.text(isDirectory, (raw) => `"${raw}" is not a directory; build the client with: npx vite build apps/web`),
    SFU_LOG_LEVEL: env.oneOf(LOG_LEVELS, 'log'),
    SFU_PEERS_PER_ROUTER: env.int(16, 0, 10_000, 'a participant count'),
    /** attendance: the API that hears who joined and left each call */
    SFU_API_URL: env.text((raw) => /^https?:\/\/[^/\s]+\/?$/.test(raw), (raw) => `"${raw}" is not an origin like http://127.0.0.1:3000`),
    METRICS_TOKEN,
    /** only whether it is production (GET /metrics is off there without METRICS_TOKEN) */
    NODE_ENV: env.optional(),
    /** joins the node registry; the variables below are read only when it is set */
    SFU_REDIS_URL: env.text((raw) => /^rediss?:\/\//.test(raw), (raw) => `"${raw}" is not a redis:// or rediss:// URL`),
  };
}

/** The node registry's variables (with SFU_REDIS_URL). */
export function sfuRegistryShape() {
  return {
    SFU_NODE_ID: env.name(hostname(), ['.', '-', '_']),
    SFU_PUBLIC_URL: env.text((raw) => /^https?:\/\/[^/\s]+\/?$/.test(raw), (raw) => `"${raw}" is not an origin like https://sfu-1.kohtaamo.example.fi`),
    SFU_REGISTRY_PREFIX: env.name('kohtaamo', ['-', '_'], "the API's QUEUE_PREFIX"),
    SFU_HEARTBEAT_MS: env.int(1000, 100, 60_000, 'a heartbeat interval in ms'),
  };
}

export function loadSfuConfig(source: Env = process.env, cores: number = availableParallelism()): SfuConfig {
  const e = parseEnv(sfuEnvShape(cores), source);
  if ((e.SFU_LISTEN_IP === '0.0.0.0' || e.SFU_LISTEN_IP === '::') && e.SFU_ANNOUNCED_IP === undefined) {
    throw new ConfigError('SFU_ANNOUNCED_IP', `is not set but SFU_LISTEN_IP is ${e.SFU_LISTEN_IP}; set it to the address browsers reach this host on`);
  }
  const rtcPortBase = e.SFU_RTC_PORT_BASE;
  if (rtcPortBase !== 0 && rtcPortBase < 1024) {
    throw new ConfigError('SFU_RTC_PORT_BASE', `${rtcPortBase} is a privileged port; use 1024 or above (or 0 for random ports)`);
  }
  if (rtcPortBase + e.SFU_WORKERS - 1 > 65535) {
    throw new ConfigError('SFU_RTC_PORT_BASE', `${rtcPortBase} + ${e.SFU_WORKERS} workers runs past port 65535`);
  }
  if (e.MEDIASOUP_WORKER_BIN === undefined) throw new ConfigError('MEDIASOUP_WORKER_BIN', `is not set; ${BUILD_WORKER}`);
  return {
    port: e.SFU_PORT,
    listenIp: e.SFU_LISTEN_IP,
    announcedIp: e.SFU_ANNOUNCED_IP,
    rtcPortBase,
    workers: e.SFU_WORKERS,
    joinTokenSecret: e.JOIN_TOKEN_SECRET,
    workerBin: e.MEDIASOUP_WORKER_BIN,
    webRoot: e.SFU_WEB_ROOT,
    logLevel: e.SFU_LOG_LEVEL,
    registry: e.SFU_REDIS_URL === undefined ? undefined : registry(e.SFU_REDIS_URL, source),
    peersPerRouter: e.SFU_PEERS_PER_ROUTER,
    production: e.NODE_ENV === 'production',
    metricsToken: e.METRICS_TOKEN ?? undefined,
    apiUrl: e.SFU_API_URL?.replace(/\/$/, ''),
  };
}

function registry(redisUrl: string, source: Env): SfuRegistryConfig {
  const r = parseEnv(sfuRegistryShape(), source);
  return { redisUrl, nodeId: r.SFU_NODE_ID, publicUrl: r.SFU_PUBLIC_URL?.replace(/\/$/, ''), prefix: r.SFU_REGISTRY_PREFIX, heartbeatMs: r.SFU_HEARTBEAT_MS };
}

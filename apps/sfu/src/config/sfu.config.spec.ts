import { ConfigError, loadSfuConfig } from './sfu.config';

const good = { JOIN_TOKEN_SECRET: 's'.repeat(32), MEDIASOUP_WORKER_BIN: '/bin/sh' };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadSfuConfig({ ...good, ...env }, 2);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('loadSfuConfig', () => {
  it('fills defaults: port 4000, 127.0.0.1, WebRTC ports from 40000, one worker per core', () => {
    expect(loadSfuConfig(good, 3)).toEqual({
      port: 4000,
      listenIp: '127.0.0.1',
      announcedIp: undefined,
      rtcPortBase: 40000,
      workers: 3,
      joinTokenSecret: 's'.repeat(32),
      workerBin: '/bin/sh',
      webRoot: undefined,
      logLevel: 'log',
      peersPerRouter: 16,
      production: false,
      metricsToken: undefined,
    });
  });

  it('takes a metrics token of at least 16 characters', () => {
    expect(loadSfuConfig({ ...good, METRICS_TOKEN: '0123456789abcdef', NODE_ENV: 'production' }, 2)).toMatchObject({ metricsToken: '0123456789abcdef', production: true });
    expect(errorOf({ METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
  });

  it('joins the node registry only with SFU_REDIS_URL, and checks its variables', () => {
    expect(loadSfuConfig(good, 2).registry).toBeUndefined();
    expect(loadSfuConfig({ ...good, SFU_REDIS_URL: 'redis://127.0.0.1:6379', SFU_NODE_ID: 'sfu-2', SFU_PUBLIC_URL: 'https://sfu-2.example.fi/' }, 2).registry).toEqual({
      redisUrl: 'redis://127.0.0.1:6379', nodeId: 'sfu-2', publicUrl: 'https://sfu-2.example.fi', prefix: 'kohtaamo', heartbeatMs: 1000,
    });
    expect(errorOf({ SFU_REDIS_URL: 'http://x' }).variable).toBe('SFU_REDIS_URL');
    expect(errorOf({ SFU_REDIS_URL: 'redis://x', SFU_NODE_ID: 'a b' }).variable).toBe('SFU_NODE_ID');
    expect(errorOf({ SFU_REDIS_URL: 'redis://x', SFU_PUBLIC_URL: 'sfu-2' }).variable).toBe('SFU_PUBLIC_URL');
    expect(errorOf({ SFU_REDIS_URL: 'redis://x', SFU_HEARTBEAT_MS: '5' }).variable).toBe('SFU_HEARTBEAT_MS');
  });

  it('reads every variable', () => {
    const c = loadSfuConfig(
      { ...good, SFU_PORT: '0', SFU_LISTEN_IP: '0.0.0.0', SFU_ANNOUNCED_IP: '198.51.100.4', SFU_RTC_PORT_BASE: '0', SFU_WORKERS: '4', SFU_WEB_ROOT: '/tmp', SFU_LOG_LEVEL: 'warn' },
      2,
    );
    expect(c).toMatchObject({ port: 0, listenIp: '0.0.0.0', announcedIp: '198.51.100.4', rtcPortBase: 0, workers: 4, webRoot: '/tmp', logLevel: 'warn' });
  });

  it.each([
    [{ JOIN_TOKEN_SECRET: '' }, 'JOIN_TOKEN_SECRET', /not set/],
    [{ JOIN_TOKEN_SECRET: 'short' }, 'JOIN_TOKEN_SECRET', /at least 32/],
    [{ MEDIASOUP_WORKER_BIN: '' }, 'MEDIASOUP_WORKER_BIN', /mediasoup-worker\.sh/],
    [{ MEDIASOUP_WORKER_BIN: 'relative/bin' }, 'MEDIASOUP_WORKER_BIN', /absolute/],
    [{ MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' }, 'MEDIASOUP_WORKER_BIN', /not an executable/],
    [{ SFU_PORT: '70000' }, 'SFU_PORT', /port number/],
    [{ SFU_PORT: 'http' }, 'SFU_PORT', /port number/],
    [{ SFU_LISTEN_IP: 'localhost' }, 'SFU_LISTEN_IP', /IPv4 or IPv6/],
    [{ SFU_LISTEN_IP: '0.0.0.0' }, 'SFU_ANNOUNCED_IP', /browsers reach/],
    [{ SFU_ANNOUNCED_IP: 'example.org' }, 'SFU_ANNOUNCED_IP', /IPv4 or IPv6/],
    [{ SFU_RTC_PORT_BASE: '80' }, 'SFU_RTC_PORT_BASE', /privileged/],
    [{ SFU_RTC_PORT_BASE: '65535', SFU_WORKERS: '2' }, 'SFU_RTC_PORT_BASE', /past port 65535/],
    [{ SFU_WORKERS: '0' }, 'SFU_WORKERS', /worker count/],
    [{ SFU_WEB_ROOT: '/nonexistent/dist' }, 'SFU_WEB_ROOT', /not a directory/],
    [{ SFU_LOG_LEVEL: 'loud' }, 'SFU_LOG_LEVEL', /not one of/],
  ])('rejects %o naming %s', (env, variable, reason) => {
    const e = errorOf(env);
    expect(e.variable).toBe(variable);
    expect(e.message.startsWith(`${variable}: `)).toBe(true);
    expect(e.message).toMatch(reason);
    expect(e.message).not.toContain('\n');
  });

  it('never prints the secret', () => {
    expect(errorOf({ JOIN_TOKEN_SECRET: 'tiny-secret' }).message).not.toContain('tiny-secret');
  });
});

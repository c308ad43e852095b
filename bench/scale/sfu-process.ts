import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kohtaamo') return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
const ROOT = findRoot(__dirname);

/**
 * One SFU node as its own process (apps/sfu/src/main.ts), registered in Redis, for the multi-node tests
 * and benchmarks: SIGKILL takes it down like a crashed machine (no shutdown hook, no deregistration).
 * Tests run the TypeScript sources (through test/queues/support/ts-register.js), benchmarks the build.
 */
export class SfuProcess {
  output = '';
  url = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly nodeId: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  static async start(o: {
    nodeId: string;
    redisUrl: string;
    prefix: string;
    joinTokenSecret: string;
    workerBin: string;
    workers?: number;
    heartbeatMs?: number;
    webRoot?: string;
    from?: 'sources' | 'build';
    timeoutMs?: number;
  }): Promise<SfuProcess> {
    const args =
      (o.from ?? 'sources') === 'sources'
        ? ['-r', join(ROOT, 'test', 'queues', 'support', 'ts-register.js'), join(ROOT, 'apps', 'sfu', 'src', 'main.ts')]
        : [join(ROOT, 'dist', 'apps', 'sfu', 'src', 'main.js')];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      NODE_ENV: 'test',
      SFU_PORT: '0',
      SFU_LISTEN_IP: '127.0.0.1',
      SFU_RTC_PORT_BASE: '0',
      SFU_WORKERS: String(o.workers ?? 1),
      SFU_LOG_LEVEL: 'warn',
      JOIN_TOKEN_SECRET: o.joinTokenSecret,
      MEDIASOUP_WORKER_BIN: o.workerBin,
      SFU_REDIS_URL: o.redisUrl,
      SFU_NODE_ID: o.nodeId,
      SFU_REGISTRY_PREFIX: o.prefix,
      SFU_HEARTBEAT_MS: String(o.heartbeatMs ?? 500),
      ...(o.webRoot === undefined ? {} : { SFU_WEB_ROOT: o.webRoot }),
    };
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const p = new SfuProcess(o.nodeId, child);
    const end = Date.now() + (o.timeoutMs ?? 30_000);
    for (;;) {
      const m = /sfu: listening on (\S+)/.exec(p.output);
      if (m?.[1] !== undefined) {
        p.url = m[1];
        return p;
      }
      if (!p.alive || Date.now() > end) {
        child.kill('SIGKILL');
        throw new Error(`SFU node ${o.nodeId} did not start: ${p.output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Like a crashed machine: no shutdown hook runs, the registry entry is left to expire. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The worker entry (apps/api/src/worker.ts) as a real child process, run from the sources. */
export class WorkerProcess {
  output = '';
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['-r', path.join(__dirname, 'ts-register.js'), path.join(ROOT, 'apps/api/src/worker.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'log', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const w = new WorkerProcess(child);
    const end = Date.now() + timeoutMs;
    while (!/workers running/.test(w.output)) {
      if (child.exitCode !== null || Date.now() > end) {
        child.kill('SIGKILL');
        throw new Error(`the worker did not start: ${w.output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return w;
  }

  /** SIGKILL: no shutdown hooks, no chance to finish or give back anything. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: Nest closes the workers (active jobs finish) and re-raises the signal. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real CalDAV server for tests: Debian's Radicale (`apt-get install radicale`), started on a random
 * free port with its own storage folder and plain htpasswd users, and stopped afterwards.
 */
export class TestRadicale {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    readonly base: string,
    private readonly users: Record<string, string>,
  ) {}

  static async start(users: Record<string, string>): Promise<TestRadicale> {
    const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-radicale-'));
    const port = await freePort();
    writeFileSync(join(dir, 'users'), Object.entries(users).map(([u, p]) => `${u}:${p}`).join('\n') + '\n');
    writeFileSync(
      join(dir, 'config'),
      [
        '[server]', `hosts = 127.0.0.1:${port}`,
        '[auth]', 'type = htpasswd', `htpasswd_filename = ${join(dir, 'users')}`, 'htpasswd_encryption = plain', 'delay = 0',
        '[storage]', `filesystem_folder = ${join(dir, 'collections')}`,
        '[rights]', 'type = owner_only',
        '[logging]', 'level = warning',
      ].join('\n') + '\n',
    );
    const proc = spawn('radicale', ['--config', join(dir, 'config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const r = new TestRadicale(proc, dir, base, users);
    const end = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`radicale exited (${proc.exitCode}): ${stderr}`);
      try {
        await fetch(`${base}/.web/`);
        return r;
      } catch {
        if (Date.now() > end) throw new Error(`radicale did not start: ${stderr}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  }

  private auth(user: string): string {
    return `Basic ${Buffer.from(`${user}:${this.users[user]}`).toString('base64')}`;
  }

  /** Creates a calendar collection; returns its URL (with the trailing slash). */
  async calendar(user: string, name: string): Promise<string> {
    const url = `${this.base}/${user}/${name}/`;
    const res = await fetch(url, { method: 'MKCALENDAR', headers: { authorization: this.auth(user) } });
    if (res.status !== 201) throw new Error(`MKCALENDAR ${url} → ${res.status} ${await res.text()}`);
    return url;
  }

  async put(user: string, calendarUrl: string, name: string, ics: string): Promise<void> {
    const res = await fetch(`${calendarUrl}${name}`, { method: 'PUT', headers: { authorization: this.auth(user), 'content-type': 'text/calendar; charset=utf-8' }, body: ics });
    if (res.status >= 300) throw new Error(`PUT ${name} → ${res.status} ${await res.text()}`);
  }

  async delete(user: string, calendarUrl: string, name: string): Promise<void> {
    const res = await fetch(`${calendarUrl}${name}`, { method: 'DELETE', headers: { authorization: this.auth(user) } });
    if (res.status >= 300) throw new Error(`DELETE ${name} → ${res.status}`);
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

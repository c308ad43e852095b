import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real coturn (Debian's `turnserver`, `apt-get install coturn`) on random free ports, for tests and
 * benchmarks: TURN over UDP and TCP on one port, TURN over TLS on another (a throwaway self-signed
 * certificate), time-limited credentials from a shared secret (`--use-auth-secret`, the TURN REST scheme),
 * relaying to loopback (`--allow-loopback-peers`) from its own random relay port range.
 */
export interface RunningTurn {
  secret: string;
  /** turn:127.0.0.1:<port>?transport=udp */
  udpUrl: string;
  /** turn:127.0.0.1:<port>?transport=tcp */
  tcpUrl: string;
  /** turns:127.0.0.1:<tlsPort>?transport=tcp (self-signed: Chromium needs --ignore-certificate-errors) */
  tlsUrl: string;
  pid: number;
  /** what coturn wrote (for a failing test's diagnosis) */
  output(): string;
  stop(): Promise<void>;
}

export const TURN_BIN = process.env['TURNSERVER_BIN'] ?? '/usr/bin/turnserver';

/** A free TCP port on 127.0.0.1 that is also free for UDP at the time of asking. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const ok = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

export async function startTurn(o: { listenIp?: string; relayIp?: string } = {}): Promise<RunningTurn> {
  const ip = o.listenIp ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-turn-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=turn.kohtaamo.test'], { stdio: 'ignore' });
  const port = await freePort();
  let tlsPort = await freePort();
  while (tlsPort === port) tlsPort = await freePort();
  // a relay range of its own, away from the usual ephemeral ports and from other test runs
  const minPort = 20000 + Math.floor(Math.random() * 400) * 50;
  const secret = randomBytes(24).toString('hex');
  const args = [
    '-n', '--no-cli', '--no-stdout-log', '--log-file=stdout', '--simple-log',
    `--listening-ip=${ip}`, `--relay-ip=${o.relayIp ?? ip}`,
    `--listening-port=${port}`, `--tls-listening-port=${tlsPort}`, '--no-dtls',
    `--cert=${cert}`, `--pkey=${key}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=kohtaamo.test',
    '--allow-loopback-peers', '--fingerprint', `--min-port=${minPort}`, `--max-port=${minPort + 49}`,
    `--pidfile=${join(dir, 'turn.pid')}`, '--no-multicast-peers',
  ];
  const child: ChildProcess = spawn(TURN_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.once('error', (e) => (out += `spawn ${TURN_BIN}: ${e.message} (apt-get install coturn)\n`));
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it accepts TCP on its TURN port.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, ip, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`coturn did not start on ${ip}:${port}: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    secret,
    udpUrl: `turn:${ip}:${port}?transport=udp`,
    tcpUrl: `turn:${ip}:${port}?transport=tcp`,
    tlsUrl: `turns:${ip}:${tlsPort}?transport=tcp`,
    pid: child.pid ?? -1,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

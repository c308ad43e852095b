import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A browser behind a bad link, on this machine: a network namespace joined to the host by a veth pair,
 * `tc` htb for the rate (both directions) and an nftables `numgen random` rule for random loss (both
 * directions). This kernel has no netem (no delay, no prio qdisc): rate and loss are what can be shaped.
 * Needs root (ip netns, tc, nft; Debian packages iproute2 and nftables). Everything it creates carries a
 * random suffix and goes away in close(): the namespace (with its veth pair) and the nftables table.
 */
export interface ImpairedLink {
  /** the namespace's name */
  ns: string;
  /** the host's end of the link: servers the browser should reach listen here */
  hostIp: string;
  /** the browser's address inside the namespace */
  nsIp: string;
  /** an executable that runs Chromium inside the namespace (playwright's executablePath) */
  chromium: string;
  /** limit the rate (kbit/s, each direction) and drop a share of packets (percent, each direction) */
  shape(o: { rateKbit?: number; lossPercent?: number }): void;
  /**
   * A firewall like a school's: from the namespace, only these TCP and UDP ports of the host get through
   * (everything else the browser sends towards the host is dropped). clear() lifts it.
   */
  allowOnly(o: { tcp: number[]; udp: number[] }): void;
  /** back to an unimpaired link */
  clear(): void;
  close(): void;
}

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function quiet(cmd: string, args: string[]): void {
  try {
    run(cmd, args);
  } catch {
    // already gone
  }
}

export function createImpairedLink(o: { chromiumBin?: string } = {}): ImpairedLink {
  const id = randomBytes(3).toString('hex');
  const ns = `kohtaamo-${id}`;
  const hostIf = `kh${id}`;
  const nsIf = `kn${id}`;
  const table = `kohtaamo_${id}`;
  // a /30 of its own in 10.200.0.0/16–10.239.0.0/16 (random: parallel runs do not meet)
  const b = 200 + (parseInt(id.slice(0, 2), 16) % 40);
  const c = parseInt(id.slice(2, 4), 16);
  const d = (parseInt(id.slice(4, 6), 16) % 64) * 4;
  const hostIp = `10.${b}.${c}.${d + 1}`;
  const nsIp = `10.${b}.${c}.${d + 2}`;
  const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-link-'));
  const chromium = join(dir, 'chromium-in-ns');
  let created = false;
  const close = (): void => {
    quiet('nft', ['delete', 'table', 'inet', table]);
    if (created) quiet('ip', ['netns', 'del', ns]);
    quiet('ip', ['link', 'del', hostIf]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('ip', ['netns', 'add', ns]);
    created = true;
    run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    run('ip', ['link', 'set', nsIf, 'netns', ns]);
    run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
    run('ip', ['link', 'set', hostIf, 'up']);
    run('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
    run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', nsIf, 'up']);
    run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${ns} ${o.chromiumBin ?? '/usr/bin/chromium'} "$@"\n`);
    chmodSync(chromium, 0o755);
  } catch (e) {
    close();
    throw new Error(`cannot create the namespace link (root, iproute2 and nftables needed): ${e instanceof Error ? e.message : String(e)}`);
  }

  const clear = (): void => {
    quiet('tc', ['qdisc', 'del', 'dev', hostIf, 'root']);
    quiet('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'del', 'dev', nsIf, 'root']);
    quiet('nft', ['delete', 'table', 'inet', table]);
  };

  return {
    ns,
    hostIp,
    nsIp,
    chromium,
    shape({ rateKbit, lossPercent }) {
      clear();
      if (rateKbit !== undefined) {
        for (const [prefix, dev] of [[[], hostIf], [['ip', 'netns', 'exec', ns], nsIf]] as const) {
          const tc = (args: string[]): void => (prefix.length === 0 ? run('tc', args) : run('ip', [...prefix.slice(1), 'tc', ...args]));
          tc(['qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', 'htb', 'default', '10']);
          tc(['class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:10', 'htb', 'rate', `${rateKbit}kbit`, 'ceil', `${rateKbit}kbit`, 'burst', '4k']);
          // a short queue, as on a congested mobile or school link: excess is dropped, not buffered for seconds
          tc(['qdisc', 'add', 'dev', dev, 'parent', '1:10', 'handle', '10:', 'pfifo', 'limit', '20']);
        }
      }
      if (lossPercent !== undefined && lossPercent > 0) {
        const n = String(Math.round(lossPercent));
        run('nft', ['add', 'table', 'inet', table]);
        run('nft', ['add', 'chain', 'inet', table, 'out', '{ type filter hook output priority 0; policy accept; }']);
        run('nft', ['add', 'chain', 'inet', table, 'in', '{ type filter hook input priority 0; policy accept; }']);
        run('nft', ['add', 'rule', 'inet', table, 'out', 'oifname', hostIf, 'numgen', 'random', 'mod', '100', '<', n, 'drop']);
        run('nft', ['add', 'rule', 'inet', table, 'in', 'iifname', hostIf, 'numgen', 'random', 'mod', '100', '<', n, 'drop']);
      }
    },
    allowOnly({ tcp, udp }) {
      clear();
      const set = (ports: number[]): string => `{ ${ports.length > 0 ? ports.join(', ') : '0'} }`;
      run('nft', ['add', 'table', 'inet', table]);
      run('nft', ['add', 'chain', 'inet', table, 'in', '{ type filter hook input priority 0; policy accept; }']);
      run('nft', ['add', 'rule', 'inet', table, 'in', 'iifname', hostIf, 'tcp', 'dport', '!=', set(tcp), 'drop']);
      run('nft', ['add', 'rule', 'inet', table, 'in', 'iifname', hostIf, 'udp', 'dport', '!=', set(udp), 'drop']);
    },
    clear,
    close,
  };
}

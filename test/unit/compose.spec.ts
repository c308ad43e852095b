import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../apps/api/src/config/config';
import { loadSfuConfig } from '../../apps/sfu/src/config/sfu.config';

/**
 * docker compose cannot run on this machine (no engine, no compose plugin), so the deployment file is
 * checked statically instead: every API and SFU service's environment passes the same configuration
 * schema the processes apply at start-up, nginx balances over services that exist, and the nodes share
 * one registry without sharing ports. A compose file that would stop a process at start fails here.
 */
const ROOT = join(__dirname, '..', '..');
interface Service {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}
/** YAML merge keys (`<<: *api`), shallow as YAML 1.1 defines them: the mapping's own keys win. */
function merged(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(merged);
  if (!v || typeof v !== 'object') return v;
  const { '<<': base, ...own } = v as Record<string, unknown>;
  const bases = (Array.isArray(base) ? base : base ? [base] : []).map(merged) as Array<Record<string, unknown>>;
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([k, x]) => [k, merged(x)])));
}
const compose = merged(load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))) as { services: Record<string, Service> };

// what an operator passes on the command line (the file's header says which are needed)
const OPERATOR: Record<string, string> = {
  JOIN_TOKEN_SECRET: 'a'.repeat(64),
  TURN_SECRET: 'b'.repeat(64),
  OIDC_ISSUER: 'https://idp.example.fi',
  PUBLIC_HOST: 'kohtaamo.example.fi',
  POSTGRES_PASSWORD: 'x',
  KOHTAAMO_OWNER_PASSWORD: 'y',
  KOHTAAMO_APP_PASSWORD: 'z',
};

/** docker compose's interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, name: string, fallback?: string) => vars[name] ?? fallback ?? '');
}
/** The image's own ENV lines (the Dockerfile), under the service's environment. */
const IMAGE_ENV: Record<string, string> = Object.fromEntries(
  [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^ENV\s+(.+)$/gm)].flatMap((m) => [...m[1].matchAll(/(\w+)=(\S+)/g)].map((x) => [x[1], x[2]])),
);
function envOf(name: string, vars = OPERATOR): Record<string, string> {
  const env = compose.services[name]?.environment ?? {};
  return { ...IMAGE_ENV, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), vars)])) };
}
const byCommand = (file: string) => Object.keys(compose.services).filter((n) => compose.services[n].command?.some((c) => c.endsWith(file)));

describe('docker-compose.yml', () => {
  const apis = byCommand('apps/api/src/main.js');
  const sfus = byCommand('apps/sfu/src/main.js');

  it('has two API instances and two SFU nodes, each started from a file the build produces', () => {
    expect(apis).toEqual(['api1', 'api2']);
    expect(sfus).toEqual(['sfu1', 'sfu2']);
    for (const name of [...apis, ...sfus, 'migrate']) {
      const file = compose.services[name].command!.find((c) => c.startsWith('dist/'))!;
      expect(existsSync(join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it("each API instance's environment passes the API's configuration schema", () => {
    for (const name of apis) expect(() => loadConfig(envOf(name))).not.toThrow();
    // and without the operator's secret it stops in one line naming the variable
    expect(() => loadConfig(envOf('api1', { ...OPERATOR, JOIN_TOKEN_SECRET: '' }))).toThrow(/JOIN_TOKEN_SECRET/);
  });

  it("each SFU node's environment passes the SFU's schema, with its own id, address and ports, in the API's registry", () => {
    // the worker binary is in the image (the Dockerfile builds it there), not on this machine: any executable stands in
    expect(IMAGE_ENV.MEDIASOUP_WORKER_BIN).toMatch(/^\//);
    const nodes = sfus.map((name) => loadSfuConfig({ ...envOf(name), MEDIASOUP_WORKER_BIN: process.execPath }, 2));
    expect(new Set(nodes.map((n) => n.registry?.nodeId)).size).toBe(2);
    expect(new Set(nodes.map((n) => n.registry?.publicUrl)).size).toBe(2);
    const queuePrefix = loadConfig(envOf('api1')).queuePrefix;
    for (const n of nodes) expect(n.registry?.prefix).toBe(queuePrefix);
    // host port (range) and protocol: UDP and TCP may share a number
    const published = sfus.flatMap((name) => compose.services[name].ports ?? []).map((p) => `${p.split(':')[0]}/${p.split('/')[1] ?? 'tcp'}`);
    expect(new Set(published).size).toBe(published.length);
  });

  it('nginx balances over exactly the API services', () => {
    const nginx = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
    const upstream = [...nginx.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => m[1]);
    expect(upstream.sort()).toEqual(apis.sort());
    for (const name of apis) expect(nginx).toContain(`${name}:${envOf(name).PORT}`);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface DevIdp {
  /** the issuer URL (OIDC_ISSUER for the API) */
  issuer: string;
  clientId: string;
  jwksUrl: string;
  process: ChildProcess;
  close(): Promise<void>;
}

/** Starts scripts/dev-idp.mjs (the oidc-provider development IdP) on a free port, listing the people of `databaseUrl`. */
export async function startDevIdp(o: { databaseUrl: string; webOrigins: string[]; accessTokenTtl?: number; clientId?: string }): Promise<DevIdp> {
  const clientId = o.clientId ?? 'kohtaamo';
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'dev-idp.mjs')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      IDP_PORT: '0',
      IDP_HOST: '127.0.0.1',
      IDP_CLIENT_ID: clientId,
      IDP_WEB_ORIGINS: o.webOrigins.join(','),
      IDP_ACCESS_TOKEN_TTL: String(o.accessTokenTtl ?? 900),
      IDP_KEY_FILE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const issuer = await new Promise<string>((resolveIssuer, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dev-idp did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /dev-idp: issuer (\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolveIssuer(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev-idp exited (${code}): ${stderr}`));
    });
  });
  return {
    issuer,
    clientId,
    jwksUrl: `${issuer}/jwks`,
    process: child,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A cookie jar just big enough for one sign-in round trip with fetch. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}

/**
 * Signs a person in without a browser, the way the web app does (authorization code + PKCE), pressing
 * their button on the IdP's page: for setting up data through the API as that person.
 */
export async function signInHeadless(idp: DevIdp, personId: string, redirectUri: string): Promise<Tokens> {
  const jar = new Jar();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL(`${idp.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: idp.clientId, response_type: 'code', scope: 'openid profile email', redirect_uri: redirectUri,
    code_challenge: challenge, code_challenge_method: 'S256', state: randomBytes(8).toString('hex'),
  }).toString();
  const step = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() } });
    jar.take(res);
    return res;
  };
  let res = await step(auth.toString());
  let location = res.headers.get('location');
  if (location === null) throw new Error(`IdP /auth answered ${res.status}: ${await res.text()}`);
  if (location.startsWith(redirectUri)) throw new Error(`IdP refused: ${location}`);
  const interaction = new URL(location, idp.issuer).toString();
  res = await step(`${interaction}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ person: personId }).toString() });
  // interaction → /auth/:uid → redirect_uri?code=…
  for (let hops = 0; hops < 5; hops++) {
    location = res.headers.get('location');
    if (location === null) throw new Error(`IdP answered ${res.status} without a redirect: ${await res.text()}`);
    if (location.startsWith(redirectUri)) break;
    res = await step(new URL(location, idp.issuer).toString());
  }
  const code = new URL(location ?? '').searchParams.get('code');
  if (code === null) throw new Error(`no code in ${location}`);
  const token = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: idp.clientId, code_verifier: verifier }).toString(),
  });
  const body = (await token.json()) as { access_token?: string; id_token?: string; refresh_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!token.ok || body.access_token === undefined) throw new Error(`token: ${token.status} ${body.error ?? ''} ${body.error_description ?? ''}`);
  return { accessToken: body.access_token, idToken: body.id_token ?? '', refreshToken: body.refresh_token, expiresIn: body.expires_in ?? 0 };
}

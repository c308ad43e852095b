#!/usr/bin/env node
// The development and test identity provider: a real OpenID Connect provider (the `oidc-provider`
// package) whose sign-in page lists the people in Kohtaamo's database and signs one in with one click.
// The web app signs in against it exactly as against the county's IdP (authorization code + PKCE), and
// the API verifies its tokens through the production path (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL).
// Never for production: anyone who reaches it can be anyone.
//
// Environment:
//   DATABASE_URL            the people to list (the API's role is enough: person has no row-level security)
//   IDP_PORT                default 4400; 0 picks a free port
//   IDP_HOST                default localhost (the name in the issuer URL; it listens on 127.0.0.1)
//   IDP_CLIENT_ID           default kohtaamo: the web app's client id and the access tokens' audience
//   IDP_WEB_ORIGINS         comma-separated web app origins allowed to sign in (default http://localhost:5173)
//   IDP_ACCESS_TOKEN_TTL    seconds an access token lasts (default 900); the web app renews it silently
//   IDP_KEY_FILE            keep the signing key here across restarts (npm start: .cache/dev-idp-key.json)
// Prints one line `dev-idp: issuer <url>` on stdout when it listens.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import Provider from 'oidc-provider';
import pg from 'pg';

const env = process.env;
const databaseUrl = env.DATABASE_URL ?? 'postgres://kohtaamo_app@127.0.0.1:5432/kohtaamo';
const clientId = env.IDP_CLIENT_ID ?? 'kohtaamo';
const host = env.IDP_HOST ?? 'localhost';
const webOrigins = (env.IDP_WEB_ORIGINS ?? 'http://localhost:5173').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
const accessTokenTtl = Number(env.IDP_ACCESS_TOKEN_TTL ?? '900');
if (!Number.isInteger(accessTokenTtl) || accessTokenTtl < 10) throw new Error('IDP_ACCESS_TOKEN_TTL: whole seconds, at least 10');

// the API, as a resource indicator (RFC 8707 wants an absolute URI); its tokens' audience is the client id
const RESOURCE = 'urn:kohtaamo:api';

const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });

/** The subject the API binds accounts to: the same as the API's development issuer gives (dev-issuer.service.ts). */
const SUBJECT = `coalesce(oidc_subject, 'dev:' || id::text)`;

async function people() {
  const { rows } = await db.query(
    `SELECT id, ${SUBJECT} AS sub, name, email, profession, organisation, unit FROM person WHERE active ORDER BY name`,
  );
  return rows;
}

async function personBySubject(sub) {
  const { rows } = await db.query(`SELECT id, ${SUBJECT} AS sub, name, email FROM person WHERE ${SUBJECT} = $1 AND active`, [sub]);
  return rows[0];
}

function signingKey() {
  const file = env.IDP_KEY_FILE;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `dev-idp-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><link rel="icon" href="data:,">
<style>
  body { font-family: 'Source Sans 3', 'Helvetica Neue', Arial, sans-serif; margin: 0; color: #292929; background: #f7f7f8; }
  header { background: #fff; border-top: 4px solid #003479; border-bottom: 1px solid #c8cdd0; padding: 12px 24px; }
  header p { margin: 0; font-weight: 600; color: #003479; font-size: 1.25rem; }
  main { max-width: 48rem; margin: 0 auto; padding: 24px; }
  h1 { font-size: 1.75rem; margin: 0 0 8px; }
  ul { list-style: none; padding: 0; margin: 16px 0; display: grid; gap: 8px; }
  button { width: 100%; text-align: left; font: inherit; padding: 10px 14px; border: 1px solid #a5acb0; border-radius: 2px; background: #fff; cursor: pointer; }
  button:hover { background: #eaf2fa; }
  button:focus-visible { outline: 3px solid #1a99c7; outline-offset: 2px; }
  .name { font-weight: 600; display: block; color: #003479; }
  .what { color: #5f686d; font-size: 0.95rem; }
  .note { background: #fff; border-left: 4px solid #e97025; padding: 8px 12px; }
</style></head>
<body><header><p>Kohtaamo · kehityksen tunnistuspalvelu</p></header><main>${body}</main></body></html>`;
}

// every profession of libs/domain/src/team.ts PROFESSIONS, in Finnish (this page is the dev sign-in, in Finnish only)
const PROFESSIONS = {
  physician: 'lääkäri', nurse: 'sairaanhoitaja', public_health_nurse: 'terveydenhoitaja', psychologist: 'psykologi',
  social_worker: 'sosiaalityöntekijä', family_worker: 'perhetyöntekijä', speech_therapist: 'puheterapeutti',
  occupational_therapist: 'toimintaterapeutti', physiotherapist: 'fysioterapeutti', psychiatric_nurse: 'psykiatrinen sairaanhoitaja',
  school_social_worker: 'koulukuraattori', teacher: 'opettaja', early_childhood_educator: 'varhaiskasvatuksen opettaja',
  coordinator: 'koordinaattori', other: 'muu ammatti',
};

function loginPage(uid, list) {
  const items = list.map((p) => `
      <li><button type="submit" name="person" value="${escape(p.id)}">
        <span class="name">${escape(p.name)}</span>
        <span class="what">${escape([PROFESSIONS[p.profession] ?? p.profession, p.unit, p.organisation].filter(Boolean).join(' · '))} · ${escape(p.email)}</span>
      </button></li>`).join('');
  return page('Kirjaudu – Kohtaamo (kehitys)', `
    <h1>Valitse, kenenä kirjaudut</h1>
    <p class="note">Tämä on kehitys- ja testikäytön tunnistuspalvelu: se ei kysy salasanaa. Tuotannossa kirjaudutaan hyvinvointialueen tunnistuspalvelulla.</p>
    <form method="post" action="/interaction/${escape(uid)}/login">
      <ul aria-label="Henkilöt">${items || '<li>Tietokannassa ei ole henkilöitä: lataa demo (npm run seed:demo).</li>'}</ul>
    </form>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

// Listen first (IDP_PORT=0 picks a port), then make the provider with the issuer that names that port.
let handle = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer((req, res) => handle(req, res));
await new Promise((resolve) => server.listen(Number(env.IDP_PORT ?? '4400'), '127.0.0.1', resolve));
const issuer = `http://${host}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    token_endpoint_auth_method: 'none', // a browser app: no secret, PKCE instead
    application_type: 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: webOrigins.map((o) => `${o}/auth/callback`),
    post_logout_redirect_uris: webOrigins.map((o) => `${o}/sign-in?signedOut=1`),
  }],
  jwks: { keys: [signingKey()] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(_ctx, sub) {
    const p = await personBySubject(sub);
    if (!p) return undefined;
    return { accountId: sub, claims: async () => ({ sub, name: p.name, email: p.email, email_verified: true }) };
  },
  // The API matches accounts on sub, or the first time on a verified email: put both in the access token.
  async extraTokenClaims(_ctx, token) {
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    const p = await personBySubject(token.accountId);
    return p ? { email: p.email, email_verified: true, name: p.name } : undefined;
  },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'kohtaamo',
        audience: clientId,
        accessTokenTTL: accessTokenTtl,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
    rpInitiatedLogout: {
      enabled: true,
      // no "do you want to sign out?" question: submit the provider's own form at once
      logoutSource: async (ctx, form) => {
        ctx.body = page('Kirjaudutaan ulos – Kohtaamo (kehitys)', `<h1>Kirjaudutaan ulos…</h1>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
          <script>document.forms[0].submit()</script>`);
      },
    },
  },
  pkce: { required: () => true },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: accessTokenTtl, IdToken: 3600, RefreshToken: 8 * 3600, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 3600, AuthorizationCode: 60 },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Virhe – Kohtaamo (kehitys)', `<h1>Kirjautuminen ei onnistunut</h1><p>${escape(out.error)}: ${escape(out.error_description)}</p>`);
  },
});

const providerHandler = provider.callback();

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET' && action === undefined) {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(loginPage(uid, await people()));
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const list = await people();
    const p = list.find((x) => x.id === form.get('person'));
    if (!p) {
      res.statusCode = 400;
      res.end('no such person');
      return;
    }
    // Sign in and consent in one step: staff of the county do not consent to their own employer's service.
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: p.sub, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    grant.addResourceScope(RESOURCE, 'kohtaamo');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: p.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
    return;
  }
  res.statusCode = 405;
  res.end();
}

handle = (req, res) => {
  const m = /^\/interaction\/([\w-]+)(?:\/(login))?\/?$/.exec(new URL(req.url, issuer).pathname);
  if (m) {
    interaction(req, res, m[1], m[2]).catch((e) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`sign-in failed: ${e.message}`);
    });
    return;
  }
  providerHandler(req, res);
};

process.stdout.write(`dev-idp: issuer ${issuer}\n`);
const stop = () => {
  server.close();
  void db.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

import { clear, focusHeading, h } from './dom';
import { t } from './i18n';
import type { PageParams } from './token';

/**
 * Before the call: turn what the link carries into a join token from the API (/api, same origin).
 *  - ?token=…       a join token already (tests, or a link made by the API): used as it is
 *  - ?invitation=…  a guest's invitation: its meeting comes from /api/me, the token from /join-token
 *  - ?meeting=…     staff: sign in first. With the development issuer that is an email address; in
 *                   production the county's login (OIDC redirect) is not built in this client yet.
 */
export async function obtainJoinToken(root: HTMLElement, params: PageParams): Promise<PageParams> {
  if (params.token !== undefined) return params;
  const base = params.apiUrl ?? '';
  if (params.invitation !== undefined) {
    const authorization = `Invitation ${params.invitation}`;
    const me = await api<{ meetingId?: string }>(base, 'GET', '/api/me', authorization);
    if (!me.meetingId) throw new JoinTokenError(t('invitation.failed', { reason: 'no meeting' }));
    const meetingId = me.meetingId;
    const reissue = async (): Promise<PageParams> => ({ ...withAnswer({ ...params, meetingId }, await joinToken(base, meetingId, authorization)), reissue });
    return reissue();
  }
  if (params.meetingId !== undefined) {
    const bearer = await signIn(root, base);
    const meetingId = params.meetingId;
    const reissue = async (): Promise<PageParams> => ({ ...withAnswer(params, await joinToken(base, meetingId, `Bearer ${bearer}`)), reissue });
    return reissue();
  }
  return params;
}

export class JoinTokenError extends Error {}

async function api<T>(base: string, method: string, path: string, authorization: string | undefined, body?: object): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers['authorization'] = authorization;
  const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new JoinTokenError(json.message ?? `${res.status}`);
  return json;
}

interface JoinTokenAnswer {
  token: string;
  /** where the SFU is; with several nodes (`node` set), the node the meeting lives on */
  sfuUrl?: string;
  /** the SFU node id, present only when the API places meetings on several nodes */
  node?: string;
  /** TURN servers with credentials valid as long as the token */
  iceServers?: RTCIceServer[];
}

function withAnswer(params: PageParams, answer: JoinTokenAnswer): PageParams {
  const iceServers = answer.iceServers !== undefined && answer.iceServers.length > 0 ? answer.iceServers : params.iceServers;
  // several nodes: go where the API placed the meeting; one SFU: this origin or sfu= of the link, as always
  const sfuUrl = answer.node !== undefined && answer.sfuUrl !== undefined ? answer.sfuUrl : params.sfuUrl;
  return { ...params, token: answer.token, ...(iceServers === undefined ? {} : { iceServers }), ...(sfuUrl === undefined ? {} : { sfuUrl }) };
}

function joinToken(base: string, meetingId: string, authorization: string): Promise<JoinTokenAnswer> {
  return api(base, 'POST', `/api/meetings/${encodeURIComponent(meetingId)}/join-token`, authorization, {});
}

/**
 * The staff app's sign-in (OIDC, apps/web/src/auth) keeps the person's tokens in this tab's sessionStorage
 * (oidc-client-ts, key `oidc.user:<issuer>:<client>`): a staff member who came from Home joins with it.
 */
function staffAppToken(): string | undefined {
  try {
    for (let i = 0; i < window.sessionStorage.length; i++) {
      const key = window.sessionStorage.key(i);
      if (key === null || !key.startsWith('oidc.user:')) continue;
      const u = JSON.parse(window.sessionStorage.getItem(key) ?? '{}') as { access_token?: string; expires_at?: number };
      if (typeof u.access_token === 'string' && typeof u.expires_at === 'number' && u.expires_at * 1000 > Date.now() + 30_000) return u.access_token;
    }
  } catch {
    // no storage: sign in below
  }
  return undefined;
}

/** The staff sign-in step; resolves with a bearer token. */
export async function signIn(root: HTMLElement, base: string): Promise<string> {
  const fromStaffApp = staffAppToken();
  if (fromStaffApp !== undefined) return fromStaffApp;
  // With an identity provider configured, staff sign in through the staff app, which brings them back here.
  const config: { issuer?: string | null } = await fetch(`${base}/api/auth/sign-in-config`).then((r) => (r.ok ? (r.json() as Promise<{ issuer?: string | null }>) : {}), () => ({}));
  if (typeof config.issuer === 'string' && base === '') {
    window.location.assign(`/sign-in?${new URLSearchParams({ returnTo: `${window.location.pathname}${window.location.search}${window.location.hash}` }).toString()}`);
    return new Promise<string>(() => undefined);
  }
  return new Promise((resolve) => {
    clear(root);
    const email = h('input', { id: 'signin-email', attrs: { type: 'email', autocomplete: 'email', required: true } });
    const message = h('p', { id: 'signin-message', class: 'error', attrs: { role: 'alert' } });
    const form = h('form', { id: 'signin-form', on: { submit: (e: Event) => {
      e.preventDefault();
      message.textContent = '';
      api<{ accessToken: string }>(base, 'POST', '/api/dev-auth/token', undefined, { email: email.value })
        .then((r) => resolve(r.accessToken))
        .catch((err: unknown) => {
          message.textContent = err instanceof JoinTokenError && err.message === '404' ? t('signin.unavailable') : t('signin.failed', { reason: (err as Error).message });
        });
    } } },
      h('div', { class: 'field' }, h('label', { attrs: { for: 'signin-email' }, i18n: 'signin.email' }), email),
      h('button', { class: 'primary', i18n: 'signin.submit', attrs: { type: 'submit' } }),
    );
    const section = h('section', { class: 'card', id: 'signin-view', attrs: { 'aria-labelledby': 'signin-heading' } },
      h('h1', { id: 'signin-heading', i18n: 'signin.heading' }),
      h('p', { i18n: 'signin.intro' }),
      h('p', { class: 'hint', i18n: 'signin.devNote' }),
      form,
      message,
    );
    root.append(section);
    focusHeading(section);
  });
}

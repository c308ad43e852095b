import type { MeetingAbout, PageParams } from './token';

/**
 * Before the call: turn what the link carries into a join token from the API (/api on this origin, or the
 * build's VITE_API_URL — never an address from the link).
 *  - token=…       a join token already (tests, or a link made by the API): used as it is
 *  - invitation=…  a guest's invitation: its meeting comes from /api/me, the token from /join-token
 *  - meeting=…     staff: `authorization` gives the signed-in person's bearer token (the staff app's
 *                  session, or the development sign-in when no identity provider is configured)
 * No DOM, no React: the join page (call/CallPage.tsx) asks for the sign-in and shows the errors.
 */
export async function obtainJoinToken(params: PageParams, staff: (() => Promise<string>) | undefined): Promise<PageParams> {
  if (params.token !== undefined) return params;
  const base = params.apiUrl ?? '';
  if (params.invitation !== undefined) {
    const authorization = `Invitation ${params.invitation}`;
    const me = await apiCall<{ meetingId?: string }>(base, 'GET', '/api/me', authorization);
    if (!me.meetingId) throw new JoinTokenError(404);
    const meetingId = me.meetingId;
    const reissue = async (): Promise<PageParams> => ({ ...withAnswer({ ...params, meetingId }, await joinToken(base, meetingId, authorization)), reissue });
    return reissue();
  }
  if (params.meetingId !== undefined && staff !== undefined) {
    const meetingId = params.meetingId;
    const reissue = async (): Promise<PageParams> => ({ ...withAnswer(params, await joinToken(base, meetingId, `Bearer ${await staff()}`)), reissue });
    return reissue();
  }
  return params;
}

/**
 * The API refused (status) or could not be reached (status 0). Its message is not shown: it may be in
 * another language than the page; apiReason() gives the key that says the same in the user's language.
 */
export class JoinTokenError extends Error {
  constructor(readonly status: number) {
    super(`API answered ${status}`);
  }
}

/** The message key (under `call.api`) for why the API refused or could not be reached, and its status. */
export function apiReason(e: unknown): { key: 'network' | 'unauthorized' | 'forbidden' | 'notFound' | 'over' | 'busy' | 'other'; code: number } {
  const status = e instanceof JoinTokenError ? e.status : 0;
  if (status === 0) return { key: 'network', code: 0 };
  if (status === 401) return { key: 'unauthorized', code: status };
  if (status === 403) return { key: 'forbidden', code: status };
  if (status === 404 || status === 410) return { key: 'notFound', code: status };
  // the join token refuses a meeting that is cancelled, held (ended by a host) or long over
  if (status === 409) return { key: 'over', code: status };
  if (status === 429) return { key: 'busy', code: status };
  return { key: 'other', code: status };
}

/** A JSON call to the API; JoinTokenError on a refusal (its status) or no answer (0). */
export async function apiCall<T>(base: string, method: string, path: string, authorization: string | undefined, body?: object): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers['authorization'] = authorization;
  let res: Response;
  try {
    res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' });
  } catch {
    throw new JoinTokenError(0);
  }
  const json = (await res.json().catch(() => ({}))) as T;
  if (!res.ok) throw new JoinTokenError(res.status);
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
  /** the meeting's title (null for a guest) and time */
  title?: string | null;
  startsAt?: string;
  endsAt?: string;
}

/** The page's parameters after the API's answer. Exported for its unit test. */
export function withAnswer(params: PageParams, answer: JoinTokenAnswer): PageParams {
  const iceServers = answer.iceServers !== undefined && answer.iceServers.length > 0 ? answer.iceServers : params.iceServers;
  // several nodes: go where the API placed the meeting; one SFU: this origin (or the build's VITE_SFU_URL).
  // Never an address from the page's URL.
  const sfuUrl = answer.node !== undefined && answer.sfuUrl !== undefined ? answer.sfuUrl : params.sfuUrl;
  const about: { about?: MeetingAbout } = answer.startsAt !== undefined && answer.endsAt !== undefined ? { about: { title: answer.title ?? null, startsAt: answer.startsAt, endsAt: answer.endsAt } } : {};
  return { ...params, ...about, token: answer.token, ...(iceServers === undefined ? {} : { iceServers }), ...(sfuUrl === undefined ? {} : { sfuUrl }) };
}

function joinToken(base: string, meetingId: string, authorization: string): Promise<JoinTokenAnswer> {
  return apiCall(base, 'POST', `/api/meetings/${encodeURIComponent(meetingId)}/join-token`, authorization, {});
}

/**
 * The development sign-in (POST /api/dev-auth/token with an email address): only where no identity
 * provider is configured (the API answers 404 otherwise). Resolves with a bearer token.
 */
export async function devSignIn(base: string, email: string): Promise<string> {
  return (await apiCall<{ accessToken: string }>(base, 'POST', '/api/dev-auth/token', undefined, { email })).accessToken;
}

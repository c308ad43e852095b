import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The typed API client: paths, parameters and bodies come from the API's OpenAPI document
 * (schema.d.ts, `npm run api:types`). Same origin: /api is the API (the dev and preview servers and the
 * production proxy forward it).
 */
export const api = createClient<paths>({ baseUrl: '' });

/** An API answer that was not 2xx, with the API's message (already in the user's language where it has one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Array<{ field: string; reason: string; code?: string }> = [],
    /** the API's error code (`identifier_in_anonymous`, `conflict`…) and its details, when it sent them */
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What to tell the user of a failed call: the API's field reasons (already in their language), else the message. */
export function reasonOf(e: Error): string {
  return e instanceof ApiError && e.fields.length > 0 ? e.fields.map((f) => f.reason).join('; ') : e.message;
}

interface Session {
  /** the current access token, read from the session store at each request (never a stale copy) */
  accessToken(): Promise<string | undefined>;
  /** the API said 401 to this token: it expired or was revoked */
  unauthorized(token: string): void;
}
let session: Session | undefined;

/** The auth layer hands the client its token and hears of 401s (src/auth/AuthProvider.tsx). */
export function connectSession(s: Session | undefined): void {
  session = s;
}

let language: string | undefined;
/** The language the API words its refusals in (Accept-Language): the app's own, not the browser's. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

const auth: Middleware = {
  async onRequest({ request }) {
    if (language !== undefined) request.headers.set('accept-language', language);
    const token = await session?.accessToken();
    if (token !== undefined && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    const sent = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (response.status === 401 && sent !== undefined && sent !== '') session?.unauthorized(sent);
    return response;
  },
};
api.use(auth);

/** The data of an openapi-fetch answer, or an ApiError carrying the API's message and fields. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; error?: unknown; details?: unknown; fields?: Array<{ field: string; reason: string; code?: string }> };
  const message = typeof body.message === 'string' ? body.message : Array.isArray(body.message) ? body.message.join('; ') : `HTTP ${response.status}`;
  throw new ApiError(response.status, message, body.fields ?? [], typeof body.error === 'string' ? body.error : undefined, body.details);
}

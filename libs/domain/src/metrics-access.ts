/**
 * Who may read an operational `/metrics` endpoint (API and SFU alike). The endpoint must not be public in
 * production, and Kohtaamo's choice is a bearer token from configuration (METRICS_TOKEN) rather than a
 * separate port: one port per process stays the only thing to expose, Prometheus scrapes each instance
 * directly with `authorization: { credentials: … }`, and the reverse proxy need not know about it.
 * - a token is configured: only `Authorization: Bearer <token>` may read (else 401);
 * - no token, production: the endpoint is off (404), so nothing leaks by forgetting the variable;
 * - no token elsewhere: open (development, tests).
 */
export type MetricsAccess = 'ok' | 'unauthorized' | 'disabled';

export function metricsAccess(token: string | null | undefined, production: boolean, authorization: string | undefined): MetricsAccess {
  if (!token) return production ? 'disabled' : 'ok';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return 'unauthorized';
  return sameSecret(m[1], token) ? 'ok' : 'unauthorized';
}

/** Compares every character whatever the first difference, so the time taken does not tell how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i % Math.max(given.length, 1)) || 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** The configured token, validated: unset or at least 16 characters of no whitespace. */
export function parseMetricsToken(raw: string | undefined): { token: string | null; error?: string } {
  const v = raw?.trim();
  if (!v) return { token: null };
  if (v.length < 16 || /\s/.test(v)) return { token: null, error: `must be at least 16 characters without spaces (openssl rand -hex 24), got ${v.length}` };
  return { token: v };
}

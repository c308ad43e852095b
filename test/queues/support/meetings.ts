import request from 'supertest';
import type { RequestListener } from 'node:http';
import { post } from '../../support/fixtures';

export interface Person {
  kind: 'family' | 'staff';
  displayName?: string;
  email?: string;
  locale?: 'fi' | 'sv' | 'en';
  familyRelation?: string;
  personId?: string;
}

let slot = 0;

/** A remote meeting starting `startsInMs` from now; family participants need no consent, so tests can add many. */
export async function meetingStartingIn(
  http: RequestListener,
  startsInMs: number,
  participants: Person[],
  extra: Record<string, unknown> = {},
): Promise<{ id: string; participants: Array<{ id: string; displayName: string; email: string | null }>; sequence: number; startsAt: string }> {
  const startsAt = new Date(Date.now() + startsInMs);
  startsAt.setMilliseconds(0);
  return post(http, '/api/meetings', {
    kind: 'ad_hoc',
    title: `Tapaaminen ${++slot}`,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    mode: 'remote',
    participants: participants.map((p) => ({ familyRelation: p.kind === 'family' ? (p.familyRelation ?? 'guardian') : undefined, ...p })),
    ...extra,
  });
}

export function family(name: string, email: string | undefined, locale: 'fi' | 'sv' | 'en' = 'fi'): Person {
  return { kind: 'family', displayName: name, email, locale };
}

export async function deliveries(http: RequestListener, meetingId: string): Promise<Array<Record<string, unknown> & { kind: string; status: string; participantId: string; attempts: number; lastError: string | null; sequence: number; offsetMinutes: number }>> {
  const res = await request(http).get(`/api/meetings/${meetingId}/deliveries`).query({ limit: 200 }).expect(200);
  return res.body.items;
}

export async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

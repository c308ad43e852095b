import request from 'supertest';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { TestApi } from '../../support/api';
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

/** The notifications queue of a test API (closed with `close()`). */
export function notificationsQueue(api: TestApi): Queue & { closeAll(): Promise<void> } {
  const connection = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('notifications', { connection, prefix: api.config.queuePrefix }) as Queue & { closeAll(): Promise<void> };
  queue.closeAll = async () => {
    await queue.close();
    connection.disconnect();
  };
  return queue;
}

/**
 * Waits until nothing more can be sent for a meeting now: its outbox rows are all relayed and none of
 * its notification jobs waits, runs or retries (delayed jobs due later — reminders — may remain). Instead
 * of sleeping "long enough for a duplicate to arrive": once settled, a duplicate would already be here.
 */
export async function settled(api: TestApi, meetingId: string, timeoutMs = 15_000): Promise<void> {
  const queue = notificationsQueue(api);
  try {
    await until(
      async () => {
        const outbox = await api.db.ds.query(`SELECT 1 FROM meeting_outbox WHERE meeting_id = $1 AND processed_at IS NULL LIMIT 1`, [meetingId]);
        if (outbox.length) return false;
        const now = Date.now();
        const jobs = await queue.getJobs(['waiting', 'active', 'prioritized', 'delayed']);
        // a delayed job counts while it is a retry (attempts made) or due by now (about to be promoted)
        const busy = jobs.some((j) => j?.data?.meetingId === meetingId && (j.attemptsMade > 0 || j.timestamp + (j.delay ?? 0) <= now || !j.delay));
        return !busy;
      },
      timeoutMs,
      `the notifications of meeting ${meetingId} to settle`,
    );
  } finally {
    await queue.closeAll();
  }
}

/** Runs every delayed notification job of a meeting now (what the queue dashboard's "promote" does). */
export async function promoteDelayed(api: TestApi, meetingId: string): Promise<number> {
  const queue = notificationsQueue(api);
  try {
    const jobs = (await queue.getDelayed()).filter((j) => j.data?.meetingId === meetingId);
    for (const j of jobs) await j.promote();
    return jobs.length;
  } finally {
    await queue.closeAll();
  }
}

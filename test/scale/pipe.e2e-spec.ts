import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { buildWeb, eventually, hook, launchChromium, newPage } from '../video/support/browser';
import { startSfu } from '../video/support/sfu';
import { signJoinToken, type TokenClaims } from '../video/support/tokens';

const MEETING = 'meeting-spread-1';
const people: TokenClaims[] = [
  { sub: 'spread-anna', mid: MEETING, name: 'Anna', role: 'host' },
  { sub: 'spread-pekka', mid: MEETING, name: 'Pekka', role: 'member' },
  { sub: 'spread-liisa', mid: MEETING, name: 'Liisa', role: 'member' },
];

/**
 * A meeting larger than one worker: with one participant per router allowed, the second participant's
 * transports go on a router of the same meeting on the node's other worker, and media crosses between the
 * workers through pipeToRouter — each producer piped once per target router, whoever consumes it.
 */
describe('one meeting over two workers of a node (pipeToRouter)', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ webRoot: buildWeb(), workers: 2 }, { rooms: { emptyRoomGraceMs: 0, peersPerRouter: 1 } });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await sfu?.close();
  });

  async function open(claims: TokenClaims): Promise<Page> {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    await page.goto(`${sfu.url}/join?meeting=${MEETING}#token=${await signJoinToken(claims)}`);
    await page.waitForSelector('#join-button');
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    await page.click('#join-button');
    await eventually('the call view', async () => (await hook(page, 'view')) === 'call');
    return page;
  }

  async function videoFrom(page: Page, ids: string[]): Promise<boolean> {
    const stats = await hook(page, 'stats');
    return ids.every((id) => stats.some((s) => s.participantId === id && s.kind === 'video' && s.framesDecoded > 0));
  }

  it('puts the second participant on the other worker and everyone sees everyone', async () => {
    const pages: Page[] = [];
    for (const p of people) pages.push(await open(p));
    for (const [i, page] of pages.entries()) {
      const others = people.filter((_, j) => j !== i).map((p) => p.sub);
      await eventually(`${people[i]?.sub ?? ''} to see the others`, () => videoFrom(page, others), 30_000);
    }
    const room = sfu.rooms.room(MEETING);
    if (room === undefined) throw new Error('no room');
    const pids = room.spread.slots.map((s) => (s.router.appData as { pid: number }).pid);
    // two routers, on the node's two different workers; the third participant shares the emptier one
    expect(pids).toHaveLength(2);
    expect(new Set(pids).size).toBe(2);
    expect(room.spread.slots.map((s) => s.peers).sort()).toEqual([1, 2]);
    expect(new Set(sfu.pool.liveWorkers().map((w) => w.pid))).toEqual(new Set(pids));
  }, 120_000);
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { SignallingGateway } from '../../apps/sfu/src/signalling/signalling.gateway';
import type { SocketChannel } from '../../apps/sfu/src/signalling/socket-channel';
import { buildWeb, eventually, hook, launchChromium, newPage, REPO_ROOT, type PageTrackStats } from './support/browser';
import { startSfu } from './support/sfu';
import type { VideoRole } from '@kohtaamo/protocol';
import { signJoinToken, type TokenClaims } from './support/tokens';

const MEETING = 'meeting-browser-1';
const people: Record<VideoRole, TokenClaims> = {
  host: { sub: 'host-anna', mid: MEETING, name: 'Anna Lääkäri', role: 'host' },
  member: { sub: 'member-pekka', mid: MEETING, name: 'Pekka Psykologi', role: 'member' },
  guest: { sub: 'guest-koulu', mid: MEETING, name: 'Kutsuttu vieras', role: 'guest' },
};

/**
 * Three real Chromium participants with fake camera and microphone, through the built web client and the
 * real SFU: a guest admitted from the lobby, everyone receiving everyone, a refused token, a removal.
 */
describe('video in a real browser (Chromium + mediasoup)', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};

  async function open(who: keyof typeof people, meetingParam = MEETING, claims = people[who]): Promise<Page> {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    const token = await signJoinToken(claims);
    await page.goto(`${sfu.url}/join?meeting=${encodeURIComponent(meetingParam)}#token=${token}`);
    return page;
  }

  async function joinFrom(page: Page, name?: string): Promise<void> {
    await page.waitForSelector('#join-button');
    // The preview must have a camera before joining (fake device).
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    if (name !== undefined) await page.fill('#name-input', name);
    await page.click('#join-button');
  }

  /** On a failure: what each page heard from the SFU, and what the SFU thinks (diagnosis only). */
  async function dumpEvents(stats: PageTrackStats[]): Promise<void> {
    for (const [who, page] of Object.entries(pages)) {
      process.stderr.write(`--- ${who} (${await hook(page, 'view')}) grid=${(await hook(page, 'participants')).join(',')}\n${(await hook(page, 'events')).join('\n')}\n`);
    }
    const room = sfu.rooms.room(MEETING);
    process.stderr.write(`stats: ${JSON.stringify(stats)}\nserver: ${[...(room?.peers.values() ?? [])].map((p) => `${p.participantId}[${p.producerInfos().map((x) => x.source).join('+')}]`).join(' ')}\n`);
  }

  /** Remote tracks per participant and kind, with bytes and frames that keep rising. */
  async function receivesFrom(page: Page, others: string[]): Promise<PageTrackStats[]> {
    const want = (s: PageTrackStats[]): boolean =>
      others.every((id) => {
        const audio = s.find((x) => x.participantId === id && x.kind === 'audio');
        const video = s.find((x) => x.participantId === id && x.kind === 'video' && x.source === 'camera');
        return audio !== undefined && audio.bytesReceived > 0 && video !== undefined && video.bytesReceived > 0 && video.framesDecoded > 0;
      });
    let first: PageTrackStats[] = [];
    try {
      await eventually('audio and video from the others', async () => want((first = await hook(page, 'stats'))), 30_000);
    } catch (e) {
      await dumpEvents(first);
      throw e;
    }
    let second: PageTrackStats[] = [];
    await eventually('bytes and frames to keep rising', async () => {
      second = await hook(page, 'stats');
      return others.every((id) => {
        const a0 = first.find((x) => x.participantId === id && x.kind === 'audio');
        const a1 = second.find((x) => x.participantId === id && x.kind === 'audio');
        const v0 = first.find((x) => x.participantId === id && x.kind === 'video');
        const v1 = second.find((x) => x.participantId === id && x.kind === 'video');
        return a0 !== undefined && a1 !== undefined && v0 !== undefined && v1 !== undefined &&
          a1.bytesReceived > a0.bytesReceived && v1.bytesReceived > v0.bytesReceived && v1.framesDecoded > v0.framesDecoded;
      });
    }, 20_000);
    return second;
  }

  beforeAll(async () => {
    const webRoot = buildWeb();
    sfu = await startSfu({ webRoot, workers: 2 });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await sfu?.close();
  });

  it('three participants, one a guest admitted from the lobby, all receive each other’s audio and video', async () => {
    pages['host'] = await open('host');
    await joinFrom(pages['host']);
    await eventually('the host in the call', async () => (await hook(pages['host'] as Page, 'view')) === 'call');

    pages['member'] = await open('member');
    await joinFrom(pages['member']);
    await eventually('the member in the call', async () => (await hook(pages['member'] as Page, 'view')) === 'call');

    pages['guest'] = await open('guest');
    await joinFrom(pages['guest'], 'Liisa Kouluterveydenhoitaja');
    await eventually('the guest in the lobby', async () => (await hook(pages['guest'] as Page, 'view')) === 'lobby');
    expect(await pages['guest'].textContent('#lobby-view h1')).toBe('Odotetaan pääsyä'); // Finnish by default

    const host = pages['host'];
    await eventually('the host to see the guest waiting', async () => (await hook(host, 'lobby')).includes('guest-koulu'));
    expect(await host.textContent('#lobby-list')).toContain('Liisa Kouluterveydenhoitaja');
    // the knock is said in the live region (screen readers) and heard (a chime)
    expect(await host.getAttribute('#announcer', 'aria-live')).toBe('polite');
    await eventually('the knock announced', async () => (await host.textContent('#announcer')) === 'Liisa Kouluterveydenhoitaja (Kutsuttu vieras) odottaa pääsyä tapaamiseen.'); // with the name she was invited by (guest-name.ts)
    expect((await hook(host, 'events')).filter((e) => / lobby:knock guest-koulu chime=true$/.test(e))).toHaveLength(1);
    await host.click('#admit-guest-koulu');
    await eventually('the guest in the call', async () => (await hook(pages['guest'] as Page, 'view')) === 'call');

    const ids = Object.values(people).map((p) => p.sub);
    for (const [who, page] of Object.entries(pages)) {
      const me = people[who as keyof typeof people].sub;
      const others = ids.filter((id) => id !== me);
      await eventually(`${who} to show every tile`, async () => {
        const visible = await hook(page, 'participants');
        return ids.every((id) => visible.includes(id));
      });
      const stats = await receivesFrom(page, others);
      // Exactly the other two, audio and camera video each: nothing of one's own comes back.
      expect(stats.filter((s) => s.participantId === me)).toEqual([]);
    }

    // a muted participant is never shown speaking too
    for (const page of Object.values(pages)) expect(await page.locator('.tile:has(.badge.muted):has(.badge.speaking)').count()).toBe(0);

    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await host.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'call-view.png'), fullPage: true });
  }, 150_000);

  it('Join pressed before the devices are open still sends the microphone; on a phone the caption stays at the tile\'s foot', async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 } });
    contexts.push(context);
    const mid = 'meeting-browser-early';
    const token = await signJoinToken({ sub: 'member-early', mid, name: 'Eeva-Maria Varhainen-Pitkäsukunimi', role: 'host' });
    await page.goto(`${sfu.url}/join#token=${token}`);
    await page.click('#join-button'); // at once: the camera and microphone are still being opened
    await eventually('the early joiner in the call', async () => (await hook(page, 'view')) === 'call');
    await eventually('the microphone and camera at the SFU', async () => {
      const sources = sfu.rooms.room(mid)?.peers.get('member-early')?.producerInfos().map((x) => x.source).sort();
      return JSON.stringify(sources) === JSON.stringify(['camera', 'mic']);
    });
    expect(await page.getAttribute('#mic-button', 'aria-pressed')).toBe('false');
    // the caption (name, badges) is one line at the tile's foot, not over the face
    const tile = await page.locator('.tile[data-participant-id="member-early"]').boundingBox();
    const caption = await page.locator('.tile[data-participant-id="member-early"] figcaption').boundingBox();
    if (tile === null || caption === null) throw new Error('no tile or caption');
    expect(tile.width).toBeLessThan(361);
    expect(caption.height).toBeLessThan(tile.height * 0.3);
    expect(caption.y + caption.height).toBeLessThanOrEqual(tile.y + tile.height);
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'call-view-phone.png'), fullPage: true });
    await context.close();
  }, 120_000);

  it('refuses a token for another meeting and says so', async () => {
    const page = await open('member', MEETING, { ...people.member, sub: 'member-elsewhere', mid: 'meeting-browser-other' });
    await joinFrom(page);
    await eventually('the error view', async () => (await hook(page, 'view')) === 'error');
    expect(await page.getAttribute('#error-view', 'data-code')).toBe('wrong_meeting');
    expect(await page.textContent('#error-message')).toBe('Kutsulinkki on toiseen tapaamiseen.');
    expect(sfu.rooms.room('meeting-browser-other')).toBeUndefined();
  }, 60_000);

  it('a dropped connection: the client reconnects, rejoins by itself, and media flows both ways again', async () => {
    const member = pages['member'];
    if (member === undefined) throw new Error('the first test did not set up the call');
    const { server } = sfu.app.get(SignallingGateway);
    const socket = [...server.sockets.sockets.values()].find(
      (s) => (s.data as { channel?: SocketChannel }).channel?.session?.participantId === 'member-pekka',
    );
    if (socket === undefined) throw new Error('no socket for the member');
    socket.conn.close(); // the transport drops as on a network failure; socket.io will reconnect
    await eventually('the member to be back in the room on a new connection', async () => {
      const peer = sfu.rooms.room(MEETING)?.peers.get('member-pekka');
      return peer !== undefined && (peer.channel as SocketChannel).id !== socket.id && peer.producers.size === 2;
    });
    await receivesFrom(member, ['host-anna', 'guest-koulu']);
    for (const who of ['host', 'guest'] as const) {
      const page = pages[who] as Page;
      await receivesFrom(page, ['member-pekka', who === 'host' ? 'guest-koulu' : 'host-anna']);
    }
  }, 90_000);

  it('a worker dies: the meeting moves to the other worker and every page rejoins with media', async () => {
    const room = sfu.rooms.room(MEETING);
    if (room === undefined) throw new Error('no room');
    const killed = room.worker.pid;
    process.kill(killed, 'SIGKILL');
    await eventually('the meeting on another worker with everyone back', async () => {
      const now = sfu.rooms.room(MEETING);
      return now !== undefined && now !== room && now.worker.pid !== killed && now.peers.size === 3;
    }, 30_000);
    const ids = Object.values(people).map((p) => p.sub);
    for (const [who, page] of Object.entries(pages)) {
      const me = people[who as keyof typeof people].sub;
      await receivesFrom(page, ids.filter((id) => id !== me));
    }
  }, 120_000);

  it('the host removes a participant: they see why, and their tile leaves the others’ grids', async () => {
    const host = pages['host'];
    const member = pages['member'];
    const guest = pages['guest'];
    if (host === undefined || member === undefined || guest === undefined) throw new Error('the first test did not set up the call');
    host.once('dialog', (d) => void d.accept());
    if (!(await hook(host, 'participants')).includes('member-pekka')) await dumpEvents([]);
    await host.click('#remove-member-pekka', { timeout: 5000 });
    await eventually('the member to see the ended view', async () => (await hook(member, 'view')) === 'ended');
    expect(await member.getAttribute('#ended-view', 'data-reason')).toBe('removed');
    for (const [who, page] of [['host', host], ['guest', guest]] as const) {
      await eventually('the tile to disappear', async () => !(await hook(page, 'participants')).includes('member-pekka'));
      const grid = (await hook(page, 'participants')).sort();
      if (grid.length !== 2) await dumpEvents([]);
      expect({ who, grid }).toEqual({ who, grid: ['guest-koulu', 'host-anna'] });
    }
    expect(sfu.rooms.room(MEETING)?.peers.has('member-pekka')).toBe(false);
  }, 60_000);
});

import type { Page } from 'playwright-core';
import { eventually, hook } from '../video/support/browser';
import { signJoinToken } from '../video/support/tokens';
import { startWebStack, type WebStack } from './support/stack';
import { axeSeriousOrCritical, chooseLanguage, shot } from './support/pages';

/**
 * A call from the staff app, all real (API, IdP, PostgreSQL, Redis, SFU with mediasoup, Chromium with fake
 * devices): a neuvola nurse's request is accepted into LaNu's next session; she joins from Home's Join and
 * the team's responsible physician from the session agenda, both signed in through the IdP, and each
 * receives the other's video. The join, lobby and call views pass axe in fi, sv and en.
 */
jest.setTimeout(300_000);

const NURSE = 'terhi.makela@hyvaep.fi';
const PHYSICIAN = 'lauri.rintala@hyvaep.fi'; // LaNu's responsible physician, who chairs the team

async function call<T>(stack: WebStack, token: string, method: string, path: string, body?: object): Promise<T> {
  const res = await fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The preview has the fake camera, then Join; resolves in the call. */
async function joinFromPreview(page: Page): Promise<void> {
  await page.locator('#join-button').waitFor({ timeout: 30_000 });
  await page.waitForFunction('document.querySelector("#preview-video")?.srcObject != null', undefined, { timeout: 20_000 });
  await page.locator('#join-button').click();
  await eventually('the call view', async () => (await hook(page, 'view')) === 'call', 30_000);
}

async function seesVideoFromOther(page: Page): Promise<void> {
  await eventually('video from the other', async () => (await hook(page, 'stats')).some((s) => s.kind === 'video' && s.framesDecoded > 0), 30_000);
}

describe('a call from the staff app', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack({ sfu: true });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the nurse joins from Home, the responsible physician from the agenda; each sees the other; join, lobby and call pass axe in fi, sv and en', async () => {
    const nurse = await stack.person(NURSE);
    const physician = await stack.person(PHYSICIAN);
    const [team]: Array<{ id: string }> = await stack.db.ds.query(`SELECT id FROM team WHERE name LIKE '%(LaNu)%'`);
    if (team === undefined) throw new Error('no LaNu team in the demo county');
    const request = await call<{ id: string }>(stack, await stack.tokenFor(nurse.id), 'POST', '/api/requests', {
      teamId: team.id, clientGroup: 'separating_family', urgency: 'soon', anonymous: true, familyAttends: false, preferredMode: 'remote',
      question: 'Miten tukea 4-vuotiaan unta, kun vanhemmat ovat eroamassa?',
    });
    const accepted = await call<{ booking: { meetingId: string; title: string } | null }>(stack, await stack.tokenFor(physician.id), 'POST', `/api/requests/${request.id}/accept`, { schedule: 'first_free' });
    const meetingId = accepted.booking?.meetingId;
    if (meetingId === undefined) throw new Error('the request was not booked into a session');

    const n = await stack.newPage();
    const p = await stack.newPage();
    const g = await stack.newPage();
    try {
      // the nurse: Home → Join on her upcoming meeting → the app's join page, with her own session
      await n.page.goto(`${stack.webUrl}/`);
      await stack.signIn(n.page, NURSE);
      const join = n.page.locator(`#my-meetings li[data-meeting-id="${meetingId}"] .join-link`);
      await join.waitFor({ timeout: 20_000 });
      await join.click();
      await n.page.waitForURL((u) => u.pathname === '/join' && u.searchParams.get('meeting') === meetingId);
      await n.page.locator('#meeting-title').waitFor({ timeout: 20_000 });
      expect(await n.page.textContent('#meeting-title')).toBe(accepted.booking?.title);
      expect(await n.page.textContent('#meeting-time')).toMatch(/klo \d{2}\.\d{2}/);
      await n.page.waitForFunction('document.querySelector("#preview-video")?.srcObject != null', undefined, { timeout: 20_000 });
      for (const lang of ['sv', 'en', 'fi'] as const) {
        await chooseLanguage(n.page, lang);
        expect({ view: `join ${lang}`, found: await axeSeriousOrCritical(n.page) }).toEqual({ view: `join ${lang}`, found: [] });
      }
      expect(await n.page.getAttribute('#preview-video', 'aria-label')).toBe('Oman kuvasi esikatselu');
      await shot(n.page, 'call-1-nurse-join');
      await joinFromPreview(n.page);

      // the physician: the team's sessions → the session's Join
      await p.page.goto(`${stack.webUrl}/`);
      await stack.signIn(p.page, PHYSICIAN);
      await p.page.locator('#nav-sessions').click();
      const agendaJoin = p.page.locator(`article.session[data-meeting-id="${meetingId}"] .join-link`);
      await agendaJoin.waitFor({ timeout: 20_000 });
      await agendaJoin.click();
      await p.page.waitForURL((u) => u.pathname === '/join' && u.searchParams.get('meeting') === meetingId);
      await joinFromPreview(p.page);

      // each sees the other's video, and the other's tile by name
      await seesVideoFromOther(n.page);
      await seesVideoFromOther(p.page);
      await n.page.locator('#grid .tile', { hasText: physician.name }).waitFor({ timeout: 20_000 });
      await p.page.locator('#grid .tile', { hasText: nurse.name }).waitFor({ timeout: 20_000 });
      expect((await hook(n.page, 'participants')).length).toBe(2);
      expect((await hook(p.page, 'participants')).length).toBe(2);
      await shot(n.page, 'call-2-nurse-in-call');
      await shot(p.page, 'call-3-physician-in-call');

      // a guest with a link (not signed in) waits in the lobby; the host hears the knock
      const guestToken = await signJoinToken({ sub: 'guest-axe', mid: meetingId, name: 'Koulun terveydenhoitaja', role: 'guest' }, { secret: stack.config.joinTokenSecret });
      await g.page.goto(`${stack.webUrl}/join#token=${guestToken}`);
      await g.page.locator('#join-button').waitFor({ timeout: 30_000 });
      await g.page.locator('#join-button').click();
      await eventually('the guest in the lobby', async () => (await hook(g.page, 'view')) === 'lobby', 30_000);
      await eventually('the host sees the guest waiting', async () => (await hook(p.page, 'lobby')).includes('guest-axe'));
      await eventually('the knock announced', async () => ((await p.page.textContent('#announcer')) ?? '').includes('Koulun terveydenhoitaja'));
      await shot(g.page, 'call-4-guest-lobby');
      await shot(p.page, 'call-5-host-knock');
      for (const lang of ['sv', 'en', 'fi'] as const) {
        await chooseLanguage(g.page, lang);
        expect({ view: `lobby ${lang}`, found: await axeSeriousOrCritical(g.page) }).toEqual({ view: `lobby ${lang}`, found: [] });
        await chooseLanguage(p.page, lang);
        expect({ view: `call ${lang}`, found: await axeSeriousOrCritical(p.page) }).toEqual({ view: `call ${lang}`, found: [] });
      }
      // the language switch did not disturb the call
      expect(await hook(p.page, 'view')).toBe('call');
      await seesVideoFromOther(p.page);
    } finally {
      for (const x of [n, p, g]) await x.context.close();
    }
  });
});

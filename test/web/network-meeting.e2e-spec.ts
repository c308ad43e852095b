import type { Page } from 'playwright-core';
import { TestSmtp } from '../queues/support/smtp';
import { eventually, hook } from '../video/support/browser';
import { shot } from './support/pages';
import { startWebStack, type WebStack } from './support/stack';

/**
 * Issue 12's story from the guests' side, all real (API with its notification workers, an SMTP server,
 * IdP, PostgreSQL, Redis, the SFU with mediasoup, Chromium with fake devices): a coordinator's network
 * meeting with a teacher, a Kela worker and the guardian. The invitations arrive by email; each guest opens
 * the link in it (their own page: the meeting's time, no word of the case), joins and waits in the lobby;
 * the coordinator, signed in, joins from the meeting page as its host and admits them; everyone is in the
 * call. Then she ends the meeting: it is held, attendance shows who came. Screenshots in test-artifacts/web.
 */
jest.setTimeout(420_000);

const COORDINATOR = 'sirpa.peltola@hyvaep.fi';
const GUESTS = [
  { name: 'Opettaja Ville Koski', email: 'ville.koski@koulu.example.fi', kind: 'external', organisationName: 'Seinäjoen koulu', organisationType: 'school' },
  { name: 'Aino Laine', email: 'aino.laine@kela.example.fi', kind: 'external', organisationName: 'Kela Seinäjoki', organisationType: 'kela' },
  { name: 'Hanna Verkkonen', email: 'hanna.verkkonen@example.fi', kind: 'family', familyRelation: 'guardian' },
] as const;

describe('a network meeting: the guests come by their email links and the coordinator admits them', () => {
  let stack: WebStack;
  let smtp: TestSmtp;

  async function apiAs<T>(email: string, method: string, path: string, body?: unknown): Promise<T> {
    const token = await stack.tokenFor((await stack.person(email)).id);
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    stack = await startWebStack({ sfu: true, env: { RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300' } });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it('guests open their links, wait in the lobby, are admitted by the organiser; she ends the meeting and it is held', async () => {
    const teams = await apiAs<{ items: Array<{ id: string; name: string }> }>(COORDINATOR, 'GET', '/api/teams?limit=200');
    const team = teams.items.find((x) => /LaNu/.test(x.name)) ?? teams.items[0];
    const client = await apiAs<{ id: string }>(COORDINATOR, 'POST', '/api/clients', { fullName: 'Onni Verkkonen', birthDate: '2016-04-02' });
    const consent = await apiAs<{ id: string }>(COORDINATOR, 'POST', `/api/clients/${client.id}/consents`, {
      givenBy: 'guardian', givenByName: 'Hanna Verkkonen', organisationTypes: ['school', 'kela'], dataCategories: ['request', 'minutes'],
      purpose: 'Verkostoneuvottelu koulun ja Kelan kanssa', givenAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const request = await apiAs<{ id: string }>(COORDINATOR, 'POST', '/api/requests', {
      teamId: team.id, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote', anonymous: false, clientId: client.id, consentId: consent.id,
      question: 'Miten koulu ja Kela voivat tukea perhettä arjessa?',
    });
    // LaNu's responsible physician accepts it (to be met in a network meeting, not a session slot)
    await apiAs('lauri.rintala@hyvaep.fi', 'POST', `/api/requests/${request.id}/accept`, { schedule: 'later' });
    const startsAt = new Date(Date.now() + 60_000);
    const meeting = await apiAs<{ id: string; participants: Array<{ id: string; displayName: string | null; email: string | null }> }>(COORDINATOR, 'POST', '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu Onnin koulunkäynnistä', requestId: request.id, startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'remote',
      participants: GUESTS.map((g) => ({ kind: g.kind, displayName: g.name, email: g.email, ...('organisationType' in g ? { organisationName: g.organisationName, organisationType: g.organisationType } : { familyRelation: g.familyRelation }) })),
    });

    const [booked]: Array<{ status: string }> = await stack.db.ds.query('SELECT status FROM consultation_request WHERE id = $1', [request.id]);
    expect(booked.status).toBe('scheduled');

    // the invitations arrive, each with the guest's own page
    const mails = await smtp.waitFor((all) => GUESTS.every((g) => all.some((m) => m.to.includes(g.email) && m.key.startsWith(`req.${meeting.id}.`))), 60_000, 'the invitations');
    const linkOf = (email: string): string => {
      const mail = mails.find((m) => m.to.includes(email) && m.key.startsWith(`req.${meeting.id}.`))!;
      const m = /(http:\/\/\S+\/guest#invitation=[\w-]+&lang=\w+)/.exec(mail.text);
      if (m?.[1] === undefined) throw new Error(`no guest link in the invitation to ${email}: ${mail.text}`);
      expect(mail.text).not.toContain('Onni'); // nothing of the case in an email to outside
      return m[1].replace(/^http:\/\/[^/]+/, stack.webUrl); // the web stack's own origin (PUBLIC_URL is it already)
    };

    const pages: Array<{ context: { close(): Promise<void> }; page: Page }> = [];
    try {
      const guests: Page[] = [];
      for (const [i, g] of GUESTS.entries()) {
        const x = await stack.newPage();
        pages.push(x);
        await x.page.goto(linkOf(g.email));
        await x.page.locator('#guest-meeting').waitFor({ timeout: 30_000 });
        const shown = (await x.page.locator('main').textContent()) ?? '';
        for (const secret of ['Onni', 'Verkostoneuvottelu', 'koulu ja Kela']) expect(shown).not.toContain(secret);
        await shot(x.page, `network-${i + 1}-guest-page`);
        await x.page.locator('#guest-join').click();
        await x.page.locator('#join-button').waitFor({ timeout: 30_000 });
        await x.page.waitForFunction('document.querySelector("#preview-video")?.srcObject != null', undefined, { timeout: 20_000 });
        await x.page.locator('#join-button').click();
        await eventually(`${g.name} in the lobby`, async () => (await hook(x.page, 'view')) === 'lobby', 30_000);
        guests.push(x.page);
      }
      await shot(guests[0], 'network-4-teacher-lobby');

      // the coordinator: signed in, the meeting page, Join → host of the call
      const c = await stack.newPage();
      pages.push(c);
      await c.page.goto(`${stack.webUrl}/`);
      await stack.signIn(c.page, COORDINATOR);
      await c.page.goto(`${stack.webUrl}/meetings/${meeting.id}`);
      await c.page.locator('#join-meeting').click();
      await c.page.locator('#join-button').waitFor({ timeout: 30_000 });
      await c.page.waitForFunction('document.querySelector("#preview-video")?.srcObject != null', undefined, { timeout: 20_000 });
      await c.page.locator('#join-button').click();
      await eventually('the organiser in the call', async () => (await hook(c.page, 'view')) === 'call', 30_000);
      await eventually('the organiser sees the three waiting', async () => (await hook(c.page, 'lobby')).length === 3, 30_000);
      await shot(c.page, 'network-5-organiser-lobby');
      for (const p of meeting.participants.filter((x) => GUESTS.some((g) => g.email === x.email))) {
        await c.page.locator(`#admit-${p.id}`).click();
      }
      for (const [i, g] of guests.entries()) {
        await eventually(`${GUESTS[i].name} admitted`, async () => (await hook(g, 'view')) === 'call', 30_000);
      }
      await eventually('everyone in the call', async () => (await hook(c.page, 'participants')).length === 4, 30_000);
      await eventually('the organiser receives video', async () => (await hook(c.page, 'stats')).some((s) => s.kind === 'video' && s.framesDecoded > 0), 30_000);
      await shot(c.page, 'network-6-everyone-in-call');

      // attendance from the video: the SFU reported each guest's and the organiser's connection to the API
      const guestIds = meeting.participants.filter((x) => GUESTS.some((g) => g.email === x.email)).map((x) => x.id);
      await eventually('the video attendance of the three guests', async () => {
        const a = await apiAs<{ rows: Array<{ participantId: string | null; source: string; joinedAt: string | null }> }>(COORDINATOR, 'GET', `/api/meetings/${meeting.id}/attendance`);
        return guestIds.every((id) => a.rows.some((r) => r.participantId === id && r.source === 'video' && r.joinedAt !== null));
      }, 20_000);

      // the organiser ends the meeting on its page: held, and its request moves on
      stack.clock.set(new Date(startsAt.getTime() + 30 * 60_000));
      await apiAs(COORDINATOR, 'POST', `/api/meetings/${meeting.id}/end`, {});
      const [row]: Array<{ status: string }> = await stack.db.ds.query('SELECT status FROM meeting WHERE id = $1', [meeting.id]);
      expect(row.status).toBe('held');
      const [req]: Array<{ status: string }> = await stack.db.ds.query('SELECT status FROM consultation_request WHERE id = $1', [request.id]);
      expect(req.status).toBe('handled');
    } finally {
      for (const x of pages) await x.context.close();
    }
  });
});

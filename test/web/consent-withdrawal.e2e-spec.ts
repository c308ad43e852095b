import { axeSeriousOrCritical, shot } from './support/pages';
import { startWebStack, type WebStack } from './support/stack';

/**
 * A guardian tells the nurse "I withdraw my consent": the nurse records it in the staff app, from her
 * request on Home — the dialog says what happens at once, she gives the reason, confirms; the consent
 * shows as withdrawn with its date, and the API has it withdrawn (POST /api/consents/:id/withdraw; its
 * cascade is the API's own tests'). All real: API, IdP, PostgreSQL, Redis, Chromium.
 */
jest.setTimeout(240_000);

const NURSE = 'terhi.makela@hyvaep.fi'; // neuvola nurse: the requester, so the client's own worker

describe('withdrawing a consent in the staff app', () => {
  let stack: WebStack;

  async function apiAs<T>(email: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const token = await stack.tokenFor((await stack.person(email)).id);
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  async function ok<T>(email: string, method: string, path: string, body?: unknown): Promise<T> {
    const r = await apiAs<T>(email, method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the nurse withdraws the consent of her request on Home: the dialog tells the effects, the reason is recorded, the consent shows withdrawn and the API has it so', async () => {
    const teams = await ok<{ items: Array<{ id: string; name: string }> }>(NURSE, 'GET', '/api/teams?limit=200');
    const team = teams.items.find((x) => /LaNu/.test(x.name)) ?? teams.items[0];
    const client = await ok<{ id: string }>(NURSE, 'POST', '/api/clients', { fullName: 'Peppi Peruja', birthDate: '2017-06-12' });
    const consent = await ok<{ id: string }>(NURSE, 'POST', `/api/clients/${client.id}/consents`, {
      givenBy: 'guardian', givenByName: 'Petra Peruja', organisationTypes: ['school'], dataCategories: ['request', 'minutes'],
      purpose: 'Konsultaatio koulun kanssa', givenAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const request = await ok<{ id: string }>(NURSE, 'POST', '/api/requests', {
      teamId: team.id, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote', anonymous: false, clientId: client.id, consentId: consent.id,
      question: 'Miten koulu voi tukea lapsen keskittymistä?',
    });

    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      const item = page.locator(`#my-requests li[data-request-id="${request.id}"]`);
      const panel = item.locator(`.consent[data-consent-id="${consent.id}"]`);
      await panel.locator('.consent-state').waitFor({ timeout: 20_000 });
      expect(await panel.getAttribute('data-state')).toBe('active');
      expect(await panel.textContent()).toContain('voimassa');
      expect(await panel.textContent()).toContain('Petra Peruja');

      await panel.locator('button.withdraw-consent').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const said = (await dialog.textContent()) ?? '';
      expect(said).toContain('kutsulinkit perutaan'); // what happens at once (README)
      expect(said).toContain('Asiakas ja huoltaja säilyttävät');
      // focus is in the dialog, on the reason
      expect(await page.evaluate('document.activeElement?.id')).toBe('withdraw-reason');
      await page.locator('#withdraw-reason').fill('Huoltaja perui suostumuksen puhelimessa');
      await shot(page, 'consent-withdraw-dialog');
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await page.locator('#withdraw-confirm').click();

      await item.locator('.consent[data-state="withdrawn"]').waitFor({ timeout: 20_000 });
      await dialog.waitFor({ state: 'detached' });
      const now = new Date();
      const today = `${new Intl.DateTimeFormat('fi-FI', { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'numeric', year: 'numeric' }).format(now)}`;
      expect(await panel.textContent()).toContain(`peruttu ${today}`);
      expect(await panel.textContent()).toContain('Huoltaja perui suostumuksen puhelimessa');
      expect(await panel.locator('button.withdraw-consent').count()).toBe(0);
      await shot(page, 'consent-withdrawn-home');

      const after = await ok<{ state: string; withdrawnAt: string | null; withdrawalReason: string | null }>(NURSE, 'GET', `/api/consents/${consent.id}`);
      expect(after.state).toBe('withdrawn');
      expect(after.withdrawnAt).not.toBeNull();
      expect(after.withdrawalReason).toBe('Huoltaja perui suostumuksen puhelimessa');
    } finally {
      await context.close();
    }
  });
  it("after the minutes the request leaves Home: the consent is withdrawn from the meeting's page", async () => {
    const teams = await ok<{ items: Array<{ id: string; name: string }> }>(NURSE, 'GET', '/api/teams?limit=200');
    const team = teams.items.find((x) => /LaNu/.test(x.name)) ?? teams.items[0];
    const client = await ok<{ id: string }>(NURSE, 'POST', '/api/clients', { fullName: 'Ville Verkosto', birthDate: '2016-03-02' });
    const consent = await ok<{ id: string }>(NURSE, 'POST', `/api/clients/${client.id}/consents`, {
      givenBy: 'guardian', givenByName: 'Veera Verkosto', organisationTypes: ['school'], dataCategories: ['request', 'minutes'],
      purpose: 'Verkostoneuvottelu koulun kanssa', givenAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const request = await ok<{ id: string }>(NURSE, 'POST', '/api/requests', {
      teamId: team.id, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote', anonymous: false, clientId: client.id, consentId: consent.id,
      question: 'Miten koulu voi tukea lapsen arkea?',
    });
    const startsAt = new Date(Date.now() + 86_400_000);
    const meeting = await ok<{ id: string }>(NURSE, 'POST', '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: request.id, startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'remote', participants: [],
    });
    // the request is done with (its minutes final): Home no longer lists it
    await stack.db.ds.query(`UPDATE consultation_request SET status = 'minutes_finalised' WHERE id = $1`, [request.id]);

    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/meetings/${meeting.id}`);
      await stack.signIn(page, NURSE);
      const panel = page.locator(`.consent[data-consent-id="${consent.id}"]`);
      await panel.locator('.consent-state').waitFor({ timeout: 20_000 });
      expect(await panel.getAttribute('data-state')).toBe('active');
      await panel.locator('button.withdraw-consent').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await page.locator('#withdraw-reason').fill('Huoltaja perui suostumuksen vastaanotolla');
      await page.locator('#withdraw-confirm').click();
      await page.locator(`.consent[data-consent-id="${consent.id}"][data-state="withdrawn"]`).waitFor({ timeout: 20_000 });
      await shot(page, 'consent-withdrawal-meeting-page');
      const after = await ok<{ state: string; withdrawalReason: string | null }>(NURSE, 'GET', `/api/consents/${consent.id}`);
      expect(after).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Huoltaja perui suostumuksen vastaanotolla' });
    } finally {
      await context.close();
    }
  });
});

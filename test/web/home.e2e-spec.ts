import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT, startWebStack, type WebStack } from './support/stack';

/**
 * The staff app's shell in Chromium against the real API, the development IdP, PostgreSQL and Redis,
 * with the demo county: signing in through the IdP's page, Home, the language switch, sign-out, an
 * expired session, and axe-core on each page in fi, sv and en.
 */
jest.setTimeout(180_000);

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'web');
const NURSE = 'terhi.makela@hyvaep.fi'; // neuvola nurse, requester of several demo requests
const PHYSICIAN = 'lauri.rintala@hyvaep.fi'; // LaNu's responsible physician
const OTHER_NURSE = 'sanna.hautala@hyvaep.fi'; // neuvola nurse whose language the switch test changes

async function axeSeriousOrCritical(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function chooseLanguage(page: Page, label: 'Suomi (FI)' | 'Svenska (SV)' | 'English (EN)'): Promise<void> {
  await page.locator('#language-menu').click();
  await page.getByRole('menuitem', { name: label }).click();
}

describe('the staff web app: sign-in, Home, languages, sign-out', () => {
  let stack: WebStack;

  async function apiGet<T>(email: string, path: string): Promise<T> {
    const token = await stack.tokenFor((await stack.person(email)).id);
    const res = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path} → ${res.status}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("the README's curl sign-in works beside the IdP: a development token from /api/dev-auth/token is accepted by the API that verifies the IdP's", async () => {
    const issued = await fetch(`${stack.apiUrl}/api/dev-auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'terhi.makela@hyvaep.fi' }) });
    expect(issued.status).toBe(200);
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const me = await fetch(`${stack.apiUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { name: string }).name).toBe('Terhi Mäkelä');
    // a token claiming that issuer but signed by another key is still refused
    const [h, p] = accessToken.split('.');
    const forged = await fetch(`${stack.apiUrl}/api/me`, { headers: { authorization: `Bearer ${h}.${p}.${'A'.repeat(342)}` } });
    expect(forged.status).toBe(401);
  });

  it('a demo nurse signs in through the IdP page and Home shows her requests, what the team asked back, and her meetings', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      // not signed in: Home sends her to the sign-in page
      await page.waitForURL(/\/sign-in/);
      expect(await page.locator('#page-title').textContent()).toBe('Kirjaudu sisään');
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await stack.signIn(page, NURSE);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.locator('#signed-in-person').textContent()).toContain('Terhi Mäkelä');
      await page.locator('#my-requests li[data-request-id]').first().waitFor();

      // what the API's Home answer holds is what the page shows
      const home = await apiGet<{ requests: { items: Array<{ id: string; status: string; teamMessage: { action: string; text: string } | null }> }; meetings: Array<{ id: string; joinable: boolean }> }>(NURSE, '/api/me/home');
      expect(home.requests.items.length).toBeGreaterThan(0);
      expect(await page.locator('#my-requests li[data-request-id]').count()).toBe(home.requests.items.length);
      const askedBack = home.requests.items.find((r) => r.teamMessage?.action === 'request_info');
      expect(askedBack).toBeDefined(); // the demo nurse has a request the team asked more about
      if (askedBack !== undefined) {
        expect(await page.locator(`li[data-request-id="${askedBack.id}"] .asked-back`).textContent()).toContain(askedBack.teamMessage?.text ?? '');
        expect(await page.locator(`li[data-request-id="${askedBack.id}"]`).textContent()).toContain('Lisätietoja pyydetty');
      }
      expect(await page.locator('#my-meetings li[data-meeting-id]').count()).toBe(home.meetings.length);
      expect(await page.locator('#my-meetings .join-link').count()).toBe(home.meetings.filter((m) => m.joinable).length);
      await page.locator('#my-meetings').waitFor();
      await page.getByText('Ladataan…').first().waitFor({ state: 'detached', timeout: 20_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'home-fi.png'), fullPage: true });
      expect(await axeSeriousOrCritical(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('she answers the team that asked for more: completes the question (an identifier refused at the field, not repeated) and sends it back to triage', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      const row = page.locator('#my-requests li[data-status="more_info_needed"]').first();
      await row.waitFor({ timeout: 20_000 });
      const id = (await row.getAttribute('data-request-id')) as string;
      await row.locator('button.answer-team').click();
      const text = page.locator(`textarea#answer-${id}`);
      const before = await text.inputValue();
      await text.fill(`${before} Vauva 131052-308T syö 8 kertaa vuorokaudessa.`);
      await row.locator('button.answer-send').click();
      const error = row.locator(`#answer-${id}-statusText`);
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toContain('henkilötunnus');
      expect(await error.textContent()).not.toContain('131052-308T');
      const [still]: Array<{ status: string; question: string }> = await stack.db.ds.query('SELECT status, question FROM consultation_request WHERE id = $1', [id]);
      expect(still).toEqual({ status: 'more_info_needed', question: before }); // refused before any write
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'home-answer-refused.png'), fullPage: true });

      await text.fill(`${before} Paino nousee 120 g viikossa, syöttöjä 8 vuorokaudessa.`);
      await row.locator('button.answer-send').click();
      await page.locator(`#my-requests li[data-request-id="${id}"][data-status="submitted"]`).waitFor({ timeout: 20_000 });
      const [after]: Array<{ status: string; question: string }> = await stack.db.ds.query('SELECT status, question FROM consultation_request WHERE id = $1', [id]);
      expect(after.status).toBe('submitted');
      expect(after.question).toContain('120 g viikossa');
    } finally {
      await context.close();
    }
  });

  it('the language switch changes every text, is remembered for her across reloads, and axe finds nothing serious in sv and en', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, OTHER_NURSE);
      await chooseLanguage(page, 'Svenska (SV)');
      await page.getByRole('heading', { level: 1, name: 'Startsida' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('sv');
      expect(await page.locator('#sign-out').textContent()).toBe('Logga ut');
      await page.locator('#my-requests').waitFor();
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'home-sv.png'), fullPage: true });
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Startsida' }).waitFor();

      await chooseLanguage(page, 'English (EN)');
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await page.locator('#my-requests').waitFor();
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      expect(await page.locator('#accessibility-link').textContent()).toBe('Accessibility statement');
      // kept in her profile: another browser shows English after she signs in there
      expect((await apiGet<{ locale: string }>(OTHER_NURSE, '/api/me/profile')).locale).toBe('en');
      const other = await stack.newPage();
      try {
        await other.page.goto(`${stack.webUrl}/`);
        await stack.signIn(other.page, OTHER_NURSE);
        await other.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      } finally {
        await other.context.close();
      }

      // the accessibility statement page, and the sign-in page in English
      await page.locator('#accessibility-link').click();
      await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
      expect(await axeSeriousOrCritical(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the sign-in page passes axe in sv and en too', async () => {
    const { context, page } = await stack.newPage();
    try {
      for (const [label, title] of [['Svenska (SV)', 'Logga in'], ['English (EN)', 'Sign in']] as const) {
        await page.goto(`${stack.webUrl}/sign-in`);
        await chooseLanguage(page, label);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        expect(await axeSeriousOrCritical(page)).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('a responsible physician sees his team\'s inbox count', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, PHYSICIAN);
      const inbox = page.locator('#team-inboxes li[data-team-id]').first();
      await inbox.waitFor();
      const teamId = await inbox.getAttribute('data-team-id');
      const home = await apiGet<{ inbox: Array<{ teamId: string; toTriage: number }> }>(PHYSICIAN, '/api/me/home');
      const count = home.inbox.find((x) => x.teamId === teamId)?.toTriage;
      expect(count).toBeDefined();
      expect(await inbox.locator('.inbox-count').textContent()).toMatch(new RegExp(`^${count ?? -1} `));
    } finally {
      await context.close();
    }
  });

  it("the triage email's link to a request (/requests/:id) opens Home with that request in view, after sign-in too, not 'page not found'", async () => {
    const { context, page } = await stack.newPage();
    try {
      const home = await apiGet<{ requests: { items: Array<{ id: string }> } }>(NURSE, '/api/me/home');
      const id = home.requests.items[home.requests.items.length - 1]?.id as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      // not signed in yet: the link goes through the sign-in page and comes back
      await page.goto(`${stack.webUrl}/requests/${id}`);
      await page.waitForURL(/\/sign-in/);
      await stack.signIn(page, NURSE);
      const opened = page.locator(`#my-requests li.opened[data-request-id="${id}"]`);
      await opened.waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.evaluate(`document.activeElement?.getAttribute('data-request-id')`)).toBe(id);
      expect(await page.locator('#not-found, h1:has-text("Sivua ei löytynyt")').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('sign-out ends the session: the sign-in page says so and Home asks to sign in again', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      await page.locator('#sign-out').click();
      await page.locator('#signed-out').waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.goto(`${stack.webUrl}/`);
      await page.waitForURL(/\/sign-in/);
      await page.locator('#sign-in').waitFor();
      // the IdP's session ended too: signing in shows its page again instead of coming straight back
      await page.locator('#sign-in').click();
      await page.waitForURL((u) => u.toString().startsWith(stack.idp.issuer));
      expect(await page.locator('button[name="person"]').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('a session that cannot be renewed sends the person to sign in again, with a message', async () => {
    const { context, page } = await stack.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      await page.locator('#my-requests li[data-request-id]').first().waitFor();
      // the stored session's access token ran out and it has no refresh token left
      await page.evaluate(`(() => {
        for (let i = 0; i < sessionStorage.length; i++) {
          const key = sessionStorage.key(i);
          if (key === null || !key.startsWith('oidc.user:')) continue;
          const u = JSON.parse(sessionStorage.getItem(key));
          delete u.refresh_token;
          u.expires_at = Math.floor(Date.now() / 1000) - 60;
          sessionStorage.setItem(key, JSON.stringify(u));
        }
      })()`);
      await page.reload();
      await page.locator('#sign-in-expired').waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
        await page.screenshot({ path: join(ARTIFACTS, 'expired-failed.png'), fullPage: true });
        throw new Error(`${String(e)} at ${page.url()}: ${await page.locator('main').textContent()}\nconsole:\n${log.join('\n')}`);
      });
      expect(await page.locator('#sign-in-expired').textContent()).toContain('Istuntosi on päättynyt');
    } finally {
      await context.close();
    }
  });
});

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

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
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

      // the API's own list is what Home shows
      const token = await stack.tokenFor((await stack.person(NURSE)).id);
      const mine = (await (await fetch(`${stack.apiUrl}/api/requests?requesterId=${(await stack.person(NURSE)).id}&limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string; status: string; statusReason: string | null }> };
      expect(mine.items.length).toBeGreaterThan(0);
      expect(await page.locator('#my-requests li[data-request-id]').count()).toBe(mine.items.length);
      const askedBack = mine.items.find((r) => r.status === 'more_info_needed' && r.statusReason !== null);
      if (askedBack !== undefined) {
        expect(await page.locator(`li[data-request-id="${askedBack.id}"] .asked-back`).textContent()).toContain(askedBack.statusReason ?? '');
        expect(await page.locator(`li[data-request-id="${askedBack.id}"]`).textContent()).toContain('Lisätietoja pyydetty');
      }
      await page.locator('#my-meetings').waitFor();
      await page.getByText('Ladataan…').first().waitFor({ state: 'detached', timeout: 20_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'home-fi.png'), fullPage: true });
      expect(await axeSeriousOrCritical(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the language switch changes every text, is remembered for her across reloads, and axe finds nothing serious in sv and en', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      await chooseLanguage(page, 'Svenska (SV)');
      await page.getByRole('heading', { level: 1, name: 'Startsida' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('sv');
      expect(await page.locator('#sign-out').textContent()).toBe('Logga ut');
      await page.locator('#my-requests li[data-request-id]').first().waitFor();
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'home-sv.png'), fullPage: true });
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Startsida' }).waitFor();

      await chooseLanguage(page, 'English (EN)');
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await page.locator('#my-requests li[data-request-id]').first().waitFor();
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      expect(await page.locator('#accessibility-link').textContent()).toBe('Accessibility statement');

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
      const token = await stack.tokenFor((await stack.person(PHYSICIAN)).id);
      const waiting = (await (await fetch(`${stack.apiUrl}/api/requests?teamId=${teamId}&status=submitted&limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
      await page.locator('#team-inboxes .inbox-count', { hasText: new RegExp(`^${waiting.total} `) }).first().waitFor({ timeout: 20_000 });
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
        throw new Error(`${String(e)} at ${page.url()}: ${await page.locator('main').textContent()}`);
      });
      expect(await page.locator('#sign-in-expired').textContent()).toContain('Istuntosi on päättynyt');
    } finally {
      await context.close();
    }
  });
});

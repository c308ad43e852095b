import type { Page } from 'playwright-core';
import { startWebStack, type WebStack } from './support/stack';
import { axeSeriousOrCritical, chooseLanguage, pick, shot, tabTo } from './support/pages';

/**
 * The consultation story through the staff app only, on the real API, IdP, PostgreSQL and Redis with the
 * demo county: a neuvola nurse files an anonymous request (an identifier in it is refused at the field,
 * in her language, without the value being repeated), LaNu's responsible physician accepts it from the
 * triage inbox into the next session, and the nurse sees the status change on Home. Then the same story
 * with the keyboard alone.
 */
jest.setTimeout(240_000);

const NURSE = 'terhi.makela@hyvaep.fi';
const PHYSICIAN = 'lauri.rintala@hyvaep.fi'; // LaNu's responsible physician, who chairs the team
const COORDINATOR = 'sirpa.peltola@hyvaep.fi';
const LANU = /LaNu/;
const HETU = '131052-308T';

async function statusOf(stack: WebStack, requestId: string): Promise<string> {
  const rows: Array<{ status: string }> = await stack.db.ds.query('SELECT status FROM consultation_request WHERE id = $1', [requestId]);
  return rows[0]?.status ?? 'missing';
}

describe('story: anonymous request → triage inbox → Home', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function nurseFiles(page: Page, question: string): Promise<string> {
    await page.locator('#nav-new-request').click();
    await page.getByRole('heading', { level: 1, name: 'Uusi konsultaatiopyyntö' }).waitFor();
    await pick(page, 'team', LANU);
    await pick(page, 'client-group', 'Eroperhe');
    await page.locator('label[for="urgency-soon"]').click();
    // an identifier in an anonymous request: refused by the API, shown at the field, in Finnish, not echoed
    await page.locator('#question').fill(`Lapsi ${HETU} nukkuu huonosti vanhempien erotessa.`);
    await page.locator('#send-request').click();
    const fieldError = page.locator('#question-statusText');
    await fieldError.waitFor({ timeout: 20_000 });
    const said = (await fieldError.textContent()) ?? '';
    expect(said.length).toBeGreaterThan(5);
    expect(said).not.toContain(HETU);
    expect(said).toContain('henkilötunnus');
    expect(said).not.toMatch(/\b(the|is|must|contains)\b/); // Finnish, not the API's English
    expect(await page.locator('#form-errors').textContent()).toContain('Kysymys tiimille');
    expect(await page.locator('#form-errors').textContent()).not.toContain(HETU);
    await shot(page, 'story-1-identifier-refused');
    expect(await axeSeriousOrCritical(page)).toEqual([]);

    await page.locator('#question').fill(question);
    await page.locator('#tried-so-far').fill('Unikoulu ja iltarutiinit.');
    await page.locator('#send-request').click();
    const sent = page.locator('#request-sent');
    await sent.waitFor({ timeout: 20_000 });
    await shot(page, 'story-2-request-sent');
    const id = await sent.getAttribute('data-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return id as string;
  }

  it('a nurse files an anonymous request, the responsible physician accepts it into the next session, and the nurse sees it scheduled on Home', async () => {
    const nurse = await stack.newPage();
    const pair = await stack.newPage();
    try {
      await nurse.page.goto(`${stack.webUrl}/`);
      await stack.signIn(nurse.page, NURSE);
      const id = await nurseFiles(nurse.page, 'Miten tukea 5-vuotiaan unta, kun vanhemmat ovat eroamassa?');
      expect(await statusOf(stack, id)).toBe('submitted');
      const rows: Array<{ anonymous: boolean; client_id: string | null; family_attends: boolean }> = await stack.db.ds.query('SELECT anonymous, client_id, family_attends FROM consultation_request WHERE id = $1', [id]);
      expect(rows[0]).toEqual({ anonymous: true, client_id: null, family_attends: false });

      await pair.page.goto(`${stack.webUrl}/`);
      await stack.signIn(pair.page, PHYSICIAN);
      await pair.page.locator('#nav-inbox').click();
      const row = pair.page.locator(`li.inbox-row[data-request-id="${id}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.textContent()).toContain('5-vuotiaan');
      expect(await row.locator('.deadline').textContent()).toMatch(/Vastattava viimeistään \d{1,2}\.\d{1,2}\.\d{4}/);
      await shot(pair.page, 'story-3-inbox');
      await row.locator('button.accept').click();
      await pair.page.locator('#decision-title').waitFor();
      await shot(pair.page, 'story-4-accept-dialog');
      await pair.page.locator('#decision-confirm').click();
      await pair.page.locator('#inbox-done').getByText('Pyyntö hyväksytty ja varattu').waitFor({ timeout: 20_000 });
      await shot(pair.page, 'story-5-accepted');
      expect(await statusOf(stack, id)).toBe('scheduled');
      await pair.page.locator(`li.inbox-row[data-request-id="${id}"][data-status="scheduled"]`).waitFor({ timeout: 20_000 });

      await nurse.page.locator('#nav-home').click();
      const mine = nurse.page.locator(`#my-requests li[data-request-id="${id}"]`);
      await mine.waitFor({ timeout: 20_000 });
      await nurse.page.locator(`#my-requests li[data-request-id="${id}"][data-status="scheduled"]`).waitFor({ timeout: 20_000 });
      expect(await mine.textContent()).toContain('Ajoitettu');
      await shot(nurse.page, 'story-6-home-scheduled');
    } finally {
      await nurse.context.close();
      await pair.context.close();
    }
  });

  it('the same story with the keyboard alone', async () => {
    const nurse = await stack.newPage();
    const pair = await stack.newPage();
    try {
      const { page } = nurse;
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      await tabTo(page, '#nav-new-request');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Uusi konsultaatiopyyntö' }).waitFor();
      await tabTo(page, ':is(#team, #team *)');
      await page.keyboard.press('Enter');
      await page.getByRole('option', { name: LANU }).first().waitFor();
      // the LaNu team by its name: arrow down until it is the active option, Enter
      for (let i = 0; i < 6; i++) {
        const active = String(await page.evaluate(`(() => {
          const list = document.querySelector('[role="listbox"]');
          const id = list?.getAttribute('aria-activedescendant');
          return (id ? document.getElementById(id)?.textContent : document.activeElement?.textContent) ?? '';
        })()`));
        if (/LaNu/.test(active)) break;
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');
      expect(await page.locator('#team').textContent()).toMatch(LANU);
      await tabTo(page, ':is(#client-group, #client-group *)');
      await page.keyboard.press('Enter');
      // wait for the list to open before the arrow: on a loaded machine an arrow pressed before it opens is lost,
      // the group stays empty and the request is (rightly) refused
      await page.getByRole('option', { name: 'Neuropsykiatriset haasteet' }).first().waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      expect(await page.locator('#client-group').textContent()).toMatch(/Neuropsykiatriset haasteet|Päihteet/);
      await tabTo(page, 'input[name="urgency"]');
      await page.keyboard.press('Space');
      await tabTo(page, '#question');
      await page.keyboard.type('Miten tukea alakouluikäisen koulunkäyntiä?');
      await tabTo(page, '#send-request');
      await page.keyboard.press('Enter');
      const sent = page.locator('#request-sent');
      await sent.waitFor({ timeout: 20_000 }).catch(async (e: Error) => {
        await shot(page, 'story-keyboard-not-sent');
        throw new Error(`${e.message}\nthe form says: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
      });
      const id = (await sent.getAttribute('data-request-id')) as string;

      const p = pair.page;
      await p.goto(`${stack.webUrl}/`);
      await stack.signIn(p, PHYSICIAN);
      await tabTo(p, '#nav-inbox');
      await p.keyboard.press('Enter');
      await p.locator(`li.inbox-row[data-request-id="${id}"]`).waitFor({ timeout: 20_000 });
      await tabTo(p, `li.inbox-row[data-request-id="${id}"] button.accept`, { max: 400 });
      await p.keyboard.press('Enter');
      await p.locator('#decision-title').waitFor();
      await tabTo(p, '#decision-confirm');
      await p.keyboard.press('Enter');
      await p.locator('#inbox-done').getByText('Pyyntö hyväksytty ja varattu').waitFor({ timeout: 20_000 });
      expect(await statusOf(stack, id)).toBe('scheduled');

      await tabTo(page, '#to-home', { back: true });
      await page.keyboard.press('Enter');
      await page.locator(`#my-requests li[data-request-id="${id}"][data-status="scheduled"]`).waitFor({ timeout: 20_000 });
      await shot(page, 'story-keyboard-home');
    } finally {
      await nurse.context.close();
      await pair.context.close();
    }
  });

  it('an identified request for a client already in the register: the nurse finds her by name (only clients she may see), picks her and records the consent; the request carries that client', async () => {
    const { page } = await stack.newPage();
    await page.goto(`${stack.webUrl}/`);
    await stack.signIn(page, NURSE);
    await page.locator('#nav-new-request').click();
    await page.getByRole('heading', { level: 1, name: 'Uusi konsultaatiopyyntö' }).waitFor();
    await pick(page, 'team', LANU);
    await pick(page, 'client-group', 'Eroperhe');
    await page.locator('label[for="urgency-normal"]').click();
    await page.locator('#question').fill('Miten tukea lapsen kielen kehitystä kotona?');
    await page.locator('label[for="anonymous"]').click();
    await page.locator('label[for="client-source-register"]').click();
    // nothing chosen yet: refused in the form, at the search field
    await page.locator('#send-request').click();
    expect(await page.locator('#form-errors').textContent()).toContain('valitse asiakas hakutuloksista');
    // another nurse's client is not found by her
    await page.locator('#client-search').fill('Saga');
    await page.locator('#client-search').press('Enter');
    await page.locator('#client-none').waitFor({ timeout: 20_000 });
    await page.locator('#client-search').fill('Eetu');
    await page.locator('#client-search').press('Enter');
    const result = page.locator('button.client-result', { hasText: 'Eetu Esimerkki' });
    await result.waitFor({ timeout: 20_000 });
    expect(await result.textContent()).toContain('4.5.2019');
    const clientId = await result.getAttribute('data-client-id');
    await result.click();
    await page.locator('#client-chosen').waitFor();
    await page.locator('label[for="consent-given-by-guardian"]').click();
    await page.locator('#consent-given-by-name').fill('Elina Esimerkki');
    await page.locator('label[for="consent-org-health_care"]').click();
    await page.locator('label[for="consent-cat-minutes"]').click(); // 'request' is ticked already
    await page.locator('#consent-purpose').fill('Konsultaatio lapsen puheen kehityksestä');
    await shot(page, 'story-identified-client-picked');
    expect(await axeSeriousOrCritical(page)).toEqual([]);
    await page.locator('#send-request').click();
    const sent = page.locator('#request-sent');
    await sent.waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(`not sent: ${await page.locator('#form-errors').textContent().catch(() => 'no error summary')}`);
    });
    const id = await sent.getAttribute('data-request-id');
    const rows: Array<{ anonymous: boolean; client_id: string | null; consent_client: string | null; clients: string }> = await stack.db.ds.query(
      `SELECT r.anonymous, r.client_id, c.client_id AS consent_client, (SELECT count(*) FROM client WHERE full_name = 'Eetu Esimerkki')::text AS clients
         FROM consultation_request r JOIN consent c ON c.id = r.consent_id WHERE r.id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ anonymous: false, client_id: clientId, consent_client: clientId, clients: '1' });
  });

  it('a new client whose consent the API refuses is added to the register once: the second try reuses her, it does not add her again', async () => {
    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, NURSE);
      await page.locator('#nav-new-request').click();
      await page.getByRole('heading', { level: 1, name: 'Uusi konsultaatiopyyntö' }).waitFor();
      await pick(page, 'team', LANU);
      await pick(page, 'client-group', 'Eroperhe');
      await page.locator('label[for="urgency-normal"]').click();
      await page.locator('#question').fill('Miten tukea lapsen unta vanhempien erotessa?');
      await page.locator('label[for="anonymous"]').click();
      await page.locator('#client-name').fill('Kerttu Kertaalleen');
      await page.locator('label[for="consent-given-by-guardian"]').click();
      await page.locator('#consent-given-by-name').fill('Kaisa Kertaalleen');
      await page.locator('label[for="consent-org-health_care"]').click();
      // longer than the API's 2,000 characters: the form sends it, the API refuses the consent at its field
      await page.locator('#consent-purpose').fill('Konsultaatio. '.repeat(160));
      await page.locator('#send-request').click();
      await page.locator('#form-errors').getByText('Käyttötarkoitus').waitFor({ timeout: 20_000 });
      await page.locator('#consent-purpose').fill('Konsultaatio lapsen unesta');
      await page.locator('#send-request').click();
      const sent = page.locator('#request-sent');
      await sent.waitFor({ timeout: 20_000 }).catch(async () => {
        throw new Error(`not sent: ${await page.locator('#form-errors').textContent().catch(() => 'no error summary')}`);
      });
      const id = await sent.getAttribute('data-request-id');
      const clients: Array<{ id: string }> = await stack.db.ds.query("SELECT id FROM client WHERE full_name = 'Kerttu Kertaalleen'");
      expect(clients).toHaveLength(1);
      const rows: Array<{ client_id: string }> = await stack.db.ds.query('SELECT client_id FROM consultation_request WHERE id = $1', [id]);
      expect(rows[0]?.client_id).toBe(clients[0]?.id);
    } finally {
      await context.close();
    }
  });

  it('team sessions: the chair sees the series and the agenda, unbooks and books a case; every new page and dialog passes axe in fi, sv and en', async () => {
    const { context, page } = await stack.newPage();
    const problems: string[] = [];
    const axe = async (where: string): Promise<void> => {
      for (const v of await axeSeriousOrCritical(page)) problems.push(`${where}: ${v}`);
    };
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, PHYSICIAN);
      await page.locator('#nav-sessions').click();
      await page.locator('.series').first().waitFor({ timeout: 20_000 });
      expect(await page.locator('.series').first().textContent()).toContain('Joka 2. viikko: tiistai 13.00–15.00');
      await page.locator('article.session').first().waitFor({ timeout: 20_000 });
      await shot(page, 'sessions-fi');
      // a booked case of the story: unbook it, then book it back into the same slot
      const booked = page.locator('li.slot.booked').first();
      await booked.waitFor({ timeout: 20_000 });
      const requestId = (await booked.getAttribute('data-request-id')) as string;
      const holder = page.locator('article.session', { has: page.locator(`li[data-request-id="${requestId}"]`) }).first();
      const article = page.locator(`article.session[data-series-id="${await holder.getAttribute('data-series-id')}"][data-occurrence-key="${await holder.getAttribute('data-occurrence-key')}"]`);
      const slotIndex = (await booked.getAttribute('data-slot-index')) as string;
      await booked.locator('button.unbook').click();
      await page.locator('#sessions-notice').getByText('Varaus peruttu').waitFor({ timeout: 20_000 });
      expect(await statusOf(stack, requestId)).toBe('accepted');
      const freed = article.locator(`li[data-slot-index="${slotIndex}"].free`);
      await freed.waitFor({ timeout: 20_000 });
      await freed.locator('button.book').click();
      await page.locator('#book-dialog-title').waitFor();
      await axe('book dialog fi');
      await shot(page, 'sessions-book-dialog');
      await page.locator('#book-confirm').click();
      await page.locator('#sessions-notice').getByText('Tapaus varattu').waitFor({ timeout: 20_000 });
      await article.locator(`li[data-slot-index="${slotIndex}"].booked`).waitFor({ timeout: 20_000 });
      expect(await statusOf(stack, (await article.locator(`li[data-slot-index="${slotIndex}"]`).getAttribute('data-request-id')) ?? '')).toBe('scheduled');

      for (const lang of ['fi', 'sv', 'en'] as const) {
        if (lang !== 'fi') {
          // from a freshly loaded page: after the series dialog closes, the header's language menu did not open
          // in this run (open question, see the issue note); the switch itself is tested on Home (home.e2e-spec)
          await page.reload();
          await page.locator('#language-menu').waitFor();
          await chooseLanguage(page, lang);
        }
        await page.locator('#nav-new-request').click();
        await page.locator('#send-request').waitFor();
        await axe(`new request ${lang}`);
        await page.locator('label[for="anonymous"]').click();
        await page.locator('#consent-section').waitFor();
        await axe(`new request identified ${lang}`);
        await page.locator('#send-request').click();
        await page.locator('#form-errors').waitFor();
        await axe(`new request errors ${lang}`);
        await shot(page, `new-request-errors-${lang}`);

        await page.locator('#nav-inbox').click();
        const row = page.locator('li.inbox-row', { has: page.locator('button.accept') }).first();
        await row.waitFor({ timeout: 20_000 });
        await axe(`inbox ${lang}`);
        for (const [button, name] of [['accept', 'accept'], ['request-info', 'request info'], ['decline', 'decline']] as const) {
          await row.locator(`button.${button}`).click();
          await page.locator('#decision-title').waitFor();
          if (button === 'accept') {
            await page.locator('label[for="accept-pick"]').click();
            await page.locator('#accept-slot, #no-free-slots').first().waitFor({ timeout: 20_000 });
          }
          await axe(`${name} dialog ${lang}`);
          await shot(page, `dialog-${button}-${lang}`);
          await page.locator('#decision-cancel').click();
          await page.locator('#decision-title').waitFor({ state: 'detached' });
        }

        await page.locator('#nav-sessions').click();
        await page.locator('article.session').first().waitFor({ timeout: 20_000 });
        await axe(`sessions ${lang}`);
        await page.locator('button.edit-series').first().click();
        await page.locator('#series-dialog-title').waitFor();
        await axe(`series dialog ${lang}`);
        await shot(page, `dialog-series-${lang}`);
        await page.locator('#series-cancel').click();
        await page.locator('#series-dialog-title').waitFor({ state: 'detached' });
      }
      expect(problems).toEqual([]);

      // an edit sends only what changed: the slot length, nothing else
      await chooseLanguage(page, 'fi');
      await page.locator('button.edit-series').first().click();
      await page.locator('#series-slot').fill('30');
      await page.locator('#series-save').click();
      await page.locator('#sessions-notice').getByText('Istuntosarja tallennettu').waitFor({ timeout: 20_000 });
      const series: Array<{ slot_minutes: number; rrule: string; title: string }> = await stack.db.ds.query("SELECT slot_minutes, rrule, title FROM session_series WHERE title LIKE 'LaNu%'");
      expect(series[0]).toMatchObject({ slot_minutes: 30, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', title: 'LaNu: konsultaatio' });
    } finally {
      await context.close();
    }
  }, 600_000); // an axe sweep over every page and dialog in three languages: minutes on a loaded 2-core machine

  it('a case accepted into a session whose physician has another meeting then: booked all the same, and the session page says who is not in it', async () => {
    const api = async <T>(email: string, method: string, path: string, body?: unknown): Promise<T> => {
      const token = await stack.tokenFor((await stack.person(email)).id);
      const res = await fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const physician = await stack.person(PHYSICIAN);
    const [team]: Array<{ id: string }> = await stack.db.ds.query(`SELECT id FROM team WHERE name ~ 'LaNu' ORDER BY name LIMIT 1`);
    // one session of its own, seven and a half weeks ahead (within the sessions page's eight weeks; no other test books into it)
    const day = new Date(Date.now() + 53 * 86_400_000).toISOString().slice(0, 10);
    const series = await api<{ id: string }>(PHYSICIAN, 'POST', `/api/teams/${team.id}/session-series`, {
      title: 'Lisäsessio', dtstart: `${day}T12:00`, durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=1', slotMinutes: 20, mode: 'remote',
    });
    const [occurrence] = await api<Array<{ key: string; startsAt: string }>>(PHYSICIAN, 'GET', `/api/session-series/${series.id}/occurrences?from=${day}T00:00:00Z&to=${day}T23:59:00Z`);
    const start = Date.parse(occurrence.startsAt);
    await api(COORDINATOR, 'POST', '/api/meetings', {
      kind: 'ad_hoc', title: 'Toinen kokous', startsAt: new Date(start + 30 * 60_000).toISOString(), endsAt: new Date(start + 90 * 60_000).toISOString(), mode: 'remote',
      participants: [{ kind: 'staff', personId: physician.id }],
    });
    const request = await api<{ id: string }>(NURSE, 'POST', '/api/requests', {
      teamId: team.id, clientGroup: 'other', urgency: 'normal', preferredMode: 'remote', anonymous: true, question: 'Miten tukea perhettä univaikeuksissa?',
    });
    const accepted = await api<{ booking: { meetingId: string } | null }>(PHYSICIAN, 'POST', `/api/requests/${request.id}/accept`, { seriesId: series.id, occurrenceKey: occurrence.key, slotIndex: 0 });
    const meetingId = accepted.booking?.meetingId as string;
    expect(meetingId).toMatch(/^[0-9a-f-]{36}$/);

    const { context, page } = await stack.newPage();
    try {
      await page.goto(`${stack.webUrl}/`);
      await stack.signIn(page, PHYSICIAN);
      await page.goto(`${stack.webUrl}/meetings/${meetingId}`);
      const notice = page.getByText(`${physician.name} ei ole tämän istunnon osallistujana`);
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.textContent()).toContain('toinen tapaaminen samaan aikaan');
      await shot(page, 'session-pair-member-busy');
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      // the team's sessions list says it on the occurrence too, and only there
      await page.goto(`${stack.webUrl}/sessions?team=${team.id}`);
      const card = page.locator(`article.session[data-meeting-id="${meetingId}"]`);
      await card.locator('.left-out').getByText(`${physician.name} ei ole tämän istunnon osallistujana`).waitFor({ timeout: 20_000 });
      expect(await page.locator('article.session .left-out').count()).toBe(1);
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'sessions-pair-member-busy');
      expect(await axeSeriousOrCritical(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

import { mintFeedbackToken } from '../../apps/api/src/feedback/feedback-token';
import { TEST_SECRET } from '../support/api';
import { axeSeriousOrCritical, shot } from './support/pages';
import { startWebStack, type WebStack } from './support/stack';

/**
 * The survey link of the email after a meeting (/feedback#token=…&lang=…), opened with no sign-in: the
 * question and scale in the link's language, a score required, a comment with an identifier refused at the
 * field, the thanks, and the same link answered again. All real: API, PostgreSQL, Redis, Chromium. (That the
 * email carries this link is test/queues/feedback's.)
 */
jest.setTimeout(240_000);

describe('the feedback page from the survey link', () => {
  let stack: WebStack;

  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** A survey link of one of the demo county's meetings, as the mail worker writes it (feedback_invitation). */
  async function surveyLink(locale: 'fi' | 'sv' | 'en'): Promise<string> {
    const [p]: Array<{ meeting_id: string; id: string; team_id: string | null }> = await stack.db.ds.query(
      `SELECT mp.meeting_id, mp.id, m.team_id FROM meeting_participant mp JOIN meeting m ON m.id = mp.meeting_id
        WHERE NOT EXISTS (SELECT 1 FROM feedback_invitation f WHERE f.participant_id = mp.id) ORDER BY mp.added_order LIMIT 1`,
    );
    const [link]: Array<{ id: string }> = await stack.db.ds.query(
      `INSERT INTO feedback_invitation (meeting_id, participant_id, team_id, locale, created_at, expires_at)
         VALUES ($1, $2, $3, $4, now(), now() + interval '30 days') RETURNING id`,
      [p.meeting_id, p.id, p.team_id, locale],
    );
    return `${stack.webUrl}/feedback#token=${mintFeedbackToken(TEST_SECRET, link.id)}&lang=${locale}`;
  }

  it('answers once in Swedish: a score is required, a phone number in the comment is refused at the field, then thanks; the link again says it was answered', async () => {
    const url = await surveyLink('sv');
    // the demo county's history has answers of its own: count what this test adds
    const count = async (): Promise<number> => Number((await stack.db.ds.query(`SELECT count(*) AS n FROM feedback_answer`))[0].n);
    const before = await count();
    const { context, page } = await stack.newPage();
    try {
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: 'Respons på mötet' }).waitFor({ timeout: 20_000 });
      await page.locator('#score-5').waitFor();
      await shot(page, 'feedback-1-survey-sv');
      expect(await axeSeriousOrCritical(page)).toEqual([]);

      // no score: said at the group, nothing sent
      await page.locator('#send-feedback').click();
      await page.getByText('Välj ett betyg 1–5.').waitFor();
      expect(await count()).toBe(before);

      // a phone number in the comment: the API's reason (in Swedish) at the comment field, nothing stored
      await page.locator('label[for="score-4"]').click();
      await page.locator('#comment').fill('Bra möte, ring mig på 040 123 4567');
      await page.locator('#send-feedback').click();
      const fieldError = page.locator('[id^="comment"][id$="statusText"], #comment-statusText');
      await page.locator('#comment[aria-invalid="true"]').waitFor({ timeout: 20_000 });
      await shot(page, 'feedback-2-comment-refused');
      expect((await fieldError.first().textContent())?.length ?? 0).toBeGreaterThan(0);
      expect(await count()).toBe(before);

      await page.locator('#comment').fill('Bra möte, tydliga nästa steg.');
      await page.locator('#send-feedback').click();
      const done = page.locator('#feedback-done');
      await done.waitFor({ timeout: 20_000 });
      expect(await done.textContent()).toMatch(/Tack/);
      await shot(page, 'feedback-3-thanks');
      expect(await count()).toBe(before + 1);
      const answers: Array<{ score: number; locale: string }> = await stack.db.ds.query(`SELECT score, locale FROM feedback_answer WHERE comment = 'Bra möte, tydliga nästa steg.'`);
      expect(answers).toEqual([{ score: 4, locale: 'sv' }]);

      // the same link again: answered, no form
      await page.goto('about:blank');
      await page.goto(url);
      await page.locator('#feedback-done').getByText('Den här länken har redan besvarats').waitFor({ timeout: 20_000 });
      expect(await page.locator('#send-feedback').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('an altered link says it is not valid, in the language of the link', async () => {
    const url = (await surveyLink('fi')).replace(/#token=([0-9a-f-]{36})\.(.)/, (_m, id: string, c: string) => `#token=${id}.${c === 'A' ? 'B' : 'A'}`);
    const { context, page } = await stack.newPage();
    try {
      await page.goto(url);
      await page.locator('#feedback-link-problem').getByText('Palautelinkki ei kelpaa').waitFor({ timeout: 20_000 });
      await shot(page, 'feedback-4-invalid');
      expect(await axeSeriousOrCritical(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

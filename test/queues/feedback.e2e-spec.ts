import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestSmtp } from './support/smtp';
import { deliveries, until } from './support/meetings';

jest.setTimeout(60_000);

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

/**
 * Issue 13, part 4: after a meeting each participant who was there — staff, the school, the family — gets a
 * survey link by email through the outbox, in their language; one answer per link; the answer keeps no
 * link to the person; free text is checked for identifiers like any anonymous text.
 */
describe('feedback after a meeting', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;
  let meetingId: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300' });
    f = await buildFixture(api.http, api.setupAuth);
    const req = await post<{ id: string }>(api.http, '/api/requests', {
      teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'soon', question: 'Miten koulu voi tukea?', preferredMode: 'hybrid', anonymous: false, clientId: f.clientId, consentId: f.consentId,
    });
    await request(api.http).post(`/api/requests/${req.id}/transitions`).send({ action: 'accept' }).expect(200);
    // booked at the minute it began (a meeting is not booked into the past)
    const startsAt = ago(60);
    const meeting = await api.clock.at(startsAt, () => post<{ id: string; participants: Array<{ id: string; kind: string; displayName: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: req.id, startsAt, endsAt: ago(5), mode: 'hybrid', location: 'Perhekeskus',
      participants: [
        { kind: 'staff', personId: f.nurseId },
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.example.fi', organisationName: 'Keskustan koulu', organisationType: 'school', locale: 'fi' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian', locale: 'sv' },
        { kind: 'family', displayName: 'Eetu', email: 'eetu@example.fi', familyRelation: 'child', locale: 'fi' },
      ],
    }));
    meetingId = meeting.id;
    const attendance: Record<string, string> = { staff: 'in_person', external: 'remote', family: 'in_person' };
    for (const p of meeting.participants) {
      // the child did not come: no survey for him
      const a = p.displayName === 'Eetu' ? 'absent' : attendance[p.kind];
      await request(api.http).patch(`/api/meetings/${meetingId}/participants/${p.id}`).send({ attendance: a }).expect(200);
    }
    const draft = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send({ summary: 'Sovittiin tukitoimista.' }).expect(201);
    await request(api.http).post(`/api/minutes/${draft.body.id}/finalise`).send({}).expect(200);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('everyone who was present gets one survey link by email, in their language, saying nothing of the case', async () => {
    const mails = await until(async () => {
      const m = smtp.messages.filter((x) => x.key.startsWith(`fb.${meetingId}.`));
      return m.length >= 3 ? m : undefined;
    }, 20_000, 'three survey emails (the nurse, the school, the guardian)');
    expect(mails.map((m) => m.to).sort()).toEqual(['elina@example.fi', 'olli@koulu.example.fi', expect.stringMatching(/^terhi\./)]);
    const sv = mails.find((m) => m.to === 'elina@example.fi')!;
    expect(sv.subject).toBe('Hur gick mötet? En kort enkät');
    expect(mails.find((m) => m.to === 'olli@koulu.example.fi')!.subject).toBe('Miten tapaaminen onnistui? Lyhyt kysely');
    for (const m of mails) {
      expect(m.text).not.toMatch(/Verkostoneuvottelu|koulu voi tukea|Eetu/);
      const link = /\/feedback#token=([^&\s]+)&lang=(fi|sv|en)/.exec(m.text);
      expect(link).not.toBeNull();
      tokens.set(m.to, link![1]);
    }
    const ds = (await deliveries(api.http, meetingId)).filter((d) => d.kind === 'feedback');
    expect(ds).toHaveLength(3);
    expect(ds.every((d) => d.status === 'sent')).toBe(true);
  });

  it("the survey is in the link's language; a forged link is nobody's", async () => {
    const survey = await request(api.raw).post('/api/feedback/survey').send({ token: tokens.get('elina@example.fi') }).expect(200);
    expect(survey.body).toMatchObject({ locale: 'sv', question: 'Hur nyttigt var mötet för dig?', answered: false });
    expect(survey.body.scale).toHaveLength(5);
    const forged = tokens.get('elina@example.fi')!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const refused = await request(api.raw).post('/api/feedback/survey').send({ token: forged }).expect(404);
    expect(refused.body.fields.map((x: { field: string }) => x.field)).toEqual(['token']);
  });

  it('free text with an identifier is refused before anything is written; one answer per link; then nothing ties it to the person', async () => {
    const token = tokens.get('olli@koulu.example.fi')!;
    const before = await api.db.ds.query(`SELECT count(*)::int AS n FROM feedback_answer`);
    const named = await request(api.raw).post('/api/feedback/answers').send({ token, score: 4, comment: 'Jukka Virtanen (p. 040 123 4567) oli paikalla.' }).expect(422);
    expect(named.body.fields.map((x: { field: string }) => x.field)).toContain('comment');
    expect(await api.db.ds.query(`SELECT count(*)::int AS n FROM feedback_answer`)).toEqual(before);

    const ok = await request(api.raw).post('/api/feedback/answers').send({ token, score: 4, comment: 'Hyvä ja selkeä tapaaminen.' }).expect(201);
    expect(ok.body).toEqual({ thanks: 'Kiitos vastauksestasi!' });
    const again = await request(api.raw).post('/api/feedback/answers').send({ token, score: 1 }).expect(409);
    expect(again.body.error).toBe('conflict');
    expect((await request(api.raw).post('/api/feedback/survey').send({ token }).expect(200)).body.answered).toBe(true);

    // the answer holds the team, the month, the language, the score and the text — nothing else
    const columns: Array<{ column_name: string }> = await api.db.ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback_answer' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'team_id', 'month', 'locale', 'score', 'comment']);
    const [answer] = await api.db.ds.query(`SELECT team_id, locale, score, comment FROM feedback_answer`);
    expect(answer).toEqual({ team_id: f.teamId, locale: 'fi', score: 4, comment: 'Hyvä ja selkeä tapaaminen.' });
    // and the answered link no longer knows whose it was
    const links: Array<{ participant_id: string | null; answered: boolean }> = await api.db.ds.query(
      `SELECT participant_id, answered FROM feedback_invitation WHERE meeting_id = $1 ORDER BY answered`,
      [meetingId],
    );
    expect(links.filter((l) => l.answered)).toEqual([{ participant_id: null, answered: true }]);
    expect(links.filter((l) => !l.answered).every((l) => l.participant_id !== null)).toBe(true);
    // the API's own role never sees the links at all (row-level security: the system actor only)
    const asApp = await api.db.ds.transaction(async (tx) => {
      await tx.query(`SET LOCAL ROLE kohtaamo_app`);
      await tx.query(`SELECT set_config('kohtaamo.actor_kind', 'staff', true), set_config('kohtaamo.actor_id', $1, true)`, [api.operator.personId]);
      return tx.query(`SELECT count(*)::int AS n FROM feedback_invitation`);
    });
    expect(asApp).toEqual([{ n: 0 }]);
  });

  it('a correction finalised later sends no second survey', async () => {
    const [m] = await api.db.ds.query(`SELECT id FROM minutes WHERE meeting_id = $1`, [meetingId]);
    const fix = await request(api.http).post(`/api/minutes/${m.id}/corrections`).send({ reason: 'korjaus' }).expect(201);
    await request(api.http).post(`/api/minutes/${fix.body.id}/finalise`).send({}).expect(200);
    const [{ n }] = await api.db.ds.query(`SELECT count(*)::int AS n FROM feedback_invitation WHERE meeting_id = $1`, [meetingId]);
    expect(n).toBe(3);
  });
});

import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestSmtp } from '../queues/support/smtp';

jest.setTimeout(120_000);

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

/**
 * What the minutes editor and the guest page need from the API (issue 12): a conditional autosave
 * (If-Match on the draft's revision: a stale one is a 409 that changes nothing), finalising refused for a
 * staff participant who is neither the organiser nor a chair, who received and read the minutes (from the
 * disclosure log), and the accessibility feedback channel (validation in the caller's language, a rate
 * limit, the contact mailed). Real PostgreSQL, Redis and an SMTP server in the test.
 */
describe('minutes editor API and accessibility feedback', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;
  let meetingId: string;
  let minutesId: string;
  let psychologist: string;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300', ACCESSIBILITY_CONTACT: 'saavutettavuus@hyvaep.example.fi' });
    f = await buildFixture(api.http, api.setupAuth);
    psychologist = `Bearer ${await api.tokenFor(f.psychologistId)}`;
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    // booked at the minute it began (a meeting is not booked into the past)
    const startsAt = ago(20);
    const m = await api.clock.at(startsAt, () => post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt, endsAt: ago(-40), mode: 'remote',
      participants: [
        { kind: 'staff', personId: f.psychologistId },
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.example.fi', organisationName: 'Keskustan koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian' },
      ],
    }));
    meetingId = m.id;
    minutesId = (await post<{ id: string }>(api.http, `/api/meetings/${meetingId}/minutes`, {})).id;
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  const row = async () =>
    (await api.db.ds.query('SELECT revision, summary, status FROM minutes WHERE id = $1', [minutesId]))[0] as { revision: number; summary: string; status: string };

  it('autosave: each edit raises the revision (the ETag); an edit based on an older revision is a 409 that changes nothing', async () => {
    const read = await request(api.http).get(`/api/minutes/${minutesId}`).expect(200);
    expect(read.body.revision).toBe(1);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body.attendance.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['Opettaja Olli', 'Elina Esimerkki']));
    // an identified consultation names the guardian, with her relation (the minutes' language) after the name
    expect(read.body.attendance.find((a: { kind: string }) => a.kind === 'family')).toMatchObject({ name: 'Elina Esimerkki', organisation: 'huoltaja' });
    expect(read.body.question).toBe('Tarvitaanko nepsy-arvio?');

    const first = await request(api.http).patch(`/api/minutes/${minutesId}`).set('If-Match', '"1"').send({ summary: 'Ensimmäinen versio.' }).expect(200);
    expect(first.body.revision).toBe(2);
    expect(first.headers.etag).toBe('"2"');

    // another tab still at revision 1
    const stale = await request(api.http).patch(`/api/minutes/${minutesId}`).set('If-Match', '"1"').set('Accept-Language', 'fi').send({ summary: 'Vanhentunut.' }).expect(409);
    expect(stale.body.error).toBe('conflict');
    expect(stale.body.details).toEqual({ revision: 2 });
    expect(stale.body.fields[0]).toMatchObject({ field: 'If-Match' });
    expect(await row()).toMatchObject({ revision: 2, summary: 'Ensimmäinen versio.' });

    // a malformed ETag names the header
    const bad = await request(api.http).patch(`/api/minutes/${minutesId}`).set('If-Match', 'abc').send({ summary: 'x' }).expect(400);
    expect(bad.body.fields[0].field).toBe('If-Match');
    expect(await row()).toMatchObject({ revision: 2 });

    // without If-Match an edit is unconditional (API clients that do not autosave)
    await request(api.http).patch(`/api/minutes/${minutesId}`).send({ summary: 'Sovittiin tukitoimista koulussa.', actions: [{ what: 'Koulu laatii tuen suunnitelman', responsibleName: 'luokanopettaja', dueDate: '2030-04-01' }] }).expect(200);
    expect(await row()).toMatchObject({ revision: 3, summary: 'Sovittiin tukitoimista koulussa.' });
  });

  it('an over-long field is a 400 naming it with its limit in the caller’s language; nothing of the edit is written', async () => {
    const before = await row();
    const long = await request(api.http).patch(`/api/minutes/${minutesId}`).set('If-Match', `"${before.revision}"`).set('Accept-Language', 'fi')
      .send({ summary: 'Tämä ei tallennu.', actions: [{ what: 'x'.repeat(2001), responsibleName: 'luokanopettaja', dueDate: '2030-04-01' }] }).expect(400);
    expect(long.body.fields).toEqual([{ field: 'actions[0].what', code: 'too_long', reason: 'saa olla enintään 2000 merkkiä' }]);
    expect(await row()).toEqual(before);
  });

  it('a staff participant who is neither the organiser nor a chair may read the draft but not edit or finalise it: 403, nothing changes', async () => {
    await request(api.raw).get(`/api/minutes/${minutesId}`).set('authorization', psychologist).expect(200);
    const edit = await request(api.raw).patch(`/api/minutes/${minutesId}`).set('authorization', psychologist).send({ summary: 'Minun versioni.' });
    expect(edit.status).toBe(403);
    const fin = await request(api.raw).post(`/api/minutes/${minutesId}/finalise`).set('authorization', psychologist).send({});
    expect(fin.status).toBe(403);
    const receipts = await request(api.raw).get(`/api/minutes/${minutesId}/receipts`).set('authorization', psychologist);
    expect(receipts.status).toBe(403);
    expect(await row()).toMatchObject({ revision: 3, status: 'draft', summary: 'Sovittiin tukitoimista koulussa.' });
  });

  it('the organiser finalises; receipts list who got the notice and who read the minutes through their link', async () => {
    const fin = await request(api.http).post(`/api/minutes/${minutesId}/finalise`).send({}).expect(200);
    expect(fin.body.status).toBe('finalised');
    // a finalised version refuses edits whatever the ETag
    await request(api.http).patch(`/api/minutes/${minutesId}`).set('If-Match', `"${fin.body.revision}"`).send({ summary: 'x' }).expect(409);
    const mails = await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`min.${minutesId}.`)).length === 3, 30_000, 'three minutes notices');
    const guardianMail = mails.find((x) => x.key.startsWith(`min.${minutesId}.`) && x.to === 'elina@example.fi')!;
    const guardianToken = /invitation=([\w-]+)/.exec(guardianMail.text)?.[1];
    if (!guardianToken) throw new Error(`no link in: ${guardianMail.text}`);

    let receipts = (await request(api.http).get(`/api/minutes/${minutesId}/receipts`).expect(200)).body as Array<{ name: string; notice: { status: string } | null; read: unknown }>;
    const elina = () => receipts.find((r) => r.name === 'Elina Esimerkki')!;
    expect(elina().notice?.status).toBe('sent');
    expect(elina().read).toBeNull();

    await request(api.raw).get(`/api/minutes/${minutesId}`).set('authorization', `Invitation ${guardianToken}`).expect(200);
    await request(api.raw).get(`/api/minutes/${minutesId}/pdf`).set('authorization', `Invitation ${guardianToken}`).expect(200);
    receipts = (await request(api.http).get(`/api/minutes/${minutesId}/receipts`).expect(200)).body;
    expect(elina().read).toMatchObject({ reads: 2, downloads: 1 });
    expect(receipts.find((r) => r.name === 'Opettaja Olli')!.read).toBeNull();
    // the guardian cannot see who else read them
    await request(api.raw).get(`/api/minutes/${minutesId}/receipts`).set('authorization', `Invitation ${guardianToken}`).expect(403);
  });

  describe('identifier refusals are worded for where the text goes, in the caller’s language', () => {
    let anonymousMeetingId: string;
    let anonymousMinutesId: string;

    beforeAll(async () => {
      await request(api.http).post(`/api/requests/${f.anonymousRequestId}/transitions`).send({ action: 'accept' }).expect(200);
      const startsAt = ago(200);
      anonymousMeetingId = (await api.clock.at(startsAt, () => post<{ id: string }>(api.http, '/api/meetings', {
        kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.anonymousRequestId, startsAt, endsAt: ago(140), mode: 'remote',
        participants: [{ kind: 'staff', personId: f.psychologistId }, { kind: 'family', displayName: 'äiti', familyRelation: 'guardian' }],
      }))).id;
      anonymousMinutesId = (await post<{ id: string }>(api.http, `/api/meetings/${anonymousMeetingId}/minutes`, { locale: 'sv' })).id;
    });

    it('an anonymous consultation’s minutes name the guardian by relation only (in the minutes’ language)', async () => {
      const m = await request(api.http).get(`/api/minutes/${anonymousMinutesId}`).expect(200);
      expect(m.body.attendance.find((a: { kind: string }) => a.kind === 'family')).toMatchObject({ name: 'vårdnadshavare', organisation: null });
    });

    it('minutes: 422 naming the field, "minutes of an anonymous consultation", in fi, sv and en; nothing written', async () => {
      const [before] = await api.db.ds.query('SELECT revision, summary FROM minutes WHERE id = $1', [anonymousMinutesId]);
      const refuse = async (lang: string) => {
        const res = await request(api.http).patch(`/api/minutes/${anonymousMinutesId}`).set('Accept-Language', lang).send({ summary: 'Lapsen hetu on 131052-308T.' }).expect(422);
        expect(res.body.error).toBe('identifier_in_anonymous');
        expect(res.body.details.findings).toEqual([{ field: 'summary', kind: 'personal_identity_code' }]);
        expect(JSON.stringify(res.body)).not.toContain('131052-308T');
        return res.body as { message: string; fields: Array<{ field: string; code: string; reason: string }> };
      };
      const fi = await refuse('fi');
      expect(fi.fields).toEqual([{ field: 'summary', code: 'identifier_in_minutes', reason: 'anonyymin konsultaation muistiossa ei saa olla henkilötunnusta' }]);
      expect(fi.message).toBe('summary: anonyymin konsultaation muistiossa ei saa olla henkilötunnusta');
      const sv = await refuse('sv');
      expect(sv.fields[0].reason).toBe('promemorian för en anonym konsultation får inte innehålla en personbeteckning');
      expect(sv.message).not.toMatch(/[Aa]nonymous|must not/);
      const en = await refuse('en');
      expect(en.fields[0].reason).toBe('the minutes of an anonymous consultation must not contain a personal identity code (henkilötunnus)');
      expect(await api.db.ds.query('SELECT revision, summary FROM minutes WHERE id = $1', [anonymousMinutesId])).toEqual([before]);
    });

    it('a meeting title: "kept in staff calendars", not "anonymous consultation"; a family member: "named by relation only"', async () => {
      const title = await request(api.http).patch(`/api/meetings/${anonymousMeetingId}`).set('Accept-Language', 'fi').send({ title: 'Verkostoneuvottelu: Jukalle tukea' }).expect(422);
      expect(title.body.fields).toEqual([{ field: 'title', code: 'identifier_in_meeting_title', reason: 'kokouksen otsikko jää henkilöstön kalentereihin ja kirjauksiin (kutsutut ulkopuoliset näkevät vain sanan ”tapaaminen”) eikä se saa tunnistaa asiakasta: siinä ei saa olla henkilön nimeä' }]);
      expect(title.body.message).toBe('title: kokouksen otsikko jää henkilöstön kalentereihin ja kirjauksiin (kutsutut ulkopuoliset näkevät vain sanan ”tapaaminen”) eikä se saa tunnistaa asiakasta: siinä ei saa olla henkilön nimeä');
      const sv = await request(api.http).patch(`/api/meetings/${anonymousMeetingId}`).set('Accept-Language', 'sv').send({ title: 'Ring 040 123 4567' }).expect(422);
      expect(sv.body.fields[0]).toMatchObject({ field: 'title', reason: 'mötets rubrik sparas i personalens kalendrar och anteckningar (inbjudna utomstående ser bara ordet ”möte”) och får inte identifiera klienten: den får inte innehålla ett telefonnummer' });
      const en = await request(api.http).patch(`/api/meetings/${anonymousMeetingId}`).send({ title: 'Verkostoneuvottelu: Jukalle tukea' }).expect(422);
      expect(en.body.message).toBe("title: a meeting title is kept in staff calendars and records (invited outsiders see only the word \"meeting\") and must not identify the client: it must not contain a person's name");
      expect(en.body.message).not.toContain('anonymous');
      const family = await request(api.http).post(`/api/meetings/${anonymousMeetingId}/participants`).set('Accept-Language', 'fi')
        .send({ kind: 'family', displayName: 'isä', email: 'isa@example.fi', familyRelation: 'parent' }).expect(422);
      expect(family.body.fields).toEqual([expect.objectContaining({ field: 'email', code: 'identifier_in_participant' })]);
      expect(family.body.fields[0].reason).toMatch(/^anonyymissä konsultaatiossa perheenjäsen merkitään vain suhteella .* sähköpostiosoitetta$/);
      const [m] = await api.db.ds.query('SELECT title FROM meeting WHERE id = $1', [anonymousMeetingId]);
      expect(m.title).toBe('Verkostoneuvottelu');
    });
  });

  it('a refusal and a not-found read in the caller\'s language, never echoing the internal id', async () => {
    const refused = await request(api.http).patch(`/api/minutes/${minutesId}`).set('authorization', psychologist).set('Accept-Language', 'fi').send({ summary: 'Yritys.' }).expect(403);
    expect(refused.body.message).toBe('Muistion kirjoittaa, hyväksyy ja korjaa vain tapaamisen järjestäjä tai tiimin sen päivän puheenjohtajat.');
    const missing = '00000000-0000-4000-8000-0000000000af';
    const nf = await request(api.http).get(`/api/meetings/${missing}`).set('Accept-Language', 'fi').expect(404);
    expect(nf.body.message).toBe('Tapaamista ei löydy, tai sinulla ei ole siihen pääsyä.');
    expect(nf.body.message).not.toContain(missing);
    expect((await request(api.http).get(`/api/minutes/${missing}`).set('Accept-Language', 'sv').expect(404)).body.message).toBe('Promemorian finns inte, eller så har du inte tillgång till den.');
  });

  describe('accessibility feedback', () => {
    it('tells where feedback goes and how soon it is answered', async () => {
      const res = await request(api.raw).get('/api/accessibility/contact').expect(200);
      expect(res.body).toEqual({ email: 'saavutettavuus@hyvaep.example.fi', answerWithinDays: 14 });
    });

    it('refuses bad input with 400 naming the field in the caller’s language, and stores nothing', async () => {
      const before = await api.db.ds.query('SELECT count(*)::int AS n FROM accessibility_feedback');
      const short = await request(api.raw).post('/api/accessibility/feedback').set('Accept-Language', 'sv').send({ description: 'kort' }).expect(400);
      expect(short.body.fields).toEqual([expect.objectContaining({ field: 'description', code: 'too_short' })]);
      expect(short.body.fields[0].reason).toMatch(/minst 10 tecken/);
      const email = await request(api.raw).post('/api/accessibility/feedback').set('Accept-Language', 'fi').send({ description: 'Painike ei näy suurennettuna.', email: 'ei-osoite' }).expect(400);
      expect(email.body.fields).toEqual([expect.objectContaining({ field: 'email', code: 'email' })]);
      expect(email.body.fields[0].reason).toBe('pitää olla sähköpostiosoite');
      const extra = await request(api.raw).post('/api/accessibility/feedback').send({ description: 'Painike ei näy suurennettuna.', personId: 'x' }).expect(400);
      expect(extra.body.fields[0].field).toBe('personId');
      expect(await api.db.ds.query('SELECT count(*)::int AS n FROM accessibility_feedback')).toEqual(before);
    });

    it('stores it, mails the accessibility contact (with Reply-To), and limits one address to 5 in 10 minutes', async () => {
      const sent = await request(api.raw)
        .post('/api/accessibility/feedback')
        .send({ description: 'Muistion tallennustila ei kuulu ruudunlukijalla.', page: '/meetings/x/minutes', name: 'Testi Käyttäjä', email: 'kayttaja@example.fi', language: 'fi' })
        .expect(202);
      expect(sent.body.answerBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const [stored] = await api.db.ds.query('SELECT description, page, contact_email, notified_at, notify_error FROM accessibility_feedback WHERE id = $1', [sent.body.id]);
      expect(stored).toMatchObject({ description: 'Muistion tallennustila ei kuulu ruudunlukijalla.', page: '/meetings/x/minutes', contact_email: 'kayttaja@example.fi', notify_error: null });
      expect(stored.notified_at).not.toBeNull();
      const [mail] = await smtp.waitFor((all) => all.some((m) => m.key === `a11y.${sent.body.id}`), 10_000, 'the contact’s mail');
      const got = smtp.messages.find((m) => m.key === `a11y.${sent.body.id}`)!;
      expect(mail).toBeDefined();
      expect(got.to).toBe('saavutettavuus@hyvaep.example.fi');
      expect(got.text).toContain('Muistion tallennustila ei kuulu ruudunlukijalla.');
      expect(got.headers.get('reply-to')).toMatchObject({ text: 'kayttaja@example.fi' });

      // the route allows 5 calls per address in 10 minutes, refused ones included: the three bad ones of the
      // test before and the one above leave one
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(api.raw).post('/api/accessibility/feedback').send({ description: `Ongelma numero ${i} sivulla.` })).status);
      expect(statuses).toEqual([202, 429, 429]);
      expect(await api.db.ds.query('SELECT count(*)::int AS n FROM accessibility_feedback')).toEqual([{ n: 2 }]);
    });
  });
});

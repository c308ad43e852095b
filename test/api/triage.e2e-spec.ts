import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { ReceivedMail, TestSmtp } from '../queues/support/smtp';

/**
 * The triage inbox and its decisions (issue 11), on the real API with its workers, PostgreSQL, Redis
 * and an SMTP server in this process: the inbox's order, deadlines, pages and need to know; accept
 * into the next session's slot, ask for more information, decline — each told to the requester by one
 * email in her language, with no client data.
 */
jest.setTimeout(60_000);

describe('triage inbox and decisions', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;
  let terhi: { personId: string; auth: string };
  let karin: { personId: string; auth: string };
  let member: { personId: string; auth: string };
  let outsider: { personId: string; auth: string };
  let teamId: string;
  const ids: Record<string, string> = {};

  const as = (auth: string) => ({
    get: (path: string) => request(api.raw).get(path).set('authorization', auth),
    post: (path: string, body: object = {}) => request(api.raw).post(path).set('authorization', auth).send(body),
  });
  const operator = () => as(`Bearer ${api.operator.token}`);
  const mailsOf = (requestId: string) => smtp.messages.filter((m) => m.key.startsWith(`tri.${requestId}.`));

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300', NOTIFY_ATTEMPTS: '3', PUBLIC_URL: 'https://kohtaamo.hyvaep.fi' });
    f = await buildFixture(api.http, api.setupAuth);
    // a team of its own (the fixture's team has requests of its own), chaired by the test operator
    const team = await post<{ id: string }>(api.http, '/api/teams', { kind: 'children_youth', name: 'LaNu Seinäjoki', unit: 'Seinäjoen perhekeskus' });
    await request(api.http).post(`/api/teams/${team.id}/members`).set('authorization', api.setupAuth).send({ personId: api.operator.personId, role: 'chair' }).expect(201);
    teamId = team.id;
    terhi = await api.staff('staff', 'Terhi Mäkelä');
    karin = await api.staff('staff', 'Karin Sjöberg');
    member = await api.staff('staff', 'Outi Ketola');
    outsider = await api.staff('staff', 'Bea Ulkopuolinen');
    await api.db.ds.query(`UPDATE person SET locale = 'sv' WHERE id = $1`, [karin.personId]);
    await request(api.http).post(`/api/teams/${teamId}/members`).send({ personId: member.personId, role: 'member' }).expect(201);
    member.auth = `Bearer ${await api.tokenFor(member.personId)}`;

    // Requests filed over a week before Christmas 2026 (Helsinki time: UTC+2)
    const file = async (who: { auth: string }, at: string, body: object) => {
      api.clock.set(at);
      return (await as(who.auth).post('/api/requests', { teamId: teamId, clientGroup: 'other', preferredMode: 'remote', anonymous: true, ...body }).expect(201)).body.id as string;
    };
    ids.normalOld = await file(terhi, '2026-12-14T08:00:00Z', { urgency: 'normal', question: 'Imetysongelmat ja painonnousu, tarvitaanko lääkärin arvio?' });
    ids.urgentNew = await file(terhi, '2026-12-22T08:00:00Z', { urgency: 'urgent', question: 'Vanhemmat eroamassa, lapsella raivokohtauksia.' });
    ids.soon = await file(karin, '2026-12-18T08:00:00Z', { urgency: 'soon', question: 'Barnet vägrar gå till skolan.' });
    ids.urgentOld = await file(terhi, '2026-12-21T08:00:00Z', { urgency: 'urgent', question: 'Isän alkoholinkäyttö huolestuttaa.' });
    ids.normalNew = await file(karin, '2026-12-23T08:00:00Z', { urgency: 'normal', question: 'Sömnproblem hos ett tvååring.' });
    api.clock.set('2026-12-23T09:00:00Z');
    ids.identified = (await request(api.http)
      .post('/api/requests')
      .send({ teamId: teamId, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote', anonymous: false, clientId: f.clientId, consentId: f.consentId, question: 'Tarvitaanko nepsy-arvio Eetulle?' })
      .expect(201)).body.id;
    // a session series of the team: Tuesdays 13–15 Helsinki time, 20-minute slots
    await post(api.http, `/api/teams/${teamId}/session-series`, {
      title: 'LaNu-konsultaatio', dtstart: '2027-01-05T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=TU', slotMinutes: 20, mode: 'remote',
    });
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('lists the open requests most urgent first, then the longest waiting, with the statutory deadline', async () => {
    api.clock.set('2026-12-23T10:00:00Z');
    const res = await as(member.auth).get(`/api/teams/${teamId}/inbox`).expect(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.urgentOld, ids.urgentNew, ids.soon, ids.normalOld, ids.normalNew, ids.identified]);
    expect(res.body.total).toBe(6);
    expect(res.body.counts).toEqual({ submitted: 6, more_info_needed: 0, accepted: 0, scheduled: 0 });
    const byId = (id: string) => res.body.items.find((i: { id: string }) => i.id === id);
    // Mon 21.12. → Tue 22, Wed 23, Mon 28 (Christmas Eve, Christmas Day and St Stephen's Day are off)
    expect(byId(ids.urgentOld).deadline).toMatchObject({ kind: 'first_contact', dueDate: '2026-12-28', dueAt: '2026-12-28T22:00:00.000Z', standing: 'open', daysLeft: 5 });
    // Mon 14.12. → Thu 17.12.: overdue by now
    expect(byId(ids.normalOld).deadline).toMatchObject({ dueDate: '2026-12-17', standing: 'overdue', daysLeft: -6 });
    expect(byId(ids.normalOld).waitingDays).toBe(9);
    expect(byId(ids.normalOld).deadline.source).toContain('1326/2010');
    expect(byId(ids.urgentOld)).toMatchObject({ access: 'full', question: 'Isän alkoholinkäyttö huolestuttaa.', requester: { id: terhi.personId, name: 'Terhi Mäkelä' }, actions: [] });
    expect(res.body.rules.map((r: { kind: string }) => r.kind)).toEqual(['first_contact', 'consultation']);
    // the team's chair may triage
    const chair = await operator().get(`/api/teams/${teamId}/inbox`).expect(200);
    expect(chair.body.items[0].actions).toEqual(['accept', 'request_info', 'decline']);
  });

  it('pages through the same order, and filters by status and urgency', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 6; offset += 4) {
      const page = await as(member.auth).get(`/api/teams/${teamId}/inbox`).query({ limit: 4, offset }).expect(200);
      expect(page.body.total).toBe(6);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
    }
    expect(seen).toEqual([ids.urgentOld, ids.urgentNew, ids.soon, ids.normalOld, ids.normalNew, ids.identified]);
    const past = await as(member.auth).get(`/api/teams/${teamId}/inbox`).query({ offset: 50 }).expect(200);
    expect(past.body).toMatchObject({ items: [], total: 6, counts: { submitted: 6 } });
    const urgent = await as(member.auth).get(`/api/teams/${teamId}/inbox`).query({ urgency: 'urgent' }).expect(200);
    expect(urgent.body.total).toBe(2);
    const bad = await as(member.auth).get(`/api/teams/${teamId}/inbox`).query({ status: 'closed' }).expect(400);
    expect(bad.body.fields.map((x: { field: string }) => x.field)).toEqual(['status']);
  });

  it('is the team’s and coordinators’ only: others do not see that it exists; identified rows only within need to know', async () => {
    await as(outsider.auth).get(`/api/teams/${teamId}/inbox`).expect(404);
    const admin = await api.staff('admin');
    await as(admin.auth).get(`/api/teams/${teamId}/inbox`).expect(403);
    // a coordinator outside the team sees the queue, not the cases' words, and no identified case
    const coordinator = await as(api.setupAuth).get(`/api/teams/${teamId}/inbox`).expect(200);
    expect(coordinator.body.total).toBe(5);
    expect(coordinator.body.items.every((i: { access: string; question: unknown; actions: string[] }) => i.access === 'summary' && i.question === null && i.actions.length === 0)).toBe(true);
    // the member saw the identified request within the consent: that read is in the access log
    const logged: Array<{ n: number }> = await api.db.ds.query(
      `SELECT count(*)::int AS n FROM access_log WHERE actor_id = $1 AND client_id = $2 AND route LIKE '%/inbox'`,
      [member.personId, f.clientId],
    );
    expect(logged[0].n).toBeGreaterThan(0);
  });

  it('accepts into the first free slot of the next session and tells the requester once, in Finnish, with the slot', async () => {
    api.clock.set('2026-12-28T08:00:00Z');
    const res = await operator().post(`/api/requests/${ids.urgentOld}/accept`).expect(200);
    expect(res.body.request).toMatchObject({ id: ids.urgentOld, status: 'scheduled' });
    expect(res.body.booking).toMatchObject({ slotIndex: 0, startsAt: '2027-01-05T11:00:00.000Z', endsAt: '2027-01-05T11:20:00.000Z', title: 'LaNu-konsultaatio' });
    expect(res.body.notice).toMatchObject({ key: expect.stringMatching(new RegExp(`^tri\\.${ids.urgentOld}\\.\\d+$`)) });
    const [mail] = await waitForMails(ids.urgentOld, 1);
    expect(mail.to).toBe(await emailOf(terhi.personId));
    expect(mail.subject).toBe('Konsultaatiopyyntösi on hyväksytty – ' + (await teamName()));
    expect(mail.text).toContain('Hei Terhi Mäkelä,');
    expect(mail.text).toContain('Tapaus on ryhmän esityslistalla: tiistai 5.1.2027 klo 13.00–13.20');
    expect(mail.text).toContain(`Avaa pyyntö: https://kohtaamo.hyvaep.fi/requests/${ids.urgentOld}`);
    expect(mail.text).toContain(`Liity etäyhteydellä: https://kohtaamo.hyvaep.fi/join?meeting=${res.body.booking.meetingId}`);
    // the next one goes into the next slot
    const second = await operator().post(`/api/requests/${ids.urgentNew}/accept`).expect(200);
    expect(second.body.booking).toMatchObject({ slotIndex: 1, meetingId: res.body.booking.meetingId });
    // a picked slot that is taken is a 409 naming it, and changes nothing
    const taken = await operator().post(`/api/requests/${ids.soon}/accept`).send({ meetingId: res.body.booking.meetingId, slotIndex: 0 }).expect(409);
    expect(taken.body.fields).toEqual([{ field: 'slotIndex', reason: 'already booked', code: 'slot_taken' }]);
    expect((await request(api.http).get(`/api/requests/${ids.soon}`).set('authorization', karin.auth).expect(200)).body.status).toBe('submitted');
    // later accepted without a slot
    await operator().post(`/api/requests/${ids.soon}/accept`).send({ schedule: 'later', slotIndex: 2 }).expect(400);
    const later = await operator().post(`/api/requests/${ids.soon}/accept`).send({ schedule: 'later' }).expect(200);
    expect(later.body).toMatchObject({ request: { status: 'accepted' }, booking: null });
    // only the team's chairs triage: a member may not (403), an outsider does not see it (the table refuses first: 403)
    await as(member.auth).post(`/api/requests/${ids.normalNew}/accept`).expect(403);
    // once is once: one message per decision, however the queue goes
    await waitForMails(ids.urgentNew, 1);
    const [sv] = await waitForMails(ids.soon, 1);
    expect(sv.subject).toMatch(/^Din konsultationsbegäran har godkänts – /);
    expect(sv.text).toContain('Hej Karin Sjöberg,');
    expect(sv.text).toContain('du ser tiden på Kohtaamos startsida');
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailsOf(ids.urgentOld)).toHaveLength(1);
    expect(mailsOf(ids.urgentNew)).toHaveLength(1);
    expect(mailsOf(ids.soon)).toHaveLength(1);
  });

  it('asks for more information: the anonymous request’s email quotes the question; an identified one’s says only where to read it', async () => {
    // the mail server says "try again later" once: the message is retried and still arrives once
    smtp.refuseNext(1, 451);
    const res = await operator().post(`/api/requests/${ids.normalOld}/request-info`).send({ message: 'Kertoisitko painokäyrän ja syöttötiheyden?' }).expect(200);
    expect(res.body.request).toMatchObject({ status: 'more_info_needed', statusReason: 'Kertoisitko painokäyrän ja syöttötiheyden?' });
    const [mail] = await waitForMails(ids.normalOld, 1);
    expect(mail.subject).toMatch(/^Konsultaatiopyyntöösi pyydetään lisätietoja – /);
    expect(mail.text).toContain('Ryhmän kysymys: Kertoisitko painokäyrän ja syöttötiheyden?');
    expect(mail.text).toContain('Kysymyksesi: Imetysongelmat ja painonnousu');
    // (the row is marked sent just after the server's 250: wait for that, bounded)
    let row: { status: string; attempts: number } | undefined;
    for (let i = 0; i < 100 && row?.status !== 'sent'; i++) {
      [row] = await api.db.ds.query(`SELECT status, attempts FROM notification_delivery WHERE key = $1`, [res.body.notice.key]);
      if (row?.status !== 'sent') await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    await operator().post(`/api/requests/${ids.identified}/request-info`).send({ message: 'Mitä Eetun päiväkoti on havainnut?' }).expect(200);
    const [identified] = await waitForMails(ids.identified, 1);
    expect(identified.text).not.toMatch(/Eetu|päiväkoti|nepsy/i);
    expect(identified.text).toContain('Lue ryhmän kysymys ja vastaa Kohtaamossa.');
    const empty = await operator().post(`/api/requests/${ids.normalNew}/request-info`).send({ message: '  ' }).expect(400);
    expect(empty.body.fields.map((x: { field: string }) => x.field)).toEqual(['message']);
  });

  it('declines with a reason; the inbox then holds the rest with their clocks', async () => {
    // a 4xx names the field, in the language the caller asks for
    const noReason = await operator().post(`/api/requests/${ids.normalNew}/decline`).set('accept-language', 'fi-FI,fi;q=0.9,en;q=0.5').send({}).expect(400);
    expect(noReason.body.fields.length).toBeGreaterThan(0);
    expect(noReason.body.fields.every((x: { field: string }) => x.field === 'reason')).toBe(true);
    expect(noReason.body.fields).toContainEqual({ field: 'reason', reason: 'on pakollinen', code: 'required' });
    expect(noReason.body.message).toContain('reason: on pakollinen');
    const sv = await as(member.auth).get(`/api/teams/${teamId}/inbox`).set('accept-language', 'sv').query({ urgency: 'asap' }).expect(400);
    expect(sv.body.fields).toEqual([{ field: 'urgency', reason: 'måste vara ett av: urgent, soon, normal', code: 'one_of' }]);
    const res = await operator().post(`/api/requests/${ids.normalNew}/decline`).send({ reason: 'Kuuluu aikuisten ryhmälle.' }).expect(200);
    expect(res.body.request).toMatchObject({ status: 'declined', statusReason: 'Kuuluu aikuisten ryhmälle.' });
    const [mail] = await waitForMails(ids.normalNew, 1);
    expect(mail.subject).toMatch(/^Din konsultationsbegäran togs inte upp – /);
    expect(mail.text).toContain('Motivering: Kuuluu aikuisten ryhmälle.');
    // declined again: the lifecycle refuses (409), and no second message is written
    await operator().post(`/api/requests/${ids.normalNew}/decline`).send({ reason: 'Uudestaan' }).expect(409);
    const inbox = await as(member.auth).get(`/api/teams/${teamId}/inbox`).expect(200);
    expect(inbox.body.counts).toEqual({ submitted: 0, more_info_needed: 2, accepted: 1, scheduled: 2 });
    const scheduled = inbox.body.items.find((i: { id: string }) => i.id === ids.urgentOld);
    // accepted Mon 28.12. → consultation by Mon 11.1.2027; booked for 5.1.: in time
    expect(scheduled.deadline).toMatchObject({ kind: 'consultation', dueDate: '2027-01-11', bookedInTime: true });
    expect(scheduled.booking).toMatchObject({ startsAt: '2027-01-05T11:00:00.000Z' });
    expect(inbox.body.items.find((i: { id: string }) => i.id === ids.normalOld).deadline).toBeNull();
    const rows: Array<{ n: number }> = await api.db.ds.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE kind = 'triage' AND request_id = $1`, [ids.normalNew]);
    expect(rows[0].n).toBe(1);
  });

  it("shows the requester her requests on Home: status, the team's question, the next meeting — and the chair the team's inbox count", async () => {
    api.clock.set('2026-12-29T08:00:00Z');
    const home = await as(terhi.auth).get('/api/me/home').expect(200);
    expect(home.body.me).toMatchObject({ personId: terhi.personId, name: 'Terhi Mäkelä', locale: 'fi' });
    expect(home.body.requests).toMatchObject({ open: 3, waitingForYou: 1 });
    // waiting for her answer first
    const [first, ...rest] = home.body.requests.items;
    expect(first).toMatchObject({
      id: ids.normalOld, status: 'more_info_needed', relation: 'requester', actions: ['edit', 'resubmit'],
      teamMessage: { action: 'request_info', text: 'Kertoisitko painokäyrän ja syöttötiheyden?' }, nextMeeting: null,
    });
    const scheduled = rest.find((r: { id: string }) => r.id === ids.urgentOld);
    expect(scheduled).toMatchObject({
      status: 'scheduled', teamName: 'LaNu Seinäjoki', actions: [],
      nextMeeting: { title: 'LaNu-konsultaatio', kind: 'team_session', startsAt: '2027-01-05T11:00:00.000Z', endsAt: '2027-01-05T11:20:00.000Z', meetingStartsAt: '2027-01-05T11:00:00.000Z' },
    });
    // her meetings: the session where her two cases are (its id, title and time), as a case worker
    expect(home.body.meetings).toEqual([
      expect.objectContaining({ id: scheduled.nextMeeting.meetingId, title: 'LaNu-konsultaatio', startsAt: '2027-01-05T11:00:00.000Z', endsAt: '2027-01-05T13:00:00.000Z', role: 'case', host: false, joinable: true, yourCase: expect.objectContaining({ startsAt: '2027-01-05T11:00:00.000Z' }) }),
    ]);
    expect(home.body.inbox).toEqual([]);
    // the chair: the team's inbox count, and the session as its chair
    const chair = await operator().get('/api/me/home').expect(200);
    const lanu = chair.body.inbox.find((t: { teamId: string }) => t.teamId === teamId);
    expect(lanu).toEqual({ teamId, teamName: 'LaNu Seinäjoki', chair: true, open: 5, toTriage: 0, toBook: 1 });
    const ofMember = await as(member.auth).get('/api/me/home').expect(200);
    expect(ofMember.body.inbox).toEqual([{ teamId, teamName: 'LaNu Seinäjoki', chair: false, open: 5, toTriage: 0, toBook: 1 }]);
    // all her requests, paged; the declined one is not open
    const all = await as(karin.auth).get('/api/me/requests').expect(200);
    expect(all.body.items.map((r: { status: string }) => r.status).sort()).toEqual(['accepted', 'declined']);
    const open = await as(karin.auth).get('/api/me/requests').query({ open: 'true' }).expect(200);
    expect(open.body).toMatchObject({ total: 1, items: [{ id: ids.soon }] });
    const declined = await as(karin.auth).get('/api/me/requests').query({ status: 'declined' }).expect(200);
    expect(declined.body.items[0].teamMessage).toMatchObject({ action: 'decline', text: 'Kuuluu aikuisten ryhmälle.' });
    // a guest has no Home; the administrator neither
    await as((await api.staff('admin')).auth).get('/api/me/home').expect(403);
  });

  it('her language is hers to set, and her next email is in it', async () => {
    expect((await as(terhi.auth).get('/api/me/profile').expect(200)).body).toMatchObject({ id: terhi.personId, name: 'Terhi Mäkelä', locale: 'fi' });
    const bad = await request(api.raw).patch('/api/me/profile').set('authorization', terhi.auth).send({ locale: 'de' }).expect(400);
    expect(bad.body.fields.map((x: { field: string }) => x.field)).toEqual(['locale']);
    const other = await request(api.raw).patch('/api/me/profile').set('authorization', terhi.auth).send({ name: 'Joku Muu' }).expect(400);
    expect(other.body.fields.map((x: { field: string }) => x.field)).toEqual(['name']);
    // a partial body changes only what was sent
    expect((await request(api.raw).patch('/api/me/profile').set('authorization', terhi.auth).send({}).expect(200)).body.locale).toBe('fi');
    const set = await request(api.raw).patch('/api/me/profile').set('authorization', terhi.auth).send({ locale: 'en' }).expect(200);
    expect(set.body).toMatchObject({ locale: 'en', name: 'Terhi Mäkelä' });
    // she answers the team's question and resubmits; the team declines: the email is in English
    await request(api.raw).patch(`/api/requests/${ids.normalOld}`).set('authorization', terhi.auth).send({ situation: 'Paino nousee 100 g viikossa, syöttö 8 kertaa vuorokaudessa.' }).expect(200);
    await as(terhi.auth).post(`/api/requests/${ids.normalOld}/transitions`, { action: 'resubmit' }).expect(200);
    await operator().post(`/api/requests/${ids.normalOld}/decline`).send({ reason: 'Neuvolalääkärin arvio riittää.' }).expect(200);
    const mails = await waitForMails(ids.normalOld, 2);
    const en = mails[1];
    expect(en.subject).toBe('Your consultation request was not taken up – LaNu Seinäjoki');
    expect(en.text).toContain('Hello Terhi Mäkelä,');
    expect(en.text).toContain('Reason: Neuvolalääkärin arvio riittää.');
    // print one as the requester reads it (kept in the test log)
    console.log(`Subject: ${en.subject}\nTo: ${en.to}\n\n${en.text}`);
  });

  it('documents every route of the inbox, the decisions, Home, the profile and the series with typed answers and errors', async () => {
    const doc = (await request(api.http).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const routes: Array<[string, string, string]> = [
      ['/api/teams/{teamId}/inbox', 'get', '200'], ['/api/requests/{id}/accept', 'post', '200'], ['/api/requests/{id}/request-info', 'post', '200'],
      ['/api/requests/{id}/decline', 'post', '200'], ['/api/me/home', 'get', '200'], ['/api/me/requests', 'get', '200'], ['/api/me/profile', 'get', '200'],
      ['/api/me/profile', 'patch', '200'], ['/api/teams/{teamId}/session-series', 'post', '201'], ['/api/teams/{teamId}/session-series', 'get', '200'],
      ['/api/session-series/{id}', 'get', '200'], ['/api/session-series/{id}', 'patch', '200'],
    ];
    for (const [path, method, ok] of routes) {
      const op = doc.paths[path]?.[method];
      expect({ path, method, documented: !!op }).toEqual({ path, method, documented: true });
      const schema = op.responses[ok]?.content?.['application/json']?.schema ?? {};
      const ref = (schema.$ref ?? (schema.items as { $ref?: string } | undefined)?.$ref) as string | undefined;
      expect({ path, method, ref: ref?.replace('#/components/schemas/', '') }).toEqual({ path, method, ref: expect.stringMatching(/Dto$/) });
      const errors = Object.entries(op.responses).filter(([status]) => status.startsWith('4'));
      expect(errors.map(([status]) => status)).toContain('401');
      for (const [, r] of errors) expect(r.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/ErrorBodyDto');
    }
    expect(Object.keys(doc.components.schemas.InboxItemDto.properties!)).toEqual(expect.arrayContaining(['urgency', 'waitingDays', 'deadline', 'booking', 'actions', 'access']));
    expect(Object.keys(doc.components.schemas.FieldProblemDto.properties!)).toEqual(['field', 'reason', 'code']);
  });

  async function waitForMails(requestId: string, n: number): Promise<ReceivedMail[]> {
    await smtp.waitFor(() => mailsOf(requestId).length >= n, 20_000, `${n} triage mail(s) about ${requestId}`);
    return mailsOf(requestId);
  }
  async function emailOf(personId: string): Promise<string> {
    const [p]: Array<{ email: string }> = await api.db.ds.query(`SELECT email FROM person WHERE id = $1`, [personId]);
    return p.email;
  }
  async function teamName(): Promise<string> {
    const [t]: Array<{ name: string }> = await api.db.ds.query(`SELECT name FROM team WHERE id = $1`, [teamId]);
    return t.name;
  }
});

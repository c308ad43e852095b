import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { DevIssuer } from '../../apps/api/src/auth/dev-issuer.service';

/**
 * Need to know, by object and by actor (issue 9): each example found when the API was tried as a new
 * user, as a regression test. Every refusal is checked to have changed nothing in the database.
 */

const TABLES = [
  'person',
  'team_member',
  'client',
  'consent',
  'consultation_request',
  'request_event',
  'meeting',
  'meeting_participant',
  'meeting_invitation',
  'agenda_item',
  'meeting_outbox',
  'minutes',
] as const;

/** Fails with the response body in the message, so a wrong status says why. */
function expectStatus(res: request.Response, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

const HETU = '040519A905P';

interface Actor {
  id: string;
  auth: string;
}

describe('need to know, by object and by actor', () => {
  let api: TestApi;
  let nurseA: Actor; // the requester, own worker of client C
  let nurseB: Actor; // another requester, no relation to C
  let chairT: Actor; // chairs team T (team role)
  let memberT: Actor;
  let chairU: Actor; // chairs team U only
  let memberU: Actor;
  let admin: Actor;
  let coordinator: Actor;
  let teamT: string;
  let teamU: string;
  let clientC: string;
  let consentC: string;
  let requestR: string; // identified, to team T
  let requestAnon: string; // anonymous, by nurse A
  let sessionS: string; // team T's session with R on its agenda
  let networkN: string; // nurse A's network meeting about R
  let minutesR: string; // finalised minutes of R's case in S

  const as = (a: Actor) => ({
    get: (p: string) => request(api.raw).get(p).set('Authorization', a.auth),
    post: (p: string, body: object = {}) => request(api.raw).post(p).set('Authorization', a.auth).send(body),
    patch: (p: string, body: object) => request(api.raw).patch(p).set('Authorization', a.auth).send(body),
    put: (p: string, body: object) => request(api.raw).put(p).set('Authorization', a.auth).send(body),
    del: (p: string) => request(api.raw).delete(p).set('Authorization', a.auth),
  });

  /** A fingerprint of every row of the tables a refused call could have touched. */
  async function fingerprint(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      // an invitation's last use is bookkeeping of the link itself, not a change a refusal could make
      const row = t === 'meeting_invitation' ? '(x.id, x.participant_id, x.token_hash, x.revoked_at)::text' : 'x::text';
      const [{ h }]: Array<{ h: string | null }> = await api.db.ds.query(`SELECT md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS h FROM ${t} x`);
      out[t] = h ?? '';
    }
    return out;
  }

  /** Runs a refused call and checks its status and that nothing stored changed. */
  async function refused(status: number, call: () => request.Test): Promise<request.Response> {
    const before = await fingerprint();
    const res = await call();
    expectStatus(res, status);
    expect(await fingerprint()).toEqual(before);
    return res;
  }

  async function person(name: string, profession: string, systemRole: 'staff' | 'coordinator' | 'admin' = 'staff'): Promise<Actor> {
    const [{ id }]: Array<{ id: string }> = await api.db.ds.query(
      `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ($1, $2, $3, 'Hyvinvointialue', $4) RETURNING id`,
      [name, `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@hyvaep.test`, profession, systemRole],
    );
    const a = { id, auth: `Bearer ${await api.tokenFor(id)}` };
    expectStatus(await as(a).get('/api/me'), 200); // first sign-in binds the account
    return a;
  }

  beforeAll(async () => {
    api = await startTestApi();
    api.clock.set('2027-03-01T08:00:00Z');
    nurseA = await person('Anna Neuvola', 'public_health_nurse');
    nurseB = await person('Bea Neuvola', 'public_health_nurse');
    chairT = await person('Tapio Lääkäri', 'physician');
    memberT = await person('Tuula Psykologi', 'psychologist');
    chairU = await person('Urho Lääkäri', 'physician');
    memberU = await person('Ulla Sosiaalityö', 'social_worker');
    admin = await person('Ylläpito', 'other', 'admin');
    coordinator = await person('Kaisa Koordinaattori', 'coordinator', 'coordinator');
    const co = as(coordinator);
    teamT = (await co.post('/api/teams', { kind: 'neuropsychiatric', name: 'Nepsy T', unit: 'Perhekeskus' })).body.id;
    teamU = (await co.post('/api/teams', { kind: 'adults', name: 'Aikuiset U', unit: 'Perhekeskus' })).body.id;
    for (const [team, who, role] of [
      [teamT, chairT, 'chair'],
      [teamT, memberT, 'member'],
      [teamU, chairU, 'chair'],
      [teamU, memberU, 'member'],
    ] as const) {
      expectStatus(await co.post(`/api/teams/${team}/members`, { personId: who.id, role }), 201);
    }
    // new roles take effect on the next sign-in (principals are cached briefly): sign in again
    for (const a of [chairT, memberT, chairU, memberU]) a.auth = `Bearer ${await api.tokenFor(a.id)}`;

    const a = as(nurseA);
    const c = await a.post('/api/clients', { fullName: 'Eetu Esimerkki', personalIdentityCode: HETU, birthDate: '2019-05-04' });
    expectStatus(c, 201);
    clientC = c.body.id;
    const consent = await a.post(`/api/clients/${clientC}/consents`, {
        givenBy: 'guardian',
        givenByName: 'Elina Esimerkki',
        organisationTypes: ['school', 'health_care'],
        dataCategories: ['request', 'minutes'],
        purpose: 'Nepsy-konsultaatio ja verkostoneuvottelu koulun kanssa',
        givenAt: '2027-01-01T00:00:00Z',
    });
    expectStatus(consent, 201);
    consentC = consent.body.id;
    const base = { teamId: teamT, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote' };
    const r = await a.post('/api/requests', { ...base, anonymous: false, clientId: clientC, consentId: consentC, ownWorkerId: nurseA.id, question: 'Tarvitaanko nepsy-arvio?' });
    expectStatus(r, 201);
    requestR = r.body.id;
    expect(r.body.requesterId).toBe(nurseA.id);
    requestAnon = (await a.post('/api/requests', { ...base, anonymous: true, ageBand: '3-6', question: 'Miten tukea keskittymistä päiväkodissa?' })).body.id;
    expectStatus(await as(chairT).post(`/api/requests/${requestR}/transitions`, { action: 'accept' }), 200);
    const s = await as(chairT).post('/api/meetings', {
      kind: 'team_session',
      title: 'Nepsy T: konsultaatio',
      teamId: teamT,
      startsAt: '2027-03-02T11:00:00Z',
      endsAt: '2027-03-02T13:00:00Z',
      mode: 'hybrid',
      location: 'Kaisla',
      participants: [{ kind: 'staff', personId: chairT.id }],
    });
    expectStatus(s, 201);
    sessionS = s.body.id;
    expect(s.body.organiserId).toBe(chairT.id);
    const item = await as(chairT).post(`/api/meetings/${sessionS}/agenda-items`, { requestId: requestR, startsAt: '2027-03-02T11:00:00Z', endsAt: '2027-03-02T11:20:00Z' });
    expectStatus(item, 201);
    const n = await a.post('/api/meetings', {
      kind: 'network_meeting',
      title: 'Verkostoneuvottelu',
      requestId: requestR,
      startsAt: '2027-03-10T08:00:00Z',
      endsAt: '2027-03-10T09:00:00Z',
      mode: 'remote',
      participants: [
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.test', organisationName: 'Koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.test', familyRelation: 'guardian' },
      ],
    });
    expectStatus(n, 201);
    networkN = n.body.id;
    const m = await as(chairT).post(`/api/meetings/${sessionS}/minutes`, { requestId: requestR, summary: 'Nepsy-arvio aloitetaan.' });
    expectStatus(m, 201);
    minutesR = m.body.id;
    expect(m.body.createdById).toBe(chairT.id);
    api.clock.set('2027-03-02T14:00:00Z');
    const fin = await as(chairT).post(`/api/minutes/${minutesR}/finalise`, {});
    expectStatus(fin, 200);
    expect(fin.body.finalisedById).toBe(chairT.id);
  }, 60_000);

  afterAll(() => api?.close());

  it('records who booked a case from the principal', async () => {
    const [row]: Array<{ booked_by_id: string }> = await api.db.ds.query(`SELECT booked_by_id FROM agenda_item WHERE request_id = $1`, [requestR]);
    expect(row.booked_by_id).toBe(chairT.id);
    const events: Array<{ action: string; actor_id: string }> = await api.db.ds.query(`SELECT action, actor_id FROM request_event WHERE request_id = $1 AND to_status IS NOT NULL ORDER BY at, id`, [requestR]);
    expect(events.map((e) => [e.action, e.actor_id])).toEqual([
      ['submit', nurseA.id],
      ['accept', chairT.id],
      ['schedule', chairT.id],
    ]);
  });

  it('access through a consent cannot make itself permanent or spread (found by a hostile tester)', async () => {
    // a team member sees the client within the consent, but records no consent and files no request about them
    await refused(403, () =>
      as(memberT).post(`/api/clients/${clientC}/consents`, { givenBy: 'guardian', givenByName: 'x', organisationTypes: ['school'], dataCategories: ['request'], purpose: 'x' }),
    );
    await refused(403, () =>
      as(memberT).post('/api/requests', { teamId: teamU, clientGroup: 'other', urgency: 'normal', preferredMode: 'remote', anonymous: false, clientId: clientC, consentId: consentC, question: 'Kysymys' }),
    );
    await refused(403, () => as(memberT).patch(`/api/clients/${clientC}`, { fullName: 'Muutettu' }));
    await refused(403, () => as(memberT).post(`/api/consents/${consentC}/withdraw`, {}));
    // nobody names themselves a chair, a coordinator included
    await refused(403, () => as(coordinator).post(`/api/teams/${teamT}/members`, { personId: coordinator.id, role: 'chair' }));
    // a team's sessions and their agenda are the team's
    const series = await as(chairT).post(`/api/teams/${teamT}/session-series`, { title: 'Nepsy T', dtstart: '2027-04-06T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', slotMinutes: 20, mode: 'remote' });
    expectStatus(series, 201);
    await refused(404, () => as(nurseB).get(`/api/teams/${teamT}/session-series`));
    await refused(404, () => as(nurseB).get(`/api/session-series/${series.body.id}/occurrences?from=2027-04-01T00:00:00Z&to=2027-05-01T00:00:00Z`));
    expectStatus(await as(memberT).get(`/api/session-series/${series.body.id}/occurrences?from=2027-04-01T00:00:00Z&to=2027-05-01T00:00:00Z`), 200);
    // an occurrence key far in the future is a 400 at once, not minutes of expansion
    const far = await refused(400, () => as(chairT).post(`/api/session-series/${series.body.id}/occurrences/9999-12-28T11:00:00.000Z/cancel`));
    expect(far.body.fields).toEqual([expect.objectContaining({ field: 'key' })]);
    await refused(400, () => as(chairT).post(`/api/session-series/${series.body.id}/occurrences/-271821-04-20T00:00:00.000Z/cancel`));
    // the join route tells nothing of a meeting the caller takes no part in, not even that it is over
    await refused(404, () => as(nurseB).post(`/api/meetings/${sessionS}/join-token`, {}));
  });

  it('takes no actor from the body', async () => {
    const res = await refused(400, () =>
      as(nurseB).post('/api/requests', { requesterId: nurseA.id, teamId: teamT, clientGroup: 'other', urgency: 'normal', preferredMode: 'remote', anonymous: true, question: 'Kysymys' }),
    );
    expect(JSON.stringify(res.body)).toContain('requesterId');
    await refused(400, () => as(chairT).post(`/api/minutes/${minutesR}/corrections`, { reason: 'korjaus', createdById: nurseA.id }));
  });

  it('a member of another team sees neither the minutes of an identified case nor the session, through any route', async () => {
    const u = as(memberU);
    await refused(404, () => u.get(`/api/meetings/${sessionS}/minutes`));
    await refused(404, () => u.get(`/api/minutes/${minutesR}`));
    await refused(404, () => u.get(`/api/minutes/${minutesR}/pdf`));
    await refused(404, () => u.post(`/api/meetings/${sessionS}/minutes`, { requestId: requestR, summary: 'x' }));
    const [{ n }]: Array<{ n: number }> = await api.db.ds.query(`SELECT count(*)::int AS n FROM access_log WHERE actor_id = $1`, [memberU.id]);
    expect(n).toBe(0);
  });

  it('a team member reads the session but not an identified case once the consent is withdrawn', async () => {
    expectStatus(await as(memberT).get(`/api/minutes/${minutesR}`), 200);
    const list = await as(memberT).get(`/api/meetings/${sessionS}/minutes`);
    expect(list.body.map((m: { id: string }) => m.id)).toEqual([minutesR]);
    // the read went to the access log
    const [{ n }]: Array<{ n: number }> = await api.db.ds.query(`SELECT count(*)::int AS n FROM access_log WHERE actor_id = $1 AND client_id = $2`, [memberT.id, clientC]);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('staff cannot add themselves to, or change, meetings that are not theirs', async () => {
    await refused(404, () => as(memberU).post(`/api/meetings/${sessionS}/participants`, { kind: 'staff', personId: memberU.id, email: 'private@example.test' }));
    // a team member reads the session, but does not manage it
    await refused(403, () => as(memberT).post(`/api/meetings/${sessionS}/participants`, { kind: 'staff', personId: memberT.id }));
    const participants = (await as(nurseA).get(`/api/meetings/${networkN}`)).body.participants as Array<{ id: string; kind: string }>;
    const school = participants.find((p) => p.kind === 'external')!;
    await refused(404, () => as(nurseB).patch(`/api/meetings/${networkN}/participants/${school.id}`, { email: 'evil@example.test' }));
    await refused(404, () => as(nurseB).post(`/api/meetings/${networkN}/participants/${school.id}/invitation`));
    await refused(404, () => as(chairU).post(`/api/meetings/${sessionS}/cancel`));
    await refused(404, () => as(nurseB).patch(`/api/requests/${requestAnon}`, { question: 'Muutettu kysymys' }));
    await refused(403, () => as(nurseB).put(`/api/persons/${nurseA.id}/working-hours`, { weekly: { mon: [{ start: '08:00', end: '12:00' }] } }));
    await refused(403, () =>
      request(api.raw).put(`/api/persons/${nurseA.id}/busy`).set('Authorization', nurseB.auth).set('Content-Type', 'text/calendar').send('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
    );
    // the organiser can
    const mine = await as(nurseA).patch(`/api/meetings/${networkN}/participants/${school.id}`, { email: 'olli.opettaja@koulu.test' });
    expectStatus(mine, 200);
  });

  it('a chair of one team cannot make himself chair of another, and so cannot read its clients', async () => {
    await refused(403, () => as(chairU).post(`/api/teams/${teamT}/members`, { personId: chairU.id, role: 'chair' }));
    await refused(403, () => as(chairU).post(`/api/teams/${teamU}/members`, { personId: nurseB.id, role: 'chair' }));
    expectStatus(await as(chairU).post(`/api/teams/${teamU}/members`, { personId: nurseB.id, role: 'member' }), 201);
    await refused(404, () => as(chairU).get(`/api/requests/${requestR}`));
    await refused(404, () => as(chairU).get(`/api/clients/${clientC}`));
  });

  it('a meeting about someone else’s request is refused before anything is written', async () => {
    const res = await refused(422, () =>
      as(nurseB).post('/api/meetings', {
        kind: 'network_meeting',
        title: 'Toisen asiakas',
        requestId: requestR,
        startsAt: '2027-04-01T08:00:00Z',
        endsAt: '2027-04-01T09:00:00Z',
        mode: 'remote',
        participants: [{ kind: 'external', displayName: 'X', email: 'x@example.test', organisationName: 'Koulu', organisationType: 'school' }],
      }),
    );
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'requestId' })]);
  });

  it('lists show only what the caller may read, and filters do not reach beyond that', async () => {
    const ids = async (a: Actor, q = '') => ((await as(a).get(`/api/meetings${q}`)).body.items as Array<{ id: string }>).map((m) => m.id);
    expect(await ids(nurseB)).toEqual([]);
    expect(await ids(nurseB, `?requestId=${requestR}`)).toEqual([]);
    expect(await ids(nurseB, `?personId=${chairT.id}`)).toEqual([]);
    expect((await ids(nurseA)).sort()).toEqual([sessionS, networkN].sort()); // her case is on the session's agenda
    expect(await ids(memberU)).toEqual([]);
    expect(await ids(memberT)).toEqual([sessionS]);
    expect(await ids(coordinator)).toEqual([sessionS]); // team sessions, not others' network meetings
    const reqs = async (a: Actor) => ((await as(a).get('/api/requests')).body as { items: Array<{ id: string }>; total: number });
    expect(await reqs(nurseB)).toMatchObject({ items: [], total: 0 });
    expect((await reqs(memberT)).items.map((r) => r.id).sort()).toEqual([requestR, requestAnon].sort());
  });

  it('deliveries (names and addresses) are for those who manage the meeting; the admin sees none', async () => {
    await refused(404, () => as(chairU).get(`/api/meetings/${networkN}/deliveries`));
    await refused(403, () => as(admin).get(`/api/meetings/${networkN}/deliveries`));
    const own = await as(nurseA).get(`/api/meetings/${networkN}/deliveries`);
    expectStatus(own, 200);
    const [{ n }]: Array<{ n: number }> = await api.db.ds.query(
      `SELECT count(*)::int AS n FROM access_log WHERE actor_id = $1 AND client_id = $2 AND resource_type = 'delivery'`,
      [nurseA.id, clientC],
    );
    expect(n).toBe(1);
  });

  it('registering a client never tells whether someone else has registered the same person', async () => {
    const again = await as(nurseB).post('/api/clients', { fullName: 'Eetu Esimerkki', personalIdentityCode: HETU });
    expectStatus(again, 201);
    expect(again.body.id).not.toBe(clientC);
    const mine = await as(nurseB).post('/api/clients', { fullName: 'Eetu E.', personalIdentityCode: HETU });
    expectStatus(mine, 409);
  });

  it('a guest link reads finalised minutes of its own meeting only within the consent (the guardian also after it), and never a draft', async () => {
    const participants = (await as(nurseA).get(`/api/meetings/${networkN}`)).body.participants as Array<{ id: string; kind: string }>;
    const link = async (kind: string) => {
      const p = participants.find((x) => x.kind === kind)!;
      const res = await as(nurseA).post(`/api/meetings/${networkN}/participants/${p.id}/invitation`);
      expectStatus(res, 201);
      return `Invitation ${res.body.token as string}`;
    };
    const school = await link('external');
    const family = await link('family');
    const draft = await as(nurseA).post(`/api/meetings/${networkN}/minutes`, { summary: 'Luonnos' });
    expectStatus(draft, 201);
    const g = (auth: string, p: string) => request(api.raw).get(p).set('Authorization', auth);
    await refused(404, () => g(school, `/api/minutes/${draft.body.id}`));
    await refused(404, () => g(school, `/api/minutes/${minutesR}`)); // another meeting's minutes
    expect((await g(school, `/api/meetings/${networkN}/minutes`)).body).toEqual([]);
    api.clock.set('2027-03-10T10:00:00Z');
    expectStatus(await as(nurseA).post(`/api/minutes/${draft.body.id}/finalise`, {}), 200);
    expectStatus(await g(school, `/api/minutes/${draft.body.id}`), 200);
    expectStatus(await g(family, `/api/minutes/${draft.body.id}`), 200);
    // withdrawn: at once for the school — its link is revoked (410), and row-level security hides the
    // minutes from it as soon as the consent ends (404, as for minutes that do not exist, through any
    // link); the guardian keeps reading her child's minutes on her own right (README, privacy)
    expectStatus(await as(nurseA).post(`/api/consents/${consentC}/withdraw`, { reason: 'Huoltaja peruu' }), 200);
    await refused(410, () => g(school, `/api/minutes/${draft.body.id}`));
    await api.db.ds.query(`UPDATE meeting_invitation SET revoked_at = NULL WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [school.slice('Invitation '.length)]);
    await refused(404, () => g(school, `/api/minutes/${draft.body.id}`));
    expectStatus(await g(family, `/api/minutes/${draft.body.id}`), 200);
    // and the team loses need to know with it; the requester keeps it
    await refused(404, () => as(memberT).get(`/api/minutes/${minutesR}`));
    expectStatus(await as(nurseA).get(`/api/requests/${requestR}`), 200);
  });

  it('accounts bind the subject: a verified email finds an unbound account once, never a bound one', async () => {
    const issuer = api.app.get(DevIssuer);
    const token = (claims: Record<string, unknown>) => issuer.sign(claims, 600).then((t) => `Bearer ${t}`);
    const [{ id }]: Array<{ id: string }> = await api.db.ds.query(
      `INSERT INTO person (name, email, profession, organisation) VALUES ('Uusi Hoitaja', 'uusi.hoitaja@hyvaep.test', 'nurse', 'Hyvinvointialue') RETURNING id`,
    );
    const me = (auth: string) => request(api.raw).get('/api/me').set('Authorization', auth);
    // an unverified email is not enough
    expectStatus(await me(await token({ sub: 'idp:unverified', email: 'uusi.hoitaja@hyvaep.test', email_verified: false })), 403);
    // a verified one binds the account to the subject at first sign-in
    const first = await me(await token({ sub: 'idp:uusi', email: 'uusi.hoitaja@hyvaep.test', email_verified: true }));
    expect(first.body.personId).toBe(id);
    const [{ oidc_subject }]: Array<{ oidc_subject: string }> = await api.db.ds.query(`SELECT oidc_subject FROM person WHERE id = $1`, [id]);
    expect(oidc_subject).toBe('idp:uusi');
    // another account with the same verified email no longer reaches it
    expectStatus(await me(await token({ sub: 'idp:someone-else', email: 'uusi.hoitaja@hyvaep.test', email_verified: true })), 403);
    // changing the email does not move the account
    expectStatus(await as(coordinator).patch(`/api/persons/${id}`, { email: 'toinen@hyvaep.test' }), 200);
    expectStatus(await me(await token({ sub: 'idp:attacker', email: 'toinen@hyvaep.test', email_verified: true })), 403);
    expect((await me(await token({ sub: 'idp:uusi', email: 'whatever@example.test', email_verified: true }))).body.personId).toBe(id);
  });

  it('only an admin edits an admin or changes roles', async () => {
    await refused(403, () => as(coordinator).patch(`/api/persons/${admin.id}`, { email: 'coordinators.own@hyvaep.test' }));
    await refused(403, () => as(coordinator).patch(`/api/persons/${nurseB.id}`, { systemRole: 'admin' }));
    await refused(403, () => as(coordinator).patch(`/api/persons/${coordinator.id}`, { systemRole: 'admin' }));
    const ok = await as(admin).patch(`/api/persons/${nurseB.id}`, { systemRole: 'coordinator' });
    expectStatus(ok, 200);
    expect(ok.body.systemRole).toBe('coordinator');
  });

  it('a past responsible-pair member is no host; the pair of the meeting’s day is', async () => {
    const co = as(coordinator);
    const team = (await co.post('/api/teams', { kind: 'children_youth', name: 'LaNu P', unit: 'Perhekeskus' })).body.id as string;
    const oldDoc = await person('Vanha Lääkäri', 'physician');
    const oldNurse = await person('Vanha Hoitaja', 'nurse');
    const newDoc = await person('Uusi Lääkäri', 'physician');
    const newNurse = await person('Uusi Hoitaja2', 'nurse');
    expectStatus(await co.post(`/api/teams/${team}/responsible-pairs`, { physicianId: oldDoc.id, nurseId: oldNurse.id, validFrom: '2026-01-01', validTo: '2026-12-31' }), 201);
    expectStatus(await co.post(`/api/teams/${team}/responsible-pairs`, { physicianId: newDoc.id, nurseId: newNurse.id, validFrom: '2027-01-01' }), 201);
    api.clock.set('2027-03-01T08:00:00Z');
    const s = await co.post('/api/meetings', {
      kind: 'team_session',
      title: 'LaNu P',
      teamId: team,
      startsAt: '2027-03-03T11:00:00Z',
      endsAt: '2027-03-03T13:00:00Z',
      mode: 'remote',
      participants: [
        { kind: 'staff', personId: oldDoc.id },
        { kind: 'staff', personId: newDoc.id },
      ],
    });
    expectStatus(s, 201);
    const role = async (a: Actor) => (await request(api.raw).post(`/api/meetings/${s.body.id}/join-token`).set('Authorization', `Bearer ${await api.tokenFor(a.id)}`).send({})).body.role;
    expect(await role(oldDoc)).toBe('member');
    expect(await role(newDoc)).toBe('host');
    // and the past pair cannot set up the team's sessions either
    await refused(403, () =>
      request(api.raw)
        .post('/api/meetings')
        .set('Authorization', oldDoc.auth)
        .send({ kind: 'team_session', title: 'x', teamId: team, startsAt: '2027-03-17T11:00:00Z', endsAt: '2027-03-17T13:00:00Z', mode: 'remote' }),
    );
  });
});

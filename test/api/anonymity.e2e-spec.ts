import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';

jest.setTimeout(60_000);

/**
 * Everything about an anonymous consultation is checked, through HTTP: a meeting's title and place, its
 * participants (family by relation only, never a name or an email), every later edit. A hit is a 422
 * naming the field and the kind of identifier, and the response never repeats the value.
 */
describe('anonymity of meetings', () => {
  let api: TestApi;
  let f: Fixture;
  let snapshot: () => Promise<string>;

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    await request(api.http).post(`/api/requests/${f.anonymousRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    snapshot = async () =>
      JSON.stringify([await api.db.ds.query(`SELECT id, title, location, sequence FROM meeting ORDER BY id`), await api.db.ds.query(`SELECT id, display_name, email FROM meeting_participant ORDER BY id`)]);
  });
  afterAll(async () => {
    await api?.close();
  });

  const meeting = (extra: object) => ({
    kind: 'network_meeting',
    title: 'Verkostoneuvottelu',
    requestId: f.anonymousRequestId,
    startsAt: '2030-04-02T08:00:00Z',
    endsAt: '2030-04-02T09:00:00Z',
    mode: 'remote',
    participants: [{ kind: 'staff', personId: f.nurseId }],
    ...extra,
  });

  /** A 422 naming exactly these fields and kinds, with the identifiers nowhere in the response. */
  function expectRefused(res: request.Response, expected: Array<[string, string]>, secrets: string[]) {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 422, error: 'identifier_in_anonymous' });
    expect((res.body.details.findings as Array<{ field: string; kind: string }>).map((x) => [x.field, x.kind])).toEqual(expected);
    expect(res.body.fields.map((x: { field: string }) => x.field)).toEqual(expected.map(([field]) => field));
    for (const s of secrets) expect(JSON.stringify(res.body)).not.toContain(s);
  }

  it.each([
    ['a name in the title', { title: 'Verkostoneuvottelu: Jukalle tukea' }, [['title', 'name']], ['Jukalle']],
    ['an address as the place', { mode: 'in_person', location: 'Kotikäynti, Koulukatu 5 B 12, 60100 Seinäjoki' }, [['location', 'address']], ['Koulukatu', '60100']],
    [
      'a named family member with an email',
      { participants: [{ kind: 'staff' }, { kind: 'family', displayName: 'Maija Virtanen', email: 'maija.v@example.fi', familyRelation: 'guardian' }] },
      [['participants[1].displayName', 'name'], ['participants[1].email', 'email']],
      ['Maija', 'Virtanen', 'maija.v@example.fi'],
    ],
  ])('creating a meeting about an anonymous request with %s → 422, nothing stored', async (_what, extra, expected, secrets) => {
    const body = meeting(extra);
    if ('participants' in extra) body.participants = [{ kind: 'staff', personId: f.nurseId }, ...(extra.participants as object[]).slice(1)] as typeof body.participants;
    const before = await snapshot();
    expectRefused(await request(api.http).post('/api/meetings').send(body), expected as Array<[string, string]>, secrets as string[]);
    expect(await snapshot()).toBe(before);
  });

  it('a family member by relation, without an email, is fine; so are ordinary words that are also names', async () => {
    const m = await post<{ id: string; participants: Array<{ kind: string; displayName: string }> }>(
      api.http,
      '/api/meetings',
      meeting({ title: 'Verkostoneuvottelu: pian toivottu tuki, onni ja toivo', participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'family', displayName: 'äiti', familyRelation: 'guardian' }] }),
    );
    expect(m.participants.find((p) => p.kind === 'family')!.displayName).toBe('äiti');

    // every later edit is checked too
    let before = await snapshot();
    expectRefused(await request(api.http).patch(`/api/meetings/${m.id}`).send({ title: 'Soita isälle 040 123 4567' }), [['title', 'phone']], ['040 123 4567']);
    expectRefused(await request(api.http).patch(`/api/meetings/${m.id}`).send({ mode: 'hybrid', location: 'Heikin koti' }), [['location', 'name']], ['Heikin']);
    expectRefused(
      await request(api.http).post(`/api/meetings/${m.id}/participants`).send({ kind: 'family', displayName: 'isä', email: 'isa@example.fi', familyRelation: 'parent' }),
      [['email', 'email']],
      ['isa@example.fi'],
    );
    expectRefused(
      await request(api.http).post(`/api/meetings/${m.id}/participants`).send({ kind: 'family', displayName: 'isä HEIKKI', familyRelation: 'parent' }),
      [['displayName', 'name']],
      ['HEIKKI'],
    );
    const family = m.participants.find((p) => p.kind === 'family') as unknown as { id: string };
    expectRefused(await request(api.http).patch(`/api/meetings/${m.id}/participants/${family.id}`).send({ email: 'aiti@example.fi' }), [['email', 'email']], ['aiti@example.fi']);
    expect(await snapshot()).toBe(before);

    before = await snapshot();
    await request(api.http).patch(`/api/meetings/${m.id}`).send({ title: 'Verkostoneuvottelu (siirretty)' }).expect(200);
    expect(await snapshot()).not.toBe(before);
  });

  it('a team session is about no identified client: its title and place are checked', async () => {
    const res = await request(api.http).post('/api/meetings').send({
      kind: 'team_session', title: 'LaNu: Onni-pojan asiat', teamId: f.teamId, startsAt: '2030-04-03T11:00:00Z', endsAt: '2030-04-03T12:00:00Z', mode: 'remote',
    });
    expectRefused(res, [['title', 'name']], ['Onni']);
  });

  it('a meeting about an identified request may name the family (consent covers it)', async () => {
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    await post(api.http, '/api/meetings', {
      ...meeting({ requestId: f.identifiedRequestId, title: 'Verkostoneuvottelu Eetun koulunkäynnistä', startsAt: '2030-04-09T08:00:00Z', endsAt: '2030-04-09T09:00:00Z' }),
      participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian' }],
    });
  });

  it('anonymous requests: every field and every later edit, with the kind named', async () => {
    const base = { teamId: f.teamId, clientGroup: 'other', urgency: 'normal', preferredMode: 'remote', anonymous: true };
    expectRefused(
      await request(api.http).post('/api/requests').send({ ...base, question: 'Miten tukea?', situation: 'Lapsi (s. 3.4.2016) asuu äidin kanssa, puh. 040 765 4321' }),
      [['situation', 'birth_date'], ['situation', 'phone']],
      ['3.4.2016', '040 765 4321'],
    );
    const ok = await post<{ id: string }>(api.http, '/api/requests', { ...base, question: 'Miten tukea 7–12-vuotiasta, jolla F90.0?', situation: 'Pian alkaa koulu.' });
    expectRefused(await request(api.http).patch(`/api/requests/${ok.id}`).send({ triedSoFar: 'Kuraattori soitti perheelle, hetu 150316A456B' }), [['triedSoFar', 'personal_identity_code']], ['150316A456B']);
  });
});

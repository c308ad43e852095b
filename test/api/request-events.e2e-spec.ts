import request from 'supertest';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';

interface EventRow {
  action: string;
  to_status: string | null;
  actor_id: string | null;
  at: Date;
  meeting_id: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * Issue 13, part 1: the facts the metrics are computed from are appended to request_event in the same
 * transaction as what they record — whichever service writes them (database triggers).
 */
describe('request events: the history the metrics are computed from', () => {
  let api: TestApi;
  let f: Fixture;
  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
  });
  afterAll(async () => {
    await api?.close();
  });

  const events = async (id: string): Promise<EventRow[]> =>
    api.db.ds.query(`SELECT action, to_status, actor_id, at, meeting_id, detail FROM request_event WHERE request_id = $1 ORDER BY at, id`, [id]);

  it('records submission, own worker, triage, scheduling, organisations, holding, attendance and minutes in order, as the acting person', async () => {
    const physician = `Bearer ${await api.tokenFor(f.physicianId)}`;
    api.clock.set('2030-02-01T08:00:00Z');
    // the operator registered the client, so files about them; the nurse is the own worker
    const filed = await request(api.http).post('/api/requests').send({
      teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'hybrid', anonymous: false,
      clientId: f.clientId, consentId: f.consentId, ownWorkerId: f.nurseId, question: 'Tarvitaanko verkostoneuvottelu koulun kanssa?',
    }).expect(201);
    const id: string = filed.body.id;
    api.clock.set('2030-02-04T09:00:00Z');
    await request(api.http).post(`/api/requests/${id}/transitions`).set('authorization', physician).send({ action: 'accept' }).expect(200);
    const meeting = await request(api.http).post('/api/meetings').send({
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: id, startsAt: '2030-02-11T10:00:00Z', endsAt: '2030-02-11T11:00:00Z', mode: 'hybrid', location: 'Perhekeskus',
      participants: [
        { kind: 'staff', personId: f.physicianId },
        { kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.test', organisationName: 'Keskustan koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.test', familyRelation: 'guardian' },
      ],
    }).expect(201);
    const meetingId: string = meeting.body.id;
    const parts = meeting.body.participants as Array<{ id: string; kind: string }>;
    // the meeting is held: who came, and how
    api.clock.set('2030-02-11T11:05:00Z');
    const attendance: Record<string, string> = { staff: 'in_person', external: 'remote', family: 'in_person' };
    for (const p of parts) {
      await request(api.http).patch(`/api/meetings/${meetingId}/participants/${p.id}`).send({ attendance: attendance[p.kind] }).expect(200);
    }
    await request(api.http).post(`/api/requests/${id}/transitions`).send({ action: 'mark_handled' }).expect(200);
    const minutes = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send({ summary: 'Sovittiin tukitoimista.' }).expect(201);
    api.clock.set('2030-02-12T07:00:00Z');
    await request(api.http).post(`/api/minutes/${minutes.body.id}/finalise`).send({}).expect(200);

    const rows = await events(id);
    // facts written in one transaction share its instant (then: the order the rows were written)
    expect(rows.map((e) => `${e.action}:${e.to_status ?? '-'}`)).toEqual([
      'own_worker_named:-',
      'submit:submitted',
      'accept:accepted',
      'organisation_involved:-',
      'schedule:scheduled',
      'mark_handled:handled',
      'attended:-',
      'finalise_minutes:minutes_finalised',
    ]);
    expect(rows[0].at).toEqual(rows[1].at);
    const by = (a: string) => rows.find((e) => e.action === a)!;
    const op = api.operator.personId;
    expect(by('own_worker_named')).toMatchObject({ actor_id: op, detail: { ownWorkerId: f.nurseId } });
    expect(by('own_worker_named').at.toISOString()).toBe('2030-02-01T08:00:00.000Z');
    expect(by('organisation_involved')).toMatchObject({ meeting_id: meetingId, actor_id: op, detail: { organisationType: 'school', organisationName: 'Keskustan koulu' } });
    // "held": the lifecycle step names the meeting and when the consultation began
    expect(by('mark_handled')).toMatchObject({ meeting_id: meetingId, detail: { startsAt: '2030-02-11T10:00:00+00:00' } });
    expect(by('attended')).toMatchObject({
      meeting_id: meetingId,
      actor_id: op,
      detail: { minutesVersion: 1, inPerson: 2, remote: 1, absent: 0, byKind: { staff: { in_person: 1 }, external: { remote: 1 }, family: { in_person: 1 } } },
    });
    expect(by('attended').at.toISOString()).toBe('2030-02-12T07:00:00.000Z');
  });

  it('a later own worker is recorded when named, by the person who named them', async () => {
    const filed = await request(api.http).post('/api/requests').send({
      teamId: f.teamId, clientGroup: 'other', urgency: 'soon', preferredMode: 'remote', anonymous: true, question: 'Miten tukea perhettä?',
    }).expect(201);
    expect((await events(filed.body.id)).map((e) => e.action)).toEqual(['submit']);
    api.clock.set('2030-03-01T10:00:00Z');
    await request(api.http).patch(`/api/requests/${filed.body.id}`).send({ ownWorkerId: f.psychologistId }).expect(200);
    const rows = await events(filed.body.id);
    expect(rows.map((e) => e.action)).toEqual(['submit', 'own_worker_named']);
    expect(rows[1]).toMatchObject({ actor_id: api.operator.personId, detail: { ownWorkerId: f.psychologistId } });
    expect(rows[1].at.toISOString()).toBe('2030-03-01T10:00:00.000Z');
  });
});

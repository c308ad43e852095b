import request from 'supertest';
import { seedDemo } from '../../apps/api/src/seed/demo-seed';
import { TestApi, startTestApi } from '../support/api';

describe('demo county', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('loads through the services and is visible through the API', async () => {
    const summary = await seedDemo(api.app, new Date('2026-11-28T10:00:00Z'));
    expect(summary).toEqual({ persons: 17, teams: 3, requests: 9, meetings: 7 });
    const teams = await request(api.http).get('/api/teams').expect(200);
    expect(teams.body.items.map((t: { kind: string }) => t.kind).sort()).toEqual(['adults', 'children_youth', 'neuropsychiatric']);
    for (const t of teams.body.items) {
      const detail = await request(api.http).get(`/api/teams/${t.id}`).expect(200);
      expect(detail.body.responsiblePairs).toHaveLength(1);
      expect(detail.body.members.length).toBeGreaterThanOrEqual(4);
    }
    // lists hold only what the caller may read: the test operator has no relation to the demo county's cases,
    // its coordinator (a member of every team) sees them all
    expect((await request(api.http).get('/api/requests').expect(200)).body).toMatchObject({ items: [], total: 0 });
    expect((await request(api.http).get('/api/meetings').query({ kind: 'network_meeting' }).expect(200)).body).toMatchObject({ items: [], total: 0 });
    const [{ id: coordinatorId }]: Array<{ id: string }> = await api.db.ds.query(`SELECT id FROM person WHERE email = 'sirpa.peltola@hyvaep.fi'`);
    const coordinator = `Bearer ${await api.tokenFor(coordinatorId)}`;
    const requests = await request(api.http).get('/api/requests').set('authorization', coordinator).query({ limit: 200 }).expect(200);
    expect(requests.body.total).toBe(9);
    const statuses = new Set(requests.body.items.map((r: { status: string }) => r.status));
    expect([...statuses].sort()).toEqual(['accepted', 'declined', 'more_info_needed', 'scheduled', 'submitted']);
    // Team sessions on Tuesdays at 13:00 Helsinki time (11:00 UTC in winter).
    const sessions = await request(api.http).get('/api/meetings').set('authorization', coordinator).query({ kind: 'team_session' }).expect(200);
    expect(sessions.body.total).toBe(6);
    expect(sessions.body.items[0].startsAt).toBe('2026-12-01T11:00:00.000Z');
    const anonymous = requests.body.items.filter((r: { anonymous: boolean }) => r.anonymous);
    expect(anonymous.every((r: { clientId: string | null }) => r.clientId === null)).toBe(true);
  });
});

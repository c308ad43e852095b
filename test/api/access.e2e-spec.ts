import fc from 'fast-check';
import request from 'supertest';
import { ROLES, Role, rolesAllow } from '@kohtaamo/domain';
import { DevIssuer } from '../../apps/api/src/auth/dev-issuer.service';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';
import { routesOf } from '../support/routes';

const ANY_UUID = '3f2a1c4e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

describe('access control', () => {
  let api: TestApi;
  let f: Fixture;
  const auth: Partial<Record<Role, string>> = {};
  let school: { participantId: string; token: string; meetingId: string };

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    // one principal per role, with the fewest roles the accounts allow (staff roles add up)
    const plain = await api.staff('staff', 'Pelkkä Pyytäjä');
    const member = await api.staff('staff', 'Tiimin Jäsen');
    const chair = await api.staff('staff', 'Tiimin Puheenjohtaja');
    await post(api.http, `/api/teams/${f.teamId}/members`, { personId: member.personId, role: 'member' });
    await post(api.http, `/api/teams/${f.teamId}/members`, { personId: chair.personId, role: 'chair' });
    const coordinator = await api.staff('coordinator', 'Koordinaattori');
    const admin = await api.staff('admin', 'Ylläpitäjä');
    Object.assign(auth, { requester: plain.auth, team_member: member.auth, chair: chair.auth, coordinator: coordinator.auth, admin: admin.auth });

    // guests: a school teacher and a guardian invited to a network meeting about the identified request
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const meeting = await post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: '2030-06-01T08:00:00Z', endsAt: '2030-06-01T09:00:00Z', mode: 'hybrid', location: 'Perhekeskus',
      participants: [
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.fi', organisationName: 'Keskustan koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', familyRelation: 'guardian' },
      ],
    });
    const invite = async (kind: string) => {
      const p = meeting.participants.find((x) => x.kind === kind)!;
      const inv = await post<{ token: string }>(api.http, `/api/meetings/${meeting.id}/participants/${p.id}/invitation`, {});
      return { participantId: p.id, token: inv.token, meetingId: meeting.id };
    };
    school = await invite('external');
    const family = await invite('family');
    Object.assign(auth, { external_guest: `Invitation ${school.token}`, family_member: `Invitation ${family.token}` });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('every route declares @Public, @SignedIn or a permission from the table', () => {
    const routes = routesOf(api);
    expect(routes.length).toBeGreaterThan(60);
    const undeclared = routes.filter((r) => !r.isPublic && !r.signedIn && !r.permission).map((r) => `${r.method} ${r.path} (${r.name})`);
    expect(undeclared).toEqual([]);
  });

  it('every route × every role: allowed by the table → not 401/403 (and never 500); otherwise 403', async () => {
    const rolesOf: Partial<Record<Role, Role[]>> = {};
    for (const role of ROLES) rolesOf[role] = (await request(api.raw).get('/api/me').set('authorization', auth[role]!).expect(200)).body.roles;
    expect(rolesOf.requester).toEqual(['requester']);
    expect(rolesOf.admin).toEqual(['admin']);
    const routes = routesOf(api).filter((r) => !r.isPublic);
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes) {
      // ids that exist nowhere: an allowed caller gets 400/404/422, nothing changes, only the gate is tested
      const path = route.path.replace(/:\w+/g, ANY_UUID);
      for (const role of ROLES) {
        const allowed = route.signedIn || rolesAllow(rolesOf[role]!, route.permission!.resource, route.permission!.action);
        const res = await request(api.raw)[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path).set('authorization', auth[role]!).send({});
        checked++;
        const ok = allowed ? ![401, 403].includes(res.status) && res.status < 500 : res.status === 403;
        if (!ok) problems.push(`${role} ${route.method} ${path} → ${res.status} (expected ${allowed ? 'allowed' : '403'}) ${JSON.stringify(res.body).slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(routes.length * ROLES.length);
  }, 120_000);

  it('without a token: 401 on every non-public route; public ones answer', async () => {
    for (const route of routesOf(api)) {
      const path = route.path.replace(/:\w+/g, ANY_UUID);
      const res = await request(api.raw)[route.method.toLowerCase() as 'get'](path).send({});
      if (route.isPublic) expect([401, 403]).not.toContain(res.status);
      else expect({ route: `${route.method} ${path}`, status: res.status }).toEqual({ route: `${route.method} ${path}`, status: 401 });
    }
  });

  describe('guest links', () => {
    it('let a guest see their meeting (time, place, how to join) and nothing of the others', async () => {
      const mine = await request(api.raw).get(`/api/meetings/${school.meetingId}`).set('authorization', auth.external_guest!).expect(200);
      expect(Object.keys(mine.body).sort()).toEqual(['endsAt', 'id', 'location', 'mode', 'startsAt', 'status', 'title', 'you']);
      await request(api.raw).get(`/api/meetings/${f.meetingId}`).set('authorization', auth.external_guest!).expect(404);
      const list = await request(api.raw).get('/api/meetings').set('authorization', auth.external_guest!).expect(200);
      expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([school.meetingId]);
      const join = await request(api.raw).post(`/api/meetings/${school.meetingId}/join-token`).set('authorization', auth.external_guest!).send({}).expect(200);
      expect(join.body.role).toBe('guest');
      await request(api.raw).post(`/api/meetings/${f.meetingId}/join-token`).set('authorization', auth.external_guest!).send({}).expect(404);
    });

    it('refuse tampered, revoked and expired tokens', async () => {
      const tampered = school.token.slice(0, -2) + (school.token.endsWith('AA') ? 'BB' : 'AA');
      await request(api.raw).get(`/api/meetings/${school.meetingId}`).set('authorization', `Invitation ${tampered}`).expect(401);
      await request(api.raw).get(`/api/meetings/${school.meetingId}`).set('authorization', 'Invitation short').expect(401);
      // one link per guest per meeting: asking again gives the same one; revoked, it stops working and a new one is minted
      const inv = await post<{ id: string; token: string }>(api.http, `/api/meetings/${school.meetingId}/participants/${school.participantId}/invitation`, {});
      expect(inv.token).toBe(school.token);
      await request(api.http).delete(`/api/meetings/${school.meetingId}/invitations/${inv.id}`).expect(204);
      await request(api.raw).get('/api/me').set('authorization', `Invitation ${inv.token}`).expect(410);
      const fresh = await post<{ id: string; token: string }>(api.http, `/api/meetings/${school.meetingId}/participants/${school.participantId}/invitation`, {});
      expect(fresh.token).not.toBe(inv.token);
      school.token = fresh.token;
      auth.external_guest = `Invitation ${fresh.token}`;
      // expired: two hours after the meeting ends
      api.clock.set('2030-06-01T11:00:01Z');
      const expired = await request(api.raw).get('/api/me').set('authorization', auth.external_guest!).expect(401);
      expect(expired.body.message).toMatch(/expired|withdrawn/);
      api.clock.set('2030-06-01T10:59:00Z');
      await request(api.raw).get('/api/me').set('authorization', auth.external_guest!).expect(200);
      api.clock.set(null);
    });

    it('a staff token signed by someone else, or expired, is refused', async () => {
      const forged = api.operator.token.split('.').slice(0, 2).join('.') + '.' + Buffer.from('forged').toString('base64url');
      await request(api.raw).get('/api/teams').set('authorization', `Bearer ${forged}`).expect(401);
      const [h, p] = api.operator.token.split('.');
      const changed = JSON.parse(Buffer.from(p, 'base64url').toString());
      changed.email = 'someone.else@example.fi';
      await request(api.raw).get('/api/teams').set('authorization', `Bearer ${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${api.operator.token.split('.')[2]}`).expect(401);
      const issuer = api.app.get(DevIssuer);
      const expired = await issuer.sign({ sub: `dev:${api.operator.personId}`, email: 'operaattori@test.invalid' }, -120);
      const res = await request(api.raw).get('/api/teams').set('authorization', `Bearer ${expired}`).expect(401);
      expect(res.body.message).toMatch(/ERR_JWT_EXPIRED/);
      await request(api.raw).get('/api/teams').set('authorization', `Bearer ${await issuer.sign({ sub: `dev:${api.operator.personId}`, email: 'operaattori@test.invalid' }, 60)}`).expect(200);
    });
  });

  describe('consent', () => {
    it('decides which organisation sees the minutes; withdrawal takes effect at once for the team', async () => {
      // a member of the team sees the identified request while the consent is active
      await request(api.raw).get(`/api/requests/${f.identifiedRequestId}`).set('authorization', auth.team_member!).expect(200);
      await request(api.raw).get(`/api/clients/${f.clientId}`).set('authorization', auth.team_member!).expect(200);
      // someone with no care relationship does not: to them it does not exist
      const other = await api.staff('staff', 'Ulkopuolinen');
      const denied = await request(api.raw).get(`/api/requests/${f.identifiedRequestId}`).set('authorization', `Bearer ${other.token}`).expect(404);
      expect(denied.body.error).toBe('not_found');
      expect(JSON.stringify(denied.body)).not.toContain('Eetu');
      const listed = await request(api.raw).get('/api/requests').set('authorization', `Bearer ${other.token}`).expect(200);
      expect(listed.body.items.some((r: { id: string }) => r.id === f.identifiedRequestId)).toBe(false);
      // minutes: a draft is the staff's; a guest sees minutes only once finalised and within the consent
      // (row-level security, test/db/roles.db-spec.ts), so the school's teacher does not see this draft
      const minutes = await post<{ id: string }>(api.http, `/api/meetings/${school.meetingId}/minutes`, { summary: 'Sovittiin tukitoimista koulussa.' });
      // a draft is not shown to a guest at all; once the organiser (the operator, who booked the meeting) signs it, it is
      await request(api.raw).get(`/api/minutes/${minutes.id}`).set('authorization', auth.external_guest!).expect(404);
      api.clock.set('2030-06-01T08:30:00Z'); // minutes are signed once the meeting has begun
      await request(api.http).post(`/api/minutes/${minutes.id}/finalise`).send({}).expect(200);
      api.clock.set(null);
      await request(api.raw).get(`/api/minutes/${minutes.id}`).set('authorization', auth.external_guest!).expect(200);
      // withdrawal: the team member, the responsible pair's nurse and the school lose access at once; the requester (the operator) keeps it
      await request(api.raw).get(`/api/requests/${f.identifiedRequestId}`).set('authorization', `Bearer ${await api.tokenFor(f.nurseId)}`).expect(200);
      await request(api.http).post(`/api/consents/${f.consentId}/withdraw`).send({ reason: 'Huoltaja perui' }).expect(200);
      await request(api.raw).get(`/api/requests/${f.identifiedRequestId}`).set('authorization', auth.team_member!).expect(404);
      await request(api.raw).get(`/api/requests/${f.identifiedRequestId}`).set('authorization', `Bearer ${await api.tokenFor(f.nurseId)}`).expect(404);
      // the withdrawal revoked the school's link at once (410), and row-level security hides minutes whose
      // consent has ended: to the school, through any link, they no longer exist
      await request(api.raw).get(`/api/minutes/${minutes.id}`).set('authorization', auth.external_guest!).expect(410);
      await api.db.ds.query(`UPDATE meeting_invitation SET revoked_at = NULL WHERE participant_id = $1`, [school.participantId]);
      await request(api.raw).get(`/api/minutes/${minutes.id}`).set('authorization', auth.external_guest!).expect(404);
      await request(api.http).get(`/api/requests/${f.identifiedRequestId}`).expect(200);
    });
  });

  describe('access log', () => {
    it('records every read of identified data, and the client can get "who has seen my data"', async () => {
      const before = await api.db.ds.query(`SELECT count(*)::int AS n FROM access_log WHERE client_id = $1`, [f.clientId]);
      await request(api.http).get(`/api/clients/${f.clientId}`).set('x-purpose', 'care').expect(200);
      const after = await api.db.ds.query(`SELECT * FROM access_log WHERE client_id = $1 ORDER BY id DESC LIMIT 1`, [f.clientId]);
      expect(Number(before[0].n)).toBeGreaterThan(0);
      expect(after[0]).toMatchObject({ actor_id: api.operator.personId, action: 'read', resource_type: 'client', purpose: 'care', route: 'GET /api/clients/:id' });
      await request(api.http).get(`/api/clients/${f.clientId}`).set('x-purpose', 'curiosity').expect(400);
      const exported = await request(api.raw).get(`/api/access-log/clients/${f.clientId}/export`).set('authorization', auth.admin!).expect(200);
      const actors = new Set(exported.body.accessLog.map((e: { actorName: string }) => e.actorName));
      expect([...actors]).toEqual(expect.arrayContaining(['Testi Operaattori', 'Tiimin Jäsen', 'Opettaja Olli']));
      await request(api.http).get(`/api/access-log/clients/${f.clientId}/export`).expect(403);
      // anonymous requests leave no client trail
      const anonRows = await api.db.ds.query(`SELECT count(*)::int AS n FROM access_log WHERE resource_id = $1`, [f.anonymousRequestId]);
      expect(anonRows[0].n).toBe(0);
    });

    it('is append-only in the database itself, for the application user too', async () => {
      await expect(api.db.ds.query(`UPDATE access_log SET actor_name = 'x'`)).rejects.toThrow(/append-only/);
      await expect(api.db.ds.query(`DELETE FROM access_log`)).rejects.toThrow(/append-only/);
      await expect(api.db.ds.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only/);
      const [{ n }] = await api.db.ds.query(`SELECT count(*)::int AS n FROM access_log`);
      expect(n).toBeGreaterThan(0);
    });
  });

  describe('hardening', () => {
    it('sends security headers, allows only listed origins, and hides internals in errors', async () => {
      const res = await request(api.http).get('/api/teams').set('origin', 'https://evil.example').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const ok = await request(api.http).get('/api/teams').set('origin', api.config.corsOrigins[0]).expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe(api.config.corsOrigins[0]);
      const bad = await request(api.http).get(`/api/teams/${ANY_UUID}`).expect(404);
      expect(JSON.stringify(bad.body)).not.toMatch(/SELECT|at \w+ \(|\.ts:\d+/);
    });

    it('rate-limits the sign-in endpoint', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await request(api.raw).post('/api/dev-auth/token').send({ email: 'nobody@example.fi' })).status);
      // 20 a minute per address: the unknown person is a 422 until the limit, then 429s
      expect(statuses).toContain(429);
      expect(statuses.filter((x) => x !== 429 && x !== 422)).toEqual([]);
      expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(18);
    });
  });

  describe('hostile payloads (property-based)', () => {
    const TABLES = ['person', 'team', 'client', 'consent', 'consultation_request', 'meeting', 'meeting_participant', 'agenda_item', 'minutes', 'session_series', 'room', 'meeting_invitation'];
    const hostileString = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom("'; DROP TABLE person; --", '<script>alert(1)</script>', '\u0000', '\ud800', '%00', '${7*7}', '../../etc/passwd', 'x'.repeat(70_000), '131052-308T'),
    );
    const leaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(ANY_UUID, '2026-02-30T25:00:00Z', -1, 1e308));
    const hostile = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), tie('object')),
      object: fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'anonymous', 'clientId', 'kind', 'email')), tie('value'), { maxKeys: 6 }),
    })).object;

    it('never answer 500, store nothing, and leave the service healthy', async () => {
      const routes = routesOf(api).filter((r) => r.method !== 'GET' && !r.isPublic);
      const count = async () => JSON.stringify(await api.db.ds.query(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`));
      const before = await count();
      let tried = 0;
      const failures: string[] = [];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), hostile, fc.boolean(), async (route, body, asRawText) => {
          tried++;
          const path = route.path.replace(/:\w+/g, ANY_UUID);
          let req = request(api.http)[route.method.toLowerCase() as 'post'](path);
          if (asRawText) req = req.set('content-type', 'application/json').send(JSON.stringify(body).slice(0, 200_000) + (tried % 7 === 0 ? '\udc00{' : ''));
          else req = req.send(body as object);
          const res = await req;
          if (res.status >= 500 || res.status < 400) failures.push(`${route.method} ${path} → ${res.status} ${JSON.stringify(body).slice(0, 120)}`);
          return res.status < 500;
        }),
        { numRuns: 1500, seed: 20261128 },
      );
      expect(failures.filter((x) => !/→ 2\d\d/.test(x))).toEqual([]);
      expect(await count()).toBe(before);
      await request(api.http).get('/health').expect(200);
      console.log(`hostile payloads tried: ${tried} across ${routes.length} write routes`);
    }, 300_000);
  });
});

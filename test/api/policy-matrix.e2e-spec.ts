import request from 'supertest';
import {
  Decision,
  MeetingFacts,
  PolicyActor,
  RequestFacts,
  Role,
  clientDecision,
  guestMinutesDecision,
  meetingDecision,
  minutesDecision,
  personDecision,
  requestDecision,
  rolesAllow,
  teamInboxDecision,
  teamMembershipDecision,
} from '@kohtaamo/domain';
import { TestApi, startTestApi } from '../support/api';
import { routesOf } from '../support/routes';

/**
 * The matrix of issue 9: every route × every role × every relation to the object → allowed, 403 or 404.
 * Routes come from the router; what each route's object is and which rule decides it is declared below
 * (OBJECT_ROUTES / NO_OBJECT_ROUTES), so a new route that nobody declared fails the first test. The
 * expected answer is computed from the permission table and the pure policy (libs/domain/policy.ts)
 * with the relations each actor was given here by construction — independent of the SQL that computes
 * them in the API. Reads run for everyone; writes run for those who must be refused (with a valid body,
 * so the refusal is the policy's), and each refusal is checked to have changed nothing.
 */

type Kind = 'staff' | 'external' | 'family';
interface Actor {
  name: string;
  kind: Kind;
  id: string;
  auth: string;
  roles: Role[];
  policy: PolicyActor;
  /** relations to the fixture's objects */
  rel: {
    requestR: Omit<RequestFacts, 'anonymous' | 'status'>;
    sessionS: Omit<MeetingFacts, 'kind' | 'identified' | 'seesClient'>;
    networkN: Omit<MeetingFacts, 'kind' | 'identified' | 'seesClient'>;
    seesClient: boolean;
    /** registered the client or asked about them (not through a consent) */
    directCare: boolean;
    chairT: boolean;
    /** guests: the meeting of their invitation */
    guestOf?: 'N' | 'other';
  };
}

const NONE = { organiser: false, participant: false, teamMember: false, chairOnDay: false, caseWorker: false };
const NO_REQUEST = { requester: false, ownWorker: false, teamMember: false, chairToday: false, seesClient: false };

/** Which rule decides a route, from the objects it names. `write` routes are executed only when refused. */
type Rule = { write: boolean; decide: (a: Actor) => Decision };

describe('the access matrix: route × role × relation', () => {
  let api: TestApi;
  const actors: Actor[] = [];
  const ids: Record<string, string> = {};
  let OBJECT_ROUTES: Record<string, Rule>;

  const call = (a: Actor | { auth: string }, method: string, path: string, body?: unknown) =>
    request(api.raw)[method.toLowerCase() as 'get'](path).set('Authorization', a.auth).send(body as object);

  async function fingerprint(): Promise<string> {
    const tables = ['person', 'team_member', 'client', 'consent', 'consultation_request', 'request_event', 'meeting', 'meeting_participant', 'agenda_item', 'meeting_outbox', 'minutes'];
    const rows: Array<{ h: string }> = await api.db.ds.query(
      `SELECT ${tables.map((t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${t} x) AS ${t}`).join(', ')}`,
    );
    const inv: Array<{ h: string }> = await api.db.ds.query(`SELECT md5(coalesce(string_agg((id, revoked_at)::text, '|' ORDER BY id), '')) AS h FROM meeting_invitation`);
    return JSON.stringify(rows) + inv[0].h;
  }

  beforeAll(async () => {
    api = await startTestApi();
    api.clock.set('2027-03-01T08:00:00Z');
    const staff = async (name: string, profession: string, systemRole: 'staff' | 'coordinator' | 'admin' = 'staff') => {
      const [{ id }]: Array<{ id: string }> = await api.db.ds.query(
        `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ($1, $2, $3, 'Hyvinvointialue', $4) RETURNING id`,
        [name, `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@matrix.test`, profession, systemRole],
      );
      return { id, auth: `Bearer ${await api.tokenFor(id)}` };
    };
    const nurseA = await staff('Anna Pyytaja', 'public_health_nurse');
    const nurseB = await staff('Bea Ulkopuolinen', 'public_health_nurse');
    const chairT = await staff('Tapio Puheenjohtaja', 'physician');
    const memberT = await staff('Tuula Jasen', 'psychologist');
    const chairU = await staff('Urho Toinen', 'physician');
    const coordinator = await staff('Kaisa Koordinaattori', 'coordinator', 'coordinator');
    const admin = await staff('Yrjo Yllapito', 'other', 'admin');
    const co = { auth: coordinator.auth };
    const expectOk = (res: request.Response) => {
      if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown> & { id: string };
    };
    ids.teamT = expectOk(await call(co, 'POST', '/api/teams', { kind: 'neuropsychiatric', name: 'Matrix T', unit: 'Perhekeskus' })).id;
    ids.teamU = expectOk(await call(co, 'POST', '/api/teams', { kind: 'adults', name: 'Matrix U', unit: 'Perhekeskus' })).id;
    ids.memberT = expectOk(await call(co, 'POST', `/api/teams/${ids.teamT}/members`, { personId: memberT.id, role: 'member' })).id;
    expectOk(await call(co, 'POST', `/api/teams/${ids.teamT}/members`, { personId: chairT.id, role: 'chair' }));
    expectOk(await call(co, 'POST', `/api/teams/${ids.teamU}/members`, { personId: chairU.id, role: 'chair' }));
    for (const a of [chairT, memberT, chairU]) a.auth = `Bearer ${await api.tokenFor(a.id)}`;
    const A = { auth: nurseA.auth };
    ids.clientC = expectOk(await call(A, 'POST', '/api/clients', { fullName: 'Eetu Esimerkki', birthDate: '2019-05-04' })).id;
    ids.consentK = expectOk(
      await call(A, 'POST', `/api/clients/${ids.clientC}/consents`, {
        givenBy: 'guardian',
        givenByName: 'Elina Esimerkki',
        organisationTypes: ['school'],
        dataCategories: ['request', 'minutes'],
        purpose: 'Konsultaatio',
        givenAt: '2027-01-01T00:00:00Z',
      }),
    ).id;
    const base = { teamId: ids.teamT, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote' };
    ids.requestR = expectOk(await call(A, 'POST', '/api/requests', { ...base, anonymous: false, clientId: ids.clientC, consentId: ids.consentK, ownWorkerId: nurseA.id, question: 'Nepsy-arvio?' })).id;
    ids.requestR2 = expectOk(await call(A, 'POST', '/api/requests', { ...base, anonymous: true, question: 'Toinen kysymys' })).id;
    for (const r of [ids.requestR, ids.requestR2]) expectOk(await call(chairT, 'POST', `/api/requests/${r}/transitions`, { action: 'accept' }));
    ids.sessionS = expectOk(
      await call(chairT, 'POST', '/api/meetings', {
        kind: 'team_session', title: 'Matrix T', teamId: ids.teamT, startsAt: '2027-03-02T11:00:00Z', endsAt: '2027-03-02T13:00:00Z', mode: 'remote', slotMinutes: 20,
        participants: [{ kind: 'staff', personId: chairT.id }],
      }),
    ).id;
    ids.itemS = expectOk(await call(chairT, 'POST', `/api/meetings/${ids.sessionS}/agenda-items`, { requestId: ids.requestR, startsAt: '2027-03-02T11:00:00Z', endsAt: '2027-03-02T11:20:00Z' })).id;
    const n = expectOk(
      await call(A, 'POST', '/api/meetings', {
        kind: 'network_meeting', title: 'Verkosto', requestId: ids.requestR, startsAt: '2027-03-10T08:00:00Z', endsAt: '2027-03-10T09:00:00Z', mode: 'remote',
        participants: [
          { kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.test', organisationName: 'Koulu', organisationType: 'school' },
          { kind: 'family', displayName: 'Elina', email: 'elina@example.test', familyRelation: 'guardian' },
        ],
      }),
    );
    ids.networkN = n.id;
    const parts = n.participants as Array<{ id: string; kind: string }>;
    ids.schoolP = parts.find((p) => p.kind === 'external')!.id;
    ids.familyP = parts.find((p) => p.kind === 'family')!.id;
    const schoolInv = expectOk(await call(A, 'POST', `/api/meetings/${ids.networkN}/participants/${ids.schoolP}/invitation`));
    ids.invitationN = schoolInv.id;
    const familyInv = expectOk(await call(A, 'POST', `/api/meetings/${ids.networkN}/participants/${ids.familyP}/invitation`));
    // a guest of another meeting (the coordinator's own, about nothing)
    const other = expectOk(
      await call(A, 'POST', '/api/meetings', {
        kind: 'network_meeting', title: 'Muu', startsAt: '2027-03-11T08:00:00Z', endsAt: '2027-03-11T09:00:00Z', mode: 'remote',
        participants: [{ kind: 'family', displayName: 'Muu', email: 'muu@example.test', familyRelation: 'guardian' }],
      }),
    );
    const otherInv = expectOk(await call(A, 'POST', `/api/meetings/${other.id}/participants/${(other.participants as Array<{ id: string }>)[0].id}/invitation`));
    ids.minutesM = expectOk(await call(chairT, 'POST', `/api/meetings/${ids.sessionS}/minutes`, { requestId: ids.requestR, summary: 'Arvio aloitetaan.' })).id;
    api.clock.set('2027-03-10T12:00:00Z');
    expectOk(await call(chairT, 'POST', `/api/minutes/${ids.minutesM}/finalise`, {}));
    ids.minutesN = expectOk(await call(A, 'POST', `/api/meetings/${ids.networkN}/minutes`, { summary: 'Sovittiin tukitoimista.' })).id;
    expectOk(await call(A, 'POST', `/api/minutes/${ids.minutesN}/finalise`, {}));
    api.clock.set('2027-03-01T08:00:00Z');

    const who = (p: PolicyActor['systemRole'], id: string): PolicyActor => ({ personId: id, systemRole: p });
    const add = (name: string, kind: Kind, a: { id: string; auth: string }, systemRole: PolicyActor['systemRole'], rel: Partial<Actor['rel']>) =>
      actors.push({
        name, kind, id: a.id, auth: a.auth, roles: [], policy: who(systemRole, a.id),
        rel: { requestR: NO_REQUEST, sessionS: NONE, networkN: NONE, seesClient: false, directCare: false, chairT: false, ...rel },
      });
    add('requester (own case)', 'staff', nurseA, 'staff', {
      requestR: { ...NO_REQUEST, requester: true, ownWorker: true, seesClient: true },
      sessionS: { ...NONE, caseWorker: true },
      networkN: { ...NONE, organiser: true, caseWorker: true },
      seesClient: true,
      directCare: true,
    });
    add('chair of the team', 'staff', chairT, 'staff', {
      requestR: { ...NO_REQUEST, teamMember: true, chairToday: true, seesClient: true },
      sessionS: { ...NONE, organiser: true, participant: true, teamMember: true, chairOnDay: true },
      seesClient: true,
      chairT: true,
    });
    add('member of the team', 'staff', memberT, 'staff', {
      requestR: { ...NO_REQUEST, teamMember: true, seesClient: true },
      sessionS: { ...NONE, teamMember: true },
      seesClient: true,
    });
    add('chair of another team', 'staff', chairU, 'staff', {});
    add('staff with no relation', 'staff', nurseB, 'staff', {});
    add('coordinator', 'staff', coordinator, 'coordinator', {});
    add('admin', 'staff', admin, 'admin', {});
    add('school guest of this meeting', 'external', { id: ids.schoolP, auth: `Invitation ${schoolInv.token as string}` }, 'staff', { guestOf: 'N' });
    add('family of this meeting', 'family', { id: ids.familyP, auth: `Invitation ${familyInv.token as string}` }, 'staff', { guestOf: 'N' });
    add('guest of another meeting', 'family', { id: 'other', auth: `Invitation ${otherInv.token as string}` }, 'staff', { guestOf: 'other' });
    for (const a of actors) {
      const me = await call(a, 'GET', '/api/me');
      a.roles = me.body.roles as Role[];
    }

    const S = (a: Actor): MeetingFacts => ({ kind: 'team_session', identified: false, seesClient: true, ...a.rel.sessionS });
    const N = (a: Actor): MeetingFacts => ({ kind: 'network_meeting', identified: true, seesClient: a.rel.seesClient, ...a.rel.networkN });
    const R = (a: Actor): RequestFacts => ({ anonymous: false, status: 'scheduled', ...a.rel.requestR });
    const guest = (a: Actor, meeting: 'N' | 'S', rule: () => Decision): Decision =>
      a.kind === 'staff' ? rule() : a.rel.guestOf === 'N' && meeting === 'N' ? { allowed: true } : { allowed: false, code: 'not_found', reason: 'not their meeting' };
    const staffOnly = (a: Actor, rule: () => Decision): Decision => (a.kind === 'staff' ? rule() : { allowed: false, code: 'forbidden', reason: 'staff only' });
    const guestMinutes = (a: Actor, m: 'M' | 'N'): Decision =>
      guestMinutesDecision({ kind: a.kind === 'family' ? 'family' : 'external', ownMeeting: a.rel.guestOf === 'N' && m === 'N', anonymous: false, finalised: true, consentActive: true, consentEnded: false, consentCoversGuest: true, relation: a.kind === 'family' ? 'guardian' : null });
    const minutes = (a: Actor, m: 'M' | 'N', action: 'read' | 'write'): Decision =>
      a.kind === 'staff' ? minutesDecision(a.policy, action, { meeting: m === 'M' ? S(a) : N(a), anonymous: false, finalised: true, caseSeen: a.rel.seesClient }) : action === 'read' ? guestMinutes(a, m) : { allowed: false, code: 'forbidden', reason: 'guests do not write' };

    OBJECT_ROUTES = {
      'GET /api/meetings/:id': { write: false, decide: (a) => guest(a, 'S', () => meetingDecision(a.policy, 'read', S(a))) },
      'PATCH /api/meetings/:id': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', S(a))) },
      'POST /api/meetings/:id/cancel': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', S(a))) },
      // holding a network meeting (issue 12): attendance is read by who reads the meeting, marked by its hosts
      // a guest of the meeting is refused (403); a guest of another meeting does not learn it exists (404)
      'GET /api/meetings/:id/attendance': {
        write: false,
        decide: (a) => (a.kind === 'staff' ? meetingDecision(a.policy, 'read', N(a)) : a.rel.guestOf === 'N' ? { allowed: false, code: 'forbidden', reason: 'staff only' } : { allowed: false, code: 'not_found', reason: 'another meeting' }),
      },
      'POST /api/meetings/:id/attendance': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'host', N(a))) },
      'PUT /api/meetings/:id/room-headcount': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'host', N(a))) },
      'POST /api/meetings/:id/participants': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'PATCH /api/meetings/:id/participants/:participantId': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'DELETE /api/meetings/:id/participants/:participantId': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'POST /api/meetings/:id/agenda-items': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'book_agenda', S(a))) },
      'DELETE /api/meetings/:id/agenda-items/:itemId': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'book_agenda', S(a))) },
      'POST /api/meetings/:id/participants/:participantId/invitation': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'GET /api/meetings/:id/invitations': { write: false, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'DELETE /api/meetings/:id/invitations/:invitationId': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'POST /api/meetings/:id/join-token': { write: false, decide: (a) => guest(a, 'N', () => meetingDecision(a.policy, 'read', N(a))) },
      'GET /api/meetings/:meetingId/deliveries': { write: false, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'manage', N(a))) },
      'POST /api/meetings/:meetingId/minutes': { write: true, decide: (a) => staffOnly(a, () => meetingDecision(a.policy, 'write_minutes', N(a))) },
      'GET /api/meetings/:meetingId/minutes': { write: false, decide: (a) => guest(a, 'N', () => meetingDecision(a.policy, 'read', N(a))) },
      'GET /api/minutes/:id': { write: false, decide: (a) => minutes(a, 'M', 'read') },
      'GET /api/minutes/:id/versions': { write: false, decide: (a) => minutes(a, 'M', 'read') },
      'GET /api/minutes/:id/pdf': { write: false, decide: (a) => minutes(a, 'M', 'read') },
      'PATCH /api/minutes/:id': { write: true, decide: (a) => staffOnly(a, () => minutes(a, 'M', 'write')) },
      'POST /api/minutes/:id/finalise': { write: true, decide: (a) => staffOnly(a, () => minutes(a, 'M', 'write')) },
      'POST /api/minutes/:id/corrections': { write: true, decide: (a) => staffOnly(a, () => minutes(a, 'M', 'write')) },
      // who received and read them (issue 12): the disclosure log's part about these minutes, for those who sign them
      // (a guest who may not even read these minutes is told they do not exist, as for reading them)
      'GET /api/minutes/:id/receipts': { write: false, decide: (a) => (a.kind === 'staff' ? minutes(a, 'M', 'write') : guestMinutes(a, 'M').allowed ? { allowed: false, code: 'forbidden', reason: 'staff only' } : guestMinutes(a, 'M')) },
      'GET /api/requests/:id': { write: false, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'read', R(a))) },
      'PATCH /api/requests/:id': { write: true, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'edit', R(a))) },
      'POST /api/requests/:id/transitions': { write: true, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'triage', R(a))) },
      'POST /api/requests/:id/book': { write: true, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'book', R(a))) },
      // triage from the inbox (issue 11): the team's chairs of today
      'POST /api/requests/:id/accept': { write: true, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'triage', R(a))) },
      'POST /api/requests/:id/request-info': { write: true, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'triage', R(a))) },
      'POST /api/requests/:id/decline': { write: true, decide: (a) => staffOnly(a, () => requestDecision(a.policy, 'triage', R(a))) },
      'GET /api/teams/:teamId/inbox': { write: false, decide: (a) => staffOnly(a, () => teamInboxDecision(a.policy, { teamMember: a.rel.sessionS.teamMember, chairToday: a.rel.chairT })) },
      'GET /api/clients/:id': { write: false, decide: (a) => staffOnly(a, () => clientDecision(a.policy, 'read', a.rel.seesClient, a.rel.directCare)) },
      'PATCH /api/clients/:id': { write: true, decide: (a) => staffOnly(a, () => clientDecision(a.policy, 'update', a.rel.seesClient, a.rel.directCare)) },
      'GET /api/clients/:clientId/consents': { write: false, decide: (a) => staffOnly(a, () => clientDecision(a.policy, 'read', a.rel.seesClient, a.rel.directCare)) },
      'POST /api/clients/:clientId/consents': { write: true, decide: (a) => staffOnly(a, () => clientDecision(a.policy, 'update', a.rel.seesClient, a.rel.directCare)) },
      'GET /api/consents/:id': { write: false, decide: (a) => staffOnly(a, () => clientDecision(a.policy, 'read', a.rel.seesClient, a.rel.directCare)) },
      'POST /api/consents/:id/withdraw': { write: true, decide: (a) => staffOnly(a, () => clientDecision(a.policy, 'update', a.rel.seesClient, a.rel.directCare)) },
      'PUT /api/persons/:id/working-hours': { write: true, decide: (a) => staffOnly(a, () => personDecision(a.policy, 'availability', { self: a.id === nurseA.id, targetIsAdmin: false })) },
      'PUT /api/persons/:id/busy': { write: true, decide: (a) => staffOnly(a, () => personDecision(a.policy, 'availability', { self: a.id === nurseA.id, targetIsAdmin: false })) },
      'PATCH /api/persons/:id': { write: true, decide: (a) => staffOnly(a, () => personDecision(a.policy, 'update', { self: a.id === nurseA.id, targetIsAdmin: false })) },
      'POST /api/teams/:id/members': { write: true, decide: (a) => staffOnly(a, () => teamMembershipDecision(a.policy, { chairToday: a.rel.chairT }, { makesChair: false })) },
      'PATCH /api/teams/:id/members/:memberId': { write: true, decide: (a) => staffOnly(a, () => teamMembershipDecision(a.policy, { chairToday: a.rel.chairT }, { makesChair: true })) },
      'DELETE /api/teams/:id/members/:memberId': { write: true, decide: (a) => staffOnly(a, () => teamMembershipDecision(a.policy, { chairToday: a.rel.chairT }, { makesChair: false })) },
    };
  }, 120_000);
  afterAll(() => api?.close());

  /** Routes whose answers depend on no single object's relations (lists filter by the same rules; tested in policy.e2e-spec). */
  const NO_OBJECT_ROUTES = new Set([
    'POST /api/meetings', 'GET /api/meetings', 'POST /api/requests', 'GET /api/requests', 'POST /api/clients', 'GET /api/clients',
    'POST /api/persons', 'GET /api/persons', 'GET /api/persons/:id', 'GET /api/persons/:id/working-hours',
    'POST /api/teams', 'GET /api/teams', 'GET /api/teams/:id', 'PATCH /api/teams/:id', 'GET /api/teams/:id/responsible-pairs', 'POST /api/teams/:id/responsible-pairs',
    'GET /api/teams/:teamId/reminder-offsets', 'PUT /api/teams/:teamId/reminder-offsets',
    'POST /api/teams/:teamId/session-series', 'GET /api/teams/:teamId/session-series', 'GET /api/session-series/:id', 'PATCH /api/session-series/:id',
    'GET /api/session-series/:id/occurrences', 'POST /api/session-series/:id/occurrences/:key/cancel', 'POST /api/session-series/:id/occurrences/:key/move',
    'POST /api/session-series/:id/occurrences/:key/allocate', 'POST /api/scheduling/free-time',
    // the caller's own calendar feed: the person is the principal, there is no other object
    'GET /api/me/calendar-feed', 'PUT /api/me/calendar-feed', 'DELETE /api/me/calendar-feed', 'POST /api/me/calendar-feed/refresh',
    // the caller's own profile, Home and requests (issue 11): the person is the principal; lists filter by relation (test/api/triage.e2e-spec)
    'GET /api/me/profile', 'PATCH /api/me/profile', 'GET /api/me/home', 'GET /api/me/requests',
    'POST /api/rooms', 'GET /api/rooms', 'GET /api/rooms/:id', 'GET /api/access-log', 'GET /api/access-log/clients/:clientId/export',
    // the disclosure log: administrators only (the permission table), filtered by nothing but the query
    'GET /api/disclosure-log',
    // ending a meeting holds it for every later route of this walk; its rule (meetingDecision 'host') is tested in meeting-hosting.e2e-spec
    'POST /api/meetings/:id/end',
    // aggregates over at least five cases (coordinators only, by the permission table); no object of anyone's
    'GET /api/metrics', 'GET /api/metrics/csv',
    // the at-risk list (coordinators only): lists only the requests the caller may see, by the inbox's need to know (test/api/at-risk.e2e-spec)
    'GET /api/metrics/at-risk',
  ]);

  it('every route that is not open is declared: by its object and rule, or as having none', () => {
    const undeclared = routesOf(api).map((r) => ({ ...r, open: r.isPublic || r.signedIn }))
      .filter((r) => !r.open && !(r.key in OBJECT_ROUTES) && !NO_OBJECT_ROUTES.has(r.key))
      .map((r) => r.key);
    expect(undeclared).toEqual([]);
  });

  it('every object route × every actor: allowed by the table and the policy, or 403/404 — and refusals change nothing', async () => {
    const params = (key: string): Record<string, string> => {
      const onSession = /agenda-items|^PATCH \/api\/meetings\/:id$|cancel$|^GET \/api\/meetings\/:id$/.test(key);
      const onPerson = key.includes('/persons/');
      const onTeam = key.includes('/teams/');
      return {
        id: onPerson ? actors[0].id : onTeam ? ids.teamT : key.includes('/minutes/') ? ids.minutesM : key.includes('/requests/') ? ids.requestR : key.includes('/clients/') ? ids.clientC : key.includes('/consents/') ? ids.consentK : onSession ? ids.sessionS : ids.networkN,
        meetingId: ids.networkN,
        participantId: ids.schoolP,
        itemId: ids.itemS,
        invitationId: ids.invitationN,
        clientId: ids.clientC,
        memberId: ids.memberT,
        teamId: ids.teamT,
      };
    };
    const bodies: Record<string, unknown> = {
      'PATCH /api/meetings/:id': { title: 'Muutettu' },
      'POST /api/meetings/:id/attendance': { participantId: ids.schoolP, present: true },
      'PUT /api/meetings/:id/room-headcount': { count: 3 },
      'POST /api/meetings/:id/participants': { kind: 'staff', personId: actors[4].id },
      'PATCH /api/meetings/:id/participants/:participantId': { email: 'muutettu@example.test' },
      'POST /api/meetings/:id/agenda-items': { requestId: ids.requestR2, startsAt: '2027-03-02T11:20:00Z', endsAt: '2027-03-02T11:40:00Z' },
      'POST /api/meetings/:meetingId/minutes': { summary: 'x' },
      'PATCH /api/minutes/:id': { summary: 'y' },
      'POST /api/minutes/:id/corrections': { reason: 'korjaus' },
      'PATCH /api/requests/:id': { question: 'Muutettu kysymys' },
      'POST /api/requests/:id/transitions': { action: 'mark_handled' },
      'POST /api/requests/:id/book': {},
      'POST /api/requests/:id/accept': {},
      'POST /api/requests/:id/request-info': { message: 'Lisätietoja?' },
      'POST /api/requests/:id/decline': { reason: 'Ei kuulu tälle ryhmälle.' },
      'PATCH /api/clients/:id': { fullName: 'Muutettu Nimi' },
      'POST /api/clients/:clientId/consents': { givenBy: 'guardian', givenByName: 'X', organisationTypes: ['school'], dataCategories: ['minutes'], purpose: 'x' },
      'POST /api/consents/:id/withdraw': {},
      'PUT /api/persons/:id/working-hours': { weekly: { mon: [{ start: '08:00', end: '12:00' }] } },
      'PATCH /api/persons/:id': { unit: 'Muu' },
      'POST /api/teams/:id/members': { personId: actors[4].id, role: 'member' },
      'PATCH /api/teams/:id/members/:memberId': { role: 'chair' },
    };
    const routes = routesOf(api).map((r) => ({ ...r, open: r.isPublic || r.signedIn })).filter((r) => r.key in OBJECT_ROUTES);
    const problems: string[] = [];
    let refusals = 0;
    for (const route of routes) {
      const rule = OBJECT_ROUTES[route.key];
      const p = params(route.key);
      const path = route.path.replace(/:(\w+)/g, (_m, k: string) => p[k]);
      for (const a of actors) {
        const byTable = rolesAllow(a.roles, route.permission!.resource, route.permission!.action);
        const d: Decision = byTable ? rule.decide(a) : { allowed: false, code: 'forbidden', reason: 'table' };
        if (d.allowed && rule.write) continue; // allowed writes are exercised by the other tests
        const before = d.allowed ? '' : await fingerprint();
        const req = request(api.raw)[route.method.toLowerCase() as 'get'](path).set('Authorization', a.auth);
        const res = route.key === 'PUT /api/persons/:id/busy' ? await req.set('Content-Type', 'text/calendar').send('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n') : await req.send((bodies[route.key] ?? {}) as object);
        const expected = d.allowed ? 'allowed' : d.code === 'not_found' ? 404 : 403;
        const ok = d.allowed ? ![401, 403, 404].includes(res.status) && res.status < 500 : res.status === expected;
        if (!ok) problems.push(`${a.name}: ${route.key} → ${res.status}, expected ${expected} ${JSON.stringify(res.body).slice(0, 140)}`);
        if (!d.allowed) {
          refusals++;
          if ((await fingerprint()) !== before) problems.push(`${a.name}: ${route.key} was refused but changed the database`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(refusals).toBeGreaterThan(200);
  }, 300_000);
});

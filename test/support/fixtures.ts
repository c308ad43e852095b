import request from 'supertest';
import type { RequestListener } from 'node:http';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function post<T = Record<string, unknown>>(http: RequestListener, path: string, body: object): Promise<T> {
  const res = await request(http).post(path).send(body);
  if (res.status >= 300) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export interface Fixture {
  nurseId: string;
  physicianId: string;
  psychologistId: string;
  teamId: string;
  clientId: string;
  consentId: string;
  anonymousRequestId: string;
  identifiedRequestId: string;
  meetingId: string;
}

/** People, a team with a responsible pair, an identified client with consent, two requests and a session. */
export async function buildFixture(http: RequestListener, setupAuth: string): Promise<Fixture> {
  const person = (name: string, profession: string) =>
    post<{ id: string }>(http, '/api/persons', { name, email: `${name.split(' ')[0].toLowerCase()}.${unique()}@hyvaep.fi`, profession, organisation: 'Hyvinvointialue', unit: 'Perhekeskus' });
  const nurse = await person('Terhi Terveydenhoitaja', 'public_health_nurse');
  const physician = await person('Lauri Lääkäri', 'physician');
  const psychologist = await person('Pia Psykologi', 'psychologist');
  const team = await post<{ id: string }>(http, '/api/teams', { kind: 'children_youth', name: `LaNu ${unique()}`, unit: 'Seinäjoen perhekeskus' });
  // the signed-in test operator chairs the team, so that it may triage its requests
  const me = (await request(http).get('/api/me')).body as { personId: string };
  // (named by another coordinator: nobody names themselves a chair)
  const named = await request(http).post(`/api/teams/${team.id}/members`).set('Authorization', setupAuth).send({ personId: me.personId, role: 'chair' });
  if (named.status !== 201) throw new Error(`naming the operator chair → ${named.status}: ${JSON.stringify(named.body)}`);
  await post(http, `/api/teams/${team.id}/responsible-pairs`, { physicianId: physician.id, nurseId: nurse.id, validFrom: '2026-01-01', validTo: '2030-12-31' });
  const client = await post<{ id: string }>(http, '/api/clients', { fullName: 'Eetu Esimerkki', birthDate: '2019-05-04' });
  const consent = await post<{ id: string }>(http, `/api/clients/${client.id}/consents`, {
    givenBy: 'guardian',
    givenByName: 'Elina Esimerkki',
    organisationTypes: ['school', 'health_care'],
    dataCategories: ['request', 'minutes'],
    purpose: 'Verkostoneuvottelu koulun kanssa',
    givenAt: '2026-01-01T00:00:00Z',
  });
  const base = { teamId: team.id, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote' };
  const anon = await post<{ id: string }>(http, '/api/requests', { ...base, anonymous: true, ageBand: '3-6', question: 'Miten tukea lapsen keskittymistä päiväkodissa?' });
  const ident = await post<{ id: string }>(http, '/api/requests', { ...base, anonymous: false, clientId: client.id, consentId: consent.id, question: 'Tarvitaanko nepsy-arvio?' });
  const meeting = await post<{ id: string }>(http, '/api/meetings', {
    kind: 'team_session',
    title: 'LaNu-konsultaatio',
    teamId: team.id,
    startsAt: '2030-03-05T11:00:00Z',
    endsAt: '2030-03-05T13:00:00Z',
    mode: 'hybrid',
    location: 'Neuvotteluhuone Kaisla',
    participants: [{ kind: 'staff', personId: physician.id }],
  });
  return {
    nurseId: nurse.id,
    physicianId: physician.id,
    psychologistId: psychologist.id,
    teamId: team.id,
    clientId: client.id,
    consentId: consent.id,
    anonymousRequestId: anon.id,
    identifiedRequestId: ident.id,
    meetingId: meeting.id,
  };
}

export { post, unique };

import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { ClientGroup, MeetingMode, Profession, RequestAction, TeamKind, Urgency } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../auth/principal';
import { ClientsService } from '../clients/clients.service';
import { ConsentsService } from '../consents/consents.service';
import { asSystem } from '../database/actor-context';
import { MeetingsService } from '../meetings/meetings.service';
import { PersonsService } from '../persons/persons.service';
import { RequestsService } from '../requests/requests.service';
import { TeamsService } from '../teams/teams.service';

const ZONE = 'Europe/Helsinki';
const ORG = 'Etelä-Pohjanmaan hyvinvointialue';

/** A check character for a henkilötunnus; the demo uses the 900–999 individual numbers kept for testing. */
function hetu(ddmmyy: string, sign: string, individual: number): string {
  const n = Number(ddmmyy + String(individual).padStart(3, '0'));
  return `${ddmmyy}${sign}${String(individual).padStart(3, '0')}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}`;
}

export interface DemoSummary {
  persons: number;
  teams: number;
  requests: number;
  meetings: number;
}

/**
 * A living county: three standing consultation teams of the Seinäjoki family centre with their
 * responsible pairs, members of several professions, clients with consent, requests in every state,
 * the coming team sessions (every other Tuesday 13:00–15:00 Helsinki time) and a network meeting.
 * Goes through the services, so the demo obeys the same rules as real use.
 */
export function seedDemo(app: INestApplicationContext, now: Date): Promise<DemoSummary> {
  // the seed is the service's own work: the system actor (row-level security shows it every row)
  return asSystem(() => seedCounty(app, now));
}

async function seedCounty(app: INestApplicationContext, now: Date): Promise<DemoSummary> {
  const persons = app.get(PersonsService);
  const teams = app.get(TeamsService);
  const clients = app.get(ClientsService);
  const consents = app.get(ConsentsService);
  const requests = app.get(RequestsService);
  const meetings = app.get(MeetingsService);

  const people: Array<[string, Profession, string, 'fi' | 'sv']> = [
    ['Terhi Mäkelä', 'public_health_nurse', 'Seinäjoen neuvola, Keskusta', 'fi'],
    ['Sanna Hautala', 'public_health_nurse', 'Seinäjoen neuvola, Pohjan', 'fi'],
    ['Karin Sjöberg', 'public_health_nurse', 'Kristinestads rådgivning', 'sv'],
    ['Jussi Koskela', 'school_social_worker', 'Seinäjoen koulukuraattorit', 'fi'],
    ['Lauri Rintala', 'physician', 'Perhekeskus, lastenneuvola', 'fi'],
    ['Minna Kangas', 'nurse', 'Perhekeskus, lastenneuvola', 'fi'],
    ['Heikki Ojala', 'physician', 'Aikuisten mielenterveyspalvelut', 'fi'],
    ['Riitta Luoma', 'psychiatric_nurse', 'Aikuisten mielenterveyspalvelut', 'fi'],
    ['Anna-Liisa Heikkilä', 'physician', 'Lastenneurologia', 'fi'],
    ['Paula Niemi', 'nurse', 'Nepsy-tiimi', 'fi'],
    ['Outi Ketola', 'psychologist', 'Perheneuvola', 'fi'],
    ['Marko Salo', 'social_worker', 'Lapsiperheiden sosiaalityö', 'fi'],
    ['Tiina Yli-Hannuksela', 'speech_therapist', 'Puheterapia', 'fi'],
    ['Jaana Hakala', 'occupational_therapist', 'Toimintaterapia', 'fi'],
    ['Päivi Lahti', 'family_worker', 'Perhetyö', 'fi'],
    ['Sirpa Peltola', 'coordinator', 'Perhekeskuksen koordinaatio', 'fi'],
  ];
  const p: Record<string, string> = {};
  for (const [name, profession, unit, locale] of people) {
    const email = `${name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '.')}@hyvaep.fi`;
    p[name] = (await persons.create({ name, email, profession, organisation: ORG, unit, locale })).id;
  }
  // The family centre's coordinator, and a system administrator who sees no client data.
  const db = app.get(DataSource);
  await db.query(`UPDATE person SET system_role = 'coordinator' WHERE id = $1`, [p['Sirpa Peltola']]);
  const admin = await persons.create({ name: 'Ylläpito Kohtaamo', email: 'yllapito@hyvaep.fi', profession: 'other', organisation: ORG, unit: 'ICT' });
  await db.query(`UPDATE person SET system_role = 'admin' WHERE id = $1`, [admin.id]);

  const teamDefs: Array<[TeamKind, string, string, string, string, string[]]> = [
    ['children_youth', 'Lasten ja nuorten konsultaatioryhmä (LaNu)', 'Lauri Rintala', 'Minna Kangas', 'Joka toinen tiistai 13–15, tapaukset 20 min', ['Outi Ketola', 'Marko Salo', 'Tiina Yli-Hannuksela', 'Päivi Lahti']],
    ['adults', 'Aikuisten konsultaatioryhmä', 'Heikki Ojala', 'Riitta Luoma', 'Päihde- ja mielenterveysasiat, eroperheet', ['Marko Salo', 'Outi Ketola']],
    ['neuropsychiatric', 'Nepsy-tiimi', 'Anna-Liisa Heikkilä', 'Paula Niemi', 'Neuropsykiatrinen moniammatillinen tiimi, omatyöntekijä koordinoi', ['Jaana Hakala', 'Tiina Yli-Hannuksela', 'Outi Ketola']],
  ];
  const teamIds: Record<TeamKind, string> = { children_youth: '', adults: '', neuropsychiatric: '', other: '' };
  for (const [kind, name, physician, nurse, description, members] of teamDefs) {
    const t = await teams.create({ kind, name, unit: 'Seinäjoen perhekeskus', description });
    teamIds[kind] = t.id;
    // set up by the system itself (no principal): the coordinator would do this in the app
    await teams.addMember(t.id, { personId: p[physician], role: 'chair' }, null);
    await teams.addMember(t.id, { personId: p[nurse], role: 'chair' }, null);
    for (const m of members) await teams.addMember(t.id, { personId: p[m], role: 'member' }, null);
    await teams.addMember(t.id, { personId: p['Sirpa Peltola'], role: 'coordinator' }, null);
    await teams.addResponsiblePair(t.id, { physicianId: p[physician], nurseId: p[nurse], validFrom: '2026-01-01' });
  }

  const yearAgo = DateTime.fromJSDate(now).minus({ months: 2 }).toISO()!;
  // Everything from here on is done by a named professional, as in real use: the actor is the principal.
  const as = (name: string, systemRole: 'staff' | 'coordinator' = 'staff'): StaffPrincipal => ({ kind: 'staff', personId: p[name], name, organisation: ORG, systemRole, roles: [] });
  const eetu = await clients.create({ fullName: 'Eetu Esimerkki', personalIdentityCode: hetu('040519', 'A', 905), birthDate: '2019-05-04' }, p['Terhi Mäkelä']);
  const eetuConsent = await consents.create(eetu.id, {
    givenBy: 'guardian', givenByName: 'Elina Esimerkki', organisationTypes: ['health_care', 'social_services', 'school', 'daycare'],
    dataCategories: ['request', 'minutes', 'health', 'education'], purpose: 'Nepsy-arvio ja yhteistyö päiväkodin ja koulun kanssa', givenAt: yearAgo,
  }, as('Terhi Mäkelä'));
  const saga = await clients.create({ fullName: 'Saga Strand', personalIdentityCode: hetu('120314', 'A', 912), birthDate: '2014-03-12', locale: 'sv' }, p['Karin Sjöberg']);
  const sagaConsent = await consents.create(saga.id, {
    givenBy: 'guardian', givenByName: 'Maria Strand', organisationTypes: ['health_care', 'school', 'parish'],
    dataCategories: ['request', 'minutes'], purpose: 'Konsultation och nätverksmöte med skolan', givenAt: yearAgo,
  }, as('Karin Sjöberg'));

  type Demo = { team: TeamKind; requester: string; group: ClientGroup; urgency: Urgency; mode: MeetingMode; question: string; tried?: string; age?: '0-1' | '1-3' | '3-6' | '7-12' | '13-17' | '25-64'; client?: [string, string]; path: RequestAction[]; reason?: string };
  const demo: Demo[] = [
    { team: 'children_youth', requester: 'Terhi Mäkelä', group: 'separating_family', urgency: 'soon', mode: 'remote', age: '3-6', question: 'Vanhemmat eroamassa, lapsella uniongelmia ja raivokohtauksia. Miten tukea perhettä neuvolassa?', tried: 'Unikoulu, kaksi perhetyön käyntiä', path: [] },
    { team: 'children_youth', requester: 'Sanna Hautala', group: 'mental_health', urgency: 'normal', mode: 'hybrid', age: '1-3', question: 'Äidillä synnytyksen jälkeistä masennusta, vauvan varhainen vuorovaikutus huolettaa.', path: ['accept'] },
    { team: 'children_youth', requester: 'Karin Sjöberg', group: 'custody_dispute', urgency: 'urgent', mode: 'remote', age: '7-12', question: 'Vårdnadstvist, barnet vägrar träffa den ena föräldern. Hur går vi vidare?', path: ['accept'] },
    { team: 'children_youth', requester: 'Terhi Mäkelä', group: 'other', urgency: 'normal', mode: 'remote', age: '0-1', question: 'Imetysongelmat ja painonnousu, tarvitaanko lääkärin arvio?', path: ['request_info'], reason: 'Kertoisitko painokäyrän ja syöttötiheyden?' },
    { team: 'adults', requester: 'Sanna Hautala', group: 'substance_use', urgency: 'urgent', mode: 'in_person', age: '25-64', question: 'Isän alkoholinkäyttö lisääntynyt, perheessä kaksi alle kouluikäistä. Miten puheeksi otto ja ohjaus?', path: ['accept'] },
    { team: 'adults', requester: 'Jussi Koskela', group: 'mental_health', urgency: 'soon', mode: 'remote', age: '13-17', question: 'Nuori oireilee ahdistuksella, huoltaja itse uupunut.', path: ['decline'], reason: 'Kuuluu lasten ja nuorten ryhmälle; ohjattu LaNu-ryhmään.' },
    { team: 'neuropsychiatric', requester: 'Terhi Mäkelä', group: 'neuropsychiatric', urgency: 'soon', mode: 'hybrid', question: 'Päiväkoti havainnut keskittymisvaikeuksia ja aistiyliherkkyyttä. Tarvitaanko nepsy-arvio?', tried: 'Päiväkodin tukitoimet, kuvatuki', client: ['eetu', 'eetu'], path: ['accept'] },
    { team: 'neuropsychiatric', requester: 'Karin Sjöberg', group: 'neuropsychiatric', urgency: 'normal', mode: 'hybrid', question: 'Koulu efterfrågar stöd för ett barn med misstänkt ADHD.', client: ['saga', 'saga'], path: ['accept'] },
    { team: 'neuropsychiatric', requester: 'Jussi Koskela', group: 'neuropsychiatric', urgency: 'normal', mode: 'remote', age: '7-12', question: 'Toistuvat koulupoissaolot, epäily autismikirjosta.', path: ['accept'] },
  ];
  const clientOf: Record<string, { clientId: string; consentId: string }> = {
    eetu: { clientId: eetu.id, consentId: eetuConsent.id },
    saga: { clientId: saga.id, consentId: sagaConsent.id },
  };
  const requestIds: Array<{ id: string; team: TeamKind; client?: string }> = [];
  for (const d of demo) {
    const who = d.client ? clientOf[d.client[0]] : undefined;
    const r = await requests.create({
      ownWorkerId: p[d.requester],
      teamId: teamIds[d.team],
      clientGroup: d.group,
      urgency: d.urgency,
      question: d.question,
      triedSoFar: d.tried,
      ageBand: d.age,
      preferredMode: d.mode,
      familyAttends: false,
      anonymous: !who,
      ...(who ?? {}),
    }, as(d.requester));
    // triaged by the team's physician, who chairs it
    const chair = teamDefs.find(([kind]) => kind === d.team)![2];
    for (const action of d.path) await requests.transition(r.id, { action, reason: d.reason }, as(chair));
    requestIds.push({ id: r.id, team: d.team, client: d.client?.[0] });
  }

  // The next two team sessions of each team: every other Tuesday, 13:00–15:00 in Helsinki.
  let meetingCount = 0;
  let nextTuesday = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').plus({ days: 1 });
  while (nextTuesday.weekday !== 2) nextTuesday = nextTuesday.plus({ days: 1 });
  const sessions: Record<string, string[]> = {};
  for (const [kind, name, physician, nurse] of teamDefs) {
    sessions[kind] = [];
    for (const week of [0, 2]) {
      const start = nextTuesday.plus({ weeks: week }).set({ hour: 13 });
      const m = await meetings.create({
        kind: 'team_session',
        title: `${name.split(' (')[0]}: konsultaatio`,
        teamId: teamIds[kind],
        startsAt: start.toUTC().toISO()!,
        endsAt: start.plus({ hours: 2 }).toUTC().toISO()!,
        mode: 'hybrid',
        location: 'Seinäjoen perhekeskus, neuvotteluhuone Kaisla',
        participants: [
          { kind: 'staff', personId: p[physician] },
          { kind: 'staff', personId: p[nurse] },
        ],
      }, as(physician));
      sessions[kind].push(m.id);
      meetingCount++;
    }
  }
  // Book the accepted requests of the LaNu and Nepsy teams into the first session's 20-minute slots.
  for (const kind of ['children_youth', 'neuropsychiatric'] as const) {
    const session = await meetings.get(sessions[kind][0]);
    const chair = as(teamDefs.find(([k]) => k === kind)![2]);
    let slot = 0;
    for (const r of requestIds.filter((x) => x.team === kind)) {
      if ((await requests.get(r.id)).status !== 'accepted' || r.client === 'saga') continue;
      const startsAt = new Date(session.startsAt.getTime() + slot * 20 * 60_000);
      await meetings.addAgendaItem(session.id, { requestId: r.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString() }, chair);
      slot++;
    }
  }
  // A network meeting about Saga with her school and parish family counselling, the family in person.
  const sagaRequest = requestIds.find((r) => r.client === 'saga')!;
  const nm = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').plus({ days: 9 }).set({ hour: 9 });
  await meetings.create({
    kind: 'network_meeting',
    title: 'Nätverksmöte / verkostoneuvottelu',
    requestId: sagaRequest.id,
    startsAt: nm.toUTC().toISO()!,
    endsAt: nm.plus({ hours: 1 }).toUTC().toISO()!,
    mode: 'hybrid',
    location: 'Kristinestads familjecentral, mötesrum 2',
    participants: [
      { kind: 'staff', personId: p['Karin Sjöberg'], locale: 'sv' },
      { kind: 'staff', personId: p['Paula Niemi'] },
      { kind: 'external', displayName: 'Lärare Johan Berg', email: 'johan.berg@skola.example.fi', organisationName: 'Kristinestads skola', organisationType: 'school', locale: 'sv' },
      { kind: 'external', displayName: 'Familjerådgivare Eva Holm', email: 'eva.holm@forsamling.example.fi', organisationName: 'Församlingens familjerådgivning', organisationType: 'parish', required: false, locale: 'sv' },
      { kind: 'family', displayName: 'Maria Strand', email: 'maria.strand@example.fi', familyRelation: 'guardian', locale: 'sv' },
    ],
  }, as('Karin Sjöberg'));
  meetingCount++;
  return { persons: people.length + 1, teams: teamDefs.length, requests: demo.length, meetings: meetingCount };
}

/** True when the database holds no people yet (the start command seeds only then). */
export async function databaseIsEmpty(app: INestApplicationContext): Promise<boolean> {
  const [{ n }] = await app.get(DataSource).query('SELECT count(*)::int AS n FROM person');
  return n === 0;
}

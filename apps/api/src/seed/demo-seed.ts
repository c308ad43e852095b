import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { ClientGroup, MeetingMode, Profession, TeamKind, Urgency } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../auth/principal';
import { ClientsService } from '../clients/clients.service';
import { Clock } from '../common/clock';
import { ConsentsService } from '../consents/consents.service';
import { asSystem } from '../database/actor-context';
import { MeetingsService } from '../meetings/meetings.service';
import { PersonsService } from '../persons/persons.service';
import { RequestsService } from '../requests/requests.service';
import { BookingService } from '../scheduling/booking.service';
import { SeriesService } from '../scheduling/series.service';
import { seedHistory } from './demo-history';
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
 * responsible pairs, members of several professions, clients with consent, each team's sessions as a
 * series with 20-minute agenda slots (LaNu every other Tuesday 13–15, adults every other Thursday 9–11,
 * Nepsy every Wednesday 12.30–14.30, Helsinki time), four months of history — requests filed, triaged,
 * booked into past sessions and handled, declined and closed, each step at its own time — and today's
 * queue with a request in every state (one overdue for its first contact, accepted ones waiting for a
 * slot), a neuvola nurse (Terhi Mäkelä) with requests in five states, and a network meeting.
 * Then (demo-history.ts) some 45 finished cases spread over those months — minutes with attendance, network
 * meetings with outside partners, answered surveys — so that the coordinator's metrics have groups of five.
 * Goes through the services, each step on the service's clock set to the step's time, so the demo obeys
 * the same rules as real use. `now` is the seed's "today".
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
  const series = app.get(SeriesService);
  const booking = app.get(BookingService);
  // The county's history happens at its own times: each step runs with the service's clock at that instant.
  const clock = app.get(Clock);
  const at = async <T>(when: DateTime, fn: () => Promise<T>): Promise<T> => {
    const own = Object.prototype.hasOwnProperty.call(clock, 'now');
    const previous = clock.now;
    const instant = when.toJSDate();
    clock.now = () => new Date(instant);
    try {
      return await fn();
    } finally {
      if (own) clock.now = previous;
      else delete (clock as { now?: unknown }).now;
    }
  };

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
    // the pair has chaired the team for over a year (the demo's history lies within it)
    await teams.addResponsiblePair(t.id, { physicianId: p[physician], nurseId: p[nurse], validFrom: DateTime.fromJSDate(now, { zone: ZONE }).minus({ years: 1 }).toISODate()! });
  }

  const consentGiven = DateTime.fromJSDate(now).minus({ months: 6 }).toISO()!;
  // Everything from here on is done by a named professional, as in real use: the actor is the principal.
  const as = (name: string, systemRole: 'staff' | 'coordinator' = 'staff'): StaffPrincipal => ({ kind: 'staff', personId: p[name], name, organisation: ORG, systemRole, roles: [] });
  const eetu = await clients.create({ fullName: 'Eetu Esimerkki', personalIdentityCode: hetu('040519', 'A', 905), birthDate: '2019-05-04' }, p['Terhi Mäkelä']);
  const eetuConsent = await consents.create(eetu.id, {
    givenBy: 'guardian', givenByName: 'Elina Esimerkki', organisationTypes: ['health_care', 'social_services', 'school', 'daycare'],
    dataCategories: ['request', 'minutes', 'health', 'education'], purpose: 'Nepsy-arvio ja yhteistyö päiväkodin ja koulun kanssa', givenAt: consentGiven,
  }, as('Terhi Mäkelä'));
  const saga = await clients.create({ fullName: 'Saga Strand', personalIdentityCode: hetu('120314', 'A', 912), birthDate: '2014-03-12', locale: 'sv' }, p['Karin Sjöberg']);
  const sagaConsent = await consents.create(saga.id, {
    givenBy: 'guardian', givenByName: 'Maria Strand', organisationTypes: ['health_care', 'school', 'parish'],
    dataCategories: ['request', 'minutes'], purpose: 'Konsultation och nätverksmöte med skolan', givenAt: consentGiven,
  }, as('Karin Sjöberg'));

  type Step =
    | { do: 'accept' | 'request_info' | 'decline' | 'resubmit' | 'close'; daysAgo: number; reason?: string }
    /** booked by the chair into the first free slot of the team's next session after `daysAgo` (0: now, into a coming session) */
    | { do: 'book'; daysAgo: number }
    /** the session was held: the chair marks the case handled an hour after its session ends */
    | { do: 'handled' };
  type Demo = {
    team: TeamKind; requester: string; group: ClientGroup; urgency: Urgency; mode: MeetingMode; question: string; tried?: string;
    age?: '0-1' | '1-3' | '3-6' | '7-12' | '13-17' | '25-64'; client?: string; submittedDaysAgo: number; steps: Step[];
  };
  // A history over the past four months (requests handled in past sessions, declined and closed ones),
  // and today's queue: something in every state, the oldest waiting request overdue for its first contact.
  const demo: Demo[] = [
    // ── the past months ──
    { team: 'children_youth', requester: 'Terhi Mäkelä', group: 'mental_health', urgency: 'normal', mode: 'remote', age: '1-3', submittedDaysAgo: 118, question: 'Taapero ei puhu vielä sanoja, vanhemmat huolissaan. Tarvitaanko puheterapeutin arvio?', steps: [{ do: 'accept', daysAgo: 116 }, { do: 'book', daysAgo: 116 }, { do: 'handled' }] },
    { team: 'adults', requester: 'Sanna Hautala', group: 'separating_family', urgency: 'soon', mode: 'remote', age: '25-64', submittedDaysAgo: 97, question: 'Eroperheen äiti uupunut, miten ohjata palveluihin?', steps: [{ do: 'decline', daysAgo: 95, reason: 'Ohjataan perheneuvolaan, joka ottaa yhteyttä suoraan.' }, { do: 'close', daysAgo: 80 }] },
    { team: 'neuropsychiatric', requester: 'Jussi Koskela', group: 'neuropsychiatric', urgency: 'normal', mode: 'hybrid', age: '7-12', submittedDaysAgo: 74, question: 'Oppilas ei pysy tunneilla paikallaan, opettaja pyytää tukea.', steps: [{ do: 'request_info', daysAgo: 72, reason: 'Onko kouluterveydenhoitajan tarkastus tehty?' }, { do: 'resubmit', daysAgo: 66 }, { do: 'accept', daysAgo: 64 }, { do: 'book', daysAgo: 64 }, { do: 'handled' }] },
    { team: 'neuropsychiatric', requester: 'Terhi Mäkelä', group: 'neuropsychiatric', urgency: 'soon', mode: 'remote', age: '3-6', submittedDaysAgo: 45, question: 'Viisivuotiaalla voimakkaita raivokohtauksia siirtymätilanteissa.', tried: 'Kuvastrukturointi kotona', steps: [{ do: 'accept', daysAgo: 43 }, { do: 'book', daysAgo: 43 }, { do: 'handled' }] },
    { team: 'children_youth', requester: 'Karin Sjöberg', group: 'other', urgency: 'normal', mode: 'remote', age: '0-1', submittedDaysAgo: 33, question: 'Spädbarn med återkommande kräkningar, behövs läkarbedömning?', steps: [{ do: 'accept', daysAgo: 30 }, { do: 'book', daysAgo: 30 }, { do: 'handled' }] },
    // ── today's queue ──
    { team: 'children_youth', requester: 'Terhi Mäkelä', group: 'separating_family', urgency: 'soon', mode: 'remote', age: '3-6', submittedDaysAgo: 1, question: 'Vanhemmat eroamassa, lapsella uniongelmia ja raivokohtauksia. Miten tukea perhettä neuvolassa?', tried: 'Unikoulu, kaksi perhetyön käyntiä', steps: [] },
    { team: 'children_youth', requester: 'Sanna Hautala', group: 'mental_health', urgency: 'normal', mode: 'hybrid', age: '1-3', submittedDaysAgo: 12, question: 'Äidillä synnytyksen jälkeistä masennusta, vauvan varhainen vuorovaikutus huolettaa.', steps: [{ do: 'accept', daysAgo: 9 }] },
    { team: 'children_youth', requester: 'Karin Sjöberg', group: 'custody_dispute', urgency: 'urgent', mode: 'remote', age: '7-12', submittedDaysAgo: 5, question: 'Vårdnadstvist, barnet vägrar träffa den ena föräldern. Hur går vi vidare?', steps: [{ do: 'accept', daysAgo: 4 }, { do: 'book', daysAgo: 0 }] },
    { team: 'children_youth', requester: 'Terhi Mäkelä', group: 'other', urgency: 'normal', mode: 'remote', age: '0-1', submittedDaysAgo: 9, question: 'Imetysongelmat ja painonnousu, tarvitaanko lääkärin arvio?', steps: [{ do: 'request_info', daysAgo: 7, reason: 'Kertoisitko painokäyrän ja syöttötiheyden?' }] },
    { team: 'children_youth', requester: 'Terhi Mäkelä', group: 'mental_health', urgency: 'normal', mode: 'in_person', age: '7-12', submittedDaysAgo: 8, question: 'Koululainen jännittää kouluun menoa, vatsakipuja aamuisin.', steps: [] },
    { team: 'adults', requester: 'Sanna Hautala', group: 'substance_use', urgency: 'urgent', mode: 'in_person', age: '25-64', submittedDaysAgo: 3, question: 'Isän alkoholinkäyttö lisääntynyt, perheessä kaksi alle kouluikäistä. Miten puheeksi otto ja ohjaus?', steps: [{ do: 'accept', daysAgo: 2 }, { do: 'book', daysAgo: 0 }] },
    { team: 'adults', requester: 'Jussi Koskela', group: 'mental_health', urgency: 'soon', mode: 'remote', age: '13-17', submittedDaysAgo: 15, question: 'Nuori oireilee ahdistuksella, huoltaja itse uupunut.', steps: [{ do: 'decline', daysAgo: 13, reason: 'Kuuluu lasten ja nuorten ryhmälle; ohjattu LaNu-ryhmään.' }] },
    { team: 'neuropsychiatric', requester: 'Terhi Mäkelä', group: 'neuropsychiatric', urgency: 'soon', mode: 'hybrid', question: 'Päiväkoti havainnut keskittymisvaikeuksia ja aistiyliherkkyyttä. Tarvitaanko nepsy-arvio?', tried: 'Päiväkodin tukitoimet, kuvatuki', client: 'eetu', submittedDaysAgo: 20, steps: [{ do: 'accept', daysAgo: 18 }, { do: 'book', daysAgo: 0 }] },
    { team: 'neuropsychiatric', requester: 'Karin Sjöberg', group: 'neuropsychiatric', urgency: 'normal', mode: 'hybrid', question: 'Koulu efterfrågar stöd för ett barn med misstänkt ADHD.', client: 'saga', submittedDaysAgo: 16, steps: [{ do: 'accept', daysAgo: 14 }] },
    { team: 'neuropsychiatric', requester: 'Jussi Koskela', group: 'neuropsychiatric', urgency: 'normal', mode: 'remote', age: '7-12', submittedDaysAgo: 6, question: 'Toistuvat koulupoissaolot, epäily autismikirjosta.', steps: [{ do: 'accept', daysAgo: 1 }] },
  ];
  const clientOf: Record<string, { clientId: string; consentId: string }> = {
    eetu: { clientId: eetu.id, consentId: eetuConsent.id },
    saga: { clientId: saga.id, consentId: sagaConsent.id },
  };

  // Each team's regular sessions as a series with 20-minute agenda slots, started four months ago.
  const seriesDefs: Record<Exclude<TeamKind, 'other'>, { title: string; weekday: number; hour: number; minute: number; rrule: string; mode: MeetingMode; location?: string }> = {
    children_youth: { title: 'LaNu: konsultaatio', weekday: 2, hour: 13, minute: 0, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', mode: 'hybrid', location: 'Seinäjoen perhekeskus, neuvotteluhuone Kaisla' },
    adults: { title: 'Aikuisten konsultaatio', weekday: 4, hour: 9, minute: 0, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', mode: 'remote' },
    neuropsychiatric: { title: 'Nepsy-tiimi: konsultaatio', weekday: 3, hour: 12, minute: 30, rrule: 'FREQ=WEEKLY;BYDAY=WE', mode: 'hybrid', location: 'Seinäjoen perhekeskus, neuvotteluhuone Vilja' },
  };
  const T = DateTime.fromJSDate(now, { zone: ZONE });
  const chairOf = (kind: TeamKind) => teamDefs.find(([k]) => k === kind)![2];
  for (const [kind, d] of Object.entries(seriesDefs) as Array<[Exclude<TeamKind, 'other'>, (typeof seriesDefs)['adults']]>) {
    let first = T.minus({ months: 4 }).startOf('day');
    while (first.weekday !== d.weekday) first = first.plus({ days: 1 });
    await at(first.minus({ days: 7 }).set({ hour: 9 }), () =>
      series.create(teamIds[kind], {
        title: d.title, dtstart: first.set({ hour: d.hour, minute: d.minute }).toFormat("yyyy-MM-dd'T'HH:mm"), durationMinutes: 120, rrule: d.rrule, slotMinutes: 20, mode: d.mode,
        ...(d.location ? { location: d.location } : {}),
      }, as(chairOf(kind))),
    );
  }

  const requestIds: Array<{ id: string; team: TeamKind; client?: string }> = [];
  let meetingCount = 0;
  for (const d of demo) {
    const who = d.client ? clientOf[d.client] : undefined;
    const chair = as(chairOf(d.team));
    const r = await at(workday(T.minus({ days: d.submittedDaysAgo })).set({ hour: 10, minute: 15 }), () =>
      requests.create({
        ownWorkerId: p[d.requester], teamId: teamIds[d.team], clientGroup: d.group, urgency: d.urgency, question: d.question, triedSoFar: d.tried,
        ageBand: d.age, preferredMode: d.mode, familyAttends: false, anonymous: !who, ...(who ?? {}),
      }, as(d.requester)),
    );
    let sessionEnd: Date | null = null;
    for (const step of d.steps) {
      if (step.do === 'handled') {
        await at(DateTime.fromJSDate(sessionEnd!, { zone: ZONE }).plus({ hours: 1 }), () => requests.transition(r.id, { action: 'mark_handled' }, chair));
      } else if (step.do === 'book') {
        const when = step.daysAgo === 0 ? T : workday(T.minus({ days: step.daysAgo })).set({ hour: 14 });
        const b = await at(when, () => booking.book(r.id, {}, chair));
        sessionEnd = b.meeting.endsAt;
      } else {
        // triaged by the team's physician, who chairs it; resubmitted by the requester
        const actor = step.do === 'resubmit' ? as(d.requester) : chair;
        await at(workday(T.minus({ days: step.daysAgo })).set({ hour: 13 }), () => requests.transition(r.id, { action: step.do, reason: step.reason }, actor));
      }
    }
    requestIds.push({ id: r.id, team: d.team, client: d.client });
  }
  // The seed's decisions are history: they were told to nobody (a demo county mails no one about last summer).
  await db.query(`UPDATE notification_delivery SET status = 'superseded', last_error = 'demo history: decided before the demo county was loaded' WHERE kind = 'triage' AND status = 'queued'`);

  // Four months of finished cases, so that the coordinator's metrics have groups of five and more.
  const history = await seedHistory(app, { now: T, teamIds, chairOf, as, at });

  // A network meeting about Saga with her school and parish family counselling, the family in person.
  const sagaRequest = requestIds.find((r) => r.client === 'saga')!;
  const nm = T.startOf('day').plus({ days: 9 }).set({ hour: 9 });
  await at(T, () =>
    meetings.create({
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
    }, as('Karin Sjöberg')),
  );
  const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM meeting`);
  meetingCount = n;
  return { persons: people.length + 1, teams: teamDefs.length, requests: demo.length + history.requests, meetings: meetingCount };
}

/** The same date, or the Friday before when it falls on a weekend (staff file and triage on working days). */
function workday(d: DateTime): DateTime {
  return d.weekday === 6 ? d.minus({ days: 1 }) : d.weekday === 7 ? d.minus({ days: 2 }) : d;
}

/** True when the database holds no people yet (the start command seeds only then). */
export async function databaseIsEmpty(app: INestApplicationContext): Promise<boolean> {
  const [{ n }] = await app.get(DataSource).query('SELECT count(*)::int AS n FROM person');
  return n === 0;
}

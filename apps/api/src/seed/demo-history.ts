import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { DomainError, type ClientGroup, type MeetingMode, type OrganisationType, type TeamKind, type Urgency } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../auth/principal';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { mintFeedbackToken } from '../feedback/feedback-token';
import { FeedbackService } from '../feedback/feedback.service';
import { ClientsService } from '../clients/clients.service';
import { ConsentsService } from '../consents/consents.service';
import { MeetingsService } from '../meetings/meetings.service';
import { MinutesService } from '../minutes/minutes.service';
import { RequestsService } from '../requests/requests.service';
import { BookingService } from '../scheduling/booking.service';

const ZONE = 'Europe/Helsinki';

/** What the history needs from the seed: its people, teams, clock and "today". */
export interface HistoryContext {
  now: DateTime;
  teamIds: Record<TeamKind, string>;
  chairOf: (team: TeamKind) => string;
  as: (name: string) => StaffPrincipal;
  at: <T>(when: DateTime, fn: () => Promise<T>) => Promise<T>;
}

/** The same pseudo-random sequence on every load (mulberry32): the demo county is the same everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Questions that carry no identifier (they pass the anonymous-text check), per client group. */
const QUESTIONS: Record<ClientGroup, string[]> = {
  mental_health: ['Koululainen jännittää kouluun menoa, vatsakipuja aamuisin.', 'Nuori oireilee ahdistuksella, huoltaja itse uupunut.', 'Äidillä synnytyksen jälkeistä masennusta, vauvan varhainen vuorovaikutus huolettaa.'],
  separating_family: ['Eroperheen äiti uupunut, miten ohjata palveluihin?', 'Vanhemmat eroamassa, lapsella uniongelmia. Miten tukea perhettä neuvolassa?'],
  custody_dispute: ['Huoltoriita, lapsi ei halua tavata toista vanhempaa. Miten edetään?'],
  substance_use: ['Isän alkoholinkäyttö lisääntynyt, perheessä kaksi alle kouluikäistä. Miten puheeksi otto ja ohjaus?', 'Vanhemman päihteiden käyttö huolettaa päiväkotia.'],
  neuropsychiatric: ['Oppilas ei pysy tunneilla paikallaan, opettaja pyytää tukea.', 'Toistuvat koulupoissaolot, epäily autismikirjosta.', 'Viisivuotiaalla voimakkaita raivokohtauksia siirtymätilanteissa.'],
  other: ['Imetysongelmat ja painonnousu, tarvitaanko lääkärin arvio?', 'Taapero ei puhu vielä sanoja, vanhemmat huolissaan.'],
};

const TEAM_CASES: Array<{ team: TeamKind; count: number; groups: ClientGroup[]; ages: Array<'0-1' | '1-3' | '3-6' | '7-12' | '13-17' | '25-64'> }> = [
  { team: 'children_youth', count: 16, groups: ['mental_health', 'mental_health', 'separating_family', 'custody_dispute', 'other'], ages: ['0-1', '1-3', '3-6', '7-12', '13-17'] },
  { team: 'adults', count: 11, groups: ['substance_use', 'mental_health', 'separating_family'], ages: ['25-64'] },
  { team: 'neuropsychiatric', count: 18, groups: ['neuropsychiatric', 'neuropsychiatric', 'neuropsychiatric', 'mental_health'], ages: ['3-6', '7-12', '13-17'] },
];

/** Those who file the history's requests (not Terhi Mäkelä, whose Home the demo shows in a fixed state). */
const REQUESTERS = ['Sanna Hautala', 'Karin Sjöberg', 'Jussi Koskela', 'Outi Ketola', 'Marko Salo'];

const PARTNERS: Array<{ type: OrganisationType; name: string; role: string; email: string }> = [
  { type: 'school', name: 'Keskustan koulu', role: 'Luokanopettaja', email: 'opettaja@koulu.example.fi' },
  { type: 'daycare', name: 'Päiväkoti Pikkupirtti', role: 'Varhaiskasvatuksen opettaja', email: 'vako@paivakoti.example.fi' },
  { type: 'kela', name: 'Kela', role: 'Kelan asiantuntija', email: 'asiantuntija@kela.example.fi' },
  { type: 'parish', name: 'Seurakunnan perheneuvonta', role: 'Perheneuvoja', email: 'perheneuvoja@seurakunta.example.fi' },
];

const FIRST_NAMES = ['Aino', 'Veeti', 'Helmi', 'Onni', 'Siiri', 'Eino', 'Lilja', 'Leevi', 'Venla', 'Väinö', 'Ellen', 'Toivo', 'Iida', 'Niilo', 'Pihla', 'Elias', 'Aada', 'Otso', 'Hilla', 'Kasper'];

/** A henkilötunnus with its check character; the demo uses the 900–999 individual numbers kept for testing. */
function hetu(ddmmyy: string, sign: string, individual: number): string {
  const n = Number(ddmmyy + String(individual).padStart(3, '0'));
  return `${ddmmyy}${sign}${String(individual).padStart(3, '0')}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}`;
}

function nextWorkday(d: DateTime): DateTime {
  let x = d.plus({ days: 1 });
  while (x.weekday > 5) x = x.plus({ days: 1 });
  return x;
}

/** The next instant `n` working days (Mon–Fri) after `d`, at the same time of day. */
function plusWorkingDays(d: DateTime, n: number): DateTime {
  let x = d;
  for (let left = n; left > 0; ) {
    x = x.plus({ days: 1 });
    if (x.weekday <= 5) left--;
  }
  return x;
}

/**
 * Four months of finished cases for the metrics (issue 13): about 45 requests over the three teams, filed
 * by five professionals on working days between 112 and 24 days ago, answered within 0–6 working days (so
 * some miss the 3-working-day first contact), mostly accepted and booked by the chair into the next
 * session with a free slot, some declined or asked for more first; the session held, most cases' minutes
 * finalised with who took part in person and remotely; a quarter followed by a network meeting with a
 * school, daycare, Kela or the parish (multi-agency clients); over half of the survey links answered.
 * Everything goes through the services on the clock of its own instant; nothing reaches the future
 * sessions that today's queue is booked into. Mail about this history is marked as not sent.
 */
export async function seedHistory(app: INestApplicationContext, c: HistoryContext): Promise<{ requests: number }> {
  const requests = app.get(RequestsService);
  const booking = app.get(BookingService);
  const minutes = app.get(MinutesService);
  const meetings = app.get(MeetingsService);
  const feedback = app.get(FeedbackService);
  const clients = app.get(ClientsService);
  const consents = app.get(ConsentsService);
  const config = app.get<ApiConfig>(API_CONFIG);
  const db = app.get(DataSource);
  const rnd = random(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const latestStart = c.now.minus({ days: 2 });
  let clientNo = 0;

  type Case = { team: TeamKind; group: ClientGroup; age: (typeof TEAM_CASES)[number]['ages'][number]; daysAgo: number; requester: string };
  const cases: Case[] = [];
  let r = 0;
  for (const t of TEAM_CASES) {
    for (let i = 0; i < t.count; i++) {
      cases.push({ team: t.team, group: pick(t.groups), age: pick(t.ages), daysAgo: 24 + Math.floor(rnd() * 88), requester: REQUESTERS[r++ % REQUESTERS.length] });
    }
  }
  // in the order they happened, so that each booking takes the next free slot as it would have
  cases.sort((a, b) => b.daysAgo - a.daysAgo);

  const answerSurveys = async (meetingId: string, finalisedAt: DateTime) => {
    const links: Array<{ id: string }> = await db.query(`SELECT id FROM feedback_invitation WHERE meeting_id = $1 AND participant_id IS NOT NULL ORDER BY id`, [meetingId]);
    for (const link of links) {
      if (rnd() < 0.4) continue;
      const x = rnd();
      const score = x < 0.03 ? 1 : x < 0.09 ? 2 : x < 0.25 ? 3 : x < 0.65 ? 4 : 5;
      await c.at(finalisedAt.plus({ days: 1 + Math.floor(rnd() * 4), hours: 2 }), () => feedback.answer({ token: mintFeedbackToken(config.joinTokenSecret, link.id), score }));
    }
  };

  for (const k of cases) {
    const chair = c.as(c.chairOf(k.team));
    const requester = c.as(k.requester);
    let submitted = c.now.minus({ days: k.daysAgo }).set({ hour: 8 + Math.floor(rnd() * 7), minute: Math.floor(rnd() * 4) * 15, second: 0, millisecond: 0 });
    while (submitted.weekday > 5) submitted = submitted.minus({ days: 1 });
    const urgency: Urgency = pick(['normal', 'normal', 'normal', 'soon', 'soon', 'urgent']);
    // about a third are identified, with the guardian's consent to work with the school, daycare, Kela and the parish:
    // those are the cases that go on to a network meeting (an outside organisation needs the consent)
    const network = rnd() < 0.33;
    let who: { clientId: string; consentId: string } | undefined;
    if (network) {
      const n = clientNo++;
      const born = c.now.minus({ years: 3 + (n % 10), days: n * 17 });
      const ddmmyy = born.toFormat('ddMMyy');
      const client = await c.at(submitted.minus({ minutes: 30 }), () =>
        clients.create({ fullName: `${FIRST_NAMES[n % FIRST_NAMES.length]} Esimerkki`, personalIdentityCode: hetu(ddmmyy, 'A', 920 + n), birthDate: born.toISODate()! }, requester.personId),
      );
      const consent = await c.at(submitted.minus({ minutes: 20 }), () =>
        consents.create(client.id, {
          givenBy: 'guardian', givenByName: 'Huoltaja Esimerkki', organisationTypes: ['health_care', 'social_services', 'school', 'daycare', 'kela', 'parish'],
          dataCategories: ['request', 'minutes'], purpose: 'Konsultaatio ja verkostoneuvottelu', givenAt: submitted.minus({ minutes: 20 }).toISO()!,
        }, requester),
      );
      who = { clientId: client.id, consentId: consent.id };
    }
    const mode: MeetingMode = pick(['remote', 'remote', 'hybrid', 'in_person']);
    const req = await c.at(submitted, () =>
      requests.create({
        ownWorkerId: rnd() < 0.7 ? requester.personId : undefined, teamId: c.teamIds[k.team], clientGroup: k.group, urgency, question: pick(QUESTIONS[k.group]),
        ageBand: k.age, preferredMode: mode, familyAttends: false, anonymous: !who, ...(who ?? {}),
      }, requester),
    );
    // the team's first answer: usually within three working days, sometimes later
    const contact = plusWorkingDays(submitted, pick([0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6])).set({ hour: 13, minute: 30 });
    const decision = rnd();
    if (decision < 0.1) {
      await c.at(contact, () => requests.transition(req.id, { action: 'decline', reason: 'Ohjataan toiseen palveluun, joka ottaa yhteyttä suoraan.' }, chair));
      await c.at(contact.plus({ days: 14 }), () => requests.transition(req.id, { action: 'close' }, chair));
      continue;
    }
    let accepted = contact;
    if (decision < 0.2) {
      await c.at(contact, () => requests.transition(req.id, { action: 'request_info', reason: 'Mitä tukitoimia on jo kokeiltu?' }, chair));
      await c.at(plusWorkingDays(contact, 2).set({ hour: 10 }), () => requests.transition(req.id, { action: 'resubmit' }, requester));
      accepted = plusWorkingDays(contact, 3).set({ hour: 13, minute: 30 });
    }
    await c.at(accepted, () => requests.transition(req.id, { action: 'accept' }, chair));
    const booked = await c.at(accepted.plus({ minutes: 20 }), () => booking.book(req.id, {}, chair));
    const start = DateTime.fromJSDate(booked.meeting.startsAt, { zone: ZONE });
    const end = DateTime.fromJSDate(booked.meeting.endsAt, { zone: ZONE });
    if (start > latestStart) throw new Error(`demo history: a case of ${k.daysAgo} days ago was booked into ${start.toISO()}, too near today`);
    await c.at(end.plus({ hours: 1 }), () => requests.transition(req.id, { action: 'mark_handled' }, chair));
    if (!network && rnd() < 0.25) continue; // minutes not written (yet)
    // the minutes of this case: the responsible pair (in the room or remote), the requester remote
    const session = await meetings.detail(booked.meeting.id);
    const attendance = [
      ...session.participants.map((p) => ({ participantId: p.id, name: p.displayName, kind: p.kind, attendance: (booked.meeting.mode === 'remote' || rnd() < 0.3 ? 'remote' : 'in_person') as 'remote' | 'in_person' })),
      { name: k.requester, kind: 'staff' as const, attendance: (rnd() < 0.75 ? 'remote' : 'in_person') as 'remote' | 'in_person' },
    ];
    const written = end.plus({ hours: 2 });
    const draft = await c.at(written, () => minutes.create(booked.meeting.id, { requestId: req.id, summary: 'Tilanne käytiin läpi ja sovittiin jatkotoimista.', attendance }, chair));
    await c.at(written.plus({ minutes: 10 }), () => minutes.finalise(draft.id, chair));
    await answerSurveys(booked.meeting.id, written);

    // then a network meeting with an outside partner ten days later, organised by the requester
    if (network) {
      const partner = pick(PARTNERS);
      let day: DateTime = end.plus({ days: 10 }).set({ hour: 9, minute: 0 });
      while (day.weekday > 5) day = day.plus({ days: 1 });
      // the first working morning, from ten days on, when the organiser has no other meeting
      let nm: { id: string } | null = null;
      for (let tries = 0; nm === null && tries < 6; tries++, day = nextWorkday(day)) {
        if (day > latestStart) break;
        const when = day;
        try {
          nm = await c.at(end.plus({ days: 1 }), () =>
            meetings.create({
              kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: req.id, startsAt: when.toUTC().toISO()!, endsAt: when.plus({ hours: 1 }).toUTC().toISO()!,
              mode: 'remote', participants: [
                { kind: 'staff', personId: requester.personId },
                { kind: 'external', displayName: partner.role, email: partner.email, organisationName: partner.name, organisationType: partner.type },
              ],
            }, requester),
          );
        } catch (e) {
          if (!(e instanceof DomainError && e.code === 'conflict')) throw e;
        }
      }
      if (nm === null) continue;
      const nmDetail = await meetings.detail(nm.id);
      const nmStart = DateTime.fromJSDate(nmDetail.startsAt, { zone: ZONE });
      const nmWritten = nmStart.plus({ hours: 3 });
      const nmDraft = await c.at(nmWritten, () =>
        minutes.create(nm.id, {
          requestId: req.id, summary: 'Sovittiin työnjaosta ja seurannasta.',
          attendance: nmDetail.participants.map((p) => ({ participantId: p.id, name: p.kind === 'external' ? (p.organisationName ?? partner.name) : p.displayName, kind: p.kind, organisation: p.organisationName ?? undefined, attendance: (rnd() < 0.5 ? 'remote' : 'in_person') as 'remote' | 'in_person' })),
        }, requester),
      );
      await c.at(nmWritten.plus({ minutes: 10 }), () => minutes.finalise(nmDraft.id, requester));
      await answerSurveys(nm.id, nmWritten);
    }
  }
  // the history's mail went out long ago (a demo county mails no one about last spring)
  await db.query(`UPDATE minutes SET distribution_queued_at = finalised_at WHERE status = 'finalised' AND distribution_queued_at IS NULL`);
  await db.query(
    `UPDATE notification_delivery SET status = 'superseded', last_error = 'demo history: before the demo county was loaded'
      WHERE status = 'queued' AND kind IN ('triage', 'feedback', 'minutes')`,
  );
  // and its meetings took place: each ended at its booked end (held) — not past meetings still "scheduled"
  // for a newcomer to open (their attendance is in their minutes)
  await db.query(`UPDATE meeting SET status = 'held', ended_at = ends_at WHERE status = 'scheduled' AND ends_at <= $1`, [c.now.toJSDate()]);
  return { requests: cases.length };
}

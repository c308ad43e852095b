/**
 * A county-scale database for the metrics benchmark (issue 13): five years (2022–2026) of a wellbeing
 * county of 200,000 people — 200,000 clients, 100,000 consultation requests with their events (about
 * 800,000 request_event rows: submission, own worker, triage, scheduling, organisations, held, attendance,
 * minutes, closing), 60,000 meetings (15,000 team sessions with agenda items and 45,000 network meetings),
 * 300,000 participants, 10,000,000 access-log rows and 100,000 feedback answers.
 *
 * Everything goes in with COPY (pg-copy-streams), generated in this process from a seeded PRNG, as the
 * owner with session_replication_role = replica (no triggers: the events are written as the triggers
 * would have written them, and foreign keys are not re-checked row by row); the access log's secondary
 * indexes are dropped during its load and built again after, request_metrics is rebuilt from the events,
 * then everything is ANALYZEd.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { prng, pick } from '../scheduling/bench-util';

/**
 * SCALE (env, default 1): a fraction of the county for iterating (0.1 = 20,000 people, 10,000 requests,
 * 1,000,000 access-log rows); staff and teams stay as they are. The benchmark's figures are at SCALE=1.
 */
export const SCALE = (() => {
  const s = Number(process.env.SCALE ?? '1');
  if (!Number.isFinite(s) || s <= 0 || s > 1) throw new Error(`SCALE must be a number in (0, 1], got ${process.env.SCALE}`);
  return s;
})();
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

export const SIZES = {
  people: scaled(200_000),
  staff: 600,
  teams: 12,
  requests: scaled(100_000),
  sessions: scaled(15_000),
  networkMeetings: scaled(45_000),
  participantsPerMeeting: 5,
  accessLog: scaled(10_000_000),
  feedback: scaled(100_000),
  /** identified requests concern this many clients, each with a consent */
  consented: scaled(70_000),
};

export const YEARS = { from: Date.UTC(2022, 0, 1), to: Date.UTC(2027, 0, 1) };
export const COORDINATOR_EMAIL = 'koordinaattori@bench.invalid';
export const ADMIN_EMAIL = 'yllapito@bench.invalid';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GROUPS = ['neuropsychiatric', 'substance_use', 'mental_health', 'separating_family', 'custody_dispute', 'other'];
const ORGS: Array<[string, string]> = [['school', 'Koulu'], ['daycare', 'Päiväkoti'], ['kela', 'Kela'], ['parish', 'Seurakunta'], ['ngo', 'Järjestö']];

/** COPY text format: tab-separated, \N for null; the values generated here hold no tabs, newlines or backslashes. */
function row(values: Array<string | number | boolean | null>): string {
  return values.map((v) => (v === null ? '\\N' : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v))).join('\t') + '\n';
}

/** Streams rows into `table (columns)` with COPY, in chunks, honouring back-pressure. */
async function copy(c: Client, table: string, columns: string[], rows: Iterable<string>): Promise<number> {
  const stream = c.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  let n = 0;
  let chunk: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (const r of rows) {
    chunk.push(r);
    n++;
    if (chunk.length === 5000) {
      if (!stream.write(chunk.join(''))) await once(stream, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) stream.write(chunk.join(''));
  stream.end();
  await done;
  return n;
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface Generated {
  teamIds: string[];
  clientIds: string[];
  rows: Record<string, number>;
}

export async function generateCounty(ownerUrl: string, log: (m: string) => void = () => undefined): Promise<Generated> {
  const rand = prng(13);
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  const counts: Record<string, number> = {};
  try {
    await c.query(`SET session_replication_role = replica`);
    await c.query(`SET maintenance_work_mem = '512MB'`);

    // ── people and teams ─────────────────────────────────────────────────────────────────────────────
    const staff = Array.from({ length: SIZES.staff }, () => randomUUID());
    counts.person = await copy(c, 'person', ['id', 'name', 'email', 'profession', 'organisation', 'system_role'], (function* () {
      for (let i = 0; i < staff.length; i++) {
        const role = i === 0 ? 'coordinator' : i === 1 ? 'admin' : 'staff';
        const email = i === 0 ? COORDINATOR_EMAIL : i === 1 ? ADMIN_EMAIL : `tyontekija${i}@bench.invalid`;
        yield row([staff[i], `Työntekijä ${i}`, email, pick(rand, ['nurse', 'public_health_nurse', 'physician', 'psychologist', 'social_worker']), 'Hyvinvointialue', role]);
      }
    })());
    const teamIds = Array.from({ length: SIZES.teams }, () => randomUUID());
    counts.team = await copy(c, 'team', ['id', 'kind', 'name', 'unit'], (function* () {
      for (let i = 0; i < teamIds.length; i++) yield row([teamIds[i], ['children_youth', 'adults', 'neuropsychiatric'][i % 3], `Tiimi ${i + 1}`, `Perhekeskus ${Math.floor(i / 3) + 1}`]);
    })());
    // team members: 8 per team, two of them chairs
    counts.team_member = await copy(c, 'team_member', ['team_id', 'person_id', 'role'], (function* () {
      for (let t = 0; t < teamIds.length; t++) for (let k = 0; k < 8; k++) yield row([teamIds[t], staff[2 + t * 8 + k], k < 2 ? 'chair' : 'member']);
    })());

    // ── clients and consents ─────────────────────────────────────────────────────────────────────────
    const clientIds = Array.from({ length: SIZES.people }, () => randomUUID());
    counts.client = await copy(c, 'client', ['id', 'full_name', 'created_by_id'], (function* () {
      for (let i = 0; i < clientIds.length; i++) yield row([clientIds[i], `Asiakas ${i}`, staff[2 + (i % (SIZES.staff - 2))]]);
    })());
    // the identified requests concern 70,000 clients (at SCALE=1), each with a consent
    const consented = SIZES.consented;
    const consentIds = Array.from({ length: consented }, () => randomUUID());
    counts.consent = await copy(c, 'consent', ['id', 'client_id', 'given_by', 'given_by_name', 'organisation_types', 'data_categories', 'purpose', 'given_at', 'recorded_by_id'], (function* () {
      for (let i = 0; i < consented; i++) yield row([consentIds[i], clientIds[i], 'guardian', 'Huoltaja', '{school,daycare,kela,parish,ngo}', '{request,minutes}', 'Konsultaatio', iso(YEARS.from - 30 * DAY), staff[2 + (i % (SIZES.staff - 2))]]);
    })());
    log(`people, teams, clients, consents: ${JSON.stringify(counts)}`);

    // ── requests, meetings, participants, events (one pass, several streams' rows kept compact) ───────
    const span = YEARS.to - YEARS.from - 60 * DAY;
    const requests: string[] = [];
    const events: string[] = [];
    const meetings: string[] = [];
    const agenda: string[] = [];
    const participants: string[] = [];
    // team sessions: 15,000 over five years, 1,250 per team, every ~36 hours of the team's calendar
    const sessions: Array<{ id: string; team: number; at: number; cases: number }> = [];
    for (let s = 0; s < SIZES.sessions; s++) {
      const team = s % SIZES.teams;
      const at = YEARS.from + Math.floor((s / SIZES.sessions) * span) + 9 * HOUR;
      sessions.push({ id: randomUUID(), team, at, cases: 0 });
    }
    const sessionsOfTeam = teamIds.map((_, t) => sessions.filter((s) => s.team === t));
    let networkLeft = SIZES.networkMeetings;
    let participantCount = 0;
    const addParticipants = (meetingId: string, startsAt: number, endsAt: number, withOutsiders: boolean, staffPick: string[]): void => {
      const during = `["${iso(startsAt)}","${iso(endsAt)}")`;
      const n = SIZES.participantsPerMeeting;
      for (let k = 0; k < n; k++) {
        const attendance = rand() < 0.08 ? 'absent' : rand() < 0.55 ? 'remote' : 'in_person';
        if (k < (withOutsiders ? 3 : n)) {
          participants.push(row([randomUUID(), meetingId, 'staff', staffPick[k], `Työntekijä`, null, null, null, attendance, during, false]));
        } else if (k === 3) {
          const [type, name] = pick(rand, ORGS);
          participants.push(row([randomUUID(), meetingId, 'external', null, 'Yhteistyökumppani', name, type, null, attendance, during, false]));
        } else {
          participants.push(row([randomUUID(), meetingId, 'family', null, 'Huoltaja', null, null, 'guardian', attendance, during, false]));
        }
        participantCount++;
      }
    };
    for (let i = 0; i < SIZES.requests; i++) {
      const id = randomUUID();
      const team = Math.floor(rand() * SIZES.teams);
      const submitted = YEARS.from + Math.floor(rand() * span);
      const identified = rand() < 0.7;
      const client = identified ? Math.floor(rand() * consented) : -1;
      const requester = staff[2 + Math.floor(rand() * (SIZES.staff - 2))];
      const own = rand() < 0.6 ? staff[2 + Math.floor(rand() * (SIZES.staff - 2))] : null;
      const ev = (action: string, to: string | null, at: number, meeting: string | null = null, detail: string | null = null) =>
        events.push(row([id, action, null, to, null, requester, iso(at), meeting, detail]));
      ev('submit', 'submitted', submitted);
      if (own) ev('own_worker_named', null, submitted, null, `{"ownWorkerId": "${own}"}`);
      let status = 'submitted';
      let t = submitted;
      const triage = rand();
      if (submitted > YEARS.to - 70 * DAY && rand() < 0.5) {
        // recent and still waiting
      } else if (triage < 0.05) {
        t += (2 + rand() * 120) * HOUR;
        ev('decline', 'declined', t);
        status = 'declined';
      } else {
        if (triage < 0.15) {
          t += (2 + rand() * 100) * HOUR;
          ev('request_info', 'more_info_needed', t);
          t += (1 + rand() * 5) * DAY;
          ev('resubmit', 'submitted', t);
        }
        t += (2 + rand() * 110) * HOUR;
        ev('accept', 'accepted', t);
        status = 'accepted';
        // the consultation: a network meeting (with an outside organisation) or a team session's slot
        const network = networkLeft > 0 && rand() < SIZES.networkMeetings / (SIZES.requests * 0.85);
        let meetingId: string;
        let startsAt: number;
        if (network) {
          networkLeft--;
          meetingId = randomUUID();
          startsAt = t + (3 + rand() * 25) * DAY;
          const endsAt = startsAt + HOUR;
          meetings.push(row([meetingId, 'network_meeting', 'Verkostoneuvottelu', teamIds[team], id, iso(startsAt), iso(endsAt), 'Perhekeskus', 'hybrid', 'held', own ?? requester]));
          const pickStaff = [own ?? requester, staff[2 + team * 8], staff[3 + team * 8]].filter((v, k, a) => a.indexOf(v) === k);
          while (pickStaff.length < 3) pickStaff.push(staff[2 + ((team * 8 + 2 + pickStaff.length) % (SIZES.staff - 2))]);
          addParticipants(meetingId, startsAt, endsAt, true, pickStaff);
          const [type, name] = pick(rand, ORGS);
          ev('organisation_involved', null, t, meetingId, `{"organisationType": "${type}", "organisationName": "${name}"}`);
        } else {
          const s = sessionsOfTeam[team].find((x) => x.at > t + 2 * DAY && x.cases < 6) ?? sessionsOfTeam[team][sessionsOfTeam[team].length - 1];
          s.cases++;
          meetingId = s.id;
          startsAt = s.at + (s.cases - 1) * 20 * 60_000;
          agenda.push(row([randomUUID(), s.id, id, iso(startsAt), iso(startsAt + 20 * 60_000)]));
        }
        ev('schedule', 'scheduled', t + HOUR, null);
        status = 'scheduled';
        if (startsAt < YEARS.to - 5 * DAY) {
          const inPerson = 1 + Math.floor(rand() * 3);
          const remote = Math.floor(rand() * 4);
          ev('mark_handled', 'handled', startsAt + 2 * HOUR, meetingId, `{"startsAt": "${iso(startsAt)}"}`);
          ev('attended', null, startsAt + DAY, meetingId, `{"startsAt": "${iso(startsAt)}", "minutesVersion": 1, "inPerson": ${inPerson}, "remote": ${remote}, "absent": 0}`);
          ev('finalise_minutes', 'minutes_finalised', startsAt + DAY, null);
          status = 'minutes_finalised';
          if (rand() < 0.8) {
            ev('close', 'closed', startsAt + (2 + rand() * 20) * DAY);
            status = 'closed';
          }
        }
      }
      requests.push(row([
        id, requester, own, teamIds[team], pick(rand, GROUPS), pick(rand, ['urgent', 'soon', 'normal', 'normal']), 'Konsultaatiokysymys', 'remote', !identified,
        identified ? clientIds[client] : null, identified ? consentIds[client] : null, status, iso(submitted), iso(t),
      ]));
    }
    for (const s of sessions) {
      meetings.push(row([s.id, 'team_session', 'Konsultaatio', teamIds[s.team], null, iso(s.at), iso(s.at + 2 * HOUR), 'Neuvotteluhuone', 'hybrid', 'held', staff[2 + s.team * 8]]));
      addParticipants(s.id, s.at, s.at + 2 * HOUR, false, [0, 1, 2, 3, 4].map((k) => staff[2 + s.team * 8 + k]));
    }
    counts.consultation_request = await copy(c, 'consultation_request', ['id', 'requester_id', 'own_worker_id', 'team_id', 'client_group', 'urgency', 'question', 'preferred_mode', 'anonymous', 'client_id', 'consent_id', 'status', 'submitted_at', 'status_changed_at'], requests);
    counts.meeting = await copy(c, 'meeting', ['id', 'kind', 'title', 'team_id', 'request_id', 'starts_at', 'ends_at', 'location', 'mode', 'status', 'organiser_id'], meetings);
    counts.agenda_item = await copy(c, 'agenda_item', ['id', 'meeting_id', 'request_id', 'starts_at', 'ends_at'], agenda);
    counts.meeting_participant = await copy(c, 'meeting_participant', ['id', 'meeting_id', 'kind', 'person_id', 'display_name', 'organisation_name', 'organisation_type', 'family_relation', 'attendance', 'during', 'active'], participants);
    counts.request_event = await copy(c, 'request_event', ['request_id', 'action', 'from_status', 'to_status', 'reason', 'actor_id', 'at', 'meeting_id', 'detail'], events);
    // the triggers were off: the per-request facts the metrics read are computed from the events in one statement
    counts.request_metrics = Number((await c.query(`SELECT request_metrics_rebuild() AS n`)).rows[0].n);
    log(`requests, meetings, participants, events: ${JSON.stringify(counts)} (participants generated: ${participantCount})`);
    requests.length = events.length = meetings.length = agenda.length = participants.length = 0;

    // ── feedback ────────────────────────────────────────────────────────────────────────────────────
    counts.feedback_answer = await copy(c, 'feedback_answer', ['team_id', 'month', 'locale', 'score'], (function* () {
      for (let i = 0; i < SIZES.feedback; i++) {
        const d = new Date(YEARS.from + Math.floor(rand() * span));
        yield row([pick(rand, teamIds), `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`, pick(rand, ['fi', 'fi', 'fi', 'sv', 'en']), 1 + Math.floor(rand() * 5)]);
      }
    })());

    // ── the access log: 10 M rows, secondary indexes built after the load ───────────────────────────
    const defs: Array<{ indexdef: string; indexname: string }> = (
      await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'access_log' AND indexname <> 'access_log_pkey'`)
    ).rows;
    for (const d of defs) await c.query(`DROP INDEX ${d.indexname}`);
    const actions = ['read', 'read', 'read', 'read', 'update', 'create', 'export', 'disclose'];
    const resources = ['client', 'request', 'minutes', 'meeting', 'consent'];
    counts.access_log = await copy(c, 'access_log', ['at', 'actor_kind', 'actor_id', 'actor_name', 'actor_organisation', 'action', 'resource_type', 'resource_id', 'client_id', 'purpose', 'route', 'ip'], (function* () {
      for (let i = 0; i < SIZES.accessLog; i++) {
        const actor = 2 + Math.floor(rand() * (SIZES.staff - 2));
        yield row([
          iso(YEARS.from + Math.floor(rand() * span)), 'staff', staff[actor], `Työntekijä ${actor}`, 'Hyvinvointialue', pick(rand, actions), pick(rand, resources), null,
          clientIds[Math.floor(rand() * SIZES.people)], 'care', 'GET /api/clients/:id', '10.0.0.1',
        ]);
      }
    })());
    log(`access log: ${counts.access_log} rows; building ${defs.length} indexes`);
    for (const d of defs) await c.query(d.indexdef);
    await c.query(`SET session_replication_role = DEFAULT`);
    await c.query(`ANALYZE`);
    // what autovacuum would soon do after the bulk load: mark the pages all-visible, so that the metrics'
    // covering indexes are read index-only (migration 1765200000000)
    await c.query(`VACUUM request_metrics, feedback_answer`);
    return { teamIds, clientIds: clientIds.slice(0, 1000), rows: counts };
  } finally {
    await c.end();
  }
}

/**
 * The data of the inbox benchmarks (api.inbox_p95_ms, web.inbox_ready_ms): one team of ten members with
 * `open` open requests — `identifiedShare` of them identified (one client each, with an active consent, so
 * that need to know is decided per row by staff_may_see_client), in every open status with its history
 * events, a quarter of them booked into sessions — plus `closed` closed requests the inbox must skip.
 * Filled directly as the owner on a scratch database; ANALYZEd at the end.
 */
import type { DataSource } from 'typeorm';
import { prng } from '../scheduling/bench-util';

export interface InboxData {
  team: string;
  /** a member of the team (not its chair): the viewer */
  member: string;
  chair: string;
  /** open requests that are identified */
  identified: number;
  /** open requests booked into a session's slot */
  booked: number;
}

export async function fillTeamInbox(ds: DataSource, o: { open: number; closed: number; identifiedShare: number; seed: number; now: Date }): Promise<InboxData> {
  const { open: OPEN, closed: CLOSED, identifiedShare: IDENTIFIED_SHARE, now: NOW } = o;
  const rand = prng(o.seed);
  const q = (sql: string, params: unknown[] = []) => ds.query(sql, params);
  const [{ id: team }] = await q(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'LaNu (bench)', 'Perhekeskus') RETURNING id`);
  const people: string[] = [];
  for (let i = 0; i < 12; i++) {
    const [{ id }] = await q(`INSERT INTO person (name, email, profession, organisation) VALUES ($1, $2, 'public_health_nurse', 'Hyvinvointialue') RETURNING id`, [`Henkilö ${i}`, `henkilo.${i}@bench.test`]);
    people.push(id);
  }
  const [member, chair, ...requesters] = people;
  await q(`INSERT INTO team_member (team_id, person_id, role) VALUES ($1, $2, 'member'), ($1, $3, 'chair')`, [team, member, chair]);
  for (const p of requesters.slice(0, 8)) await q(`INSERT INTO team_member (team_id, person_id, role) VALUES ($1, $2, 'member')`, [team, p]);
  // sessions to book into: every Tuesday for 20 weeks, 6 slots of 20 minutes each
  const sessions: Array<{ id: string; start: number }> = [];
  for (let w = 0; w < 20; w++) {
    const start = NOW.getTime() + (w + 1) * 7 * 86_400_000;
    const [{ id }] = await q(
      `INSERT INTO meeting (kind, title, team_id, starts_at, ends_at, mode, slot_minutes) VALUES ('team_session', 'LaNu', $1, $2, $3, 'remote', 20) RETURNING id`,
      [team, new Date(start), new Date(start + 2 * 3_600_000)],
    );
    sessions.push({ id, start });
  }
  const statuses = ['submitted', 'submitted', 'more_info_needed', 'accepted', 'scheduled'] as const;
  const urgencies = ['urgent', 'soon', 'normal', 'normal'] as const;
  let identified = 0;
  let booked = 0;
  const rows: unknown[][] = [];
  for (let i = 0; i < OPEN + CLOSED; i++) {
    const isOpen = i < OPEN;
    const status = isOpen ? statuses[Math.floor(rand() * statuses.length)] : rand() < 0.5 ? 'closed' : 'handled';
    const submitted = new Date(NOW.getTime() - Math.floor(rand() * 120 * 86_400_000));
    const requester = requesters[Math.floor(rand() * requesters.length)];
    let client: string | null = null;
    let consent: string | null = null;
    if (rand() < IDENTIFIED_SHARE) {
      [{ id: client }] = await q(`INSERT INTO client (full_name, created_by_id) VALUES ($1, $2) RETURNING id`, [`Asiakas ${i}`, requester]);
      [{ id: consent }] = await q(
        `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at, recorded_by_id)
           VALUES ($1, 'guardian', 'Huoltaja', '{health_care}', '{request,minutes}', 'Konsultaatio', $2, $3) RETURNING id`,
        [client, new Date(NOW.getTime() - 200 * 86_400_000), requester],
      );
      if (isOpen) identified++;
    }
    rows.push([requester, team, urgencies[Math.floor(rand() * urgencies.length)], `Kysymys ${i}: miten tukea perhettä?`, client === null, client, consent, status, submitted]);
  }
  const ids: Array<{ id: string; status: string; submitted_at: Date }> = await q(
    `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, client_id, consent_id, status, submitted_at, status_changed_at)
     SELECT x.requester, x.team, 'other', x.urgency, x.question, 'remote', x.anonymous, x.client, x.consent, x.status, x.submitted, x.submitted
       FROM jsonb_to_recordset($1::jsonb) AS x(requester uuid, team uuid, urgency text, question text, anonymous boolean, client uuid, consent uuid, status text, submitted timestamptz)
     RETURNING id, status, submitted_at`,
    [JSON.stringify(rows.map(([requester, t, urgency, question, anonymous, client, consent, status, submitted]) => ({ requester, team: t, urgency, question, anonymous, client, consent, status, submitted })))],
  );
  // their history: submitted, and accepted a day later for those past triage
  await q(
    `INSERT INTO request_event (request_id, action, from_status, to_status, at)
     SELECT id, 'submit', NULL, 'submitted', submitted_at FROM consultation_request WHERE team_id = $1
     UNION ALL
     SELECT id, 'accept', 'submitted', 'accepted', submitted_at + interval '1 day' FROM consultation_request WHERE team_id = $1 AND status IN ('accepted', 'scheduled', 'handled', 'closed')`,
    [team],
  );
  let slot = 0;
  for (const r of ids.filter((x) => x.status === 'scheduled')) {
    const s = sessions[Math.floor(slot / 6) % sessions.length];
    const start = new Date(s.start + (slot % 6) * 20 * 60_000);
    if (slot < sessions.length * 6) {
      await q(`INSERT INTO agenda_item (meeting_id, request_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)`, [s.id, r.id, start, new Date(start.getTime() + 20 * 60_000)]);
      booked++;
    }
    slot++;
  }
  await q('ANALYZE');
  return { team, member, chair, identified, booked };
}

import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Set-up rows for the service tier, written as the owner (no row-level security) with plain SQL: the
 * people, a team with its chair and responsible pair, and requests in the state a test starts from.
 * What is under test then runs through the services.
 */
export interface World {
  /** a coordinator who chairs the team (as the e2e operator does): may set up sessions, book and triage */
  chairId: string;
  physicianId: string;
  nurseId: string;
  psychologistId: string;
  /** files the requests */
  requesterId: string;
  teamId: string;
}

async function one(ds: DataSource, sql: string, params: unknown[] = []): Promise<string> {
  return ((await ds.query(sql, params)) as Array<{ id: string }>)[0].id;
}

export function person(ds: DataSource, name: string, profession: string, systemRole: 'staff' | 'coordinator' = 'staff'): Promise<string> {
  return one(
    ds,
    `INSERT INTO person (name, email, profession, organisation, unit, system_role) VALUES ($1, $2, $3, 'Hyvinvointialue', 'Perhekeskus', $4) RETURNING id`,
    [name, `${name.split(' ')[0].toLowerCase()}.${randomBytes(3).toString('hex')}@test.invalid`, profession, systemRole],
  );
}

export async function buildWorld(ds: DataSource): Promise<World> {
  const chairId = await person(ds, 'Kaisa Koordinaattori', 'coordinator', 'coordinator');
  const physicianId = await person(ds, 'Lauri Lääkäri', 'physician');
  const nurseId = await person(ds, 'Terhi Terveydenhoitaja', 'public_health_nurse');
  const psychologistId = await person(ds, 'Pia Psykologi', 'psychologist');
  const requesterId = await person(ds, 'Niina Neuvola', 'public_health_nurse');
  const teamId = await one(ds, `INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'LaNu', 'Seinäjoen perhekeskus') RETURNING id`);
  await ds.query(`INSERT INTO team_member (team_id, person_id, role) VALUES ($1, $2, 'chair')`, [teamId, chairId]);
  await ds.query(`INSERT INTO responsible_pair (team_id, physician_id, nurse_id, valid_from, valid_to) VALUES ($1, $2, $3, '2026-01-01', '2031-12-31')`, [teamId, physicianId, nurseId]);
  return { chairId, physicianId, nurseId, psychologistId, requesterId, teamId };
}

/** An anonymous request to the world's team, in `status` (default: accepted, waiting to be booked). */
export function request(ds: DataSource, w: World, opts: { status?: string; urgency?: string; question?: string; submittedAt?: string } = {}): Promise<string> {
  return one(
    ds,
    `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, status, submitted_at)
     VALUES ($1, $2, 'neuropsychiatric', $3, $4, 'remote', true, $5, coalesce($6::timestamptz, now())) RETURNING id`,
    [w.requesterId, w.teamId, opts.urgency ?? 'normal', opts.question ?? 'Miten tukea lapsen keskittymistä?', opts.status ?? 'accepted', opts.submittedAt ?? null],
  );
}

export async function requests(ds: DataSource, w: World, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await request(ds, w, { question: `Kysymys ${i}` }));
  return out;
}

/** The statuses of these requests, counted: `{ accepted: 3, scheduled: 1 }`. */
export async function statusCounts(ds: DataSource, ids: string[]): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: number }> = await ds.query(`SELECT status, count(*)::int AS n FROM consultation_request WHERE id = ANY($1) GROUP BY status`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

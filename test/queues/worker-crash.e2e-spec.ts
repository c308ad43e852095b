import request from 'supertest';
import { TestApi, TEST_SECRET, startTestApi } from '../support/api';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestSmtp } from './support/smtp';
import { WorkerProcess } from './support/worker-process';
import { deliveries, family, meetingStartingIn, sleep } from './support/meetings';

jest.setTimeout(120_000);

/**
 * The workers in their own process (RUN_WORKERS=false in the API): started after changes were made,
 * killed with SIGKILL while reminders are due and one message is in the middle of its SMTP transaction
 * and started again, and two of them at once: every reminder and invitation arrives exactly once.
 */
describe('worker processes: started late, killed while jobs are due, two at once', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;
  const workers: WorkerProcess[] = [];

  const workerEnv = () => ({
    DATABASE_URL: api.db.appUrl,
    REDIS_URL: api.config.redisUrl,
    JOIN_TOKEN_SECRET: TEST_SECRET,
    QUEUE_PREFIX: api.config.queuePrefix,
    SMTP_URL: smtp.url,
    QUEUE_LOCK_MS: '2000',
    RELAY_POLL_MS: '200',
    NOTIFY_BACKOFF_MS: '300',
    WORKER_CONCURRENCY: '4',
  });

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'false', SMTP_URL: smtp.url });
    f = await buildFixture(api.http, api.setupAuth);
    await request(api.http).put(`/api/teams/${f.teamId}/reminder-offsets`).send({ offsetsMinutes: [1] }).expect(200);
  });
  afterAll(async () => {
    for (const w of workers) await w.kill().catch(() => undefined);
    await api?.close();
    await smtp?.close();
  });

  it('changes made while no worker runs are planned from the meeting as it is when a worker starts', async () => {
    // A: created, moved (sequence 1), one participant added and one removed; B: created and cancelled
    const a = await meetingStartingIn(api.http, 2 * 3600_000, [family('Aino Aikainen', 'aino.a@example.fi'), family('Otto Poistettu', 'otto@example.fi')]);
    const moved = new Date(new Date(a.startsAt).getTime() + 30 * 60_000);
    await request(api.http).patch(`/api/meetings/${a.id}`).send({ startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 30 * 60_000).toISOString() }).expect(200);
    const lisa = await request(api.http).post(`/api/meetings/${a.id}/participants`).send({ kind: 'family', displayName: 'Lisa Lisätty', email: 'lisa@example.fi', familyRelation: 'parent', locale: 'sv' }).expect(201);
    const otto = a.participants.find((p) => p.displayName === 'Otto Poistettu')!;
    const aino = a.participants.find((p) => p.displayName === 'Aino Aikainen')!;
    await request(api.http).delete(`/api/meetings/${a.id}/participants/${otto.id}`).expect(204);
    const b = await meetingStartingIn(api.http, 3 * 3600_000, [family('Bertta Peruttu', 'bertta@example.fi')]);
    await request(api.http).post(`/api/meetings/${b.id}/cancel`).expect(200);
    await sleep(500);
    expect(smtp.messages).toHaveLength(0);

    workers.push(await WorkerProcess.start(workerEnv()));
    await smtp.waitFor((all) => all.filter((x) => x.key.includes(a.id)).length >= 2, 20_000, 'the invitations of A');
    await sleep(1500);
    const mine = smtp.messages.filter((x) => x.key.includes(a.id) || x.key.includes(b.id));
    expect(mine.map((x) => x.key).sort()).toEqual([`req.${a.id}.${aino.id}.1`, `req.${a.id}.${lisa.body.id}.1`].sort());
    // the first message anyone gets is an invitation, at the current sequence and time
    expect(mine.map((x) => x.subject.split(':')[0]).sort()).toEqual(['Inbjudan', 'Kutsu']);
    for (const m of mine) expect(m.ics).toMatchObject({ METHOD: 'REQUEST', SEQUENCE: '1', DTSTART: moved.toISOString().replace(/[-:]/g, '').replace('.000', '') });
    const ds = await deliveries(api.http, a.id);
    const of = (id: string) => ds.filter((d) => d.participantId === id).map((d) => `${d.kind}:${d.sequence}:${d.status}`).sort();
    expect(of(aino.id)).toEqual(['invitation:1:sent', 'reminder:1:queued']);
    expect(of(otto.id)).toEqual(['cancellation:1:superseded']);
    expect((await deliveries(api.http, b.id)).map((d) => `${d.kind}:${d.status}`)).toEqual(['cancellation:superseded']);
    await workers.pop()!.stop();
  });

  it('every reminder arrives exactly once after SIGKILL and a restart', async () => {
    workers.push(await WorkerProcess.start(workerEnv()));
    // 4 meetings × 3 people: 12 invitations now, 12 reminders due 2–8 s from now
    const meetings: Array<Awaited<ReturnType<typeof meetingStartingIn>>> = [];
    for (let i = 0; i < 4; i++) {
      meetings.push(
        await meetingStartingIn(api.http, 62_000 + i * 2000, [family(`Perhe ${i} A`, `a${i}@example.fi`), family(`Perhe ${i} B`, `b${i}@example.fi`), family(`Perhe ${i} C`, `c${i}@example.fi`, 'sv')], {
          kind: 'team_session',
          teamId: f.teamId,
        }),
      );
    }
    const expected = meetings.flatMap((m) => m.participants.flatMap((p) => [`req.${m.id}.${p.id}.0`, `rem.${m.id}.${p.id}.0.1`]));
    await smtp.waitFor((all) => all.some((x) => x.key.startsWith('rem.')), 20_000, 'the first reminder');
    // from now on the server takes messages in without answering: the worker is caught mid-send
    smtp.hold();
    await smtp.waitFor(() => smtp.heldCount > 0, 20_000, 'a message in the middle of its SMTP transaction');
    await sleep(500); // whatever was answered before the hold gets recorded
    const before = smtp.messages.length;
    await workers[0].kill();
    smtp.dropHeld();
    expect(smtp.messages.length).toBe(before);
    await sleep(2500); // more reminders fall due while no worker runs

    workers.push(await WorkerProcess.start(workerEnv()));
    await smtp.waitFor((all) => expected.every((k) => all.some((x) => x.key === k)), 60_000, 'every invitation and reminder');
    await sleep(2000); // a duplicate would arrive meanwhile
    const arrived = smtp.messages.map((x) => x.key).filter((k) => expected.includes(k));
    expect(arrived.sort()).toEqual([...expected].sort());
    expect(smtp.messages.filter((x) => !expected.includes(x.key) && meetings.some((m) => x.key.includes(m.id)))).toEqual([]);
    for (const m of meetings) expect((await deliveries(api.http, m.id)).map((d) => d.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
    const stopped = await workers[1].stop();
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    expect(workers[1].output).not.toMatch(/ERROR/);
  });

  it('two worker processes share the work: every message exactly once', async () => {
    const pair = [await WorkerProcess.start(workerEnv()), await WorkerProcess.start(workerEnv())];
    workers.push(...pair);
    const meetings: Array<Awaited<ReturnType<typeof meetingStartingIn>>> = [];
    for (let i = 0; i < 5; i++) {
      meetings.push(
        await meetingStartingIn(api.http, 63_000 + i * 500, [1, 2, 3, 4].map((j) => family(`Jaettu ${i}.${j}`, `s${i}.${j}@example.fi`)), { kind: 'team_session', teamId: f.teamId }),
      );
    }
    const expected = meetings.flatMap((m) => m.participants.flatMap((p) => [`req.${m.id}.${p.id}.0`, `rem.${m.id}.${p.id}.0.1`]));
    await smtp.waitFor((all) => expected.every((k) => all.some((x) => x.key === k)), 30_000, 'all 40 messages');
    await sleep(1500);
    expect(smtp.messages.map((x) => x.key).filter((k) => expected.includes(k)).sort()).toEqual([...expected].sort());
    for (const w of pair) expect(w.output).not.toMatch(/ERROR/);
  });
});

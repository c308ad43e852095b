import request from 'supertest';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestSmtp } from './support/smtp';
import { deliveries, family, meetingStartingIn, notificationsQueue, promoteDelayed, settled, until } from './support/meetings';

/**
 * Invitations, updates, cancellations and reminders through the real queue: the API with its workers
 * (RUN_WORKERS=true) on a fresh database, the local Redis under a prefix of its own, and a real SMTP
 * server in this process. Every count of arrived messages is exact: "exactly once" means one.
 */
jest.setTimeout(60_000);

describe('notifications through BullMQ to SMTP', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300', NOTIFY_ATTEMPTS: '3', MAIL_FROM: 'Kohtaamo <kohtaamo@hyvaep.fi>' });
    f = await buildFixture(api.http, api.setupAuth);
    // reminders 1 minute before: a meeting 63 s away has its reminder due in 3 s
    await request(api.http).put(`/api/teams/${f.teamId}/reminder-offsets`).send({ offsetsMinutes: [1] }).expect(200);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  const withTeam = { kind: 'team_session', teamId: '' };

  it('sends an invitation with a REQUEST .ics, and a reminder due in 3 s arrives exactly once, not early', async () => {
    withTeam.teamId = f.teamId;
    const m = await meetingStartingIn(api.http, 63_000, [family('Aino Äiti', 'aino@example.fi', 'fi'), family('Sven Far', 'sven@example.fi', 'sv'), family('Ei Osoitetta', undefined)], withTeam);
    const named = (n: string) => m.participants.find((p) => p.displayName === n)!;
    const [aino, sven, none] = [named('Aino Äiti'), named('Sven Far'), named('Ei Osoitetta')];
    await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`rem.${m.id}.`)).length >= 2, 20_000, 'two reminders');
    await settled(api, m.id); // a duplicate would be here by now
    const mine = smtp.messages.filter((x) => x.key.includes(m.id));
    expect(mine.map((x) => x.key).sort()).toEqual(
      [`req.${m.id}.${aino.id}.0`, `req.${m.id}.${sven.id}.0`, `rem.${m.id}.${aino.id}.0.1`, `rem.${m.id}.${sven.id}.0.1`].sort(),
    );
    const invitation = mine.find((x) => x.key === `req.${m.id}.${aino.id}.0`)!;
    expect(invitation.to).toBe('aino@example.fi');
    // to the family (outside the county): only when and how to join, no title, no sign of a family centre
    expect(invitation.subject).toMatch(/^Kutsu: tapaaminen, /);
    expect(invitation.text).not.toMatch(/Tapaaminen \d+|perhekeskuksen/);
    expect(invitation.ics!.SUMMARY).toBe('Tapaaminen');
    expect(invitation.ics!.DESCRIPTION ?? '').not.toMatch(/Tapaaminen \d+/);
    // a family member's link is their own invitation: it opens this meeting and nothing else
    const link = /Liity etäyhteydellä: (http:\/\/localhost:5173\/guest#invitation=([\w-]+)&lang=fi)/.exec(invitation.text);
    expect(link).not.toBeNull();
    const me = await request(api.raw).get('/api/me').set('authorization', `Invitation ${link![2]}`).expect(200);
    expect(me.body).toMatchObject({ kind: 'guest', meetingId: m.id, participantId: aino.id, roles: ['family_member'] });
    expect(invitation.ics).toMatchObject({ METHOD: 'REQUEST', UID: `${m.id}@kohtaamo`, SEQUENCE: '0', STATUS: 'CONFIRMED' });
    expect(invitation.ics!.DTSTART).toBe(new Date(m.startsAt).toISOString().replace(/[-:]/g, '').replace('.000', ''));
    expect(invitation.ics!.URL).toBe(link![1]);
    expect(mine.find((x) => x.key === `req.${m.id}.${sven.id}.0`)!.subject).toMatch(/^Inbjudan: /);
    const reminder = mine.find((x) => x.key === `rem.${m.id}.${sven.id}.0.1`)!;
    expect(reminder.subject).toMatch(/^Påminnelse: /);
    expect(reminder.ics).toBeNull();
    // one guest link per participant per meeting: the reminder repeats the invitation's link, it mints no new one
    const ainoReminder = mine.find((x) => x.key === `rem.${m.id}.${aino.id}.0.1`)!;
    expect(ainoReminder.text).toContain(link![1]);
    const links = await request(api.http).get(`/api/meetings/${m.id}/invitations`).expect(200);
    expect(links.body.filter((i: { participantId: string }) => i.participantId === aino.id)).toHaveLength(1);
    expect(JSON.stringify(links.body)).not.toContain(link![2]);
    const due = new Date(String(reminder.headers.get('x-kohtaamo-due'))).getTime();
    expect(due).toBe(new Date(m.startsAt).getTime() - 60_000);
    expect(reminder.receivedAt).toBeGreaterThanOrEqual(due - 50);

    const ds = await deliveries(api.http, m.id);
    const byParticipant = (id: string) => ds.filter((d) => d.participantId === id).map((d) => `${d.kind}:${d.status}`).sort();
    expect(byParticipant(aino.id)).toEqual(['invitation:sent', 'reminder:sent']);
    expect(byParticipant(none.id)).toEqual(['invitation:no_address']);
  });

  it('a reminder promoted from the queue dashboard before it is due puts itself back, and goes when the clock reaches its due time', async () => {
    withTeam.teamId = f.teamId;
    const m = await meetingStartingIn(api.http, 2 * 3_600_000, [family('Early Promoted', 'early@example.fi', 'en')], withTeam);
    const [p] = m.participants;
    const key = `rem.${m.id}.${p.id}.0.1`;
    const dueAt = new Date(m.startsAt).getTime() - 60_000;
    const connection = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('notifications', { connection, prefix: api.config.queuePrefix });
    try {
      const job = await until(async () => (await queue.getDelayed()).find((j) => j.data.key === key), 10_000, 'the delayed reminder job');
      await job.promote(); // what the dashboard's "promote" does
      const back = await until(
        async () => {
          const j = await queue.getJob(job.id!);
          return j && j.processedOn && (await j.getState()) === 'delayed' ? j : undefined;
        },
        10_000,
        'the reminder to have run and put itself back',
      );
      expect(back.attemptsMade).toBe(0);
      expect(smtp.messages.filter((x) => x.key === key)).toEqual([]);
      expect((await deliveries(api.http, m.id)).find((d) => d.kind === 'reminder')).toMatchObject({ status: 'queued', attempts: 0 });

      // the service's clock reaches the due time: promoted again, it goes
      api.clock.set(new Date(dueAt + 1_000));
      await back.promote();
      const [sent] = (await smtp.waitFor((all) => all.some((x) => x.key === key), 10_000, 'the reminder')).filter((x) => x.key === key);
      expect(new Date(String(sent.headers.get('x-kohtaamo-due'))).getTime()).toBe(dueAt);
      expect((await deliveries(api.http, m.id)).find((d) => d.kind === 'reminder')).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      api.clock.set(null);
      await queue.close();
      connection.disconnect();
    }
  });

  it('a reschedule between enqueue and firing: only the new time’s reminders arrive, with an update at a higher SEQUENCE', async () => {
    // driven by the service's clock, not a race with a reminder due in seconds
    withTeam.teamId = f.teamId;
    const m = await meetingStartingIn(api.http, 2 * 3_600_000, [family('Olli Isä', 'olli@example.fi', 'fi')], withTeam);
    const [olli] = m.participants;
    await smtp.waitFor((all) => all.some((x) => x.key === `req.${m.id}.${olli.id}.0`), 10_000, 'the invitation');
    const queue = notificationsQueue(api);
    try {
      await until(async () => (await queue.getDelayed()).some((j) => j.data.key === `rem.${m.id}.${olli.id}.0.1`), 10_000, 'the old reminder queued');
    } finally {
      await queue.closeAll();
    }
    const moved = new Date(new Date(m.startsAt).getTime() + 30 * 60_000);
    await request(api.http).patch(`/api/meetings/${m.id}`).send({ startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 30 * 60_000).toISOString() }).expect(200);
    await smtp.waitFor((all) => all.some((x) => x.key === `req.${m.id}.${olli.id}.1`), 10_000, 'the update');
    try {
      // the clock passes both reminders' due times, and every delayed job of the meeting runs now
      api.clock.set(new Date(moved.getTime() - 60_000 + 1_000));
      const q = notificationsQueue(api);
      try {
        await until(async () => (await q.getDelayed()).some((j) => j.data.key === `rem.${m.id}.${olli.id}.1.1`), 10_000, 'the new reminder queued');
      } finally {
        await q.closeAll();
      }
      await promoteDelayed(api, m.id); // the old one too, if it is still in the queue
      await smtp.waitFor((all) => all.some((x) => x.key === `rem.${m.id}.${olli.id}.1.1`), 10_000, 'the new reminder');
      await settled(api, m.id);
    } finally {
      api.clock.set(null);
    }
    const mine = smtp.messages.filter((x) => x.key.includes(m.id));
    expect(mine.map((x) => x.key)).toEqual([`req.${m.id}.${olli.id}.0`, `req.${m.id}.${olli.id}.1`, `rem.${m.id}.${olli.id}.1.1`]);
    const update = mine[1];
    expect(update.subject).toMatch(/^Muutos: /);
    expect(update.ics).toMatchObject({ METHOD: 'REQUEST', UID: `${m.id}@kohtaamo`, SEQUENCE: '1', DTSTART: moved.toISOString().replace(/[-:]/g, '').replace('.000', '') });
    expect(new Date(String(mine[2].headers.get('x-kohtaamo-due'))).getTime()).toBe(moved.getTime() - 60_000);
    const ds = await deliveries(api.http, m.id);
    expect(ds.map((d) => `${d.kind}:${d.sequence}:${d.status}`)).toEqual(['invitation:0:sent', 'reminder:0:superseded', 'update:1:sent', 'reminder:1:sent']);
  });

  it('cancellation sends METHOD:CANCEL with the same UID and a higher SEQUENCE; its reminders never fire', async () => {
    withTeam.teamId = f.teamId;
    const m = await meetingStartingIn(api.http, 2 * 3_600_000, [family('Kaisa Kummi', 'kaisa@example.fi', 'en')], withTeam);
    const [kaisa] = m.participants;
    const invite = (await smtp.waitFor((all) => all.some((x) => x.key === `req.${m.id}.${kaisa.id}.0`), 10_000, 'the invitation')).find((x) => x.key === `req.${m.id}.${kaisa.id}.0`)!;
    await request(api.http).post(`/api/meetings/${m.id}/cancel`).expect(200);
    const cancel = (await smtp.waitFor((all) => all.some((x) => x.key.startsWith(`can.${m.id}.`)), 10_000, 'the cancellation')).find((x) => x.key.startsWith(`can.${m.id}.`))!;
    expect(cancel.subject).toMatch(/^Cancelled: /);
    expect(cancel.ics).toMatchObject({ METHOD: 'CANCEL', UID: invite.ics!.UID, STATUS: 'CANCELLED' });
    expect(Number(cancel.ics!.SEQUENCE)).toBeGreaterThan(Number(invite.ics!.SEQUENCE));
    // a cancelled meeting has nothing to join: no link in the text nor the .ics (the staff one least of all)
    expect(cancel.text).not.toMatch(/join\?meeting=|Join remotely|#invitation=/);
    expect(cancel.ics!.URL).toBeUndefined();
    expect(cancel.ics!.DESCRIPTION ?? '').not.toContain('join?meeting=');
    try {
      // past the old reminder's due time on the service's clock, whatever is still delayed runs now
      api.clock.set(new Date(new Date(m.startsAt).getTime() - 60_000 + 1_000));
      await promoteDelayed(api, m.id);
      await settled(api, m.id);
    } finally {
      api.clock.set(null);
    }
    expect(smtp.messages.filter((x) => x.key.includes(m.id)).map((x) => x.key)).toEqual([invite.key, cancel.key]);
    expect((await deliveries(api.http, m.id)).map((d) => `${d.kind}:${d.status}`)).toEqual(['invitation:sent', 'reminder:superseded', 'cancellation:sent']);
  });

  it('ended before its booked start: those who did not attend get a CANCEL of the booked slot (higher SEQUENCE) saying it was held earlier; those who came get nothing', async () => {
    const m = await meetingStartingIn(api.http, 2 * 3_600_000, [family('Tuli Aikaisin', 'came@example.fi', 'fi'), family('Ei Tullut', 'absent@example.fi', 'fi')]);
    const [came, absent] = m.participants;
    const invites = await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`req.${m.id}.`)).length === 2, 10_000, 'both invitations');
    const invite = invites.find((x) => x.key === `req.${m.id}.${absent.id}.0`)!;
    await request(api.http).patch(`/api/meetings/${m.id}/participants/${came.id}`).send({ attendance: 'remote' }).expect(200);
    await request(api.http).post(`/api/meetings/${m.id}/end`).expect(200);
    const key = `can.${m.id}.${absent.id}.1`;
    const cancel = (await smtp.waitFor((all) => all.some((x) => x.key === key), 10_000, 'the cancellation of the booked slot')).find((x) => x.key === key)!;
    await settled(api, m.id);
    expect(cancel.to).toBe('absent@example.fi');
    expect(cancel.subject).toMatch(/^Pidetty etuajassa: tapaaminen, /);
    expect(cancel.text).toContain('tapaaminen pidettiin jo aiemmin');
    expect(cancel.text).toContain('Muistio toimitetaan myöhemmin.');
    expect(cancel.text).not.toMatch(/join\?meeting=|#invitation=|Tapaaminen \d+/);
    expect(cancel.ics).toMatchObject({ METHOD: 'CANCEL', UID: invite.ics!.UID, STATUS: 'CANCELLED', DTSTART: invite.ics!.DTSTART });
    expect(Number(cancel.ics!.SEQUENCE)).toBeGreaterThan(Number(invite.ics!.SEQUENCE));
    // the one who came needs nothing; the reminders of the booked time never go
    expect(smtp.messages.filter((x) => x.key.includes(m.id)).map((x) => x.key).sort()).toEqual([`req.${m.id}.${came.id}.0`, invite.key, key].sort());
    const ds = await deliveries(api.http, m.id);
    expect(ds.filter((d) => d.kind === 'cancellation').map((d) => `${d.participantId}:${d.status}`)).toEqual([`${absent.id}:sent`]);
  });

  it('the SMTP server refuses the first two attempts: the third succeeds, nothing is duplicated', async () => {
    smtp.refuseNext(2, 451);
    const before = smtp.attempts;
    const m = await meetingStartingIn(api.http, 3_600_000, [family('Pekka Pappa', 'pekka@example.fi')]);
    const [pekka] = m.participants;
    await smtp.waitFor((all) => all.some((x) => x.key === `req.${m.id}.${pekka.id}.0`), 15_000, 'the invitation after two refusals');
    await settled(api, m.id);
    expect(smtp.messages.filter((x) => x.key.includes(m.id))).toHaveLength(1);
    expect(smtp.attempts - before).toBe(3);
    const [d] = await deliveries(api.http, m.id);
    expect(d).toMatchObject({ kind: 'invitation', status: 'sent', attempts: 3, lastError: null });
  });

  it('after the last attempt the failure is visible in the failed-job list and on the participant', async () => {
    smtp.refuseEverything(451);
    try {
      const m = await meetingStartingIn(api.http, 3_600_000, [family('Liisa Lähi', 'liisa@example.fi')]);
      const [liisa] = m.participants;
      const failed = await until(async () => (await deliveries(api.http, m.id)).find((d) => d.participantId === liisa.id && d.status === 'failed'), 15_000, 'a failed delivery');
      expect(failed).toMatchObject({ kind: 'invitation', attempts: 3 });
      expect(failed.lastError).toMatch(/451/);
      const connection = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue('notifications', { connection, prefix: api.config.queuePrefix });
      try {
        const jobs = await queue.getFailed();
        const job = jobs.find((j) => j.id === `req.${m.id}.${liisa.id}.0`);
        expect(job?.failedReason).toMatch(/451/);
        expect(job?.attemptsMade).toBe(3);
      } finally {
        await queue.close();
        connection.disconnect();
      }
    } finally {
      smtp.refuseEverything(null);
    }
  });

  it('a permanent refusal (5xx) is not retried', async () => {
    smtp.refuseNext(1, 550);
    const before = smtp.attempts;
    const m = await meetingStartingIn(api.http, 3_600_000, [family('Väärä Osoite', 'nobody@example.fi')]);
    const failed = await until(async () => (await deliveries(api.http, m.id)).find((d) => d.status === 'failed'), 10_000, 'a failed delivery');
    expect(failed).toMatchObject({ attempts: 1 });
    expect(failed.lastError).toMatch(/550/);
    await settled(api, m.id);
    expect(smtp.attempts - before).toBe(1);
  });

  it('a duplicated job and a re-run relay never send twice', async () => {
    const m = await meetingStartingIn(api.http, 3_600_000, [family('Tuplattu Vastaanottaja', 'dup@example.fi')]);
    const [p] = m.participants;
    const key = `req.${m.id}.${p.id}.0`;
    await smtp.waitFor((all) => all.some((x) => x.key === key), 10_000, 'the invitation');
    // the same job again under another id (as if enqueued twice), and the relay made to dispatch the row again
    const connection = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('notifications', { connection, prefix: api.config.queuePrefix });
    try {
      await queue.add('invitation', { key, meetingId: m.id, kind: 'invitation' }, { jobId: `${key}.again` });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await api.db.ds.query(`UPDATE meeting_outbox SET processed_at = NULL WHERE meeting_id = $1`, [m.id]);
    await settled(api, m.id); // the relay has gone over the outbox again and the jobs have run
    expect(smtp.messages.filter((x) => x.key === key)).toHaveLength(1);
    expect((await deliveries(api.http, m.id)).map((d) => d.status)).toEqual(['sent']);
  });

  it('a participant added later is invited; one removed gets a cancellation', async () => {
    const m = await meetingStartingIn(api.http, 3_600_000, [family('Ensimmäinen Osallistuja', 'first@example.fi')]);
    await smtp.waitFor((all) => all.some((x) => x.key.startsWith(`req.${m.id}.`)), 10_000, 'the first invitation');
    const added = await request(api.http).post(`/api/meetings/${m.id}/participants`).send({ kind: 'family', displayName: 'Myöhemmin Lisätty', email: 'later@example.fi', familyRelation: 'parent', locale: 'sv' }).expect(201);
    await smtp.waitFor((all) => all.some((x) => x.key === `req.${m.id}.${added.body.id}.0`), 10_000, 'the late invitation');
    await request(api.http).delete(`/api/meetings/${m.id}/participants/${added.body.id}`).expect(204);
    const cancel = (await smtp.waitFor((all) => all.some((x) => x.key === `can.${m.id}.${added.body.id}.0`), 10_000, 'the cancellation to the removed one')).find(
      (x) => x.key === `can.${m.id}.${added.body.id}.0`,
    )!;
    expect(cancel.to).toBe('later@example.fi');
    expect(cancel.subject).toMatch(/^Inställt: /);
    expect(cancel.ics).toMatchObject({ METHOD: 'CANCEL', UID: `${m.id}@kohtaamo` });
    expect(`${cancel.text}\n${cancel.ics!.URL ?? ''}${cancel.ics!.LOCATION ?? ''}`).not.toContain('/join?meeting=');
    // no guest email of this meeting carries the staff app's link (it opens the staff sign-in and shows the meeting's id)
    for (const mail of smtp.messages.filter((x) => x.key.includes(m.id))) expect(mail.text).not.toContain('/join?meeting=');
    expect(smtp.messages.filter((x) => x.key.includes(m.id))).toHaveLength(3);
  });

  it('reminder offsets per team: validated, and null falls back to the service default', async () => {
    const bad = await request(api.http).put(`/api/teams/${f.teamId}/reminder-offsets`).send({ offsetsMinutes: [0, 'x'] }).expect(400);
    expect(bad.body.fields.map((x: { field: string }) => x.field)).toContain('offsetsMinutes');
    const missing = await request(api.http).put(`/api/teams/${f.teamId}/reminder-offsets`).send({}).expect(400);
    expect(missing.body.fields[0].field).toBe('offsetsMinutes');
    const other = await request(api.http).post('/api/teams').send({ kind: 'adults', name: `Aikuiset ${Date.now()}`, unit: 'Perhekeskus' }).expect(201);
    const reset = await request(api.http).put(`/api/teams/${other.body.id}/reminder-offsets`).send({ offsetsMinutes: null }).expect(200);
    expect(reset.body).toEqual({ teamId: other.body.id, offsetsMinutes: null, effective: [1440, 60] });
    const set = await request(api.http).put(`/api/teams/${other.body.id}/reminder-offsets`).send({ offsetsMinutes: [30, 2880] }).expect(200);
    expect(set.body.effective).toEqual([2880, 30]);
    await request(api.http).get('/api/teams/00000000-0000-4000-8000-000000000000/reminder-offsets').expect(404);
    await request(api.http).get('/api/meetings/00000000-0000-4000-8000-000000000000/deliveries').expect(404);
  });

  it('serves the queue dashboard at /admin/queues', async () => {
    // administrators only: no sign-in is a 401, a coordinator a 403
    await request(api.raw).get('/admin/queues').expect(401);
    await request(api.http).get('/admin/queues').expect(403);
    const admin = await api.staff('admin');
    const res = await request(api.http).get('/admin/queues').set('authorization', admin.auth).expect(200);
    expect(res.text).toMatch(/<html/i);
    const queues = await request(api.http).get('/admin/queues/api/queues').set('authorization', admin.auth).expect(200);
    expect(JSON.stringify(queues.body)).toContain('notifications');
  });
});

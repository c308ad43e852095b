import request from 'supertest';
import { execFileSync } from 'node:child_process';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { pdfText } from './support/pdf';
import { TestSmtp } from './support/smtp';

jest.setTimeout(90_000);

/** The identifiers tried at every step, and the field bodies that carry them. */
const IDENTIFIERS = ['Jukalle', 'Heikin', '131052-308T', '040 123 4567', 'maija.v@example.fi', 'Koulukatu 5 B 12', '3.4.2016', 'Virtanen'];
const CARRIERS = [
  'Soitin Jukalle eilen',
  'Heikin koulu ei suju',
  'hetu 131052-308T',
  'äidin numero 040 123 4567',
  'sähköposti maija.v@example.fi',
  'asuu Koulukatu 5 B 12',
  'lapsi syntynyt 3.4.2016',
  'perhe Virtanen',
];

/**
 * An anonymous consultation taken through request, meeting, emails and minutes, with identifiers tried at
 * each step: every try is a 422, and afterwards a pg_dump of the database, every email received and the
 * minutes PDF contain none of them.
 */
describe('an anonymous consultation end to end', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300' });
    f = await buildFixture(api.http, api.setupAuth);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  async function refusedEverywhere(send: (text: string) => Promise<request.Response>, what: string): Promise<void> {
    for (const text of CARRIERS) {
      const res = await send(text);
      expect({ what, text, status: res.status, error: res.body.error }).toEqual({ what, text, status: 422, error: 'identifier_in_anonymous' });
      for (const id of IDENTIFIERS) expect(JSON.stringify(res.body)).not.toContain(id);
    }
  }

  it('refuses every identifier at every step and leaves none anywhere', async () => {
    const base = { teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote', anonymous: true };
    await refusedEverywhere((t) => request(api.http).post('/api/requests').send({ ...base, question: 'Miten tukea?', situation: t }), 'request.situation');
    const req = await post<{ id: string }>(api.http, '/api/requests', { ...base, question: 'Miten tukea 7–12-vuotiaan keskittymistä koulussa?', situation: 'Pian alkaa uusi lukukausi.' });
    await refusedEverywhere((t) => request(api.http).patch(`/api/requests/${req.id}`).send({ triedSoFar: t }), 'request.triedSoFar');
    await request(api.http).post(`/api/requests/${req.id}/transitions`).send({ action: 'accept' }).expect(200);

    // under way (started 10 minutes ago, booked as it began): invitations still go out, and minutes can be finalised without moving the clock
    const startsAt = new Date(Date.now() - 10 * 60_000);
    startsAt.setMilliseconds(0);
    const meeting = {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: req.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), mode: 'remote',
      participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'staff', personId: f.physicianId }, { kind: 'family', displayName: 'äiti', familyRelation: 'guardian' }],
    };
    // tried and booked at the minute it began (a meeting is not booked into the past)
    const m = await api.clock.at(startsAt, async () => {
      await refusedEverywhere((t) => request(api.http).post('/api/meetings').send({ ...meeting, title: t }), 'meeting.title');
      await refusedEverywhere((t) => request(api.http).post('/api/meetings').send({ ...meeting, participants: [...meeting.participants, { kind: 'family', displayName: t, familyRelation: 'parent' }] }), 'participant');
      return post<{ id: string }>(api.http, '/api/meetings', meeting);
    });
    await refusedEverywhere((t) => request(api.http).patch(`/api/meetings/${m.id}`).send({ mode: 'hybrid', location: t }), 'meeting.location');
    await refusedEverywhere((t) => request(api.http).post(`/api/meetings/${m.id}/participants`).send({ kind: 'family', displayName: 'isä', familyRelation: 'parent', email: t.includes('@') ? 'maija.v@example.fi' : undefined, ...(t.includes('@') ? {} : { displayName: t }) }), 'new participant');
    await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`req.${m.id}.`)).length === 2, 20_000, 'the two staff invitations');

    // minutes, tried field by field, then finalised
    const draft = await request(api.http).post(`/api/meetings/${m.id}/minutes`).send({}).expect(201);
    expect(draft.body.attendance.map((a: { name: string }) => a.name)).toContain('huoltaja');
    await refusedEverywhere((t) => request(api.http).patch(`/api/minutes/${draft.body.id}`).send({ summary: t }), 'minutes.summary');
    await refusedEverywhere((t) => request(api.http).patch(`/api/minutes/${draft.body.id}`).send({ actions: [{ what: t, responsibleName: 'terveydenhoitaja', dueDate: '2030-04-01' }] }), 'minutes.actions');
    await refusedEverywhere(
      (t) => request(api.http).patch(`/api/minutes/${draft.body.id}`).send({ attendance: [{ name: t, kind: 'family', attendance: 'remote' }] }),
      'minutes.attendance',
    );
    await request(api.http).patch(`/api/minutes/${draft.body.id}`).send({ summary: 'Sovittiin kuvatuesta ja tauoista koulupäivän aikana.' }).expect(200);
    await request(api.http).post(`/api/minutes/${draft.body.id}/finalise`).send({}).expect(200);
    const mails = await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`min.${draft.body.id}.`)).length === 2, 30_000, 'the minutes links to staff');

    // every email, the PDF and a dump of the whole database
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      const all = [mail.subject, mail.text, ...mail.attachments.map((a) => a.content.toString('utf8'))].join('\n');
      for (const id of IDENTIFIERS) expect({ mail: mail.key, found: all.includes(id) ? id : null }).toEqual({ mail: mail.key, found: null });
    }
    const pdf = await request(api.http).get(`/api/minutes/${draft.body.id}/pdf`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Sovittiin kuvatuesta');
    for (const id of IDENTIFIERS) expect(text).not.toContain(id);
    const dump = execFileSync('pg_dump', ['--data-only', api.db.url], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    expect(dump).toContain('Sovittiin kuvatuesta');
    for (const id of IDENTIFIERS) expect({ id, inDump: dump.includes(id) }).toEqual({ id, inDump: false });
  });
});

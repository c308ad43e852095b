import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestSmtp } from '../queues/support/smtp';

jest.setTimeout(90_000);

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

interface Disclosure {
  clientId: string;
  basis: string;
  consentId: string | null;
  recipientKind: string;
  recipientName: string;
  recipientOrganisation: string | null;
  recipientRelation: string | null;
  recipientAddress: string | null;
  channel: string;
  resourceType: string;
  resourceId: string | null;
  meetingId: string | null;
  dataCategories: string[];
  serviceProvider: string;
}

/**
 * The disclosure log (luovutusloki) through HTTP and the mail actually sent: the guardian reads the
 * minutes through the link in her email, the school reads the meeting's page, a staff participant's
 * notice goes to a private address — each is a disclosure with its basis, consent and service provider.
 * The client's export ("who has seen my data") has both logs, and gives entries older than two years
 * only for a reason, which the access log keeps.
 */
describe('disclosure log', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;
  let admin: string;
  let meetingId: string;
  let minutesId: string;
  let schoolToken: string;
  let guardianToken: string;

  const disclosures = async (): Promise<Disclosure[]> =>
    (await request(api.raw).get('/api/disclosure-log').query({ clientId: f.clientId, limit: 200 }).set('authorization', admin).expect(200)).body.items;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300' });
    f = await buildFixture(api.http, api.setupAuth);
    admin = (await api.staff('admin', 'Ylläpitäjä')).auth;
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    // booked at the minute it began (a meeting is not booked into the past)
    const startsAt = ago(20);
    const m = await api.clock.at(startsAt, () => post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt, endsAt: ago(-40), mode: 'remote',
      participants: [
        // the nurse asked the notices to go to her own mailbox: not the county's directory address
        { kind: 'staff', personId: f.nurseId, email: 'terhi.koti@example.com' },
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.example.fi', organisationName: 'Keskustan koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian' },
      ],
    }));
    meetingId = m.id;
    const minutes = await post<{ id: string }>(api.http, `/api/meetings/${meetingId}/minutes`, { summary: 'Sovittiin tukitoimista koulussa.' });
    minutesId = minutes.id;
    await request(api.http).post(`/api/minutes/${minutesId}/finalise`).send({}).expect(200);
    const mails = await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`min.${minutesId}.`)).length === 3, 30_000, 'three minutes notices');
    const token = (to: string) => /#invitation=([\w-]+)/.exec(mails.find((x) => x.key.startsWith(`min.${minutesId}.`) && x.to === to)!.text)![1];
    guardianToken = token('elina@example.fi');
    schoolToken = token('olli@koulu.example.fi');
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('a notice to a staff participant’s own address is a disclosure by email; the directory address would not be', async () => {
    const found = await (async () => {
      for (let i = 0; i < 100; i++) {
        const d = (await disclosures()).filter((x) => x.resourceType === 'minutes_notice');
        if (d.length) return d;
        await new Promise((r) => setTimeout(r, 100));
      }
      return [];
    })();
    expect(found).toEqual([
      expect.objectContaining({
        clientId: f.clientId, basis: 'staff_duty', consentId: f.consentId, recipientKind: 'staff', recipientName: 'Terhi Terveydenhoitaja',
        recipientAddress: 'terhi.koti@example.com', channel: 'email', resourceId: minutesId, meetingId, dataCategories: ['minutes'], serviceProvider: 'Testi',
      }),
    ]);
    // the school's and the guardian's notices carry no client data: only their reading is a disclosure
    expect((await disclosures()).filter((x) => x.recipientKind !== 'staff')).toEqual([]);
  });

  it('the guardian reads the minutes and downloads the PDF through her link: both are in the log, on the consent, with the service provider', async () => {
    const asGuardian = (path: string) => request(api.raw).get(path).set('authorization', `Invitation ${guardianToken}`);
    expect((await asGuardian(`/api/minutes/${minutesId}`).expect(200)).body.summary).toBe('Sovittiin tukitoimista koulussa.');
    await asGuardian(`/api/minutes/${minutesId}/pdf`).expect(200);
    const mine = (await disclosures()).filter((x) => x.recipientKind === 'family');
    expect(mine.map((x) => x.resourceType).sort()).toEqual(['minutes', 'minutes_pdf']);
    for (const d of mine) {
      expect(d).toMatchObject({
        clientId: f.clientId, basis: 'consent', consentId: f.consentId, recipientName: 'Elina Esimerkki', recipientRelation: 'guardian', channel: 'link',
        resourceId: minutesId, meetingId, dataCategories: ['minutes'], serviceProvider: 'Testi',
      });
    }
  });

  it('the school reading the meeting’s page is a disclosure too; a list with nothing in it is not', async () => {
    const before = (await disclosures()).length;
    const asSchool = (path: string) => request(api.raw).get(path).set('authorization', `Invitation ${schoolToken}`);
    await asSchool(`/api/meetings/${meetingId}`).expect(200);
    await asSchool(`/api/meetings`).expect(200);
    const school = (await disclosures()).filter((x) => x.recipientKind === 'external');
    expect(school).toHaveLength(2);
    for (const d of school) {
      expect(d).toMatchObject({ basis: 'consent', consentId: f.consentId, recipientName: 'Opettaja Olli', recipientOrganisation: 'Keskustan koulu', resourceType: 'meeting', dataCategories: ['request'] });
    }
    expect((await disclosures()).length).toBe(before + 2);
    // staff reading and the admin's log reading are no disclosures; staff cannot read the log
    await request(api.http).get(`/api/meetings/${meetingId}`).expect(200);
    expect((await disclosures()).length).toBe(before + 2);
    await request(api.http).get('/api/disclosure-log').expect(403);
  });

  it('"who has seen my data" has both logs, the service provider in each entry', async () => {
    const res = await request(api.raw).get(`/api/access-log/clients/${f.clientId}/export`).set('authorization', admin).expect(200);
    const body = res.body as { accessLog: Array<{ actorName: string; serviceProvider: string | null; action: string }>; disclosureLog: Disclosure[]; olderWithheld: unknown };
    expect(body.disclosureLog.map((d) => d.resourceType).sort()).toEqual(['meeting', 'meeting', 'minutes', 'minutes_notice', 'minutes_pdf']);
    expect(body.accessLog.length).toBeGreaterThan(3);
    for (const e of [...body.accessLog, ...body.disclosureLog]) expect(e.serviceProvider).toBe('Testi');
    // the guardian's reading is in the access log as a disclosure as well, and the export itself is logged
    expect(body.accessLog.some((e) => e.actorName === 'Elina Esimerkki' && e.action === 'disclose')).toBe(true);
    expect(body.accessLog.some((e) => e.actorName === 'Ylläpitäjä' && e.action === 'export')).toBe(true);
    expect(body.olderWithheld).toEqual({ before: expect.any(String), accessLog: 0, disclosureLog: 0 });
  });

  it('entries older than two years: left out and refused without a reason, given with one, and the reason is logged', async () => {
    const then = new Date();
    api.clock.set(new Date(then.getTime() + (2 * 365 + 2) * 86_400_000));
    try {
      const exportAs = (query: Record<string, string>) => request(api.raw).get(`/api/access-log/clients/${f.clientId}/export`).query(query).set('authorization', admin);
      const recent = (await exportAs({}).expect(200)).body;
      expect(recent.disclosureLog).toEqual([]);
      expect(recent.accessLog.map((e: { action: string }) => e.action)).toEqual(['export']); // only this very export
      expect(recent.olderWithheld.disclosureLog).toBe(5);
      expect(recent.olderWithheld.accessLog).toBeGreaterThan(3);

      const from = new Date(then.getTime() - 86_400_000).toISOString();
      const refused = await exportAs({ from }).expect(422);
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect(JSON.stringify(refused.body)).toContain('703/2023');

      const reason = 'Epäily luvattomasta käsittelystä';
      const given = (await exportAs({ from, reason }).expect(200)).body;
      expect(given.disclosureLog.map((d: Disclosure) => d.recipientName)).toEqual(expect.arrayContaining(['Elina Esimerkki', 'Opettaja Olli', 'Terhi Terveydenhoitaja']));
      expect(given.olderWithheld).toBeNull();
      expect(given.reason).toBe(reason);
      const logged = await api.db.ds.query(`SELECT action, reason FROM access_log WHERE client_id = $1 AND action = 'export' ORDER BY id`, [f.clientId]);
      expect(logged.map((r: { reason: string | null }) => r.reason)).toEqual([null, null, reason]);
    } finally {
      api.clock.set(null);
    }
  });
});

import request from 'supertest';
import { containsHenkilotunnusShape } from '@kohtaamo/domain';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { pdfText } from './support/pdf';
import { TestSmtp } from './support/smtp';
import { deliveries, until } from './support/meetings';

jest.setTimeout(60_000);

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

/**
 * Minutes through HTTP, the minutes queue (render → distribute) and SMTP: versions, immutability,
 * corrections, the request lifecycle, who receives the PDF by consent, the PDF's content read back with
 * pdf-parse, no identifiers in an anonymous consultation's minutes, and bad input on every endpoint.
 */
describe('minutes', () => {
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

  const transition = (id: string, action: string) => request(api.http).post(`/api/requests/${id}/transitions`).send({ action }).expect(200);

  /**
   * An identified request, accepted, with a network meeting that began 10 minutes ago, marked handled.
   * The test operator (who chairs the team) files the request and books the meeting: they are its
   * organiser, the one who writes and signs its minutes.
   */
  async function networkMeeting(staffId: string, consentId: string, startedMinAgo: number) {
    const req = await post<{ id: string }>(api.http, '/api/requests', {
      teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'soon', question: 'Miten koulu voi tukea keskittymistä?',
      preferredMode: 'hybrid', anonymous: false, clientId: f.clientId, consentId,
    });
    await transition(req.id, 'accept');
    // booked at the minute it began (a meeting is not booked into the past)
    const startsAt = ago(startedMinAgo);
    const meeting = await api.clock.at(startsAt, () => post<{ id: string; participants: Array<{ id: string; kind: string; personId: string | null }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: req.id, startsAt, endsAt: ago(startedMinAgo - 30), mode: 'hybrid', location: 'Perhekeskus, Kaisla',
      participants: [
        { kind: 'staff', personId: staffId },
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.example.fi', organisationName: 'Keskustan koulu', organisationType: 'school', locale: 'fi' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian', locale: 'sv' },
      ],
    }));
    await transition(req.id, 'mark_handled');
    return { requestId: req.id, meeting };
  }

  describe('an identified network meeting', () => {
    let meetingId: string;
    let requestId: string;
    let minutesId: string;
    let participants: Array<{ id: string; kind: string; personId: string | null }>;

    beforeAll(async () => {
      const n = await networkMeeting(f.nurseId, f.consentId, 10);
      meetingId = n.meeting.id;
      requestId = n.requestId;
      participants = n.meeting.participants;
    });

    it('a draft is pre-filled with the attendance and the request’s question, and edited', async () => {
      const staff = participants.find((p) => p.kind === 'staff')!;
      await request(api.http).patch(`/api/meetings/${meetingId}/participants/${staff.id}`).send({ attendance: 'in_person' }).expect(200);
      // the author is the signed-in organiser; naming someone else is refused, and so is a participant who does not organise it
      const named = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send({ createdById: f.nurseId }).expect(400);
      expect(named.body.fields.map((x: { field: string }) => x.field)).toEqual(['createdById']);
      await request(api.http).post(`/api/meetings/${meetingId}/minutes`).set('authorization', `Bearer ${await api.tokenFor(f.nurseId)}`).send({}).expect(403);
      const draft = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send({}).expect(201);
      minutesId = draft.body.id;
      expect(draft.body).toMatchObject({ version: 1, status: 'draft', requestId, anonymous: false, previousId: null, question: 'Miten koulu voi tukea keskittymistä?', createdById: api.operator.personId });
      expect(draft.body.attendance.map((a: { name: string; attendance: string }) => `${a.name}:${a.attendance}`).sort()).toEqual(
        ['Elina Esimerkki:absent', 'Opettaja Olli:absent', 'Terhi Terveydenhoitaja:in_person'].sort(),
      );
      const edited = await request(api.http)
        .patch(`/api/minutes/${minutesId}`)
        .send({
          attendance: draft.body.attendance.map((a: { kind: string }) => ({ ...a, attendance: a.kind === 'external' ? 'remote' : a.kind === 'staff' ? 'in_person' : 'absent' })),
          summary: 'Sovittiin tukitoimista koulussa ja nepsy-arviosta.',
          actions: [
            { what: 'Nepsy-arvion lähete', responsiblePersonId: f.nurseId, dueDate: '2030-04-01' },
            { what: 'Tuen suunnitelma koulussa', responsibleName: 'luokanopettaja', dueDate: '2030-04-15' },
          ],
          disclosures: [{ what: 'Konsultaation suositukset', toOrganisation: 'Keskustan koulu', basis: 'huoltajan suostumus' }],
          nextMeeting: { at: '2030-05-06T09:00:00Z', note: 'Seurantapalaveri' },
        })
        .expect(200);
      expect(edited.body.actions[0]).toEqual({ what: 'Nepsy-arvion lähete', responsiblePersonId: f.nurseId, responsibleName: null, dueDate: '2030-04-01' });
      const draftPdf = await request(api.http).get(`/api/minutes/${minutesId}/pdf`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(draftPdf.headers['content-type']).toBe('application/pdf');
      expect(await pdfText(draftPdf.body as Buffer)).toContain('LUONNOS');
    });

    it('finalising moves the request to “minutes finalised”, freezes the minutes and sends the PDF to whom the consent allows', async () => {
      // the signer is the caller: only the organiser (or the team's chairs of that day) signs; someone with no part in it does not see the minutes at all
      await request(api.http).post(`/api/minutes/${minutesId}/finalise`).set('authorization', `Bearer ${await api.tokenFor(f.psychologistId)}`).send({}).expect(404);
      await request(api.http).post(`/api/minutes/${minutesId}/finalise`).set('authorization', `Bearer ${await api.tokenFor(f.nurseId)}`).send({}).expect(403);
      expect((await request(api.http).get(`/api/minutes/${minutesId}`).expect(200)).body.status).toBe('draft');
      const fin = await request(api.http).post(`/api/minutes/${minutesId}/finalise`).send({}).expect(200);
      expect(fin.body).toMatchObject({ status: 'finalised', finalisedById: api.operator.personId });
      expect((await request(api.http).get(`/api/requests/${requestId}`)).body.status).toBe('minutes_finalised');

      const again = await request(api.http).patch(`/api/minutes/${minutesId}`).send({ summary: 'muutos' }).expect(409);
      expect(again.body.fields[0].field).toBe('status');
      await expect(api.db.ds.query(`UPDATE minutes SET summary = 'x' WHERE id = $1`, [minutesId])).rejects.toThrow(/immutable/);
      await expect(api.db.ds.query(`DELETE FROM minutes WHERE id = $1`, [minutesId])).rejects.toThrow(/cannot be deleted/);

      // staff, the school (consent: school × minutes) and the guardian (consent covers minutes) get it
      const mails = await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`min.${minutesId}.`)).length === 3, 20_000, 'three minutes emails');
      const mine = mails.filter((x) => x.key.startsWith(`min.${minutesId}.`));
      const to = mine.map((x) => x.to).sort();
      expect(to).toHaveLength(3);
      expect(to.slice(0, 2)).toEqual(['elina@example.fi', 'olli@koulu.example.fi']);
      expect(to[2]).toMatch(/^terhi\./);
      // no email carries the minutes: no attachment; people outside the county read only when and how
      for (const mail of mine) expect(mail.attachments).toEqual([]);
      const elina = mine.find((x) => x.to === 'elina@example.fi')!;
      expect(elina.subject).toMatch(/^Promemoria: möte, /);
      const olli = mine.find((x) => x.to === 'olli@koulu.example.fi')!;
      for (const outside of [elina, olli]) {
        for (const secret of ['Verkostoneuvottelu', 'Miten koulu', 'Sovittiin', 'nepsy', 'perhekeskuksen', 'familjecentrets']) expect(outside.text).not.toContain(secret);
      }
      for (const family of ['Elina', 'Esimerkki']) expect(olli.text).not.toContain(family);
      // a guest's message links only to their own page: never the staff app's join link with the meeting's id
      for (const outside of [elina, olli]) expect(outside.text).not.toMatch(/\/join\?meeting=|${meetingId}/);
      const staffMail = mine.find((x) => x.to.startsWith('terhi.'))!;
      expect(staffMail.text).toContain(`Lue muistio kirjautumalla: http://localhost:5173/meetings/${meetingId}/minutes\n`);
      // the school reads them through its own link, checked against the consent at reading time, never cached
      // (the school's own page: the token in the fragment, never in a server's log)
      const link = /Lue muistio omalla linkilläsi: http:\/\/localhost:5173\/guest#invitation=([\w-]+)&minutes=([\w-]+)&lang=fi/.exec(olli.text);
      expect(link?.[2]).toBe(minutesId);
      const asSchool = (path: string) => request(api.raw).get(path).set('authorization', `Invitation ${link![1]}`);
      const read = await asSchool(`/api/minutes/${minutesId}`).expect(200);
      expect(read.headers['cache-control']).toBe('no-store');
      expect(read.body.summary).toBe('Sovittiin tukitoimista koulussa ja nepsy-arviosta.');
      await asSchool(`/api/minutes/00000000-0000-4000-8000-000000000000`).expect(404);
      const pdfRes = await asSchool(`/api/minutes/${minutesId}/pdf`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(pdfRes.headers['cache-control']).toBe('no-store');
      const pdf = { content: pdfRes.body as Buffer };
      const text = await pdfText(pdf.content);
      // the title is the staff's (it may name the child): the school's copy says the neutral word
      expect(text.replace(/\s+/g, ' ')).toContain('Muistio: tapaaminen');
      expect(text).not.toContain('Muistio: Verkostoneuvottelu');
      for (const expected of [
        'Verkostoneuvottelu · Versio 1',
        'Terhi Terveydenhoitaja (Hyvinvointialue) – paikan päällä',
        'Opettaja Olli (Keskustan koulu) – etänä',
        'Elina Esimerkki (huoltaja) – poissa',
        'Miten koulu voi tukea keskittymistä?',
        'Sovittiin tukitoimista koulussa ja nepsy-arviosta.',
        '1. Nepsy-arvion lähete – vastuuhenkilö: Terhi Terveydenhoitaja, määräaika 1.4.2030',
        '2. Tuen suunnitelma koulussa – vastuuhenkilö: luokanopettaja, määräaika 15.4.2030',
        'Konsultaation suositukset – vastaanottaja: Keskustan koulu; peruste: huoltajan suostumus',
        'Seurantapalaveri',
        'Hyväksytty',
      ]) {
        expect(text.replace(/\s+/g, ' ')).toContain(expected);
      }
      const stored = await request(api.http).get(`/api/minutes/${minutesId}/pdf`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      // staff read the copy stored at finalisation, with the title
      expect((await pdfText(stored.body as Buffer)).replace(/\s+/g, ' ')).toContain('Muistio: Verkostoneuvottelu');
      // the guest's view of the meeting names no title either
      expect((await asSchool(`/api/meetings/${meetingId}`).expect(200)).body.title).toBe('Tapaaminen');
      const ds = (await deliveries(api.http, meetingId)).filter((d) => d.kind === 'minutes');
      expect(ds.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    });

    it('a correction is a new version pointing to the old one, finalised and sent again as corrected', async () => {
      const draftOnly = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send({}).expect(409);
      expect(draftOnly.body.fields[0].field).toBe('requestId');
      await request(api.http).post(`/api/minutes/${minutesId}/corrections`).set('authorization', `Bearer ${await api.tokenFor(f.nurseId)}`).send({ reason: 'Määräaika korjattu' }).expect(403);
      const corr = await request(api.http).post(`/api/minutes/${minutesId}/corrections`).send({ reason: 'Määräaika korjattu' }).expect(201);
      expect(corr.body).toMatchObject({ version: 2, status: 'draft', previousId: minutesId, correctionReason: 'Määräaika korjattu', createdById: api.operator.personId });
      await request(api.http).post(`/api/minutes/${minutesId}/corrections`).send({ reason: 'toinen' }).expect(409);
      const actions = corr.body.actions.map((a: { dueDate: string; responsiblePersonId: string | null; responsibleName: string | null }, i: number) => ({ ...a, dueDate: i === 0 ? '2030-04-08' : a.dueDate, responsiblePersonId: a.responsiblePersonId ?? undefined, responsibleName: a.responsibleName ?? undefined }));
      await request(api.http).patch(`/api/minutes/${corr.body.id}`).send({ actions }).expect(200);
      await request(api.http).post(`/api/minutes/${corr.body.id}/finalise`).send({}).expect(200);
      const mails = await smtp.waitFor((all) => all.filter((x) => x.key.startsWith(`min.${corr.body.id}.`)).length === 3, 20_000, 'the corrected minutes');
      const fi = mails.find((x) => x.key.startsWith(`min.${corr.body.id}.`) && x.to.startsWith('terhi.'))!;
      expect(fi.subject).toMatch(/^Korjattu muistio: /);
      expect(fi.attachments).toEqual([]);
      expect(fi.text).toContain(`/meetings/${meetingId}/minutes`);
      const corrPdf = await request(api.http).get(`/api/minutes/${corr.body.id}/pdf`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      const text = (await pdfText(corrPdf.body as Buffer)).replace(/\s+/g, ' ');
      expect(text).toContain('Versio 2');
      expect(text).toContain('Korjaa version 1: Määräaika korjattu');
      expect(text).toContain('määräaika 8.4.2030');
      const versions = await request(api.http).get(`/api/minutes/${corr.body.id}/versions`).expect(200);
      expect(versions.body.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual(['1:finalised', '2:finalised']);
      expect((await request(api.http).get(`/api/meetings/${meetingId}/minutes`).expect(200)).body).toHaveLength(2);
      expect((await request(api.http).get(`/api/requests/${requestId}`)).body.status).toBe('minutes_finalised');
      const v1 = await request(api.http).get(`/api/minutes/${minutesId}`).expect(200);
      expect(v1.body.actions[0].dueDate).toBe('2030-04-01');
    });
  });

  it('a consent that does not cover minutes withholds them from the school and the family; staff still get them', async () => {
    const consent = await post<{ id: string }>(api.http, `/api/clients/${f.clientId}/consents`, {
      givenBy: 'guardian', givenByName: 'Elina Esimerkki', organisationTypes: ['school'], dataCategories: ['request'], purpose: 'Vain pyyntö', givenAt: '2026-01-01T00:00:00Z',
    });
    const n = await networkMeeting(f.psychologistId, consent.id, 45);
    const m = await post<{ id: string }>(api.http, `/api/meetings/${n.meeting.id}/minutes`, { summary: 'Keskusteltiin.' });
    await request(api.http).post(`/api/minutes/${m.id}/finalise`).send({}).expect(200);
    const ds = await until(async () => {
      const all = (await deliveries(api.http, n.meeting.id)).filter((d) => d.kind === 'minutes');
      return all.length === 3 && all.every((d) => d.status !== 'queued' && d.status !== 'sending') ? all : undefined;
    }, 20_000, 'minutes deliveries');
    const byKind = Object.fromEntries(ds.map((d) => [n.meeting.participants.find((p) => p.id === d.participantId)!.kind, d]));
    expect(byKind.staff.status).toBe('sent');
    expect(byKind.external).toMatchObject({ status: 'withheld', lastError: 'the consent does not cover minutes for "school"' });
    expect(byKind.family).toMatchObject({ status: 'withheld', lastError: 'the consent does not cover minutes' });
    expect(smtp.messages.filter((x) => x.key.startsWith(`min.${m.id}.`))).toHaveLength(1);
  });

  it('a withdrawn consent closes the minutes link at once: the school reads nothing more', async () => {
    const consent = await post<{ id: string }>(api.http, `/api/clients/${f.clientId}/consents`, {
      givenBy: 'guardian', givenByName: 'Elina Esimerkki', organisationTypes: ['school'], dataCategories: ['request', 'minutes'], purpose: 'Koulun tuki', givenAt: '2026-01-01T00:00:00Z',
    });
    const n = await networkMeeting(f.physicianId, consent.id, 300);
    const draft = await request(api.http).post(`/api/meetings/${n.meeting.id}/minutes`).send({}).expect(201);
    await request(api.http).patch(`/api/minutes/${draft.body.id}`).send({ summary: 'Sovittiin koulun tukitoimista.' }).expect(200);
    await request(api.http).post(`/api/minutes/${draft.body.id}/finalise`).send({}).expect(200);
    const mails = await smtp.waitFor((all) => all.some((x) => x.key.startsWith(`min.${draft.body.id}.`) && x.to === 'olli@koulu.example.fi'), 20_000, 'the school’s minutes link');
    const olli = mails.find((x) => x.key.startsWith(`min.${draft.body.id}.`) && x.to === 'olli@koulu.example.fi')!;
    const token = /#invitation=([\w-]+)/.exec(olli.text)![1];
    await request(api.raw).get(`/api/minutes/${draft.body.id}`).set('authorization', `Invitation ${token}`).expect(200);
    await request(api.http).post(`/api/consents/${consent.id}/withdraw`).send({ reason: 'Huoltaja perui suostumuksen' }).expect(200);
    const after = await request(api.raw).get(`/api/minutes/${draft.body.id}`).set('authorization', `Invitation ${token}`);
    // the withdrawal revoked the school's link (410 Gone, test/api/consent-withdrawal.e2e-spec.ts)
    expect(after.status).toBe(410);
    expect(JSON.stringify(after.body)).not.toContain('Sovittiin');
    await request(api.raw).get(`/api/minutes/${draft.body.id}/pdf`).set('authorization', `Invitation ${token}`).expect(410);
  });


  describe('an anonymous consultation in a team session', () => {
    let meetingId: string;
    let minutesId: string;
    let snapshot: () => Promise<string>;

    beforeAll(async () => {
      snapshot = async () => JSON.stringify(await api.db.ds.query(`SELECT id, version, status, summary, actions, attendance, updated_at FROM minutes ORDER BY id`));
      await transition(f.anonymousRequestId, 'accept');
      // set up and booked at the minute the session began (neither is done into the past)
      const startsAt = ago(120);
      await api.clock.at(startsAt, async () => {
        const session = await post<{ id: string }>(api.http, '/api/meetings', {
          kind: 'team_session', title: 'LaNu-konsultaatio', teamId: f.teamId, startsAt, endsAt: ago(60), mode: 'hybrid', location: 'Neuvotteluhuone Kaisla',
          participants: [{ kind: 'staff', personId: f.physicianId }, { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina.anon@example.fi', familyRelation: 'guardian' }],
        });
        meetingId = session.id;
        await request(api.http).post(`/api/meetings/${meetingId}/agenda-items`).send({ requestId: f.anonymousRequestId, startsAt, endsAt: ago(100) }).expect(201);
      });
      await transition(f.anonymousRequestId, 'mark_handled');
    });

    it('names family members by relation only, and refuses identifiers in every free-text field with 422 naming it', async () => {
      const draft = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send({ requestId: f.anonymousRequestId }).expect(201);
      minutesId = draft.body.id;
      expect(draft.body.anonymous).toBe(true);
      expect(draft.body.attendance.map((a: { name: string }) => a.name).sort()).toEqual(['Lauri Lääkäri', 'huoltaja']);
      const cases: Array<[object, string]> = [
        [{ summary: 'Eetu on 7-vuotias ja levoton' }, 'summary'],
        [{ question: 'Miten tukea Ainon vanhempia?' }, 'question'],
        [{ actions: [{ what: 'Soitto huoltajalle, hetu 131052-308T', responsibleName: 'terveydenhoitaja', dueDate: '2030-04-01' }] }, 'actions[0].what'],
        [{ actions: [{ what: 'Soitto huoltajalle', responsibleName: 'Elina', dueDate: '2030-04-01' }] }, 'actions[0].responsibleName'],
        [{ disclosures: [{ what: 'Yhteenveto Eetun tilanteesta', toOrganisation: 'koulu', basis: 'ei' }] }, 'disclosures[0].what'],
        [{ nextMeeting: { note: 'Seuraavaksi Eetu mukaan' } }, 'nextMeeting.note'],
        [{ attendance: [{ name: 'Elina Esimerkki', kind: 'family', attendance: 'remote' }] }, 'attendance[0].name'],
      ];
      for (const [body, field] of cases) {
        const before = await snapshot();
        const res = await request(api.http).patch(`/api/minutes/${minutesId}`).send(body);
        expect({ field, status: res.status, error: res.body.error, named: res.body.fields?.[0]?.field }).toEqual({ field, status: 422, error: 'identifier_in_anonymous', named: field });
        expect(await snapshot()).toBe(before);
      }
      const ok = await request(api.http).patch(`/api/minutes/${minutesId}`).send({
        summary: 'Viisivuotiaan keskittymisen tukeminen päiväkodissa: struktuuri ja kuvatuki.',
        actions: [{ what: 'Kuvatuki käyttöön', responsibleName: 'varhaiskasvatuksen erityisopettaja', dueDate: '2030-04-01' }],
      });
      expect(ok.status).toBe(200);
      // the physician of the responsible pair chairs the team on the session's day: he signs
      const badReason = await request(api.http).post(`/api/minutes/${minutesId}/finalise`).set('authorization', `Bearer ${await api.tokenFor(f.physicianId)}`).send({}).expect(200);
      expect(badReason.body).toMatchObject({ status: 'finalised', finalisedById: f.physicianId });
      const corr = await request(api.http).post(`/api/minutes/${minutesId}/corrections`).send({ reason: 'Eetun ikä korjattu' }).expect(422);
      expect(corr.body.fields[0].field).toBe('reason');
    });

    it('the PDF goes to staff only and holds no identifiers', async () => {
      const mails = await smtp.waitFor((all) => all.some((x) => x.key.startsWith(`min.${minutesId}.`)), 20_000, 'the minutes to staff');
      const mail = mails.find((x) => x.key.startsWith(`min.${minutesId}.`))!;
      expect(mail.to).toMatch(/^lauri\./);
      expect(mail.attachments).toEqual([]);
      for (const identifier of ['Elina', 'Esimerkki', 'Eetu', 'elina.anon@example.fi']) expect(mail.text).not.toContain(identifier);
      const pdfRes = await request(api.http).get(`/api/minutes/${minutesId}/pdf`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      const text = await pdfText(pdfRes.body as Buffer);
      expect(text).toContain('Anonyymi konsultaatio');
      expect(text).toContain('Viisivuotiaan keskittymisen tukeminen päiväkodissa');
      expect(text).toContain('huoltaja – poissa');
      for (const identifier of ['Elina', 'Esimerkki', 'Eetu', 'elina.anon@example.fi']) expect(text).not.toContain(identifier);
      expect(containsHenkilotunnusShape(text)).toBe(false);
      const family = (await deliveries(api.http, meetingId)).find((d) => d.kind === 'minutes' && d.recipientName === 'Elina Esimerkki')!;
      expect(family).toMatchObject({ status: 'withheld', lastError: 'minutes of an anonymous consultation go to staff only' });
      expect((await request(api.http).get(`/api/requests/${f.anonymousRequestId}`)).body.status).toBe('minutes_finalised');
    });
  });

  describe('bad input on every minutes endpoint: a 4xx naming the field, nothing stored', () => {
    let meetingId: string;
    let draftId: string;
    let finalisedId: string;
    /** a draft of its own for the finalise body that must be refused: wrongly accepted, it signs only its own draft */
    let spareDraftId: string;
    let snapshot: () => Promise<string>;

    beforeAll(async () => {
      snapshot = async () =>
        JSON.stringify(
          await api.db.ds.query(
            `SELECT (SELECT count(*) FROM minutes) n, (SELECT string_agg(id::text || status || updated_at::text, ',' ORDER BY id) FROM minutes) m,
                    (SELECT string_agg(status, ',' ORDER BY id) FROM consultation_request) r, (SELECT count(*) FROM notification_delivery WHERE kind = 'minutes') d`,
          ),
        );
      // each booked at the minute it began (a meeting is not booked into the past)
      const bookedAsItBegan = (body: { startsAt: string } & Record<string, unknown>) => api.clock.at(body.startsAt, () => post<{ id: string }>(api.http, '/api/meetings', body));
      const m = await bookedAsItBegan({
        kind: 'ad_hoc', title: 'Tiimipalaveri', startsAt: ago(300), endsAt: ago(270), mode: 'remote', participants: [{ kind: 'staff', personId: f.psychologistId }],
      });
      meetingId = m.id;
      draftId = (await post<{ id: string }>(api.http, `/api/meetings/${meetingId}/minutes`, { summary: 'Luonnos' })).id;
      const other = await bookedAsItBegan({
        kind: 'ad_hoc', title: 'Toinen palaveri', startsAt: ago(400), endsAt: ago(370), mode: 'remote', participants: [{ kind: 'staff', personId: f.psychologistId }],
      });
      finalisedId = (await post<{ id: string }>(api.http, `/api/meetings/${other.id}/minutes`, { summary: 'Valmis' })).id;
      const spare = await bookedAsItBegan({
        // no one to send them to: a body wrongly accepted shows in its own row's snapshot only, never as a late delivery in another's
        kind: 'ad_hoc', title: 'Varapalaveri', startsAt: ago(500), endsAt: ago(470), mode: 'remote', participants: [],
      });
      spareDraftId = (await post<{ id: string }>(api.http, `/api/meetings/${spare.id}/minutes`, { summary: 'Varaluonnos' })).id;
      await request(api.http).post(`/api/minutes/${finalisedId}/finalise`).send({}).expect(200);
      // its distribution settles first, so that the snapshots below only see what the requests do
      await until(async () => (await api.db.ds.query(`SELECT 1 FROM notification_delivery WHERE minutes_id = $1 AND status = 'sent'`, [finalisedId])).length === 1, 20_000, 'the minutes sent');
    });

    const long = (n: number) => 'x'.repeat(n + 1);
    /**
     * Each field's bad values are checked against the DTOs in apps/api/src/minutes/minutes.dto.spec.ts
     * (the same global pipe and error filter). Here: one case per route that shows the pipe runs on it,
     * and the cases only the database can decide.
     */
    const create: Array<[string, object, string]> = [
      ['an unknown field', { isAdmin: true }, 'isAdmin'],
      ['attendance of someone not in the meeting', { attendance: [{ participantId: '00000000-0000-4000-8000-000000000000', name: 'A', kind: 'staff', attendance: 'remote' }] }, 'attendance[0].participantId'],
      ['action responsible unknown', { actions: [{ what: 'x', responsiblePersonId: '00000000-0000-4000-8000-000000000000', dueDate: '2030-01-01' }] }, 'actions[0].responsiblePersonId'],
    ];
    const edit: Array<[string, object, string]> = [['summary too long', { summary: long(20000) }, 'summary'], ...create.slice(1)];

    it.each(create)('create with %s', async (_label, body, field) => {
      const before = await snapshot();
      const res = await request(api.http).post(`/api/meetings/${meetingId}/minutes`).send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.fields.map((x: { field: string }) => x.field)).toContain(field);
      expect(await snapshot()).toBe(before);
    });

    it.each(edit)('edit with %s', async (_label, body, field) => {
      const before = await snapshot();
      const res = await request(api.http).patch(`/api/minutes/${draftId}`).send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.fields.map((x: { field: string }) => x.field)).toContain(field);
      expect(await snapshot()).toBe(before);
    });

    it.each([
      ['create: requestId of another case', 'post', () => `/api/meetings/${meetingId}/minutes`, () => ({ requestId: f.identifiedRequestId }), 422, 'requestId'],
      ['create: meeting id malformed', 'post', () => '/api/meetings/123/minutes', {}, 400, 'meetingId'],
      ['finalise: an unknown field', 'post', () => `/api/minutes/${spareDraftId}/finalise`, { force: true }, 400, 'force'],
      ['finalise: already finalised', 'post', () => `/api/minutes/${finalisedId}/finalise`, {}, 409, 'status'],
      ['edit: finalised', 'patch', () => `/api/minutes/${finalisedId}`, { summary: 'muutos' }, 409, 'status'],
      ['edit: id malformed', 'patch', () => '/api/minutes/abc', { summary: 'x' }, 400, 'id'],
      ['correct: reason missing', 'post', () => `/api/minutes/${finalisedId}/corrections`, {}, 400, 'reason'],
      ['correct: a draft', 'post', () => `/api/minutes/${draftId}/corrections`, { reason: 'x' }, 409, 'status'],
    ] as Array<[string, 'post' | 'patch', () => string, object | (() => object), number, string]>)('%s', async (_label, method, path, body, status, field) => {
      const before = await snapshot();
      const res = await request(api.http)[method](path()).send(typeof body === 'function' ? body() : body);
      expect({ status: res.status, fields: res.body.fields?.map((x: { field: string }) => x.field) }).toEqual({ status, fields: expect.arrayContaining([field]) });
      expect(await snapshot()).toBe(before);
    });

    it('only the organiser writes, signs and corrects: a participant gets 403, someone with no part 404, and nothing changes', async () => {
      const participant = `Bearer ${await api.tokenFor(f.psychologistId)}`;
      const stranger = `Bearer ${await api.tokenFor(f.nurseId)}`;
      const before = await snapshot();
      for (const [who, status] of [[participant, 403], [stranger, 404]] as const) {
        const tries = [
          request(api.http).patch(`/api/minutes/${draftId}`).set('authorization', who).send({ summary: 'muutettu' }),
          request(api.http).post(`/api/minutes/${draftId}/finalise`).set('authorization', who).send({}),
          request(api.http).post(`/api/minutes/${finalisedId}/corrections`).set('authorization', who).send({ reason: 'x' }),
          request(api.http).post(`/api/meetings/${meetingId}/minutes`).set('authorization', who).send({ summary: 'toinen' }),
        ];
        expect((await Promise.all(tries)).map((r) => r.status)).toEqual([status, status, status, status]);
      }
      // a participant reads them; a stranger does not see them
      await request(api.http).get(`/api/minutes/${draftId}`).set('authorization', participant).expect(200);
      await request(api.http).get(`/api/minutes/${draftId}`).set('authorization', stranger).expect(404);
      expect(await snapshot()).toBe(before);
    });

    it('unknown minutes are 404s; finalising before the meeting is a 409', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const path of [`/api/minutes/${missing}`, `/api/minutes/${missing}/versions`, `/api/minutes/${missing}/pdf`, `/api/meetings/${missing}/minutes`]) {
        expect((await request(api.http).get(path)).status).toBe(404);
      }
      const future = await post<{ id: string }>(api.http, '/api/meetings', {
        kind: 'ad_hoc', title: 'Tuleva', startsAt: '2031-01-01T10:00:00Z', endsAt: '2031-01-01T11:00:00Z', mode: 'remote', participants: [{ kind: 'staff', personId: f.psychologistId }],
      });
      const draft = await post<{ id: string }>(api.http, `/api/meetings/${future.id}/minutes`, { summary: 'Etukäteen' });
      const before = await snapshot();
      const early = await request(api.http).post(`/api/minutes/${draft.id}/finalise`).send({}).expect(409);
      expect(early.body.fields[0].field).toBe('meetingId');
      const empty = await post<{ id: string }>(api.http, `/api/meetings/${meetingId}/minutes`, {}).catch((e: Error) => e);
      expect(String(empty)).toMatch(/409/);
      expect(await snapshot()).toBe(before);
    });
  });
});

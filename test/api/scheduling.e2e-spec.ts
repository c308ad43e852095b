import request from 'supertest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';

describe('scheduling through HTTP', () => {
  let api: TestApi;
  let f: Fixture;
  let seriesId: string;

  beforeAll(async () => {
    api = await startTestApi();
    api.clock.set('2027-01-04T08:00:00Z');
    f = await buildFixture(api.http, api.setupAuth);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** A request the nurse files (with her own sign-in) and the team's chair, the operator, accepts. */
  const accepted = async (urgency = 'normal', question = 'Miten edetä?') => {
    const r = await request(api.http)
      .post('/api/requests')
      .set('authorization', `Bearer ${await api.tokenFor(f.nurseId)}`)
      .send({ teamId: f.teamId, clientGroup: 'other', urgency, question, preferredMode: 'remote', anonymous: true })
      .expect(201);
    await request(api.http).post(`/api/requests/${r.body.id}/transitions`).send({ action: 'accept' }).expect(200);
    return r.body.id as string;
  };

  it('expands a bi-weekly Tuesday 13:00 series in Helsinki time across the spring DST change', async () => {
    const s = await request(api.http)
      .post(`/api/teams/${f.teamId}/session-series`)
      .send({ title: 'LaNu-konsultaatio', dtstart: '2027-01-12T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', slotMinutes: 20, mode: 'hybrid', location: 'Kaisla' })
      .expect(201);
    seriesId = s.body.id;
    const occ = await request(api.http).get(`/api/session-series/${seriesId}/occurrences`).query({ from: '2027-03-01T00:00:00Z', to: '2027-04-30T00:00:00Z' }).expect(200);
    expect(occ.body.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2027-03-09T11:00:00.000Z',
      '2027-03-23T11:00:00.000Z',
      '2027-04-06T10:00:00.000Z', // summer time: still 13:00 in Helsinki
      '2027-04-20T10:00:00.000Z',
    ]);
    expect(occ.body[0].slots).toHaveLength(6);
    expect(occ.body[0].freeSlots).toBe(6);
  });

  it('rejects a bad rule, naming the field', async () => {
    const res = await request(api.http)
      .post(`/api/teams/${f.teamId}/session-series`)
      .send({ title: 'X', dtstart: '2027-01-12T13:00', durationMinutes: 120, rrule: 'FREQ=SOMETIMES', slotMinutes: 20, mode: 'remote' })
      .expect(400);
    expect(res.body.fields[0].field).toBe('rrule');
  });

  it('cancels and moves single occurrences', async () => {
    await request(api.http).post(`/api/session-series/${seriesId}/occurrences/2027-03-09T11:00:00.000Z/cancel`).expect(200);
    const moved = await request(api.http)
      .post(`/api/session-series/${seriesId}/occurrences/2027-03-23T11:00:00.000Z/move`)
      .send({ startsAt: '2027-03-24T11:00:00Z', endsAt: '2027-03-24T13:00:00Z' })
      .expect(200);
    expect(moved.body).toMatchObject({ key: '2027-03-23T11:00:00.000Z', status: 'moved', startsAt: '2027-03-24T11:00:00.000Z' });
    const occ = await request(api.http).get(`/api/session-series/${seriesId}/occurrences`).query({ from: '2027-03-01T00:00:00Z', to: '2027-03-31T00:00:00Z' }).expect(200);
    expect(occ.body.map((o: { status: string; startsAt: string }) => `${o.status} ${o.startsAt}`)).toEqual([
      'cancelled 2027-03-09T11:00:00.000Z',
      'moved 2027-03-24T11:00:00.000Z',
    ]);
    await request(api.http).post(`/api/session-series/${seriesId}/occurrences/2027-03-10T11:00:00.000Z/cancel`).expect(404);
  });

  it('books an accepted request into the next session with a free slot, or the slot picked; a taken slot is a 409 naming it', async () => {
    const a = await accepted();
    const first = await request(api.http).post(`/api/requests/${a}/book`).send({}).expect(201);
    expect(first.body).toMatchObject({ slotIndex: 0, meeting: { startsAt: '2027-01-12T11:00:00.000Z', seriesId } });
    expect((await request(api.http).get(`/api/requests/${a}`)).body.status).toBe('scheduled');

    const b = await accepted();
    const picked = await request(api.http).post(`/api/requests/${b}/book`).send({ seriesId, occurrenceKey: '2027-01-12T11:00:00.000Z', slotIndex: 3 }).expect(201);
    expect(picked.body.agendaItem.startsAt).toBe('2027-01-12T12:00:00.000Z');

    const c = await accepted();
    const clash = await request(api.http).post(`/api/requests/${c}/book`).send({ seriesId, occurrenceKey: '2027-01-12T11:00:00.000Z', slotIndex: 3 }).expect(409);
    expect(clash.body).toMatchObject({ error: 'conflict', fields: [{ field: 'slotIndex' }], details: { conflict: 'agenda_slot', conflictingRequestId: b } });
    expect((await request(api.http).get(`/api/requests/${c}`)).body.status).toBe('accepted');
    await request(api.http).post(`/api/requests/${a}/book`).send({}).expect(409);
  });

  it('a session that moved after it was read: the booking lands in its new slots', async () => {
    const session = await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'team_session', title: 'Siirtyvä', teamId: f.teamId, startsAt: '2027-06-01T10:00:00Z', endsAt: '2027-06-01T11:00:00Z', mode: 'remote', slotMinutes: 20,
    });
    const first = await accepted();
    await request(api.http).post(`/api/requests/${first}/book`).send({ meetingId: session.id, slotIndex: 2 }).expect(201);
    // the session now starts 20 minutes earlier (the booked case at 10:40 still fits): slot 0 is 09:40
    await request(api.http).patch(`/api/meetings/${session.id}`).send({ startsAt: '2027-06-01T09:40:00Z' }).expect(200);
    const second = await accepted();
    const early = await request(api.http).post(`/api/requests/${second}/book`).send({ meetingId: session.id, slotIndex: 0 }).expect(201);
    expect(early.body.agendaItem.startsAt).toBe('2027-06-01T09:40:00.000Z');
    // and twenty minutes longer: a fifth slot that the earlier read did not have
    await request(api.http).patch(`/api/meetings/${session.id}`).send({ endsAt: '2027-06-01T11:20:00Z' }).expect(200);
    const third = await accepted();
    const late = await request(api.http).post(`/api/requests/${third}/book`).send({ meetingId: session.id, slotIndex: 4 }).expect(201);
    expect(late.body.agendaItem.startsAt).toBe('2027-06-01T11:00:00.000Z');
    await request(api.http).post(`/api/meetings/${session.id}/cancel`).expect(200);
    const fourth = await accepted();
    const gone = await request(api.http).post(`/api/requests/${fourth}/book`).send({ meetingId: session.id, slotIndex: 1 }).expect(409);
    expect(gone.body.fields[0].field).toBe('status');
    // leave no request waiting behind: the allocation test below counts the team's waiting ones
    await request(api.http).post(`/api/requests/${fourth}/transitions`).send({ action: 'decline', reason: 'Testi' }).expect(200);
  });

  it('allocates waiting requests by urgency, then by waiting time', async () => {
    // submitted a day before every other waiting request of the team: it has waited longest
    api.clock.set('2027-01-03T08:00:00Z');
    const early = await accepted('normal', 'Vanhin normaali');
    api.clock.set('2027-01-04T08:00:00Z');
    const urgent = await accepted('urgent', 'Kiireellinen');
    const soon = await accepted('soon', 'Pian');
    const res = await request(api.http).post(`/api/session-series/${seriesId}/occurrences/2027-01-26T11:00:00.000Z/allocate`).expect(200);
    const order = res.body.booked.map((b: { requestId: string }) => b.requestId);
    // urgent first, then soon, then the normal one that has waited longest; the rest fill the free slots
    expect(order.slice(0, 3)).toEqual([urgent, soon, early]);
    expect(res.body.booked.map((b: { slotIndex: number }) => b.slotIndex)).toEqual(order.map((_: string, i: number) => i));
  });

  it('a person cannot be in two overlapping meetings; back-to-back is fine; moving onto a clash is refused', async () => {
    const meeting = (startsAt: string, endsAt: string, title: string) => ({ kind: 'ad_hoc', title, startsAt, endsAt, mode: 'remote', participants: [{ kind: 'staff', personId: f.psychologistId }] });
    const one = await request(api.http).post('/api/meetings').send(meeting('2027-02-01T08:00:00Z', '2027-02-01T09:00:00Z', 'Yksi')).expect(201);
    const clash = await request(api.http).post('/api/meetings').send(meeting('2027-02-01T08:30:00Z', '2027-02-01T09:30:00Z', 'Kaksi')).expect(409);
    // the other meeting is named by its time only (it may be another team's, about another client)
    expect(clash.body).toMatchObject({ error: 'conflict', details: { conflict: 'participant', personId: f.psychologistId, busyFrom: '2027-02-01T08:00:00.000Z', busyUntil: '2027-02-01T09:00:00.000Z' } });
    expect(clash.body.message).toContain('Pia Psykologi has another meeting at that time');
    expect(JSON.stringify(clash.body)).not.toMatch(new RegExp(`Yksi|${one.body.id}`));
    const next = await request(api.http).post('/api/meetings').send(meeting('2027-02-01T09:00:00Z', '2027-02-01T10:00:00Z', 'Kolme')).expect(201);
    const move = await request(api.http).patch(`/api/meetings/${next.body.id}`).send({ startsAt: '2027-02-01T08:45:00Z' }).expect(409);
    expect(move.body.details).toMatchObject({ conflict: 'participant', busyFrom: '2027-02-01T08:00:00.000Z' });
    await request(api.http).post(`/api/meetings/${one.body.id}/cancel`).expect(200);
    await request(api.http).patch(`/api/meetings/${next.body.id}`).send({ startsAt: '2027-02-01T08:45:00Z' }).expect(200);
  });

  it('a room cannot host two meetings at once', async () => {
    const room = await post<{ id: string }>(api.http, '/api/rooms', { name: 'Kaisla', unit: 'Perhekeskus', capacity: 8, videoDevice: true });
    const m = (title: string) => ({ kind: 'ad_hoc', title, startsAt: '2027-02-02T08:00:00Z', endsAt: '2027-02-02T09:00:00Z', mode: 'in_person', roomId: room.id });
    const first = await request(api.http).post('/api/meetings').send(m('Huone 1')).expect(201);
    const second = await request(api.http).post('/api/meetings').send(m('Huone 2')).expect(409);
    expect(second.body).toMatchObject({ fields: [{ field: 'roomId' }], details: { conflict: 'room', roomId: room.id, busyFrom: '2027-02-02T08:00:00.000Z', busyUntil: '2027-02-02T09:00:00.000Z' } });
    expect(JSON.stringify(second.body)).not.toMatch(new RegExp(`Huone 1|${first.body.id}`));
  });

  it('stores instants as timestamptz, whatever the session time zone', async () => {
    const qr = api.db.ds.createQueryRunner();
    try {
      await qr.query(`SET TIME ZONE 'America/New_York'`);
      const [row] = await qr.query(`SELECT extract(epoch FROM starts_at)::bigint AS e, starts_at::text AS shown FROM meeting WHERE title = 'Yksi'`);
      expect(Number(row.e)).toBe(Date.parse('2027-02-01T08:00:00Z') / 1000);
      expect(row.shown).toBe('2027-02-01 03:00:00-05');
      await qr.query('RESET TIME ZONE');
    } finally {
      await qr.release();
    }
    const types = await api.db.ds.query(`SELECT data_type FROM information_schema.columns WHERE table_name = 'meeting' AND column_name IN ('starts_at','ends_at')`);
    expect(types.map((t: { data_type: string }) => t.data_type)).toEqual(['timestamp with time zone', 'timestamp with time zone']);
  });

  it('finds common free time from meetings, imported calendars and working hours, with buffers', async () => {
    const [a, b, c] = [f.nurseId, f.physicianId, f.psychologistId];
    await request(api.http).put(`/api/persons/${c}/working-hours`).send({ weekly: { mon: [{ start: '08:00', end: '12:00' }], tue: [{ start: '08:00', end: '16:00' }] } }).expect(200);
    const badHours = await request(api.http).put(`/api/persons/${c}/working-hours`).send({ weekly: { mon: [{ start: '12:00', end: '08:00' }] } }).expect(400);
    expect(badHours.body.fields[0].field).toMatch(/^weekly\.mon/);
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x1', 'DTSTART;TZID=Europe/Helsinki:20270208T090000', 'DTEND;TZID=Europe/Helsinki:20270208T100000', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const imported = await request(api.http).put(`/api/persons/${b}/busy`).set('content-type', 'text/calendar').send(ics).expect(200);
    expect(imported.body.imported).toBe(1);
    const badIcs = await request(api.http).put(`/api/persons/${b}/busy`).set('content-type', 'text/calendar').send('BEGIN:VEVENT\r\nEND:VEVENT').expect(400);
    expect(badIcs.body.details.line).toBe(1);
    // a meeting of a's on Monday 8 Feb 10:00–11:00 Helsinki (08:00–09:00 UTC)
    await post(api.http, '/api/meetings', { kind: 'ad_hoc', title: 'Neuvola', startsAt: '2027-02-08T08:00:00Z', endsAt: '2027-02-08T09:00:00Z', mode: 'remote', participants: [{ kind: 'staff', personId: a }] });

    const search = (extra: object) =>
      request(api.http).post('/api/scheduling/free-time').send({ requiredPersonIds: [a, b], optionalPersonIds: [c], from: '2027-02-08T06:00:00Z', to: '2027-02-08T14:00:00Z', durationMinutes: 60, stepMinutes: 15, spread: false, ...extra });
    const plain = await search({}).expect(200);
    const starts = plain.body.candidates.map((x: { start: string }) => x.start);
    // Helsinki: b busy 09–10, a busy 10–11; working 08–16 → 08:00 fits (08–09), then from 11:00
    expect(starts).toContain('2027-02-08T06:00:00.000Z');
    expect(starts).not.toContain('2027-02-08T07:15:00.000Z');
    expect(starts).toContain('2027-02-08T09:00:00.000Z');
    // c works until 12:00 on Mondays: the 08:00 and 11:00 starts have c, ranked first
    expect(plain.body.candidates[0]).toMatchObject({ optionalCount: 1, optionalAvailable: [c] });
    const buffered = await search({ bufferMinutes: 15 }).expect(200);
    const bStarts = buffered.body.candidates.map((x: { start: string }) => x.start);
    expect(bStarts).not.toContain('2027-02-08T09:00:00.000Z');
    expect(bStarts).toContain('2027-02-08T09:15:00.000Z');
    // the default spreads the suggestions over days and parts of the day: over Mon–Wed, one per day first
    const spread = await request(api.http).post('/api/scheduling/free-time')
      .send({ requiredPersonIds: [a, b], from: '2027-02-08T06:00:00Z', to: '2027-02-11T06:00:00Z', durationMinutes: 60, maxResults: 3 }).expect(200);
    const days = spread.body.candidates.map((x: { start: string }) => x.start.slice(0, 10));
    expect(days).toEqual(['2027-02-08', '2027-02-09', '2027-02-10']);
    // Monday's morning (preferred) has 08:00; Tuesday's preferred part is the afternoon (12:00 Helsinki = 10:00 UTC)
    expect(spread.body.candidates.map((x: { start: string }) => x.start)).toEqual(['2027-02-08T06:00:00.000Z', '2027-02-09T10:00:00.000Z', '2027-02-10T06:00:00.000Z']);
    const none = await request(api.http).post('/api/scheduling/free-time').send({ requiredPersonIds: [a], from: '2027-02-06T06:00:00Z', to: '2027-02-07T20:00:00Z', durationMinutes: 60 }).expect(200);
    expect(none.body.candidates).toEqual([]);
  }, 30_000); // the first import starts the calendar reader's worker thread (compiled from source under tests)

  it('a race of 50 clients for 10 slots: exactly 10 win, 40 get 409, and the database is consistent', async () => {
    const server = http.createServer(api.http);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const session = await post<{ id: string }>(api.http, '/api/meetings', {
        kind: 'team_session', title: 'Kilpa', teamId: f.teamId, startsAt: '2027-05-04T10:00:00Z', endsAt: '2027-05-04T13:20:00Z', mode: 'remote', slotMinutes: 20,
      });
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push(await accepted('normal', `Kilpailija ${i}`));
      const statuses = await Promise.all(
        ids.map((id, i) =>
          fetch(`${base}/api/requests/${id}/book`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meetingId: session.id, slotIndex: i % 10 }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { details: { conflict?: string } } })),
        ),
      );
      expect(statuses.filter((s) => s.status === 201)).toHaveLength(10);
      const losers = statuses.filter((s) => s.status !== 201);
      expect(losers).toHaveLength(40);
      expect(losers.every((s) => s.status === 409 && s.body.details.conflict === 'agenda_slot')).toBe(true);
      const items = await api.db.ds.query(`SELECT starts_at FROM agenda_item WHERE meeting_id = $1 ORDER BY starts_at`, [session.id]);
      expect(items).toHaveLength(10);
      expect(new Set(items.map((x: { starts_at: Date }) => x.starts_at.getTime())).size).toBe(10);
      const counts = await api.db.ds.query(`SELECT status, count(*)::int AS n FROM consultation_request WHERE id = ANY($1) GROUP BY status ORDER BY status`, [ids]);
      expect(counts).toEqual([{ status: 'accepted', n: 40 }, { status: 'scheduled', n: 10 }]);
      const events = await api.db.ds.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = ANY($1) AND action = 'schedule'`, [ids]);
      expect(events[0].n).toBe(10);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);

  it('time gone by, in the caller’s language: a slot that has begun is a 409 slot_in_past, a meeting that starts in the past a 400 in_the_past; nothing is written', async () => {
    const session = await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'team_session', title: 'Käynnissä', teamId: f.teamId, startsAt: '2027-07-01T10:00:00Z', endsAt: '2027-07-01T11:00:00Z', mode: 'remote', slotMinutes: 20,
    });
    const r = await accepted();
    await api.clock.at('2027-07-01T10:30:00Z', async () => {
      const fi = await request(api.http).post(`/api/requests/${r}/book`).set('accept-language', 'fi').send({ meetingId: session.id, slotIndex: 1 }).expect(409);
      expect(fi.body).toMatchObject({
        error: 'conflict',
        fields: [{ field: 'slotIndex', reason: 'aika on jo alkanut', code: 'slot_in_past' }],
        details: { conflict: 'slot_in_past', meetingId: session.id, slotStart: '2027-07-01T10:20:00.000Z' },
      });
      const sv = await request(api.http).post('/api/meetings').set('accept-language', 'sv').send({ kind: 'ad_hoc', title: 'Förflutet', startsAt: '2027-07-01T10:29:00Z', endsAt: '2027-07-01T11:00:00Z', mode: 'remote' }).expect(400);
      expect(sv.body.fields).toEqual([{ field: 'startsAt', reason: 'får inte ligga i det förflutna', code: 'in_the_past' }]);
    });
    expect((await request(api.http).get(`/api/requests/${r}`)).body.status).toBe('accepted');
    expect(await api.db.ds.query(`SELECT count(*)::int AS n FROM agenda_item WHERE meeting_id = $1`, [session.id])).toEqual([{ n: 0 }]);
    expect(await api.db.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE title = 'Förflutet'`)).toEqual([{ n: 0 }]);
    await request(api.http).post(`/api/requests/${r}/transitions`).send({ action: 'decline', reason: 'Testi' }).expect(200);
  });
});

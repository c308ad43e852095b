import { DomainError } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../../apps/api/src/auth/principal';
import { MeetingsService } from '../../apps/api/src/meetings/meetings.service';
import { AvailabilityService } from '../../apps/api/src/scheduling/availability.service';
import { BookingService } from '../../apps/api/src/scheduling/booking.service';
import { SchedulingModule } from '../../apps/api/src/scheduling/scheduling.module';
import { SeriesService } from '../../apps/api/src/scheduling/series.service';
import { ServiceTier, startServiceTier } from './support/service-tier';
import { World, buildWorld, requests, statusCounts } from './support/world';

/**
 * Moving and cancelling meetings and session occurrences (MeetingsService, SeriesService) on a real
 * database: the agenda and each participant's busy time follow the meeting, and the outbox row that
 * tells the participants is written in the same transaction as the change — or, when the change is
 * refused, neither is. "The same transaction" is read from PostgreSQL itself: rows written by one
 * transaction carry its id in their `xmin`.
 */
describe('moving and cancelling meetings on a real database', () => {
  let t: ServiceTier;
  let w: World;
  let chair: StaffPrincipal;
  let meetings: MeetingsService;
  let series: SeriesService;
  let booking: BookingService;
  let availability: AvailabilityService;

  beforeAll(async () => {
    t = await startServiceTier([SchedulingModule]);
    t.clock.set('2027-01-04T08:00:00Z');
    w = await buildWorld(t.db.ds);
    chair = await t.principal(w.chairId);
    meetings = t.get(MeetingsService);
    series = t.get(SeriesService);
    booking = t.get(BookingService);
    availability = t.get(AvailabilityService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = <T>(fn: () => Promise<T>) => t.as(chair, fn);

  const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${e === undefined ? 'success' : String(e)}`);
    return e;
  };

  /** A person's busy intervals in February 2027, as the free-time search sees them. */
  const busyOf = async (personId: string): Promise<string[]> => {
    const map = await as(() => availability.busy([personId], new Date('2027-02-01T00:00:00Z'), new Date('2027-03-01T00:00:00Z')));
    return map.get(personId)!.map((i) => `${i.start.toISOString()}/${i.end.toISOString()}`).sort();
  };

  /** The meeting's outbox rows, oldest first, each with the id of the transaction that wrote it. */
  const outbox = (meetingId: string): Promise<Array<{ kind: string; sequence: number; tx: string }>> =>
    t.db.ds.query(`SELECT kind, sequence, xmin::text AS tx FROM meeting_outbox WHERE meeting_id = $1 ORDER BY id`, [meetingId]);
  const meetingRow = async (id: string): Promise<{ status: string; starts_at: Date; ends_at: Date; sequence: number; tx: string }> =>
    (await t.db.ds.query(`SELECT status, starts_at, ends_at, sequence, xmin::text AS tx FROM meeting WHERE id = $1`, [id]))[0];
  const agenda = (meetingId: string): Promise<Array<{ request_id: string; starts_at: Date; ends_at: Date; tx: string }>> =>
    t.db.ds.query(`SELECT request_id, starts_at, ends_at, xmin::text AS tx FROM agenda_item WHERE meeting_id = $1 ORDER BY starts_at`, [meetingId]);
  const participantTxs = async (meetingId: string): Promise<string[]> =>
    ((await t.db.ds.query(`SELECT DISTINCT xmin::text AS tx FROM meeting_participant WHERE meeting_id = $1`, [meetingId])) as Array<{ tx: string }>).map((r) => r.tx);

  const adHoc = (title: string, startsAt: string, endsAt: string, personIds: string[]) =>
    as(() => meetings.create({ kind: 'ad_hoc', title, startsAt, endsAt, mode: 'remote', participants: personIds.map((personId) => ({ kind: 'staff' as const, personId })) }, chair));

  describe('a meeting of its own', () => {
    it('moved: the participants’ busy time moves with it, the sequence rises, and the "updated" outbox row is of the same transaction', async () => {
      const m = await adHoc('Palaveri', '2027-02-01T08:00:00Z', '2027-02-01T09:00:00Z', [w.psychologistId, w.nurseId]);
      expect(await busyOf(w.psychologistId)).toEqual(['2027-02-01T08:00:00.000Z/2027-02-01T09:00:00.000Z']);
      const moved = await as(() => meetings.update(m.id, { startsAt: '2027-02-01T10:00:00Z', endsAt: '2027-02-01T11:30:00Z', reason: 'Huone vaihtui' }, chair));
      expect(moved).toMatchObject({ sequence: 1, changeReason: 'Huone vaihtui' });
      for (const p of [w.psychologistId, w.nurseId]) expect(await busyOf(p)).toEqual(['2027-02-01T10:00:00.000Z/2027-02-01T11:30:00.000Z']);
      const row = await meetingRow(m.id);
      expect(await outbox(m.id)).toEqual([
        { kind: 'scheduled', sequence: 0, tx: expect.any(String) },
        { kind: 'updated', sequence: 1, tx: row.tx },
      ]);
      expect(await participantTxs(m.id)).toEqual([row.tx]);
      // the old time is free again for them; the new one is not
      await adHoc('Vanhaan aikaan', '2027-02-01T08:00:00Z', '2027-02-01T09:00:00Z', [w.psychologistId]);
      const clash = await refusal(adHoc('Uuteen aikaan', '2027-02-01T11:00:00Z', '2027-02-01T12:00:00Z', [w.psychologistId]));
      expect(clash).toMatchObject({ code: 'conflict', details: { conflict: 'participant', personId: w.psychologistId } });
    });

    it('its participants are listed in the order the organiser gave them, also when one booking adds them all in one transaction', async () => {
      // now() is the transaction's start: every participant of one booking shares it, so only an
      // insertion order (not created_at, not the random uuid) keeps the organiser's order
      const names = ['Aino', 'Bertta', 'Cecilia', 'Doris', 'Eeva', 'Fanny', 'Greta', 'Hilja'];
      const m = await as(() =>
        meetings.create(
          {
            kind: 'ad_hoc',
            title: 'Järjestys',
            startsAt: '2027-02-05T08:00:00Z',
            endsAt: '2027-02-05T09:00:00Z',
            mode: 'remote',
            participants: [
              { kind: 'staff' as const, personId: w.psychologistId },
              ...names.map((displayName) => ({ kind: 'family' as const, displayName, familyRelation: 'guardian' as const, email: `${displayName.toLowerCase()}@example.fi` })),
            ],
          },
          chair,
        ),
      );
      const expected = [m.participants[0].displayName, ...names];
      expect(m.participants.map((p) => p.displayName)).toEqual(expected);
      expect((await as(() => meetings.detail(m.id))).participants.map((p) => p.displayName)).toEqual(expected);
      expect(new Set(await participantTxs(m.id)).size).toBe(1);
    });

    it('a change nobody need hear of (the title) raises no sequence and writes no outbox row', async () => {
      const m = await adHoc('Otsikko', '2027-02-02T08:00:00Z', '2027-02-02T09:00:00Z', [w.psychologistId]);
      await as(() => meetings.update(m.id, { title: 'Uusi otsikko' }, chair));
      expect((await meetingRow(m.id)).sequence).toBe(0);
      expect((await outbox(m.id)).map((o) => o.kind)).toEqual(['scheduled']);
    });

    it('moved onto a participant’s other meeting: the participant conflict, and nothing moves — not the meeting, the busy time nor the outbox', async () => {
      await adHoc('Este', '2027-02-03T10:00:00Z', '2027-02-03T11:00:00Z', [w.psychologistId]);
      const m = await adHoc('Siirrettävä', '2027-02-03T08:00:00Z', '2027-02-03T09:00:00Z', [w.psychologistId, w.nurseId]);
      const before = { row: await meetingRow(m.id), outbox: await outbox(m.id), busy: await busyOf(w.nurseId) };
      const e = await refusal(as(() => meetings.update(m.id, { startsAt: '2027-02-03T10:30:00Z', endsAt: '2027-02-03T11:30:00Z' }, chair)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'participants' }], details: { conflict: 'participant', personId: w.psychologistId, busyFrom: new Date('2027-02-03T10:00:00Z') } });
      expect({ row: await meetingRow(m.id), outbox: await outbox(m.id), busy: await busyOf(w.nurseId) }).toEqual(before);
    });

    it('cancelled: the busy time is freed, the sequence rises and the "cancelled" outbox row is of the same transaction; a second cancellation is a conflict', async () => {
      const m = await adHoc('Peruttava', '2027-02-04T08:00:00Z', '2027-02-04T09:00:00Z', [w.psychologistId]);
      expect(await busyOf(w.psychologistId)).toContain('2027-02-04T08:00:00.000Z/2027-02-04T09:00:00.000Z');
      const cancelled = await as(() => meetings.cancel(m.id, chair, { reason: 'Sairastuminen' }));
      expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1, changeReason: 'Sairastuminen' });
      expect(await busyOf(w.psychologistId)).not.toContain('2027-02-04T08:00:00.000Z/2027-02-04T09:00:00.000Z');
      const row = await meetingRow(m.id);
      expect(await outbox(m.id)).toEqual([
        { kind: 'scheduled', sequence: 0, tx: expect.any(String) },
        { kind: 'cancelled', sequence: 1, tx: row.tx },
      ]);
      expect(await participantTxs(m.id)).toEqual([row.tx]);
      const again = await refusal(as(() => meetings.cancel(m.id, chair)));
      expect(again).toMatchObject({ code: 'conflict', fields: [{ field: 'status', reason: 'the meeting is cancelled' }] });
      const move = await refusal(as(() => meetings.update(m.id, { startsAt: '2027-02-04T10:00:00Z', endsAt: '2027-02-04T11:00:00Z' }, chair)));
      expect(move).toMatchObject({ code: 'conflict', fields: [{ field: 'status' }] });
      expect((await outbox(m.id)).length).toBe(2);
    });

    it('a held meeting cannot be cancelled', async () => {
      // booked before it began (a meeting is not booked into the past), ended after
      const m = await t.clock.at('2027-01-04T06:00:00Z', () => adHoc('Pidetty', '2027-01-04T07:00:00Z', '2027-01-04T07:45:00Z', [w.psychologistId]));
      await as(() => meetings.end(m.id, chair));
      const e = await refusal(as(() => meetings.cancel(m.id, chair)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'status', reason: 'the meeting has been held' }] });
      expect((await meetingRow(m.id)).status).toBe('held');
      expect((await outbox(m.id)).map((o) => o.kind)).toEqual(['scheduled']);
    });
  });

  describe('a team session with booked cases', () => {
    let seriesId: string;
    /** Books three requests into slots 0, 2 and 3 of the occurrence; returns them in slot order. */
    const bookThree = async (occurrenceKey: string): Promise<{ meetingId: string; ids: string[] }> => {
      const ids = await requests(t.db.ds, w, 3);
      let meetingId = '';
      for (const [i, slotIndex] of [0, 2, 3].entries()) meetingId = (await as(() => booking.book(ids[i], { seriesId, occurrenceKey, slotIndex }, chair))).meeting.id;
      return { meetingId, ids };
    };

    beforeAll(async () => {
      // Tuesdays 13:00–15:00 Helsinki (11:00 UTC in winter), six 20-minute slots
      const s = await as(() => series.create(w.teamId, { title: 'LaNu-konsultaatio', dtstart: '2027-02-02T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=TU', slotMinutes: 20, mode: 'remote' }, chair));
      seriesId = s.id;
    });

    it('an occurrence moved: its cases move along slot for slot, the chairs’ busy time with it, in one transaction with the "updated" outbox row', async () => {
      const key = '2027-02-09T11:00:00.000Z';
      const { meetingId, ids } = await bookThree(key);
      // the responsible pair chairs the materialised session
      expect(await busyOf(w.physicianId)).toContain('2027-02-09T11:00:00.000Z/2027-02-09T13:00:00.000Z');
      const view = await as(() => series.moveOccurrence(seriesId, key, { startsAt: '2027-02-10T08:00:00Z', endsAt: '2027-02-10T10:00:00Z' }, chair));
      expect(view).toMatchObject({ key, status: 'moved', meetingId, startsAt: new Date('2027-02-10T08:00:00Z') });
      const items = await agenda(meetingId);
      expect(items.map((i) => [i.request_id, i.starts_at.toISOString(), i.ends_at.toISOString()])).toEqual([
        [ids[0], '2027-02-10T08:00:00.000Z', '2027-02-10T08:20:00.000Z'],
        [ids[1], '2027-02-10T08:40:00.000Z', '2027-02-10T09:00:00.000Z'],
        [ids[2], '2027-02-10T09:00:00.000Z', '2027-02-10T09:20:00.000Z'],
      ]);
      expect(view.slots.filter((x) => x.requestId).map((x) => x.index)).toEqual([0, 2, 3]);
      for (const p of [w.physicianId, w.nurseId]) {
        const busy = await busyOf(p);
        expect(busy).toContain('2027-02-10T08:00:00.000Z/2027-02-10T10:00:00.000Z');
        expect(busy).not.toContain('2027-02-09T11:00:00.000Z/2027-02-09T13:00:00.000Z');
      }
      const row = await meetingRow(meetingId);
      expect(await outbox(meetingId)).toEqual([
        { kind: 'scheduled', sequence: 0, tx: expect.any(String) },
        { kind: 'updated', sequence: 1, tx: row.tx },
      ]);
      expect([...new Set(items.map((i) => i.tx))]).toEqual([row.tx]);
      expect(await participantTxs(meetingId)).toEqual([row.tx]);
      expect(await statusCounts(t.db.ds, ids)).toEqual({ scheduled: 3 });
    });

    it('a session shortened so that booked cases fall outside it: a conflict on startsAt, and nothing changes', async () => {
      const { meetingId } = await bookThree('2027-02-16T11:00:00.000Z');
      const before = { row: await meetingRow(meetingId), agenda: await agenda(meetingId), outbox: await outbox(meetingId) };
      const e = await refusal(as(() => meetings.update(meetingId, { endsAt: '2027-02-16T12:00:00Z' }, chair)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'startsAt', reason: 'booked agenda slots would fall outside the meeting; move or cancel them first' }] });
      expect({ row: await meetingRow(meetingId), agenda: await agenda(meetingId), outbox: await outbox(meetingId) }).toEqual(before);
    });

    it('an occurrence cancelled: the agenda is emptied, its cases wait to be booked again, and the "cancelled" outbox row is of the same transaction', async () => {
      const key = '2027-02-23T11:00:00.000Z';
      const { meetingId, ids } = await bookThree(key);
      const view = await as(() => series.cancelOccurrence(seriesId, key, chair));
      expect(view).toMatchObject({ key, status: 'cancelled', meetingId });
      expect(await agenda(meetingId)).toEqual([]);
      expect(await statusCounts(t.db.ds, ids)).toEqual({ accepted: 3 });
      const row = await meetingRow(meetingId);
      expect(row).toMatchObject({ status: 'cancelled', sequence: 1 });
      expect(await outbox(meetingId)).toEqual([
        { kind: 'scheduled', sequence: 0, tx: expect.any(String) },
        { kind: 'cancelled', sequence: 1, tx: row.tx },
      ]);
      const unscheduled: Array<{ tx: string }> = await t.db.ds.query(
        `SELECT DISTINCT xmin::text AS tx FROM request_event WHERE request_id = ANY($1) AND action = 'unschedule'`,
        [ids],
      );
      expect(unscheduled).toEqual([{ tx: row.tx }]);
      expect(await busyOf(w.physicianId)).not.toContain('2027-02-23T11:00:00.000Z/2027-02-23T13:00:00.000Z');
      // a cancelled occurrence takes no bookings
      const e = await refusal(as(() => booking.book(ids[0], { seriesId, occurrenceKey: key, slotIndex: 1 }, chair)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'status' }] });
    });
  });

  describe('time that has gone by (the clock at 2027-01-04 08:00:30)', () => {
    const meetingCount = async (): Promise<number> => (await t.db.ds.query(`SELECT count(*)::int AS n FROM meeting`))[0].n;

    beforeEach(() => t.clock.set('2027-01-04T08:00:30Z'));
    afterEach(() => t.clock.set('2027-01-04T08:00:00Z'));

    it('a new meeting that starts before the current minute: 400 in_the_past naming startsAt, and nothing is written', async () => {
      const before = { meetings: await meetingCount(), outbox: (await t.db.ds.query(`SELECT count(*)::int AS n FROM meeting_outbox`))[0].n };
      for (const [startsAt, endsAt] of [
        ['2027-01-04T07:59:00Z', '2027-01-04T09:00:00Z'],
        ['2027-01-03T08:00:00Z', '2027-01-03T09:00:00Z'],
      ]) {
        const e = await refusal(adHoc('Menneisyyteen', startsAt, endsAt, [w.psychologistId]));
        expect(e).toMatchObject({ code: 'validation_failed', fields: [{ field: 'startsAt', reason: 'must not be in the past', code: 'in_the_past' }] });
      }
      // a team session too, whoever sets it up
      const session = await refusal(
        as(() => meetings.create({ kind: 'team_session', title: 'LaNu', teamId: w.teamId, startsAt: '2027-01-04T07:00:00Z', endsAt: '2027-01-04T08:00:00Z', mode: 'remote', slotMinutes: 20 }, chair)),
      );
      expect(session).toMatchObject({ code: 'validation_failed', fields: [{ field: 'startsAt', code: 'in_the_past' }] });
      expect({ meetings: await meetingCount(), outbox: (await t.db.ds.query(`SELECT count(*)::int AS n FROM meeting_outbox`))[0].n }).toEqual(before);
    });

    it('a new meeting that starts within the current minute, or later, is booked', async () => {
      const now = await adHoc('Nyt', '2027-01-04T08:00:00Z', '2027-01-04T08:30:00Z', [w.psychologistId]);
      expect(now.startsAt).toEqual(new Date('2027-01-04T08:00:00Z'));
      await adHoc('Kohta', '2027-01-04T08:01:00Z', '2027-01-04T08:30:00Z', [w.nurseId]);
    });

    it('a session occurrence moved into the past: 400 in_the_past naming startsAt, and neither the exception, the meeting, its agenda nor the outbox change', async () => {
      const s = await as(() => series.create(w.teamId, { title: 'Aamusessio', dtstart: '2027-01-11T09:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=MO', slotMinutes: 20, mode: 'remote' }, chair));
      const key = '2027-01-11T07:00:00.000Z';
      const [id] = await requests(t.db.ds, w, 1);
      const meetingId = (await as(() => booking.book(id, { seriesId: s.id, occurrenceKey: key, slotIndex: 1 }, chair))).meeting.id;
      const state = async () => ({
        exceptions: await t.db.ds.query(`SELECT occurrence_key, kind FROM session_exception WHERE series_id = $1`, [s.id]),
        row: await meetingRow(meetingId),
        agenda: await agenda(meetingId),
        outbox: await outbox(meetingId),
      });
      const before = await state();
      const e = await refusal(as(() => series.moveOccurrence(s.id, key, { startsAt: '2027-01-04T07:00:00Z', endsAt: '2027-01-04T08:00:00Z' }, chair)));
      expect(e).toMatchObject({ code: 'validation_failed', fields: [{ field: 'startsAt', reason: 'must not be in the past', code: 'in_the_past' }] });
      expect(await state()).toEqual(before);
      // an occurrence not yet a meeting is refused the same way
      const later = '2027-01-18T07:00:00.000Z';
      const e2 = await refusal(as(() => series.moveOccurrence(s.id, later, { startsAt: '2027-01-03T07:00:00Z', endsAt: '2027-01-03T08:00:00Z' }, chair)));
      expect(e2).toMatchObject({ code: 'validation_failed', fields: [{ field: 'startsAt', code: 'in_the_past' }] });
      expect(await t.db.ds.query(`SELECT occurrence_key FROM session_exception WHERE series_id = $1`, [s.id])).toEqual([]);
      // moving it to a time still to come is what the route is for
      const moved = await as(() => series.moveOccurrence(s.id, key, { startsAt: '2027-01-12T07:00:00Z', endsAt: '2027-01-12T08:00:00Z' }, chair));
      expect(moved).toMatchObject({ status: 'moved', meetingId });
    });
  });

});

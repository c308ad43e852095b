import { DomainError } from '@kohtaamo/domain';
import type { StaffPrincipal } from '../../apps/api/src/auth/principal';
import { MeetingsService } from '../../apps/api/src/meetings/meetings.service';
import { AvailabilityService } from '../../apps/api/src/scheduling/availability.service';
import { BookingService } from '../../apps/api/src/scheduling/booking.service';
import { SchedulingModule } from '../../apps/api/src/scheduling/scheduling.module';
import { SeriesService } from '../../apps/api/src/scheduling/series.service';
import { ServiceTier, startServiceTier } from './support/service-tier';
import { World, buildWorld, request, requests, statusCounts } from './support/world';

/**
 * Booking a request into a team session's agenda (BookingService), called as the triage controller calls
 * it, on a real database: racing bookings for one slot, a session that changed or ended after it was
 * read, and a session with no free slot. Each refusal is the typed conflict a client sees
 * (`details.conflict`), and nothing of a refused booking is written.
 */
describe('BookingService on a real database', () => {
  let t: ServiceTier;
  let w: World;
  let chair: StaffPrincipal;
  let booking: BookingService;
  let meetings: MeetingsService;
  let series: SeriesService;

  beforeAll(async () => {
    t = await startServiceTier([SchedulingModule]);
    t.clock.set('2027-01-04T08:00:00Z');
    w = await buildWorld(t.db.ds);
    chair = await t.principal(w.chairId);
    booking = t.get(BookingService);
    meetings = t.get(MeetingsService);
    series = t.get(SeriesService);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A team session of `slots` 20-minute slots, set up by the chair through MeetingsService. */
  const session = (startsAt: string, slots: number, title = 'LaNu-konsultaatio') =>
    t.as(chair, () =>
      meetings.create(
        { kind: 'team_session', title, teamId: w.teamId, startsAt, endsAt: new Date(Date.parse(startsAt) + slots * 20 * 60_000).toISOString(), mode: 'remote', slotMinutes: 20 },
        chair,
      ),
    );

  const book = (requestId: string, dto: { meetingId?: string; seriesId?: string; occurrenceKey?: string; slotIndex?: number }) => t.as(chair, () => booking.book(requestId, dto, chair));

  /** The refusal `p` ends with (fails the test if it succeeds or throws anything but a DomainError). */
  const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${e === undefined ? 'success' : String(e)}`);
    return e;
  };

  const agenda = (meetingId: string): Promise<Array<{ request_id: string; starts_at: Date }>> =>
    t.db.ds.query(`SELECT request_id, starts_at FROM agenda_item WHERE meeting_id = $1 ORDER BY starts_at`, [meetingId]);
  const scheduleEvents = async (ids: string[]): Promise<number> =>
    (await t.db.ds.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = ANY($1) AND action = 'schedule'`, [ids]))[0].n;

  describe('races', () => {
    it('twelve bookings into one picked slot at once: exactly one wins, eleven get the agenda_slot conflict naming the winner', async () => {
      const s = await session('2027-02-02T10:00:00Z', 3);
      const ids = await requests(t.db.ds, w, 12);
      const results = await Promise.allSettled(ids.map((id) => book(id, { meetingId: s.id, slotIndex: 1 })));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [ids[i]] : []));
      expect(won).toHaveLength(1);
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(lost).toHaveLength(11);
      for (const e of lost) {
        expect(e).toBeInstanceOf(DomainError);
        expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'slotIndex', reason: 'already booked' }], details: { conflict: 'agenda_slot', conflictingRequestId: won[0] } });
      }
      expect(await agenda(s.id)).toEqual([{ request_id: won[0], starts_at: new Date('2027-02-02T10:20:00Z') }]);
      expect(await statusCounts(t.db.ds, ids)).toEqual({ scheduled: 1, accepted: 11 });
      expect(await scheduleEvents(ids)).toBe(1);
    });

    it('five bookings with no slot picked into a three-slot session: three win distinct slots, two are told it is full', async () => {
      const s = await session('2027-02-03T10:00:00Z', 3);
      const ids = await requests(t.db.ds, w, 5);
      const results = await Promise.allSettled(ids.map((id) => book(id, { meetingId: s.id })));
      const slots = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.slotIndex] : []));
      expect(slots.sort()).toEqual([0, 1, 2]);
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(lost).toHaveLength(2);
      for (const e of lost) expect(e).toMatchObject({ code: 'conflict', details: { conflict: 'full', meetingId: s.id } });
      expect((await agenda(s.id)).map((a) => a.starts_at.toISOString())).toEqual(['2027-02-03T10:00:00.000Z', '2027-02-03T10:20:00.000Z', '2027-02-03T10:40:00.000Z']);
      expect(await statusCounts(t.db.ds, ids)).toEqual({ scheduled: 3, accepted: 2 });
    });

    it('one request booked into two slots at once: one booking wins, the other is refused by the lifecycle (already scheduled)', async () => {
      const s = await session('2027-02-04T10:00:00Z', 3);
      const id = await request(t.db.ds, w);
      const results = await Promise.allSettled([book(id, { meetingId: s.id, slotIndex: 0 }), book(id, { meetingId: s.id, slotIndex: 2 })]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const e = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))[0];
      expect(e).toMatchObject({ code: 'invalid_transition', details: { status: 'scheduled' } });
      expect(await agenda(s.id)).toHaveLength(1);
      expect(await scheduleEvents([id])).toBe(1);
    });
  });

  describe('a stale session', () => {
    it('moved after the booking service read it: the booking lands in the slot as it is now, not where it was', async () => {
      const s = await session('2027-03-02T10:00:00Z', 3);
      const first = await request(t.db.ds, w);
      // the service reads the session (and keeps the read for a few seconds) ...
      await book(first, { meetingId: s.id, slotIndex: 2 });
      // ... which then starts 20 minutes earlier: slot 0 is now 09:40
      await t.as(chair, () => meetings.update(s.id, { startsAt: '2027-03-02T09:40:00Z' }, chair));
      const second = await request(t.db.ds, w);
      const b = await book(second, { meetingId: s.id, slotIndex: 0 });
      expect(b.agendaItem.startsAt.toISOString()).toBe('2027-03-02T09:40:00.000Z');
      expect((await agenda(s.id)).map((a) => a.starts_at.toISOString())).toEqual(['2027-03-02T09:40:00.000Z', '2027-03-02T10:40:00.000Z']);
    });

    it('booked with a read from before the move: the stale_session conflict, and nothing written', async () => {
      const s = await session('2027-03-03T10:00:00Z', 3);
      const before = await meetings.get(s.id);
      await t.as(chair, () => meetings.update(s.id, { startsAt: '2027-03-03T09:00:00Z', endsAt: '2027-03-03T10:00:00Z' }, chair));
      const id = await request(t.db.ds, w);
      const e = await refusal(t.as(chair, () => booking.bookSlot(null, before, id, new Date('2027-03-03T10:00:00Z'), new Date('2027-03-03T10:20:00Z'), chair.personId)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'startsAt', reason: 'the session has moved' }], details: { conflict: 'stale_session' } });
      expect(await agenda(s.id)).toEqual([]);
      expect(await statusCounts(t.db.ds, [id])).toEqual({ accepted: 1 });
    });

    it('a session that has been held (ended) takes no more bookings: a conflict on its status', async () => {
      // set up before it began (a meeting is not booked into the past), ended once it had
      const s = await t.clock.at('2027-01-04T06:00:00Z', () => session('2027-01-04T07:00:00Z', 3));
      await t.as(chair, () => meetings.end(s.id, chair));
      const id = await request(t.db.ds, w);
      const e = await refusal(book(id, { meetingId: s.id, slotIndex: 1 }));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'status' }] });
      expect(e.message).toMatch(/no longer scheduled/);
      expect(await agenda(s.id)).toEqual([]);
      expect(await statusCounts(t.db.ds, [id])).toEqual({ accepted: 1 });
    });

    it('a cancelled session takes no bookings, picked slot or not', async () => {
      const s = await session('2027-03-04T10:00:00Z', 3);
      await t.as(chair, () => meetings.cancel(s.id, chair));
      const id = await request(t.db.ds, w);
      for (const dto of [{ meetingId: s.id, slotIndex: 0 }, { meetingId: s.id }]) {
        const e = await refusal(book(id, dto));
        expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'status', reason: 'the meeting is cancelled' }] });
      }
      expect(await statusCounts(t.db.ds, [id])).toEqual({ accepted: 1 });
    });
  });

  describe('a session under way: slots that have begun take no bookings', () => {
    // each session below starts at 10:00 and is booked into at 10:30:30, when slot 0 (10:00) and slot 1 (10:20) have begun
    const underWay = async (day: string, slots = 4) => {
      const s = await session(`${day}T10:00:00Z`, slots);
      t.clock.set(`${day}T10:30:30Z`);
      return s;
    };
    const accepts = async (ids: string[]): Promise<number> =>
      (await t.db.ds.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = ANY($1) AND action = 'accept'`, [ids]))[0].n;
    afterEach(() => t.clock.set('2027-01-04T08:00:00Z'));

    it('a picked slot that has begun: the slot_in_past conflict naming slotIndex, and nothing written; one still to come is booked', async () => {
      const s = await underWay('2027-01-11');
      const id = await request(t.db.ds, w);
      for (const slotIndex of [0, 1]) {
        const e = await refusal(book(id, { meetingId: s.id, slotIndex }));
        expect(e).toMatchObject({
          code: 'conflict',
          fields: [{ field: 'slotIndex', reason: 'the slot has already begun', code: 'slot_in_past' }],
          details: { conflict: 'slot_in_past', meetingId: s.id, slotStart: new Date(Date.parse('2027-01-11T10:00:00Z') + slotIndex * 20 * 60_000) },
        });
      }
      expect(await agenda(s.id)).toEqual([]);
      expect(await statusCounts(t.db.ds, [id])).toEqual({ accepted: 1 });
      expect(await scheduleEvents([id])).toBe(0);
      const b = await book(id, { meetingId: s.id, slotIndex: 2 });
      expect(b.agendaItem.startsAt).toEqual(new Date('2027-01-11T10:40:00Z'));
    });

    it('the current minute still counts: a slot that began within it is booked', async () => {
      const s = await session('2027-01-12T10:00:00Z', 3);
      t.clock.set('2027-01-12T10:20:59Z');
      const id = await request(t.db.ds, w);
      expect((await book(id, { meetingId: s.id, slotIndex: 1 })).slotIndex).toBe(1);
    });

    it('no slot picked: the first free slot still to come, past the free ones that have begun; none left is full (begun)', async () => {
      const s = await underWay('2027-01-13', 3);
      const [a, b] = await requests(t.db.ds, w, 2);
      expect((await book(a, { meetingId: s.id })).slotIndex).toBe(2);
      const e = await refusal(book(b, { meetingId: s.id }));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'meetingId', reason: 'no free slot' }], details: { conflict: 'full', meetingId: s.id } });
      expect(e.message).toBe('every free slot of the session has already begun');
      expect((await agenda(s.id)).map((x) => x.request_id)).toEqual([a]);
      expect(await statusCounts(t.db.ds, [b])).toEqual({ accepted: 1 });
    });

    it('accepted and booked in one step (triage) into a slot that has begun: refused before the acceptance is written', async () => {
      const s = await underWay('2027-01-14');
      const id = await request(t.db.ds, w, { status: 'submitted' });
      const e = await refusal(t.as(chair, () => booking.acceptAndBook(id, { meetingId: s.id, slotIndex: 0 }, chair)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'slotIndex', code: 'slot_in_past' }], details: { conflict: 'slot_in_past' } });
      expect(await statusCounts(t.db.ds, [id])).toEqual({ submitted: 1 });
      expect(await accepts([id])).toBe(0);
      expect(await agenda(s.id)).toEqual([]);
    });

    it('a time that has begun put on the agenda directly: slot_in_past naming startsAt', async () => {
      const s = await underWay('2027-01-15');
      const id = await request(t.db.ds, w);
      const e = await refusal(t.as(chair, () => booking.addAgendaItem(s.id, { requestId: id, startsAt: '2027-01-15T10:20:00Z', endsAt: '2027-01-15T10:40:00Z' }, chair)));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'startsAt', code: 'slot_in_past' }], details: { conflict: 'slot_in_past', meetingId: s.id } });
      expect(await agenda(s.id)).toEqual([]);
      expect(await statusCounts(t.db.ds, [id])).toEqual({ accepted: 1 });
    });

    it('an occurrence of a series under way: a begun slot is refused before the occurrence is written as a meeting; allocating fills only the slots to come', async () => {
      // one Tuesday 12:00–13:00 Helsinki (10:00 UTC), three slots (one occurrence: later tests look for the team's next sessions)
      const s = await t.as(chair, () => series.create(w.teamId, { title: 'Tiistaisessio', dtstart: '2027-01-19T12:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=1', slotMinutes: 20, mode: 'remote' }, chair));
      const key = '2027-01-19T10:00:00.000Z';
      t.clock.set('2027-01-19T10:30:30Z');
      const ids = await requests(t.db.ds, w, 3);
      const e = await refusal(book(ids[0], { seriesId: s.id, occurrenceKey: key, slotIndex: 0 }));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'slotIndex', code: 'slot_in_past' }], details: { conflict: 'slot_in_past' } });
      expect(await t.db.ds.query(`SELECT id FROM meeting WHERE series_id = $1`, [s.id])).toEqual([]);
      const plan = await t.as(chair, () => booking.allocate(s.id, key, chair));
      expect(plan.booked.map((x) => x.slotIndex)).toEqual([2]);
      expect((await agenda(plan.meetingId)).map((x) => x.starts_at)).toEqual([new Date('2027-01-19T10:40:00Z')]);
    });
  });

  describe('an occurrence whose responsible pair is partly busy', () => {
    it('the physician booked elsewhere at the session time: the case is still booked, the session is materialised with the nurse alone', async () => {
      // Tuesday 2 March 2027 12:00–13:00 Helsinki (10:00 UTC); the physician has a meeting of their own 10:30–11:30 UTC
      const s = await t.as(chair, () => series.create(w.teamId, { title: 'Maaliskuun sessio', dtstart: '2027-03-02T12:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=1', slotMinutes: 20, mode: 'remote' }, chair));
      await t.as(chair, () => meetings.create({ kind: 'ad_hoc', title: 'Muu palaveri', startsAt: '2027-03-02T10:30:00Z', endsAt: '2027-03-02T11:30:00Z', mode: 'remote', participants: [{ kind: 'staff', personId: w.physicianId }] }, chair));
      const [id] = await requests(t.db.ds, w, 1);
      const booked = await book(id, { seriesId: s.id, occurrenceKey: '2027-03-02T10:00:00.000Z', slotIndex: 0 });
      const rows: Array<{ person_id: string }> = await t.db.ds.query(`SELECT person_id FROM meeting_participant WHERE meeting_id = $1 ORDER BY added_order`, [booked.meeting.id]);
      expect(rows.map((r) => r.person_id)).toEqual([w.nurseId]);
      expect(await statusCounts(t.db.ds, [id])).toEqual({ scheduled: 1 });
      // the session's page says who was left out, and why
      const notices = (await t.as(chair, () => meetings.detail(booked.meeting.id))).notices;
      expect(notices).toEqual([expect.objectContaining({ kind: 'pair_member_busy', persons: [{ id: w.physicianId, name: 'Lauri Lääkäri' }] })]);
      // and so does the team's sessions list (the occurrence's leftOut)
      const [occurrence] = await t.as(chair, () => series.occurrences(s.id, { from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' }, chair));
      expect(occurrence.leftOut).toEqual([{ id: w.physicianId, name: 'Lauri Lääkäri' }]);
      // a second case into the same occurrence adds no second notice
      const [second] = await requests(t.db.ds, w, 1);
      await book(second, { seriesId: s.id, occurrenceKey: '2027-03-02T10:00:00.000Z', slotIndex: 1 });
      expect((await t.as(chair, () => meetings.detail(booked.meeting.id))).notices).toHaveLength(1);
    });

    it('both free: the physician and the nurse, in that order, and no notice', async () => {
      const s = await t.as(chair, () => series.create(w.teamId, { title: 'Toinen sessio', dtstart: '2027-03-09T12:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=1', slotMinutes: 20, mode: 'remote' }, chair));
      const [id] = await requests(t.db.ds, w, 1);
      const booked = await book(id, { seriesId: s.id, occurrenceKey: '2027-03-09T10:00:00.000Z', slotIndex: 0 });
      const rows: Array<{ person_id: string }> = await t.db.ds.query(`SELECT person_id FROM meeting_participant WHERE meeting_id = $1 ORDER BY added_order`, [booked.meeting.id]);
      expect(rows.map((r) => r.person_id)).toEqual([w.physicianId, w.nurseId]);
      expect((await t.as(chair, () => meetings.detail(booked.meeting.id))).notices).toEqual([]);
      const [occurrence] = await t.as(chair, () => series.occurrences(s.id, { from: '2027-03-09T00:00:00Z', to: '2027-03-10T00:00:00Z' }, chair));
      expect(occurrence).toMatchObject({ meetingId: booked.meeting.id, leftOut: [] });
    });
  });

  describe("free-time search and the responsible pair's sessions that are not meetings yet", () => {
    // Wednesday 12 May 2027 (a working day; the Thursday before is Ascension Day), a session 12:00–13:00 Helsinki
    // (09:00–10:00 UTC, summer time); nothing is booked into it. The window is the default working day, 08–16 Helsinki.
    const dayWindow = { from: '2027-05-12T05:00:00Z', to: '2027-05-12T13:00:00Z' };
    const starts = async (personId: string): Promise<string[]> => {
      const { candidates } = await t.as(chair, () => t.get(AvailabilityService).freeTime({ requiredPersonIds: [personId], ...dayWindow, durationMinutes: 60, stepMinutes: 60, spread: false, maxResults: 20 }));
      return candidates.map((c) => c.start.toISOString().slice(11, 16));
    };
    let s: { id: string };
    beforeAll(async () => {
      s = await t.as(chair, () => series.create(w.teamId, { title: 'Toukokuun sessio', dtstart: '2027-05-12T12:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=1', slotMinutes: 20, mode: 'remote' }, chair));
    });

    it("the physician and the nurse are busy at the session's time; someone outside the pair is not", async () => {
      expect(await starts(w.physicianId)).toEqual(['05:00', '06:00', '07:00', '08:00', '10:00', '11:00', '12:00']);
      expect(await starts(w.nurseId)).not.toContain('09:00');
      expect(await starts(w.psychologistId)).toContain('09:00');
    });

    it('a cancelled occurrence frees them', async () => {
      await t.as(chair, () => series.cancelOccurrence(s.id, '2027-05-12T09:00:00.000Z', chair));
      expect(await starts(w.physicianId)).toContain('09:00');
    });
  });

  describe('a full session', () => {
    let s: { id: string };
    let waiting: string;

    beforeAll(async () => {
      s = await session('2027-04-06T10:00:00Z', 2);
      for (const [i, id] of (await requests(t.db.ds, w, 2)).entries()) await book(id, { meetingId: s.id, slotIndex: i });
      waiting = await request(t.db.ds, w);
    });

    it('no slot picked: the full conflict naming the session', async () => {
      const e = await refusal(book(waiting, { meetingId: s.id }));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'meetingId', reason: 'no free slot' }], details: { conflict: 'full', meetingId: s.id } });
    });

    it('a picked slot: the agenda_slot conflict naming who has it', async () => {
      const [holder] = await agenda(s.id);
      const e = await refusal(book(waiting, { meetingId: s.id, slotIndex: 0 }));
      expect(e).toMatchObject({ code: 'conflict', fields: [{ field: 'slotIndex' }], details: { conflict: 'agenda_slot', conflictingRequestId: holder.request_id } });
    });

    it('a slot the session does not have: validation_failed naming slotIndex and the slots there are', async () => {
      const e = await refusal(book(waiting, { meetingId: s.id, slotIndex: 2 }));
      expect(e).toMatchObject({ code: 'validation_failed', fields: [{ field: 'slotIndex', reason: 'the session has 2 slots (0–1)' }] });
    });

    it('no session picked: the team’s next session with a free slot, past the full one; sessions that have begun are never offered', async () => {
      // after every other session of this file: the full one is the team's only session still to come
      t.clock.set('2027-04-06T09:00:00Z');
      try {
        const full = await refusal(book(waiting, {}));
        expect(full).toMatchObject({ code: 'conflict', details: { conflict: 'full', meetingId: s.id } });
        const later = await session('2027-04-13T10:00:00Z', 1);
        const b = await book(waiting, {});
        expect(b).toMatchObject({ slotIndex: 0, meeting: { id: later.id } });
        expect(await statusCounts(t.db.ds, [waiting])).toEqual({ scheduled: 1 });
        // once every session has begun (those of February still have free slots), there is nowhere to book
        t.clock.set('2027-04-13T10:00:00Z');
        const another = await request(t.db.ds, w);
        const none = await refusal(book(another, {}));
        expect(none).toMatchObject({ code: 'conflict', fields: [{ field: 'requestId', reason: 'no free slot' }], details: { conflict: 'full' } });
        expect(await statusCounts(t.db.ds, [another])).toEqual({ accepted: 1 });
      } finally {
        t.clock.set('2027-01-04T08:00:00Z');
      }
    });
  });
});

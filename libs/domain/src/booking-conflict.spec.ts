import { BookingConflict, BookingConflictError, describeBookingConflict } from './booking-conflict';
import { DomainError } from './errors';

const start = new Date('2027-03-02T10:20:00Z');
const end = new Date('2027-03-02T10:40:00Z');

/** What a client receives: the error's fields and details as JSON carries them (undefined left out). */
const wire = (c: BookingConflict) => JSON.parse(JSON.stringify({ ...describeBookingConflict(c) }));

describe('booking conflicts: one wire form per kind', () => {
  it('agenda_slot: taken before writing (the picked slot), or by the exclusion constraint (the holder read back)', () => {
    expect(wire({ kind: 'agenda_slot', field: 'slotIndex', meetingId: 'm1', conflictingRequestId: 'r1', picked: { index: 1, start } })).toEqual({
      message: 'slot 1 (2027-03-02T10:20:00.000Z) is already taken',
      fields: [{ field: 'slotIndex', reason: 'already booked' }],
      details: { conflict: 'agenda_slot', meetingId: 'm1', conflictingRequestId: 'r1' },
    });
    expect(wire({ kind: 'agenda_slot', field: 'slot', meetingId: 'm1', conflictingAgendaItemId: 'a1', conflictingRequestId: 'r1', slotStart: start, slotEnd: end })).toEqual({
      message: 'the agenda slot 2027-03-02T10:20:00.000Z–2027-03-02T10:40:00.000Z is already taken',
      fields: [{ field: 'slot', reason: 'already booked' }],
      details: { conflict: 'agenda_slot', meetingId: 'm1', conflictingAgendaItemId: 'a1', conflictingRequestId: 'r1', slotStart: start.toISOString(), slotEnd: end.toISOString() },
    });
    expect(wire({ kind: 'agenda_slot', field: 'slot' })).toEqual({ message: 'the agenda slot is already taken', fields: [{ field: 'slot', reason: 'already booked' }], details: { conflict: 'agenda_slot' } });
  });

  it('full: the session, the sessions looked at, the team’s coming weeks', () => {
    expect(wire({ kind: 'full', scope: 'session', meetingId: 'm1' })).toEqual({
      message: 'the session is full', fields: [{ field: 'meetingId', reason: 'no free slot' }], details: { conflict: 'full', meetingId: 'm1' },
    });
    expect(wire({ kind: 'full', scope: 'session', meetingId: 'm1', begun: true }).message).toBe('every free slot of the session has already begun');
    expect(wire({ kind: 'full', scope: 'looked_at' })).toEqual({
      message: 'no free agenda slot in the sessions looked at; add a session or pick a slot', fields: [{ field: 'slotIndex', reason: 'no free slot' }], details: { conflict: 'full' },
    });
    expect(wire({ kind: 'full', scope: 'lookahead', weeks: 16 })).toEqual({
      message: 'the team has no session with a free agenda slot in the next 16 weeks', fields: [{ field: 'requestId', reason: 'no free slot' }], details: { conflict: 'full' },
    });
  });

  it('stale_session and slot_in_past', () => {
    expect(wire({ kind: 'stale_session', meetingId: 'm1' })).toEqual({
      message: 'meeting m1 has moved; read it again', fields: [{ field: 'startsAt', reason: 'the session has moved' }], details: { conflict: 'stale_session' },
    });
    expect(wire({ kind: 'slot_in_past', field: 'slotIndex', slotIndex: 1, meetingId: 'm1', slotStart: start })).toEqual({
      message: 'slot 1 (2027-03-02T10:20:00.000Z) has already begun; book a time still to come',
      fields: [{ field: 'slotIndex', reason: 'the slot has already begun', code: 'slot_in_past' }],
      details: { conflict: 'slot_in_past', meetingId: 'm1', slotStart: start.toISOString() },
    });
    expect(wire({ kind: 'slot_in_past', field: 'startsAt', meetingId: 'm1', slotStart: start }).fields).toEqual([{ field: 'startsAt', reason: 'the slot has already begun', code: 'slot_in_past' }]);
  });

  it('participant and room: the other meeting by its time only', () => {
    expect(wire({ kind: 'participant', personId: 'p1', name: 'Pia Psykologi', busyFrom: start, busyUntil: end })).toEqual({
      message: 'Pia Psykologi has another meeting at that time (2027-03-02T10:20:00.000Z–2027-03-02T10:40:00.000Z)',
      fields: [{ field: 'participants', reason: 'double booking' }],
      details: { conflict: 'participant', personId: 'p1', busyFrom: start.toISOString(), busyUntil: end.toISOString() },
    });
    expect(wire({ kind: 'participant' }).message).toBe('a participant is already in another meeting at that time');
    expect(wire({ kind: 'room', roomId: 'h1', busyFrom: start, busyUntil: end })).toEqual({
      message: 'the room is taken at that time (2027-03-02T10:20:00.000Z–2027-03-02T10:40:00.000Z)',
      fields: [{ field: 'roomId', reason: 'double booking' }],
      details: { conflict: 'room', roomId: 'h1', busyFrom: start.toISOString(), busyUntil: end.toISOString() },
    });
  });

  it('a BookingConflictError is a 409 domain error carrying its kind, and `of` reads it back by kind', () => {
    const e = new BookingConflictError({ kind: 'stale_session', meetingId: 'm1' });
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'conflict', message: 'meeting m1 has moved; read it again', details: { conflict: 'stale_session' } });
    expect(BookingConflictError.of(e)).toEqual({ kind: 'stale_session', meetingId: 'm1' });
    expect(BookingConflictError.of(e, 'stale_session')).toEqual({ kind: 'stale_session', meetingId: 'm1' });
    expect(BookingConflictError.of(e, 'agenda_slot')).toBeUndefined();
    // a plain domain error that says the same in details is not a typed conflict
    expect(BookingConflictError.of(new DomainError('conflict', 'x', [], { conflict: 'stale_session' }))).toBeUndefined();
  });
});

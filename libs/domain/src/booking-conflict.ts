import { DomainError, type FieldProblem } from './errors';

/**
 * Why a booking of time was refused: an agenda slot of a team session, or a meeting's time, place or
 * participants. Each kind carries what the client needs to name the clash; `describeBookingConflict` is
 * the one place that turns a kind into the 409 a client reads (`error: "conflict"`, `fields`, and
 * `details.conflict` with the kind's name), so code that handles a conflict compares `kind`, never a
 * string in `details`.
 *
 * - `agenda_slot`: the slot is another request's — found before writing (`picked`: the slot the caller
 *   chose, by index) or by the database's exclusion constraint `agenda_slot_no_double_booking` (the
 *   holder's item, request and times when they could be read). `field` is the caller's name for the slot.
 * - `full`: no free slot — in the one session (`session`), in any session the search looked at
 *   (`looked_at`), or in the team's sessions of the next `weeks` (`lookahead`). `begun` when the session
 *   still has free slots but every one of them has begun (they are not offered).
 * - `stale_session`: the session moved after the caller read it; its slots are not where they were.
 * - `slot_in_past`: the slot (or the time asked for) began before the current minute; nobody can be
 *   booked into time that has gone. `field` is the caller's name for it (`slotIndex`, `startsAt`).
 * - `participant`: a person taking part is in another meeting then (`participant_no_double_booking`);
 *   the other meeting is named by its time only — it may be another team's, about another client.
 * - `room`: the room is booked then (`meeting_room_no_double_booking`).
 */
export type BookingConflict =
  | {
      kind: 'agenda_slot';
      field: 'slot' | 'slotIndex';
      meetingId?: string;
      conflictingRequestId?: string;
      conflictingAgendaItemId?: string;
      slotStart?: Date;
      slotEnd?: Date;
      picked?: { index: number; start: Date };
    }
  | { kind: 'full'; scope: 'session'; meetingId: string; begun?: boolean }
  | { kind: 'full'; scope: 'looked_at' }
  | { kind: 'full'; scope: 'lookahead'; weeks: number }
  | { kind: 'stale_session'; meetingId: string }
  | { kind: 'slot_in_past'; field: 'slotIndex' | 'startsAt'; meetingId?: string; slotStart: Date; slotIndex?: number }
  | { kind: 'participant'; personId?: string; name?: string; busyFrom?: Date; busyUntil?: Date }
  | { kind: 'room'; roomId?: string; busyFrom?: Date; busyUntil?: Date };

export type BookingConflictKind = BookingConflict['kind'];

/** A refused booking as a domain error (409 `conflict`); `conflict` is the typed reason. */
export class BookingConflictError extends DomainError {
  constructor(readonly conflict: BookingConflict) {
    const { message, fields, details } = describeBookingConflict(conflict);
    super('conflict', message, fields, details);
    this.name = 'BookingConflictError';
  }

  /** The typed conflict of `e`, if it is one (of `kind`, when given). */
  static of<K extends BookingConflictKind>(e: unknown, kind?: K): Extract<BookingConflict, { kind: K }> | undefined {
    if (!(e instanceof BookingConflictError)) return undefined;
    if (kind !== undefined && e.conflict.kind !== kind) return undefined;
    return e.conflict as Extract<BookingConflict, { kind: K }>;
  }
}

/**
 * The wire form of each kind: the message, the fields (with their reasons, which the HTTP filter words
 * in the caller's language by code) and `details`. Clients and tests read these; keep them stable.
 */
export function describeBookingConflict(c: BookingConflict): { message: string; fields: FieldProblem[]; details: Record<string, unknown> } {
  switch (c.kind) {
    case 'agenda_slot':
      return {
        message: c.picked
          ? `slot ${c.picked.index} (${iso(c.picked.start)}) is already taken`
          : c.slotStart && c.slotEnd
            ? `the agenda slot ${iso(c.slotStart)}–${iso(c.slotEnd)} is already taken`
            : 'the agenda slot is already taken',
        fields: [{ field: c.field, reason: 'already booked' }],
        details: {
          conflict: c.kind,
          meetingId: c.meetingId,
          conflictingAgendaItemId: c.conflictingAgendaItemId,
          conflictingRequestId: c.conflictingRequestId,
          slotStart: c.slotStart,
          slotEnd: c.slotEnd,
        },
      };
    case 'full':
      switch (c.scope) {
        case 'session':
          return {
            message: c.begun ? 'every free slot of the session has already begun' : 'the session is full',
            fields: [{ field: 'meetingId', reason: 'no free slot' }],
            details: { conflict: c.kind, meetingId: c.meetingId },
          };
        case 'looked_at':
          return {
            message: 'no free agenda slot in the sessions looked at; add a session or pick a slot',
            fields: [{ field: 'slotIndex', reason: 'no free slot' }],
            details: { conflict: c.kind },
          };
        case 'lookahead':
          return {
            message: `the team has no session with a free agenda slot in the next ${c.weeks} weeks`,
            fields: [{ field: 'requestId', reason: 'no free slot' }],
            details: { conflict: c.kind },
          };
        default:
          return unreachable(c);
      }
    case 'stale_session':
      return {
        message: `meeting ${c.meetingId} has moved; read it again`,
        fields: [{ field: 'startsAt', reason: 'the session has moved' }],
        details: { conflict: c.kind },
      };
    case 'slot_in_past':
      return {
        message: `${c.slotIndex === undefined ? 'the time' : `slot ${c.slotIndex}`} (${iso(c.slotStart)}) has already begun; book a time still to come`,
        fields: [{ field: c.field, reason: 'the slot has already begun', code: 'slot_in_past' }],
        details: { conflict: c.kind, meetingId: c.meetingId, slotStart: c.slotStart },
      };
    case 'participant':
      return {
        message:
          c.name && c.busyFrom && c.busyUntil
            ? `${c.name} has another meeting at that time (${iso(c.busyFrom)}–${iso(c.busyUntil)})`
            : 'a participant is already in another meeting at that time',
        fields: [{ field: 'participants', reason: 'double booking' }],
        details: { conflict: c.kind, personId: c.personId, busyFrom: c.busyFrom, busyUntil: c.busyUntil },
      };
    case 'room':
      return {
        message: c.busyFrom && c.busyUntil ? `the room is taken at that time (${iso(c.busyFrom)}–${iso(c.busyUntil)})` : 'the room is taken at that time',
        fields: [{ field: 'roomId', reason: 'double booking' }],
        details: { conflict: c.kind, roomId: c.roomId, busyFrom: c.busyFrom, busyUntil: c.busyUntil },
      };
    default:
      return unreachable(c);
  }
}

/** A kind added to the union but not described above fails to compile here. */
function unreachable(c: never): never {
  throw new Error(`unknown booking conflict ${JSON.stringify(c)}`);
}

function iso(d: Date): string {
  return new Date(d).toISOString();
}

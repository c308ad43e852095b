import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** The existing row's key in an exclusion violation: `… conflicts with existing key (a, b)=(<uuid>, <range>).` */
function existingKey(detail: string | undefined): { id: string; range: string } | undefined {
  const m = /conflicts with existing key \(.*?\)=\(([0-9a-f-]{36}), (.+)\)\.?$/s.exec(detail ?? '');
  return m ? { id: m[1], range: m[2] } : undefined;
}

/**
 * Turns PostgreSQL's refusal of a double booking (exclusion constraints of the scheduling migration)
 * into a 409 that names the conflicting meeting, agenda slot or room booking.
 */
@Injectable()
export class BookingConflicts {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw (await this.describe(e)) ?? e;
    }
  }

  async describe(e: unknown): Promise<DomainError | undefined> {
    if (!(e instanceof QueryFailedError)) return undefined;
    const pg = e.driverError as PgError;
    if (pg.code !== '23P01') return undefined;
    const key = existingKey(pg.detail);
    switch (pg.constraint ?? '') {
      case 'participant_no_double_booking': {
        const rows: Array<{ starts_at: Date; ends_at: Date; name: string }> = key
          ? await this.db.query(
              `SELECT m.starts_at, m.ends_at, p.display_name AS name FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
                WHERE p.person_id = $1 AND p.active AND p.during = $2::tstzrange LIMIT 1`,
              [key.id, key.range],
            )
          : [];
        const c = rows[0];
        return new DomainError(
          'conflict',
          // the other meeting is named by its time only: it may be another team's, about another client
          c ? `${c.name} has another meeting at that time (${iso(c.starts_at)}–${iso(c.ends_at)})` : 'a participant is already in another meeting at that time',
          [{ field: 'participants', reason: 'double booking' }],
          { conflict: 'participant', personId: key?.id, busyFrom: c?.starts_at, busyUntil: c?.ends_at },
        );
      }
      case 'agenda_slot_no_double_booking': {
        const rows: Array<{ id: string; request_id: string; starts_at: Date; ends_at: Date }> = key
          ? await this.db.query(
              `SELECT id, request_id, starts_at, ends_at FROM agenda_item WHERE meeting_id = $1 AND tstzrange(starts_at, ends_at) = $2::tstzrange LIMIT 1`,
              [key.id, key.range],
            )
          : [];
        const c = rows[0];
        return new DomainError(
          'conflict',
          c ? `the agenda slot ${iso(c.starts_at)}–${iso(c.ends_at)} is already taken` : 'the agenda slot is already taken',
          [{ field: 'slot', reason: 'already booked' }],
          { conflict: 'agenda_slot', meetingId: key?.id, conflictingAgendaItemId: c?.id, conflictingRequestId: c?.request_id, slotStart: c?.starts_at, slotEnd: c?.ends_at },
        );
      }
      case 'meeting_room_no_double_booking': {
        const rows: Array<{ starts_at: Date; ends_at: Date }> = key
          ? await this.db.query(
              `SELECT starts_at, ends_at FROM meeting WHERE room_id = $1 AND status = 'scheduled' AND tstzrange(starts_at, ends_at) = $2::tstzrange LIMIT 1`,
              [key.id, key.range],
            )
          : [];
        const c = rows[0];
        return new DomainError(
          'conflict',
          c ? `the room is taken at that time (${iso(c.starts_at)}–${iso(c.ends_at)})` : 'the room is taken at that time',
          [{ field: 'roomId', reason: 'double booking' }],
          { conflict: 'room', roomId: key?.id, busyFrom: c?.starts_at, busyUntil: c?.ends_at },
        );
      }
      default:
        return undefined;
    }
  }
}

function iso(d: Date): string {
  return new Date(d).toISOString();
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale, MeetingMode, MeetingStatus, OrganisationType, ParticipantKind } from '@kohtaamo/domain';
import type { MeetingNow, ParticipantNow } from './delivery-handlers';
import type { RecipientSnapshot } from './notification-delivery.entity';

/** What planning a meeting's messages needs of it, as it is now. */
export interface MeetingToPlan {
  id: string;
  status: MeetingStatus;
  sequence: number;
  startsAt: Date;
  /** the reminder times (minutes before the start) of the meeting's team, or of its request's team; null: the service default */
  offsets: number[] | null;
}

/** A participant of a meeting as a message to them is planned. */
export interface PlannedRecipient {
  id: string;
  recipient: RecipientSnapshot;
}

/**
 * The meeting, its participants and its organiser as the notifications feature reads them: when the
 * relay plans messages (in its transaction, through the caller's `tx`) and when the worker sends one
 * (the meeting as it is at that moment). Read-only.
 */
@Injectable()
export class MeetingFactsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The meeting with its team's reminder times (the meeting's team, else its request's), or null if it is gone. */
  async toPlan(tx: EntityManager, meetingId: string): Promise<MeetingToPlan | null> {
    const rows: Array<{ id: string; status: MeetingStatus; sequence: number; starts_at: Date; offsets: number[] | null }> = await tx.query(
      `SELECT m.id, m.status, m.sequence, m.starts_at, coalesce(t.reminder_offsets_minutes, rt.reminder_offsets_minutes) AS offsets
         FROM meeting m
         LEFT JOIN team t ON t.id = m.team_id
         LEFT JOIN consultation_request r ON r.id = m.request_id
         LEFT JOIN team rt ON rt.id = r.team_id
        WHERE m.id = $1`,
      [meetingId],
    );
    const m = rows[0];
    return m ? { id: m.id, status: m.status, sequence: Number(m.sequence), startsAt: m.starts_at, offsets: m.offsets } : null;
  }

  /** The meeting's participants in the order they were added, each as a recipient snapshot. */
  async participants(tx: EntityManager, meetingId: string): Promise<PlannedRecipient[]> {
    const rows: Array<{ id: string; kind: ParticipantKind; display_name: string; email: string | null; locale: Locale }> = await tx.query(
      `SELECT id, kind, display_name, email, locale FROM meeting_participant WHERE meeting_id = $1 ORDER BY added_order`,
      [meetingId],
    );
    return rows.map((r) => ({ id: r.id, recipient: { name: r.display_name, email: r.email, locale: r.locale, kind: r.kind } }));
  }

  /** The meeting's organiser as a (staff) recipient, or null if the meeting is gone. */
  async organiser(tx: EntityManager, meetingId: string): Promise<RecipientSnapshot | null> {
    const rows: Array<{ name: string; email: string | null; locale: Locale }> = await tx.query(
      `SELECT p.name, p.email, p.locale FROM meeting m JOIN person p ON p.id = m.organiser_id WHERE m.id = $1`,
      [meetingId],
    );
    return rows[0] ? { name: rows[0].name, email: rows[0].email, locale: rows[0].locale, kind: 'staff' } : null;
  }

  /**
   * The meeting as it is now (its place: the location and the room, "name, unit", joined by ' – ') and,
   * when `participantId` is given, that participant if they still belong to it: one statement (the
   * worker reads both for every message). Null if the meeting is gone. The join URL is the caller's.
   */
  async now(meetingId: string, participantId: string | null): Promise<{ meeting: Omit<MeetingNow, 'joinUrl'>; participant: ParticipantNow | null } | null> {
    const rows: Array<{
      id: string; title: string; starts_at: Date; ends_at: Date; mode: MeetingMode; status: MeetingStatus; sequence: number; location: string | null; room: string | null; change_reason: string | null;
      p_id: string | null; p_kind: ParticipantKind; p_name: string; p_email: string | null; p_locale: Locale; p_organisation_type: OrganisationType | null;
    }> = await this.db.query(
      `SELECT m.id, m.title, m.starts_at, m.ends_at, m.mode, m.status, m.sequence, m.location, m.change_reason,
              (SELECT r.name || ', ' || r.unit FROM room r WHERE r.id = m.room_id) AS room,
              p.id AS p_id, p.kind AS p_kind, p.display_name AS p_name, p.email AS p_email, p.locale AS p_locale, p.organisation_type AS p_organisation_type
         FROM meeting m LEFT JOIN meeting_participant p ON p.id = $2 AND p.meeting_id = m.id
        WHERE m.id = $1`,
      [meetingId, participantId],
    );
    const m = rows[0];
    if (!m) return null;
    return {
      meeting: {
        id: m.id,
        title: m.title,
        startsAt: m.starts_at,
        endsAt: m.ends_at,
        mode: m.mode,
        status: m.status,
        sequence: Number(m.sequence),
        place: [m.location, m.room].filter(Boolean).join(' – ') || null,
        reason: m.change_reason,
      },
      participant: m.p_id
        ? { id: m.p_id, kind: m.p_kind, name: m.p_name, email: m.p_email, locale: m.p_locale, organisationType: m.p_organisation_type }
        : null,
    };
  }
}

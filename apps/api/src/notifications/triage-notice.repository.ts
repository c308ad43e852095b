import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale, MeetingMode, RequestAction } from '@kohtaamo/domain';
import type { DeliveryStatus, RecipientSnapshot } from './notification-delivery.entity';
import type { TriageFacts } from './triage-notice';

/** The requester of a request, to whom the team's decision is told. */
export interface Requester {
  name: string;
  email: string | null;
  locale: Locale;
}

/** A `triage` message as it is queued: its key, what it is about and to whom. */
export interface QueuedTriageNotice {
  key: string;
  requestId: string;
  eventId: string;
  recipient: RecipientSnapshot;
  status: Extract<DeliveryStatus, 'queued' | 'no_address'>;
}

/** What a triage message tells, as stored: the history event's action (any action, not only a decision). */
export type StoredTriageFacts = Omit<TriageFacts, 'decision'> & { action: RequestAction };

/**
 * The triage notice's I/O (notifications/triage-notice.ts): its recipient and its `triage` row of
 * notification_delivery, written in the decision's transaction; and, when it is sent, the request, its
 * team, its requester, the decision's history event and the request's slot as they are then.
 */
@Injectable()
export class TriageNoticeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The request's requester (a person), in the caller's transaction `tx`; null if there is no such request. */
  async requester(tx: EntityManager, requestId: string): Promise<Requester | null> {
    const [to]: Array<{ name: string; email: string | null; locale: Locale }> = await tx.query(
      `SELECT p.name, p.email, p.locale FROM consultation_request r JOIN person p ON p.id = r.requester_id WHERE r.id = $1`,
      [requestId],
    );
    return to ? { name: to.name, email: to.email, locale: to.locale } : null;
  }

  /**
   * Inserts the message in the caller's transaction `tx`, due at once (the database's now: the relay
   * delays a job by due_at against the real time); a key that exists already stays as it is. Wakes the
   * relay when `tx` commits, as an outbox insert does (pg_notify on the outbox channel).
   */
  async queue(tx: EntityManager, notice: QueuedTriageNotice): Promise<void> {
    await tx.query(
      `INSERT INTO notification_delivery (key, request_id, request_event_id, kind, sequence, recipient, status)
         VALUES ($1, $2, $3, 'triage', 0, $4, $5) ON CONFLICT (key) DO NOTHING`,
      [notice.key, notice.requestId, notice.eventId, JSON.stringify(notice.recipient), notice.status],
    );
    await tx.query(`SELECT pg_notify('kohtaamo_outbox', 'triage')`);
  }

  /**
   * The request's history event `eventId` with the request (its team's name, its question, when it was
   * sent), its requester and its latest slot in a session still scheduled (the place: the location and
   * the room, "name, unit", joined by ' – '); null if the event is not one of that request's.
   */
  async facts(requestId: string, eventId: string): Promise<StoredTriageFacts | null> {
    const rows: Array<{
      action: RequestAction; at: Date; reason: string | null; team: string; submitted_at: Date; anonymous: boolean; question: string;
      name: string; email: string | null; locale: Locale; meeting_id: string | null; title: string | null; starts_at: Date | null; ends_at: Date | null;
      mode: MeetingMode | null; place: string | null;
    }> = await this.db.query(
      `SELECT e.action, e.at, e.reason, t.name AS team, r.submitted_at, r.anonymous, r.question, p.name, p.email, p.locale,
              s.meeting_id, s.title, s.starts_at, s.ends_at, s.mode, s.place
         FROM request_event e
         JOIN consultation_request r ON r.id = e.request_id
         JOIN team t ON t.id = r.team_id
         JOIN person p ON p.id = r.requester_id
         LEFT JOIN LATERAL (
           SELECT m.id AS meeting_id, m.title, a.starts_at, a.ends_at, m.mode,
                  nullif(concat_ws(' – ', m.location, (SELECT rm.name || ', ' || rm.unit FROM room rm WHERE rm.id = m.room_id)), '') AS place
             FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id AND m.status = 'scheduled'
            WHERE a.request_id = r.id ORDER BY a.starts_at DESC LIMIT 1) s ON true
        WHERE e.id = $2 AND e.request_id = $1`,
      [requestId, eventId],
    );
    const f = rows[0];
    if (!f) return null;
    return {
      requestId,
      action: f.action,
      decidedAt: f.at,
      teamName: f.team,
      submittedAt: f.submitted_at,
      anonymous: f.anonymous,
      reason: f.reason,
      question: f.question,
      slot: f.meeting_id && f.title && f.starts_at && f.ends_at && f.mode
        ? { meetingId: f.meeting_id, title: f.title, startsAt: f.starts_at, endsAt: f.ends_at, mode: f.mode, place: f.place }
        : null,
      recipient: { name: f.name, email: f.email, locale: f.locale },
    };
  }
}

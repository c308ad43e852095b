import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { INVITATION_GRACE_MS } from '../auth/invitations.service';

/** What a withdrawal did to one meeting about the consent's case. */
export interface WithdrawnMeeting {
  meetingId: string;
  /** its outside participants, whose links were revoked and messages withheld */
  revokedParticipantIds: string[];
  /** the meeting has not ended: it got a notice and its organiser an email */
  notified: boolean;
  /** its call may still be going on (until the join window closes, two hours after its end) */
  mayBeInCall: boolean;
}

export interface WithdrawalCascade {
  meetings: WithdrawnMeeting[];
  /** guest links revoked */
  revokedLinks: number;
  /** messages not yet sent that will now never be sent (reminders, invitations, updates, minutes notices) */
  withheldMessages: number;
}

export const WITHDRAWN_REASON = 'the family withdrew its consent';

/**
 * The I/O of a consent withdrawal, inside the withdrawal's own transaction (the caller runs it as the
 * system: the withdrawing professional need not see every participant of every meeting). For each
 * meeting about a request under this consent that is not cancelled:
 * - its outside participants' guest links are revoked (all of them: past meetings' minutes links too);
 * - their messages not yet sent are withheld (a queued BullMQ job then finds its row no longer queued
 *   and sends nothing);
 * - a meeting that has not ended gets a notice on it and an outbox row, which the relay turns into an
 *   email to its organiser.
 * The family's links are left alone: the client and a guardian keep what is theirs by right.
 */
@Injectable()
export class ConsentWithdrawalRepository {
  async cascade(tx: EntityManager, consentId: string, now: Date, byPersonId: string | null): Promise<WithdrawalCascade> {
    const meetings: Array<{ id: string; ends_at: Date; status: string; sequence: number }> = await tx.query(
      `SELECT m.id, m.ends_at, m.status, m.sequence FROM meeting m JOIN consultation_request r ON r.id = m.request_id
        WHERE r.consent_id = $1 AND m.status <> 'cancelled' ORDER BY m.starts_at, m.id FOR UPDATE OF m`,
      [consentId],
    );
    if (!meetings.length) return { meetings: [], revokedLinks: 0, withheldMessages: 0 };
    const ids = meetings.map((m) => m.id);
    const externals: Array<{ id: string; meeting_id: string }> = await tx.query(
      `SELECT id, meeting_id FROM meeting_participant WHERE meeting_id = ANY($1::uuid[]) AND kind = 'external' ORDER BY meeting_id, added_order`,
      [ids],
    );
    const externalIds = externals.map((p) => p.id);
    const [, revokedLinks]: [unknown[], number] = await tx.query(
      `UPDATE meeting_invitation SET revoked_at = $2 WHERE participant_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [externalIds, now],
    );
    const [, withheldMessages]: [unknown[], number] = await tx.query(
      `UPDATE notification_delivery SET status = 'withheld', last_error = $2, updated_at = now()
        WHERE participant_id = ANY($1::uuid[]) AND status IN ('queued', 'retrying')`,
      [externalIds, WITHDRAWN_REASON],
    );
    const out: WithdrawnMeeting[] = [];
    for (const m of meetings) {
      const revokedParticipantIds = externals.filter((p) => p.meeting_id === m.id).map((p) => p.id);
      const notified = m.status === 'scheduled' && new Date(m.ends_at).getTime() > now.getTime();
      if (notified) {
        await tx.query(
          `INSERT INTO meeting_notice (meeting_id, kind, consent_id, at, participant_ids, created_by_id) VALUES ($1, 'consent_withdrawn', $2, $3, $4::uuid[], $5)`,
          [m.id, consentId, now, revokedParticipantIds, byPersonId],
        );
        await tx.query(`INSERT INTO meeting_outbox (meeting_id, kind, sequence) VALUES ($1, 'consent_withdrawn', $2)`, [m.id, m.sequence]);
      }
      const mayBeInCall = m.status === 'scheduled' && new Date(m.ends_at).getTime() + INVITATION_GRACE_MS > now.getTime();
      out.push({ meetingId: m.id, revokedParticipantIds, notified, mayBeInCall });
    }
    return { meetings: out, revokedLinks, withheldMessages };
  }
}

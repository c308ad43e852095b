import { EntityManager } from 'typeorm';
import type { Locale, MeetingStatus, ParticipantKind } from '@kohtaamo/domain';
import type { MeetingOutboxKind } from '../meetings/meeting.entity';
import { PlannedDelivery, deliveryKey, insertDeliveries, supersede } from './delivery.store';
import type { RecipientSnapshot } from './notification-delivery.entity';

export interface OutboxRow {
  id: string;
  meetingId: string;
  kind: MeetingOutboxKind;
  sequence: number;
  participantId: string | null;
  participant: Record<string, unknown> | null;
}

interface MeetingState {
  id: string;
  status: MeetingStatus;
  sequence: number;
  startsAt: Date;
  offsets: number[] | null;
}

interface Participant {
  id: string;
  recipient: RecipientSnapshot;
}

export interface PlanResult {
  planned: number;
  /** queued jobs of superseded messages, to be removed from the queue (best effort: they would do nothing anyway) */
  obsoleteJobs: Array<{ key: string; generation: number }>;
}

const REQUEST_KINDS = ['invitation', 'update'] as const;
const PENDING_MEETING_KINDS = ['invitation', 'update', 'reminder'] as const;

/**
 * Turns one meeting change into the messages participants must get. Planning reads the meeting as it is
 * now (not as it was when the change was recorded), so changes expanded late or out of order still plan
 * exactly the messages of the current state: one invitation-or-update per participant and sequence, the
 * reminders of the current sequence, and cancellations. Keys make planning the same thing twice a no-op.
 */
export async function planOutboxRow(tx: EntityManager, row: OutboxRow, now: Date, defaultOffsets: number[]): Promise<PlanResult> {
  const meeting = await loadMeeting(tx, row.meetingId);
  if (!meeting) return { planned: 0, obsoleteJobs: [] };
  const offsets = meeting.offsets ?? defaultOffsets;
  switch (row.kind) {
    case 'scheduled':
    case 'updated': {
      if (meeting.status !== 'scheduled') return { planned: 0, obsoleteJobs: [] };
      const obsoleteJobs = await supersede(
        tx,
        { meetingId: meeting.id, belowSequence: meeting.sequence, kinds: [...PENDING_MEETING_KINDS] },
        `the meeting changed (sequence ${meeting.sequence}) before this was sent`,
      );
      const participants = await loadParticipants(tx, meeting.id);
      const planned = await insertDeliveries(tx, planForParticipants(meeting, participants, offsets, now));
      return { planned, obsoleteJobs };
    }
    case 'participant_added': {
      if (meeting.status !== 'scheduled' || !row.participantId) return { planned: 0, obsoleteJobs: [] };
      const participants = (await loadParticipants(tx, meeting.id)).filter((p) => p.id === row.participantId);
      return { planned: await insertDeliveries(tx, planForParticipants(meeting, participants, offsets, now)), obsoleteJobs: [] };
    }
    case 'cancelled': {
      const obsoleteJobs = await supersede(tx, { meetingId: meeting.id, kinds: [...PENDING_MEETING_KINDS] }, 'the meeting was cancelled');
      if (meeting.status !== 'cancelled') return { planned: 0, obsoleteJobs };
      const participants = await loadParticipants(tx, meeting.id);
      const rows = participants.map((p) => cancellation(meeting, p.id, p.recipient, now));
      return { planned: await insertDeliveries(tx, rows), obsoleteJobs };
    }
    case 'consent_withdrawn': {
      // the organiser hears of it (the notice is on the meeting as well): a message to them, not to a participant
      const organiser = await loadOrganiser(tx, meeting.id);
      if (!organiser) return { planned: 0, obsoleteJobs: [] };
      const planned = await insertDeliveries(tx, [
        {
          key: deliveryKey.notice(meeting.id, row.id),
          meetingId: meeting.id,
          participantId: null,
          kind: 'notice',
          sequence: meeting.sequence,
          recipient: organiser,
          status: organiser.email ? 'queued' : 'no_address',
          dueAt: now,
        },
      ]);
      return { planned, obsoleteJobs: [] };
    }
    case 'participant_removed': {
      if (!row.participantId) return { planned: 0, obsoleteJobs: [] };
      const obsoleteJobs = await supersede(
        tx,
        { meetingId: meeting.id, participantId: row.participantId, kinds: [...PENDING_MEETING_KINDS] },
        'the participant was removed from the meeting',
      );
      const recipient = snapshotOf(row.participant);
      return { planned: await insertDeliveries(tx, [cancellation(meeting, row.participantId, recipient, now)]), obsoleteJobs };
    }
  }
}

function planForParticipants(meeting: MeetingState, participants: Participant[], offsets: number[], now: Date): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const p of participants) {
    const hasAddress = !!p.recipient.email;
    out.push({
      key: deliveryKey.request(meeting.id, p.id, meeting.sequence),
      meetingId: meeting.id,
      participantId: p.id,
      kind: 'invitation',
      sequence: meeting.sequence,
      recipient: p.recipient,
      status: hasAddress ? 'queued' : 'no_address',
      dueAt: now,
    });
    if (!hasAddress) continue;
    for (const offset of offsets) {
      const dueAt = new Date(meeting.startsAt.getTime() - offset * 60_000);
      if (dueAt.getTime() <= now.getTime()) continue; // too late for this one; the invitation has just gone out
      out.push({
        key: deliveryKey.reminder(meeting.id, p.id, meeting.sequence, offset),
        meetingId: meeting.id,
        participantId: p.id,
        kind: 'reminder',
        sequence: meeting.sequence,
        offsetMinutes: offset,
        recipient: p.recipient,
        status: 'queued',
        dueAt,
      });
    }
  }
  return out;
}

function cancellation(meeting: MeetingState, participantId: string, recipient: RecipientSnapshot, now: Date): PlannedDelivery {
  return {
    key: deliveryKey.cancellation(meeting.id, participantId, meeting.sequence),
    meetingId: meeting.id,
    participantId,
    kind: 'cancellation',
    sequence: meeting.sequence,
    recipient,
    status: recipient.email ? 'queued' : 'no_address',
    dueAt: now,
  };
}

async function loadMeeting(tx: EntityManager, id: string): Promise<MeetingState | null> {
  const rows: Array<{ id: string; status: MeetingStatus; sequence: number; starts_at: Date; offsets: number[] | null }> = await tx.query(
    `SELECT m.id, m.status, m.sequence, m.starts_at, coalesce(t.reminder_offsets_minutes, rt.reminder_offsets_minutes) AS offsets
       FROM meeting m
       LEFT JOIN team t ON t.id = m.team_id
       LEFT JOIN consultation_request r ON r.id = m.request_id
       LEFT JOIN team rt ON rt.id = r.team_id
      WHERE m.id = $1`,
    [id],
  );
  const m = rows[0];
  return m ? { id: m.id, status: m.status, sequence: Number(m.sequence), startsAt: m.starts_at, offsets: m.offsets } : null;
}

async function loadParticipants(tx: EntityManager, meetingId: string): Promise<Participant[]> {
  const rows: Array<{ id: string; kind: ParticipantKind; display_name: string; email: string | null; locale: Locale }> = await tx.query(
    `SELECT id, kind, display_name, email, locale FROM meeting_participant WHERE meeting_id = $1 ORDER BY created_at, id`,
    [meetingId],
  );
  return rows.map((r) => ({ id: r.id, recipient: { name: r.display_name, email: r.email, locale: r.locale, kind: r.kind } }));
}

async function loadOrganiser(tx: EntityManager, meetingId: string): Promise<RecipientSnapshot | null> {
  const rows: Array<{ name: string; email: string | null; locale: Locale }> = await tx.query(
    `SELECT p.name, p.email, p.locale FROM meeting m JOIN person p ON p.id = m.organiser_id WHERE m.id = $1`,
    [meetingId],
  );
  return rows[0] ? { name: rows[0].name, email: rows[0].email, locale: rows[0].locale, kind: 'staff' } : null;
}

/** The snapshot the meetings service writes for a removed participant (its entity's fields). */
function snapshotOf(p: Record<string, unknown> | null): RecipientSnapshot {
  const s = p ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    name: str(s.displayName) ?? str(s.display_name) ?? '',
    email: str(s.email),
    locale: (str(s.locale) ?? 'fi') as Locale,
    kind: (str(s.kind) ?? 'external') as ParticipantKind,
  };
}

export { REQUEST_KINDS };

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Locale, ParticipantKind } from '@kohtaamo/domain';
import { DeliveryRepository, PlannedDelivery, deliveryKey } from './delivery.repository';
import { MeetingFactsRepository, MeetingToPlan, PlannedRecipient } from './meeting-facts.repository';
import type { RecipientSnapshot } from './notification-delivery.entity';
import type { OutboxRow } from './outbox.repository';

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
 * Everything runs in the relay's transaction `tx`, with the outbox row it expands.
 */
@Injectable()
export class DeliveryPlanner {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly meetings: MeetingFactsRepository,
  ) {}

  /** Plans the messages of one outbox row at `now`; `defaultOffsets` are the reminder times of a team that has none of its own. */
  async plan(tx: EntityManager, row: OutboxRow, now: Date, defaultOffsets: number[]): Promise<PlanResult> {
    const meeting = await this.meetings.toPlan(tx, row.meetingId);
    if (!meeting) return { planned: 0, obsoleteJobs: [] };
    const offsets = meeting.offsets ?? defaultOffsets;
    switch (row.kind) {
      case 'scheduled':
      case 'updated': {
        if (meeting.status !== 'scheduled') return { planned: 0, obsoleteJobs: [] };
        const obsoleteJobs = await this.deliveries.supersede(
          { meetingId: meeting.id, belowSequence: meeting.sequence, kinds: [...PENDING_MEETING_KINDS] },
          `the meeting changed (sequence ${meeting.sequence}) before this was sent`,
          tx,
        );
        const participants = await this.meetings.participants(tx, meeting.id);
        const planned = await this.deliveries.insert(planForParticipants(meeting, participants, offsets, now), tx);
        return { planned, obsoleteJobs };
      }
      case 'participant_added': {
        if (meeting.status !== 'scheduled' || !row.participantId) return { planned: 0, obsoleteJobs: [] };
        const participants = (await this.meetings.participants(tx, meeting.id)).filter((p) => p.id === row.participantId);
        return { planned: await this.deliveries.insert(planForParticipants(meeting, participants, offsets, now), tx), obsoleteJobs: [] };
      }
      case 'cancelled': {
        const obsoleteJobs = await this.deliveries.supersede({ meetingId: meeting.id, kinds: [...PENDING_MEETING_KINDS] }, 'the meeting was cancelled', tx);
        if (meeting.status !== 'cancelled') return { planned: 0, obsoleteJobs };
        const participants = await this.meetings.participants(tx, meeting.id);
        const rows = participants.map((p) => cancellation(meeting, p.id, p.recipient, now));
        return { planned: await this.deliveries.insert(rows, tx), obsoleteJobs };
      }
      case 'consent_withdrawn': {
        // the organiser hears of it (the notice is on the meeting as well): a message to them, not to a participant
        const organiser = await this.meetings.organiser(tx, meeting.id);
        if (!organiser) return { planned: 0, obsoleteJobs: [] };
        const planned = await this.deliveries.insert(
          [
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
          ],
          tx,
        );
        return { planned, obsoleteJobs: [] };
      }
      case 'ended_early': {
        // held before its booked start (MeetingsService.end): the booked slot is cancelled for this absent participant
        if (meeting.status !== 'held' || !row.participantId) return { planned: 0, obsoleteJobs: [] };
        const obsoleteJobs = await this.deliveries.supersede({ meetingId: meeting.id, kinds: [...PENDING_MEETING_KINDS] }, 'the meeting was held before its booked time', tx);
        const participants = (await this.meetings.participants(tx, meeting.id)).filter((p) => p.id === row.participantId);
        return { planned: await this.deliveries.insert(participants.map((p) => cancellation(meeting, p.id, p.recipient, now)), tx), obsoleteJobs };
      }
      case 'participant_removed': {
        if (!row.participantId) return { planned: 0, obsoleteJobs: [] };
        const obsoleteJobs = await this.deliveries.supersede(
          { meetingId: meeting.id, participantId: row.participantId, kinds: [...PENDING_MEETING_KINDS] },
          'the participant was removed from the meeting',
          tx,
        );
        const recipient = snapshotOf(row.participant);
        return { planned: await this.deliveries.insert([cancellation(meeting, row.participantId, recipient, now)], tx), obsoleteJobs };
      }
    }
  }
}

function planForParticipants(meeting: MeetingToPlan, participants: PlannedRecipient[], offsets: number[], now: Date): PlannedDelivery[] {
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

function cancellation(meeting: MeetingToPlan, participantId: string, recipient: RecipientSnapshot, now: Date): PlannedDelivery {
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

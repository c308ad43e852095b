import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, ParticipantKind } from '@kohtaamo/domain';

/** `triage`: the team's decision on a request, to its requester (about a request, not a meeting);
 * `notice`: a message to a meeting's organiser about the meeting (a withdrawn consent), not to a participant;
 * `feedback`: the anonymous survey link after a meeting. */
export const MESSAGE_KINDS = ['invitation', 'update', 'cancellation', 'reminder', 'minutes', 'triage', 'notice', 'feedback'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * queued → sending → sent; sending → retrying → sending … → failed after the last attempt.
 * Never sent: no_address (participant has no email), superseded (the meeting changed before it went out),
 * expired (a reminder whose meeting had already started), withheld (the consent does not allow it).
 */
export const DELIVERY_STATUSES = ['queued', 'sending', 'retrying', 'sent', 'failed', 'no_address', 'superseded', 'expired', 'withheld'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Who the message is for, as they were when it was planned (a removed participant is no longer in meeting_participant). */
export interface RecipientSnapshot {
  name: string;
  email: string | null;
  locale: Locale;
  kind: ParticipantKind;
}

/** One message to one participant; `key` is its idempotency key and the BullMQ job id. */
@Entity('notification_delivery')
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar' }) key: string;
  /** null for messages about a request (kind `triage`) */
  @Column({ name: 'meeting_id', type: 'uuid', nullable: true }) meetingId: string | null;
  @Column({ name: 'request_id', type: 'uuid', nullable: true }) requestId: string | null;
  @Column({ name: 'request_event_id', type: 'bigint', nullable: true }) requestEventId: string | null;
  @Column({ name: 'participant_id', type: 'uuid', nullable: true }) participantId: string | null;
  @Column({ name: 'minutes_id', type: 'uuid', nullable: true }) minutesId: string | null;
  @Column({ type: 'varchar' }) kind: MessageKind;
  /** the meeting's iCalendar SEQUENCE (for minutes: the minutes version) */
  @Column() sequence: number;
  @Column({ name: 'offset_minutes' }) offsetMinutes: number;
  @Column({ type: 'jsonb' }) recipient: RecipientSnapshot;
  @Column({ type: 'varchar' }) status: DeliveryStatus;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true }) enqueuedAt: Date | null;
  @Column() generation: number;
  @Column() attempts: number;
  @Column({ name: 'last_error', type: 'varchar', nullable: true }) lastError: string | null;
  @Column({ name: 'claimed_job', type: 'varchar', nullable: true }) claimedJob: string | null;
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true }) claimedUntil: Date | null;
  @Column({ name: 'message_id', type: 'varchar', nullable: true }) messageId: string | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

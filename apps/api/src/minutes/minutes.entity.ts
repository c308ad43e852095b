import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, ParticipantKind } from '@kohtaamo/domain';

export const MINUTES_ATTENDANCES = ['in_person', 'remote', 'absent'] as const;
export type MinutesAttendance = (typeof MINUTES_ATTENDANCES)[number];

export interface AttendanceEntry {
  /** the meeting participant this row was pre-filled from (null for someone added by hand) */
  participantId: string | null;
  name: string;
  kind: ParticipantKind;
  /** a staff member's or outside participant's organisation; for a named family member their relation in words ("huoltaja") */
  organisation: string | null;
  attendance: MinutesAttendance;
}

export interface ActionEntry {
  what: string;
  /** a professional in the directory, or a name / role in words */
  responsiblePersonId: string | null;
  responsibleName: string | null;
  /** YYYY-MM-DD */
  dueDate: string;
}

export interface DisclosureEntry {
  what: string;
  toOrganisation: string;
  basis: string;
}

export interface NextMeeting {
  at: string | null;
  note: string | null;
}

export type MinutesStatus = 'draft' | 'finalised';

@Entity('minutes')
export class MinutesEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ name: 'request_id', type: 'uuid', nullable: true }) requestId: string | null;
  @Column() version: number;
  /** raised by every accepted edit of the draft: the ETag of PATCH's If-Match (migration 1765060000010) */
  @Column({ default: 1 }) revision: number;
  @Column({ name: 'previous_id', type: 'uuid', nullable: true }) previousId: string | null;
  @Column({ type: 'varchar' }) status: MinutesStatus;
  /** about an anonymous consultation (or about no request at all): no identifiers anywhere */
  @Column() anonymous: boolean;
  @Column({ type: 'varchar' }) locale: Locale;
  @Column({ type: 'jsonb' }) attendance: AttendanceEntry[];
  @Column({ type: 'varchar', nullable: true }) question: string | null;
  @Column() summary: string;
  @Column({ type: 'jsonb' }) actions: ActionEntry[];
  @Column({ type: 'jsonb' }) disclosures: DisclosureEntry[];
  @Column({ name: 'next_meeting', type: 'jsonb', nullable: true }) nextMeeting: NextMeeting | null;
  @Column({ name: 'correction_reason', type: 'varchar', nullable: true }) correctionReason: string | null;
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true }) createdById: string | null;
  @Column({ name: 'finalised_by_id', type: 'uuid', nullable: true }) finalisedById: string | null;
  @Column({ name: 'finalised_at', type: 'timestamptz', nullable: true }) finalisedAt: Date | null;
  @Column({ type: 'bytea', nullable: true, select: false }) pdf: Buffer | null;
  @Column({ name: 'distribution_queued_at', type: 'timestamptz', nullable: true }) distributionQueuedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

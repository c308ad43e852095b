import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  Attendance,
  FamilyRelation,
  Locale,
  MeetingKind,
  MeetingMode,
  MeetingStatus,
  OrganisationType,
  ParticipantKind,
} from '@kohtaamo/domain';

@Entity('meeting')
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) kind: MeetingKind;
  @Column() title: string;
  @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  @Column({ name: 'request_id', type: 'uuid', nullable: true }) requestId: string | null;
  /** Who booked it (network meetings): its organiser and host. Null for sessions made from a series. */
  @Column({ name: 'organiser_id', type: 'uuid', nullable: true }) organiserId: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
  @Column({ type: 'varchar', nullable: true }) location: string | null;
  @Column({ name: 'room_id', type: 'uuid', nullable: true }) roomId: string | null;
  /** a team session expanded from a series: the series and the occurrence's original start */
  @Column({ name: 'series_id', type: 'uuid', nullable: true }) seriesId: string | null;
  @Column({ name: 'occurrence_key', type: 'varchar', nullable: true }) occurrenceKey: string | null;
  /** agenda slot length of a team session; agenda items then lie on this grid */
  @Column({ name: 'slot_minutes', type: 'int', nullable: true }) slotMinutes: number | null;
  @Column({ type: 'varchar' }) mode: MeetingMode;
  @Column({ type: 'varchar' }) status: MeetingStatus;
  /** iCalendar SEQUENCE: raised on every change that participants are told about */
  @Column() sequence: number;
  /** the reason given for the latest reschedule or the cancellation; quoted in the update and cancellation emails */
  @Column({ name: 'change_reason', type: 'varchar', nullable: true }) changeReason: string | null;
  /** when a host ended the meeting (status `held`) */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
  /** how many people sat in the meeting room (a host's count, or the room device's) */
  @Column({ name: 'room_headcount', type: 'int', nullable: true }) roomHeadcount: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('meeting_participant')
export class MeetingParticipantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ type: 'varchar' }) kind: ParticipantKind;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ name: 'display_name' }) displayName: string;
  @Column({ type: 'varchar', nullable: true }) email: string | null;
  @Column({ name: 'organisation_name', type: 'varchar', nullable: true }) organisationName: string | null;
  @Column({ name: 'organisation_type', type: 'varchar', nullable: true }) organisationType: OrganisationType | null;
  @Column({ name: 'family_relation', type: 'varchar', nullable: true }) familyRelation: FamilyRelation | null;
  @Column() required: boolean;
  @Column({ type: 'varchar' }) attendance: Attendance;
  @Column({ type: 'varchar' }) locale: Locale;
  /** a co-host named by the organiser (staff only): admits guests, records attendance, ends the meeting */
  @Column({ default: false }) host: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** the order in which participants were added (an identity column; `createdAt` is the transaction's start, shared by one booking's participants) */
  @Column({ name: 'added_order', type: 'bigint', insert: false, update: false, select: false }) addedOrder?: string;
}

/** Who was in the meeting: a video connection (reported by the SFU) or a host's mark "in the room". */
@Entity('meeting_attendance')
export class MeetingAttendanceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ name: 'participant_id', type: 'uuid', nullable: true }) participantId: string | null;
  /** a staff member without a participant row (a team's chair of the day) */
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId: string | null;
  @Column({ type: 'varchar' }) source: 'video' | 'room';
  @Column({ name: 'session_key', type: 'varchar', nullable: true }) sessionKey: string | null;
  @Column({ name: 'joined_at', type: 'timestamptz' }) joinedAt: Date;
  @Column({ name: 'left_at', type: 'timestamptz', nullable: true }) leftAt: Date | null;
  @Column({ name: 'room_count', type: 'int', nullable: true }) roomCount: number | null;
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true }) recordedById: string | null;
}

@Entity('agenda_item')
export class AgendaItemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
  /** The signed-in person who booked the case into the slot. */
  @Column({ name: 'booked_by_id', type: 'uuid', nullable: true }) bookedById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export type MeetingOutboxKind = 'scheduled' | 'updated' | 'cancelled' | 'participant_added' | 'participant_removed' | 'consent_withdrawn' | 'ended_early';

/** A change participants must hear of; written in the same transaction as the change (see the migration). */
@Entity('meeting_outbox')
export class MeetingOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ type: 'varchar' }) kind: MeetingOutboxKind;
  @Column() sequence: number;
  @Column({ name: 'participant_id', type: 'uuid', nullable: true }) participantId: string | null;
  /** a snapshot of a removed participant, who is no longer in meeting_participant */
  @Column({ type: 'jsonb', nullable: true }) participant: Record<string, unknown> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt: Date | null;
}

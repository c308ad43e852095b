import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { AgeBand, ClientGroup, MeetingMode, RequestAction, RequestStatus, Urgency } from '@kohtaamo/domain';

@Entity('consultation_request')
export class ConsultationRequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'requester_id', type: 'uuid' }) requesterId: string;
  @Column({ name: 'own_worker_id', type: 'uuid', nullable: true }) ownWorkerId: string | null;
  @Column({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Column({ name: 'client_group', type: 'varchar' }) clientGroup: ClientGroup;
  @Column({ type: 'varchar' }) urgency: Urgency;
  @Column() question: string;
  @Column({ name: 'tried_so_far', type: 'varchar', nullable: true }) triedSoFar: string | null;
  @Column({ type: 'varchar', nullable: true }) situation: string | null;
  @Column({ name: 'age_band', type: 'varchar', nullable: true }) ageBand: AgeBand | null;
  @Column({ name: 'preferred_mode', type: 'varchar' }) preferredMode: MeetingMode;
  @Column({ name: 'family_attends' }) familyAttends: boolean;
  @Column() anonymous: boolean;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId: string | null;
  @Column({ name: 'consent_id', type: 'uuid', nullable: true }) consentId: string | null;
  @Column({ type: 'varchar' }) status: RequestStatus;
  @Column({ name: 'status_reason', type: 'varchar', nullable: true }) statusReason: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('request_event')
export class RequestEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  /** a lifecycle step, or a recorded fact (migration 1765040000000-request-events: own worker, organisation, attendance) */
  @Column({ type: 'varchar' }) action: RequestAction | 'submit' | 'own_worker_named' | 'organisation_involved' | 'attended';
  @Column({ name: 'from_status', type: 'varchar', nullable: true }) fromStatus: RequestStatus | null;
  /** null for facts that change no status */
  @Column({ name: 'to_status', type: 'varchar', nullable: true }) toStatus: RequestStatus | null;
  @Column({ type: 'varchar', nullable: true }) reason: string | null;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'meeting_id', type: 'uuid', nullable: true }) meetingId: string | null;
  @Column({ type: 'jsonb', nullable: true }) detail: Record<string, unknown> | null;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MeetingMode } from '@kohtaamo/domain';

/** A team's recurring session: RFC 5545 rule from a Helsinki wall-clock start. */
@Entity('session_series')
export class SessionSeriesEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Column() title: string;
  /** first start, Europe/Helsinki wall clock `YYYY-MM-DDTHH:mm` */
  @Column() dtstart: string;
  @Column({ name: 'duration_minutes' }) durationMinutes: number;
  @Column() rrule: string;
  @Column({ name: 'slot_minutes' }) slotMinutes: number;
  @Column({ type: 'varchar' }) mode: MeetingMode;
  @Column({ type: 'varchar', nullable: true }) location: string | null;
  @Column({ name: 'room_id', type: 'uuid', nullable: true }) roomId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('session_exception')
export class SessionExceptionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'series_id', type: 'uuid' }) seriesId: string;
  @Column({ name: 'occurrence_key' }) occurrenceKey: string;
  @Column({ type: 'varchar' }) kind: 'cancelled' | 'moved';
  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true }) startsAt: Date | null;
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true }) endsAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

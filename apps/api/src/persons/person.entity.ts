import type { SystemRole } from '@kohtaamo/domain';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, Profession } from '@kohtaamo/domain';

export interface StoredWorkingHours {
  weekly: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<{ start: string; end: string }>>>;
  absences: Array<{ start: string; end: string }>;
}

/** A professional who uses Kohtaamo: requester, own worker, team member. */
@Entity('person')
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column() email: string;
  @Column({ type: 'varchar' }) profession: Profession;
  @Column() organisation: string;
  @Column({ type: 'varchar', nullable: true }) unit: string | null;
  @Column({ type: 'varchar' }) locale: Locale;
  @Column() active: boolean;
  /** 'staff', 'coordinator' or 'admin' (changed only by an admin). */
  @Column({ name: 'system_role', type: 'varchar' }) systemRole: SystemRole;
  /** weekly pattern in Helsinki time and absences; null = Monday–Friday 08:00–16:00 */
  @Column({ name: 'working_hours', type: 'jsonb', nullable: true, select: true }) workingHours: StoredWorkingHours | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

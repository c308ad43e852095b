import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TeamKind, TeamMemberRole } from '@kohtaamo/domain';
import { PersonEntity } from '../persons/person.entity';

@Entity('team')
export class TeamEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) kind: TeamKind;
  @Column() name: string;
  @Column() unit: string;
  @Column({ type: 'varchar', nullable: true }) description: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('team_member')
export class TeamMemberEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId: string;
  @ManyToOne(() => PersonEntity, { eager: true }) @JoinColumn({ name: 'person_id' }) person: PersonEntity;
  @Column({ type: 'varchar' }) role: TeamMemberRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('responsible_pair')
export class ResponsiblePairEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Column({ name: 'physician_id', type: 'uuid' }) physicianId: string;
  @Column({ name: 'nurse_id', type: 'uuid' }) nurseId: string;
  @ManyToOne(() => PersonEntity, { eager: true }) @JoinColumn({ name: 'physician_id' }) physician: PersonEntity;
  @ManyToOne(() => PersonEntity, { eager: true }) @JoinColumn({ name: 'nurse_id' }) nurse: PersonEntity;
  @Column({ name: 'valid_from', type: 'date' }) validFrom: string;
  @Column({ name: 'valid_to', type: 'date', nullable: true }) validTo: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

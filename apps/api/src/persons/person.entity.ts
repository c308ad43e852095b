import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, Profession } from '@kohtaamo/domain';

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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

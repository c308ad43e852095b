import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale } from '@kohtaamo/domain';

/** An identified client. Every read of this row is client-identifying data (access log, issue 6). */
@Entity('client')
export class ClientEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'full_name' }) fullName: string;
  @Column({ name: 'personal_identity_code', type: 'varchar', nullable: true }) personalIdentityCode: string | null;
  @Column({ name: 'birth_date', type: 'date', nullable: true }) birthDate: string | null;
  @Column({ type: 'varchar' }) locale: Locale;
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

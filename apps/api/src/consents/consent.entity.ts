import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ConsentGiver, DataCategory, OrganisationType } from '@kohtaamo/domain';

@Entity('consent')
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'client_id', type: 'uuid' }) clientId: string;
  @Column({ name: 'given_by', type: 'varchar' }) givenBy: ConsentGiver;
  @Column({ name: 'given_by_name' }) givenByName: string;
  @Column({ name: 'organisation_types', type: 'text', array: true }) organisationTypes: OrganisationType[];
  @Column({ name: 'data_categories', type: 'text', array: true }) dataCategories: DataCategory[];
  @Column() purpose: string;
  @Column({ name: 'given_at', type: 'timestamptz' }) givenAt: Date;
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true }) validUntil: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ name: 'withdrawal_reason', type: 'varchar', nullable: true }) withdrawalReason: string | null;
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true }) recordedById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A meeting room; a room cannot host two scheduled meetings at once (enforced by the database). */
@Entity('room')
export class RoomEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column() unit: string;
  @Column({ type: 'int', nullable: true }) capacity: number | null;
  /** a meeting-room video device that joins hybrid sessions for the people in the room */
  @Column({ name: 'video_device' }) videoDevice: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

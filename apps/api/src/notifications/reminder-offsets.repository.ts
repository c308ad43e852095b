import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A team's reminder times (team.reminder_offsets_minutes: minutes before a meeting's start, largest first; null = the service default). */
@Injectable()
export class ReminderOffsetsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The team's own setting; null when it has none (or there is no such team). */
  async get(teamId: string): Promise<number[] | null> {
    const [row]: Array<{ offsets: number[] | null }> = await this.db.query(`SELECT reminder_offsets_minutes AS offsets FROM team WHERE id = $1`, [teamId]);
    return row?.offsets ?? null;
  }

  /** Sets the team's own setting (null: follow the service default). */
  async set(teamId: string, offsets: number[] | null): Promise<void> {
    await this.db.query(`UPDATE team SET reminder_offsets_minutes = $2, updated_at = now() WHERE id = $1`, [teamId, offsets]);
  }
}

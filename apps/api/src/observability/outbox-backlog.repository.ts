import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asSystem } from '../database/actor-context';

/** The outbox as the operations gauges see it (meeting_outbox: the system's business, read as the system actor). */
@Injectable()
export class OutboxBacklogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Rows not yet processed, and the age in seconds (the database's clock) of the oldest of them (0 when none). */
  async backlog(): Promise<{ pending: number; lag: number }> {
    const [row]: Array<{ pending: number; lag: number }> = await asSystem(() =>
      this.db.query(
        `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag
           FROM meeting_outbox WHERE processed_at IS NULL`,
      ),
    );
    return row;
  }
}

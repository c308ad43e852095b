import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type FeedKind = 'ics' | 'caldav';
export type FeedStatus = 'pending' | 'ok' | 'error';

export interface FeedRow {
  personId: string;
  kind: FeedKind;
  url: string;
  username: string | null;
  secretSealed: string | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastStatus: FeedStatus;
  lastError: string | null;
  lastErrorCode: string | null;
  lastImported: number | null;
  lastEvents: number | null;
  lastSkipped: number | null;
}

function toRow(r: Record<string, unknown>): FeedRow {
  return {
    personId: r.person_id as string,
    kind: r.kind as FeedKind,
    url: r.url as string,
    username: (r.username as string | null) ?? null,
    secretSealed: (r.secret_sealed as string | null) ?? null,
    lastAttemptAt: (r.last_attempt_at as Date | null) ?? null,
    lastSuccessAt: (r.last_success_at as Date | null) ?? null,
    lastStatus: r.last_status as FeedStatus,
    lastError: (r.last_error as string | null) ?? null,
    lastErrorCode: (r.last_error_code as string | null) ?? null,
    lastImported: (r.last_imported as number | null) ?? null,
    lastEvents: (r.last_events as number | null) ?? null,
    lastSkipped: (r.last_skipped as number | null) ?? null,
  };
}

/** calendar_feed rows, and removing a feed's busy time with it. */
@Injectable()
export class CalendarFeedRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(personId: string): Promise<FeedRow | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(`SELECT * FROM calendar_feed WHERE person_id = $1`, [personId]);
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Sets (or replaces) the person's feed; its refresh history starts again. */
  async upsert(personId: string, kind: FeedKind, url: string, username: string | null, secretSealed: string | null): Promise<FeedRow> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `INSERT INTO calendar_feed (person_id, kind, url, username, secret_sealed) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_id) DO UPDATE SET kind = $2, url = $3, username = $4, secret_sealed = $5, last_status = 'pending',
         last_error = NULL, last_error_code = NULL, last_attempt_at = NULL, last_success_at = NULL, last_imported = NULL, last_events = NULL, last_skipped = NULL, updated_at = now()
       RETURNING *`,
      [personId, kind, url, username, secretSealed],
    );
    return toRow(rows[0]);
  }

  async remove(personId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // the same lock as BusyRepository.replace: a sync running now does not put the rows back after this
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('person_busy:' || $1 || ':feed'))`, [personId]);
      await tx.query(`DELETE FROM person_busy WHERE person_id = $1 AND source = 'feed'`, [personId]);
      const res: [unknown[], number] = await tx.query(`DELETE FROM calendar_feed WHERE person_id = $1`, [personId]);
      return res[1] > 0;
    });
  }

  async recordSuccess(personId: string, at: Date, imported: number, events: number, skipped: number): Promise<void> {
    await this.db.query(
      `UPDATE calendar_feed SET last_attempt_at = $2, last_success_at = $2, last_status = 'ok', last_error = NULL, last_error_code = NULL,
         last_imported = $3, last_events = $4, last_skipped = $5, updated_at = now() WHERE person_id = $1`,
      [personId, at, imported, events, skipped],
    );
  }

  async recordFailure(personId: string, at: Date, code: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE calendar_feed SET last_attempt_at = $2, last_status = 'error', last_error_code = $3, last_error = $4, updated_at = now() WHERE person_id = $1`,
      [personId, at, code, error.slice(0, 2000)],
    );
  }

  async allPersonIds(): Promise<string[]> {
    const rows: Array<{ person_id: string }> = await this.db.query(`SELECT person_id FROM calendar_feed`);
    return rows.map((r) => r.person_id);
  }
}

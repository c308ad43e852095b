import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Interval } from '@kohtaamo/scheduling';

/** Where imported busy time came from: an uploaded file, or the person's calendar feed (live sync). */
export type BusySource = 'ics' | 'feed';

/** Imported busy time (person_busy): replaced whole per person and source. */
@Injectable()
export class BusyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Replaces the person's busy time of one source. Two replaces at once (the 15-minute sync and a refresh
   * on demand) are serialised by a transaction-scoped advisory lock on the person and source: without it
   * the second's DELETE cannot see the first's new rows, and both sets stay (seen under load in CI).
   */
  async replace(personId: string, source: BusySource, busy: Interval[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('person_busy:' || $1 || ':' || $2))`, [personId, source]);
      await tx.query(`DELETE FROM person_busy WHERE person_id = $1 AND source = $2`, [personId, source]);
      if (busy.length) {
        await tx.query(
          `INSERT INTO person_busy (person_id, during, source) SELECT $1, tstzrange(s, e), $4 FROM unnest($2::timestamptz[], $3::timestamptz[]) AS t(s, e)`,
          [personId, busy.map((b) => b.start), busy.map((b) => b.end), source],
        );
      }
    });
  }
}

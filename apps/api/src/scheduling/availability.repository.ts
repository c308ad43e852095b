import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Interval } from '@kohtaamo/scheduling';
import type { StoredWorkingHours } from '../persons/person.entity';

/** What free-time search reads and writes: people's working hours and their busy time. */
@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async setWorkingHours(personId: string, hours: StoredWorkingHours): Promise<void> {
    await this.db.query(`UPDATE person SET working_hours = $2, updated_at = now() WHERE id = $1`, [personId, JSON.stringify(hours)]);
  }

  /**
   * Busy time per person in [from, to): the scheduled meetings they take part in (meeting_participant,
   * active) and their imported calendars (person_busy). Every asked person has an entry, maybe empty.
   */
  async busy(personIds: string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const rows: Array<{ person_id: string; s: Date; e: Date }> = await this.db.query(
      `SELECT person_id, lower(during) AS s, upper(during) AS e FROM meeting_participant
         WHERE person_id = ANY($1::uuid[]) AND active AND during && tstzrange($2, $3)
       UNION ALL
       SELECT person_id, lower(during), upper(during) FROM person_busy
         WHERE person_id = ANY($1::uuid[]) AND during && tstzrange($2, $3)`,
      [personIds, from, to],
    );
    const out = new Map<string, Interval[]>(personIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.person_id)!.push({ start: new Date(r.s), end: new Date(r.e) });
    return out;
  }
}

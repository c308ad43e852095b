import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import type { MeetingOutboxKind } from '../meetings/meeting.entity';

/** One recorded change of a meeting that participants may have to hear about (a meeting_outbox row). */
export interface OutboxRow {
  id: string;
  meetingId: string;
  kind: MeetingOutboxKind;
  sequence: number;
  participantId: string | null;
  /** the participant as they were when removed (kind `participant_removed`): their entity's fields */
  participant: Record<string, unknown> | null;
}

/** A dedicated connection LISTENing on a channel; `close` ends it. */
export interface OutboxListener {
  close(): Promise<void>;
}

/**
 * meeting_outbox as the relay reads it, the transaction-scoped advisory lock that lets one relay expand
 * at a time, and the LISTEN connection that wakes the relay at commit. The reads and writes run in the
 * caller's transaction (the relay expands a batch and marks it processed in one).
 */
@Injectable()
export class OutboxRepository {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  /**
   * Takes the advisory lock `key` for the rest of the caller's transaction `tx` if no other session
   * holds it (pg_try_advisory_xact_lock: never waits); whether it was taken.
   */
  async tryLock(tx: EntityManager, key: number): Promise<boolean> {
    const [{ locked }]: Array<{ locked: boolean }> = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [key]);
    return locked;
  }

  /**
   * Outbox rows not yet processed, in the order they were recorded (id), at most `limit`: locked in the
   * caller's transaction `tx` FOR UPDATE SKIP LOCKED.
   */
  async pending(tx: EntityManager, limit: number): Promise<OutboxRow[]> {
    const raw: Array<{ id: string; meeting_id: string; kind: MeetingOutboxKind; sequence: number; participant_id: string | null; participant: Record<string, unknown> | null }> =
      await tx.query(
        `SELECT id, meeting_id, kind, sequence, participant_id, participant FROM meeting_outbox
          WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
    return raw.map((r) => ({ id: String(r.id), meetingId: r.meeting_id, kind: r.kind, sequence: Number(r.sequence), participantId: r.participant_id, participant: r.participant }));
  }

  /** Marks these outbox rows (ids) processed, in the caller's transaction `tx`. */
  async markProcessed(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`UPDATE meeting_outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * Opens a connection of its own (not from the pool: it stays open) that LISTENs on `channel` and
   * calls `onNotify` for each notification. If the connection fails later, it is ended and `onLost`
   * is called (the caller opens another when it next needs one). Rejects if it cannot connect.
   */
  async listen(channel: string, onNotify: () => void, onLost: () => void): Promise<OutboxListener> {
    const client = new Client({ connectionString: this.config.databaseUrl, connectionTimeoutMillis: 5000 });
    client.on('error', () => {
      onLost();
      client.end().catch(() => undefined);
    });
    client.on('notification', () => onNotify());
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return { close: () => client.end() };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page } from '../common/pagination.dto';

/** One access-log row as written: who acted (copied, so the entry outlives the person), on what, why. */
export interface AccessLogInsert {
  at: Date;
  actorKind: 'staff' | 'guest' | 'system';
  actorId: string | null;
  actorName: string;
  actorOrganisation: string | null;
  actorRoles: string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  purpose: string;
  route: string | null;
  ip: string | null;
  userAgent: string | null;
  serviceProvider: string | null;
  reason: string | null;
}

/** A row as read back: what was written (but the user agent, which the views do not show), with its id. */
export type AccessLogRow = Omit<AccessLogInsert, 'userAgent' | 'actorKind'> & { id: string; actorKind: string };

/** Filters of the administrators' view; `from` inclusive, `to` exclusive (ISO instants). */
export interface AccessLogFilter {
  clientId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/**
 * An access-log entry's service provider: as recorded, else (entries written before the column existed)
 * a staff actor's organisation, or for a guest the organisation of the professional who organised their
 * meeting or filed its request.
 */
const PROVIDER = `coalesce(a.service_provider,
  CASE WHEN a.actor_kind = 'staff' THEN a.actor_organisation END,
  (SELECT coalesce(o.organisation, q.organisation) FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
     LEFT JOIN person o ON o.id = m.organiser_id LEFT JOIN consultation_request r ON r.id = m.request_id LEFT JOIN person q ON q.id = r.requester_id
    WHERE a.actor_kind = 'guest' AND p.id = a.actor_id))`;

const COLUMNS = `id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", actor_organisation AS "actorOrganisation",
  actor_roles AS "actorRoles", action, resource_type AS "resourceType", resource_id AS "resourceId", client_id AS "clientId",
  purpose, route, ip, ${PROVIDER} AS "serviceProvider", reason`;

/**
 * The access log (access_log, migration 1764500000000-access and later): append-only in PostgreSQL, every read
 * of client-identifying data. Its I/O is here; what an entry says is AccessLogService's.
 */
@Injectable()
export class AccessLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends rows in one statement, inside `tx` when given (the change they record commits with them). */
  async insert(entries: AccessLogInsert[], tx?: EntityManager): Promise<void> {
    if (!entries.length) return;
    const cols = 16;
    const values: unknown[] = [];
    const rows = entries.map((e, i) => {
      values.push(
        e.at, e.actorKind, e.actorId, e.actorName, e.actorOrganisation, e.actorRoles, e.action, e.resourceType, e.resourceId, e.clientId, e.purpose, e.route, e.ip,
        e.userAgent, e.serviceProvider, e.reason,
      );
      return `(${Array.from({ length: cols }, (_, k) => `$${i * cols + k + 1}`).join(', ')})`;
    });
    await (tx ?? this.db).query(
      `INSERT INTO access_log (at, actor_kind, actor_id, actor_name, actor_organisation, actor_roles, action, resource_type, resource_id, client_id, purpose, route, ip, user_agent,
                               service_provider, reason)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** One page of entries, newest first, with the total matching `q`. */
  async page(q: AccessLogFilter): Promise<Page<AccessLogRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.clientId) add('client_id = ?', q.clientId);
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.from) add('at >= ?', new Date(q.from));
    if (q.to) add('at < ?', new Date(q.to));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM access_log a ${w}`, params);
    const items = await this.db.query(`SELECT ${COLUMNS} FROM access_log a ${w} ORDER BY at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset}`, params);
    return { items, total: n, limit: q.limit, offset: q.offset };
  }

  /** One client's entries from `from` (inclusive; null = the beginning) to `to` (exclusive; null = now), oldest first. */
  forClient(clientId: string, from: Date | null, to: Date | null): Promise<AccessLogRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS}
         FROM access_log a
        WHERE client_id = $1 AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
        ORDER BY at, id`,
      [clientId, from, to],
    );
  }

  /** How many of one client's entries are older than `before`. */
  async countBefore(clientId: string, before: Date): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM access_log WHERE client_id = $1 AND at < $2`, [clientId, before]);
    return n;
  }

  /** Whether a client exists, as far as the current actor can see (the export asks as the system). */
  async clientExists(clientId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM client WHERE id = $1`, [clientId]);
    return rows.length > 0;
  }
}

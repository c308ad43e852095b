import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { asSystem } from '../database/actor-context';
import { Page } from '../common/pagination.dto';
import { DisclosureLogRepository, DisclosureLogRow } from './disclosure-log.repository';
import { Principal, actorOf } from './principal';

export const PURPOSES = ['consultation', 'care', 'network_meeting', 'minutes', 'client_request', 'administration', 'supervision'] as const;
export type Purpose = (typeof PURPOSES)[number];
export type AccessAction = 'read' | 'create' | 'update' | 'delete' | 'export' | 'disclose';

export interface AccessEntry {
  action: AccessAction;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  purpose: Purpose;
  route?: string;
  ip?: string;
  userAgent?: string;
  /** the organisation the access was made for (default: a staff actor's own organisation) */
  serviceProvider?: string;
  /** a special reason given for the access (reading log entries older than two years) */
  reason?: string;
}

export interface AccessLogRow {
  id: string;
  at: Date;
  actorKind: string;
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
  serviceProvider: string | null;
  reason: string | null;
}

/** The append-only access log of client-identifying data (see the access migration). */
@Injectable()
export class AccessLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly disclosures: DisclosureLogRepository,
  ) {}

  async record(principal: Principal | null, entries: AccessEntry[], tx?: EntityManager): Promise<void> {
    if (!entries.length) return;
    const actor = principal ? actorOf(principal) : { kind: 'system' as const, id: null, name: 'Kohtaamo', organisation: null, roles: [] };
    const at = this.clock.now();
    const cols = 16;
    const values: unknown[] = [];
    const ownProvider = principal?.kind === 'staff' ? principal.organisation : null;
    const rows = entries.map((e, i) => {
      values.push(
        at, actor.kind, actor.id, actor.name, actor.organisation, actor.roles, e.action, e.resourceType, e.resourceId, e.clientId, e.purpose, e.route ?? null, e.ip ?? null,
        e.userAgent?.slice(0, 300) ?? null, (e.serviceProvider ?? ownProvider)?.slice(0, 200) ?? null, e.reason?.slice(0, 2000) ?? null,
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

  async query(q: { clientId?: string; actorId?: string; from?: string; to?: string; limit: number; offset: number }): Promise<Page<AccessLogRow>> {
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
    const items = await this.db.query(
      `SELECT id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", actor_organisation AS "actorOrganisation",
              actor_roles AS "actorRoles", action, resource_type AS "resourceType", resource_id AS "resourceId", client_id AS "clientId",
              purpose, route, ip, ${PROVIDER} AS "serviceProvider", reason
         FROM access_log a ${w} ORDER BY at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return { items, total: n, limit: q.limit, offset: q.offset };
  }

  /**
   * "Who has seen my data": one client's access log and disclosure log (Client Data Act 703/2023 § 11,
   * GDPR art. 15), each entry with its service provider, oldest first. Entries older than two years are
   * given only for a special reason: without `reason` the export covers the last two years and says how
   * many older entries there are; asking for an earlier `from` without a reason is refused (422 naming
   * `reason`). The export is itself an access-log entry of the caller, with the reason when one is given.
   */
  async exportForClient(
    clientId: string,
    q: { from?: string; to?: string; reason?: string },
    who: Principal,
  ): Promise<ClientLogExport> {
    // Whether the client exists, as the system: the administrator who answers the client's request
    // (Client Data Act 703/2023 § 11) sees no client data, and row-level security hides the client from them.
    const [exists] = await asSystem(() => this.db.query(`SELECT 1 FROM client WHERE id = $1`, [clientId]));
    if (!exists) throw DomainError.notFound('client', clientId);
    const now = this.clock.now();
    const limit = twoYearsBefore(now);
    const reason = q.reason?.trim() || null;
    const to = q.to ? new Date(q.to) : null;
    const from = q.from ? new Date(q.from) : reason ? null : limit;
    if (from && to && to <= from) throw DomainError.field('validation_failed', 'to', 'must be after from');
    if (!reason && (!from || from < limit)) {
      throw DomainError.field(
        'unprocessable',
        'reason',
        `log entries older than two years (before ${limit.toISOString()}) are given only for a special reason (Client Data Act 703/2023 § 11); give the reason`,
      );
    }
    await this.record(who, [{ action: 'export', resourceType: 'access_log', resourceId: clientId, clientId, purpose: 'administration', reason: reason ?? undefined }]);
    const accessLog: AccessLogRow[] = await asSystem(() =>
      this.db.query(
        `SELECT id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", actor_organisation AS "actorOrganisation",
                actor_roles AS "actorRoles", action, resource_type AS "resourceType", resource_id AS "resourceId", client_id AS "clientId",
                purpose, route, ip, ${PROVIDER} AS "serviceProvider", reason
           FROM access_log a
          WHERE client_id = $1 AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
          ORDER BY at, id`,
        [clientId, from, to],
      ),
    );
    // the disclosure log as the caller: row-level security lets the administrator (and the system) read it
    const disclosureLog = await this.disclosures.forClient(clientId, from, to);
    let olderWithheld: ClientLogExport['olderWithheld'] = null;
    if (from && !reason) {
      const [{ n }]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM access_log WHERE client_id = $1 AND at < $2`, [clientId, from]);
      olderWithheld = { before: from, accessLog: n, disclosureLog: await this.disclosures.countBefore(clientId, from) };
    }
    return { clientId, generatedAt: now, from, to, reason, accessLog, disclosureLog, olderWithheld };
  }
}

/** The same instant two calendar years earlier (29 February → 1 March). */
export function twoYearsBefore(at: Date): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() - 2);
  return d;
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

export interface ClientLogExport {
  clientId: string;
  generatedAt: Date;
  /** the period covered: from (inclusive; null = from the beginning) to (exclusive; null = now) */
  from: Date | null;
  to: Date | null;
  /** the special reason given for entries older than two years, if any */
  reason: string | null;
  accessLog: AccessLogRow[];
  disclosureLog: DisclosureLogRow[];
  /** entries before `from` left out because no reason was given (null when none were left out) */
  olderWithheld: { before: Date; accessLog: number; disclosureLog: number } | null;
}

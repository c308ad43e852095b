import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { asSystem } from '../database/actor-context';
import { Page } from '../common/pagination.dto';
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
}

/** The append-only access log of client-identifying data (see the access migration). */
@Injectable()
export class AccessLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(principal: Principal | null, entries: AccessEntry[], tx?: EntityManager): Promise<void> {
    if (!entries.length) return;
    const actor = principal ? actorOf(principal) : { kind: 'system' as const, id: null, name: 'Kohtaamo', organisation: null, roles: [] };
    const at = this.clock.now();
    const cols = 14;
    const values: unknown[] = [];
    const rows = entries.map((e, i) => {
      values.push(at, actor.kind, actor.id, actor.name, actor.organisation, actor.roles, e.action, e.resourceType, e.resourceId, e.clientId, e.purpose, e.route ?? null, e.ip ?? null, e.userAgent?.slice(0, 300) ?? null);
      return `(${Array.from({ length: cols }, (_, k) => `$${i * cols + k + 1}`).join(', ')})`;
    });
    await (tx ?? this.db).query(
      `INSERT INTO access_log (at, actor_kind, actor_id, actor_name, actor_organisation, actor_roles, action, resource_type, resource_id, client_id, purpose, route, ip, user_agent)
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
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM access_log ${w}`, params);
    const items = await this.db.query(
      `SELECT id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", actor_organisation AS "actorOrganisation",
              actor_roles AS "actorRoles", action, resource_type AS "resourceType", resource_id AS "resourceId", client_id AS "clientId",
              purpose, route, ip
         FROM access_log ${w} ORDER BY at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return { items, total: n, limit: q.limit, offset: q.offset };
  }

  /** "Who has seen my data": every access to one client's data, oldest first, for the client to read. */
  async exportForClient(clientId: string): Promise<{ clientId: string; generatedAt: Date; entries: AccessLogRow[] }> {
    // Whether the client exists, as the system: the administrator who answers the client's request
    // (Client Data Act 703/2023 § 11) sees no client data, and row-level security hides the client from them.
    const [exists] = await asSystem(() => this.db.query(`SELECT 1 FROM client WHERE id = $1`, [clientId]));
    if (!exists) throw DomainError.notFound('client', clientId);
    const entries = await this.db.query(
      `SELECT id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName", actor_organisation AS "actorOrganisation",
              actor_roles AS "actorRoles", action, resource_type AS "resourceType", resource_id AS "resourceId", client_id AS "clientId",
              purpose, route, ip
         FROM access_log WHERE client_id = $1 ORDER BY at, id`,
      [clientId],
    );
    return { clientId, generatedAt: this.clock.now(), entries };
  }
}

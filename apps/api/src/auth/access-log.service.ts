import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { asSystem } from '../database/actor-context';
import { Page } from '../common/pagination.dto';
import { AccessLogFilter, AccessLogRepository, AccessLogRow } from './access-log.repository';
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

export type { AccessLogRow } from './access-log.repository';

/** The append-only access log of client-identifying data (see the access migration). */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly log: AccessLogRepository,
    private readonly clock: Clock,
    private readonly disclosures: DisclosureLogRepository,
  ) {}

  async record(principal: Principal | null, entries: AccessEntry[], tx?: EntityManager): Promise<void> {
    if (!entries.length) return;
    const actor = principal ? actorOf(principal) : { kind: 'system' as const, id: null, name: 'Kohtaamo', organisation: null, roles: [] };
    const at = this.clock.now();
    const ownProvider = principal?.kind === 'staff' ? principal.organisation : null;
    await this.log.insert(
      entries.map((e) => ({
        at,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        actorOrganisation: actor.organisation,
        actorRoles: actor.roles,
        action: e.action,
        resourceType: e.resourceType,
        resourceId: e.resourceId,
        clientId: e.clientId,
        purpose: e.purpose,
        route: e.route ?? null,
        ip: e.ip ?? null,
        userAgent: e.userAgent?.slice(0, 300) ?? null,
        serviceProvider: (e.serviceProvider ?? ownProvider)?.slice(0, 200) ?? null,
        reason: e.reason?.slice(0, 2000) ?? null,
      })),
      tx,
    );
  }

  /** One page of the log for administrators, newest first. */
  page(q: AccessLogFilter): Promise<Page<AccessLogRow>> {
    return this.log.page(q);
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
    const exists = await asSystem(() => this.log.clientExists(clientId));
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
    const accessLog = await asSystem(() => this.log.forClient(clientId, from, to));
    // the disclosure log as the caller: row-level security lets the administrator (and the system) read it
    const disclosureLog = await this.disclosures.forClient(clientId, from, to);
    let olderWithheld: ClientLogExport['olderWithheld'] = null;
    if (from && !reason) {
      olderWithheld = { before: from, accessLog: await this.log.countBefore(clientId, from), disclosureLog: await this.disclosures.countBefore(clientId, from) };
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

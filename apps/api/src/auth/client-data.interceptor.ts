import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, from, mergeMap } from 'rxjs';
import { Action, DomainError, Resource, disclosureBasis } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { AccessAction, AccessLogService, PURPOSES, Purpose } from './access-log.service';
import { AccessRepository, NO_TARGET, RouteTarget } from './access.repository';
import { DisclosureEntry, DisclosureLogRepository, GuestDisclosureFacts } from './disclosure-log.repository';
import type { AuthedRequest } from './auth.guard';
import type { GuestPrincipal } from './principal';
import { PERMISSION_KEY, Permission } from './decorators';

/** Resources whose responses may carry client-identifying data. */
const CLIENT_DATA: readonly Resource[] = ['client', 'consent', 'request', 'meeting', 'participant', 'agenda', 'minutes', 'booking', 'invitation', 'delivery'];

const ACTION: Record<Action, AccessAction> = { read: 'read', create: 'create', update: 'update', delete: 'delete', triage: 'update', export: 'export' };

/**
 * Every object in a response, at any depth (`events` lists are skipped: they hold who did what, not
 * whose data). No depth limit: an id nested deeper than expected must still be found — the walk fails
 * closed (throws) rather than stop early when a body holds more than 200,000 objects.
 */
function* objectsIn(value: unknown): Generator<Record<string, unknown>> {
  const stack: unknown[] = [value];
  for (let seen = 0; stack.length; ) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof Date) continue;
    if (++seen > 200_000) throw new Error('response too large to check for client data');
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    const o = v as Record<string, unknown>;
    yield o;
    for (const [k, x] of Object.entries(o)) if (k !== 'events' && x && typeof x === 'object') stack.push(x);
  }
}

/** Finds every client id in a response: `clientId` fields, and the `id` of client records (those with a `fullName`), at any depth. */
export function clientIdsIn(value: unknown, isClientRecord: boolean, out = new Set<string>()): Set<string> {
  for (const o of objectsIn(value)) {
    if (typeof o.clientId === 'string') out.add(o.clientId);
    if (isClientRecord && typeof o.id === 'string' && typeof o.fullName === 'string') out.add(o.id);
  }
  return out;
}

/** Every `requestId` field in a response, at any depth. */
export function requestIdsIn(value: unknown, out = new Set<string>()): Set<string> {
  for (const o of objectsIn(value)) if (typeof o.requestId === 'string') out.add(o.requestId);
  return out;
}

/**
 * Every response that carries an identified client's data passes here before it leaves: staff must
 * have a care relationship with the client (need to know, within consent — staff_may_see_client), and
 * the access is written to the access log in the same breath. If the log cannot be written, nothing is
 * shown. The purpose comes from the X-Purpose header (default: consultation).
 */
@Injectable()
export class ClientDataInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly log: AccessLogService,
    private readonly clock: Clock,
    private readonly access: AccessRepository,
    private readonly disclosures: DisclosureLogRepository,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const permission = this.reflector.get<Permission | undefined>(PERMISSION_KEY, ctx.getHandler());
    if (!permission || !CLIENT_DATA.includes(permission.resource)) return next.handle();
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const purpose = purposeOf(req.headers['x-purpose']);
    return from(this.before(req, permission)).pipe(
      mergeMap((target) => next.handle().pipe(mergeMap((body: unknown) => from(this.after(req, permission, purpose, target, body))))),
    );
  }

  /**
   * Before the handler runs (so that nothing is changed or read that may not be): the route's meeting
   * and client are looked up from its ids. Staff need a care relationship with that client; a guest may
   * touch only the meeting of their invitation (anything else is "not found"), and its minutes only
   * within the consent.
   */
  private async before(req: AuthedRequest, permission: Permission): Promise<RouteTarget> {
    const principal = req.principal;
    const target = await this.routeTarget(req, permission.resource);
    // Whether this actor may touch this object is the services' question (PolicyService: 404 when the
    // object is hidden from them, 403 when it is not theirs to change). Here only the backstop for guests:
    // nothing outside the meeting of their invitation.
    const routeHasId = ['id', 'meetingId', 'clientId'].some((k) => (req.params as Record<string, string | undefined>)[k] !== undefined);
    if (principal?.kind === 'guest' && routeHasId && target.meetingId !== principal.meetingId) {
      throw DomainError.notFound(permission.resource, (req.params as Record<string, string>).id ?? '');
    }
    // a guest's list (GET /meetings) is of the meeting of their invitation: its client's data leaves with it
    if (principal?.kind === 'guest' && !routeHasId) return this.access.meetingTarget(principal.meetingId);
    return target;
  }

  private async after(req: AuthedRequest, permission: Permission, purpose: Purpose, target: RouteTarget, body: unknown): Promise<unknown> {
    const principal = req.principal;
    if (!principal) return body;
    const found = clientIdsIn(body, permission.resource === 'client');
    if (target.clientId) found.add(target.clientId);
    if (principal.kind === 'staff' && found.size) {
      if ((await this.access.hiddenClients(principal.personId, [...found], this.clock.now())).length) throw needToKnow();
    }
    // Lists and views that name identified requests (meetings, agenda items, minutes) disclose that a
    // client's case was looked at: their clients go to the log too (only those the caller may see:
    // the services' policy has already left out what they may not).
    // (the route's own request is known already: its client is target.clientId)
    const requestIds = [...requestIdsIn(body)].filter((r) => r !== target.requestId);
    if (requestIds.length) {
      const viaRequests = (await this.access.clientsOfRequests(requestIds)).filter((c) => !found.has(c));
      const hidden = principal.kind === 'staff' ? new Set(await this.access.hiddenClients(principal.personId, viaRequests, this.clock.now())) : new Set<string>();
      for (const c of viaRequests) if (!hidden.has(c)) found.add(c);
    }
    const ids = [...found];
    if (!ids.length) return body;
    const action: AccessAction = principal.kind === 'guest' ? 'disclose' : ACTION[permission.action];
    const route = `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
    const guest = principal.kind === 'guest' ? await this.disclosures.guestFacts(principal.participantId) : null;
    await this.log.record(
      principal,
      ids.map((clientId) => ({
        action, resourceType: permission.resource, resourceId: resourceId(req, body), clientId, purpose, route, ip: req.ip, userAgent: req.headers['user-agent'],
        serviceProvider: guest?.serviceProvider ?? undefined,
      })),
    );
    if (principal.kind === 'guest' && guest && !isEmpty(body)) await this.disclosures.record(this.disclosuresOf(principal, guest, permission.resource, target, ids, req, body, route));
    return body;
  }

  /**
   * A guest (an outside participant or a family member) was shown a client's data — the meeting's page
   * or its minutes, through their own link: the disclosure log records who received what, on which basis
   * (the consent; after it, the client's or guardian's own right), when, and the service provider.
   */
  private disclosuresOf(principal: GuestPrincipal, g: GuestDisclosureFacts, resource: Resource, target: RouteTarget, clientIds: string[], req: AuthedRequest, body: unknown, route: string): DisclosureEntry[] {
    const at = this.clock.now();
    const basis = disclosureBasis({ kind: g.kind, relation: g.relation }, g.consent, at) ?? 'consent'; // (the consent they were invited under)
    const minutes = resource === 'minutes';
    return clientIds.map((clientId) => ({
      at,
      clientId,
      basis,
      consentId: target.consentId ?? g.consentId,
      recipient: { kind: g.kind, participantId: principal.participantId, name: g.name, organisation: g.organisation, organisationType: g.organisationType, relation: g.relation, address: null },
      channel: 'link',
      resourceType: minutes ? (route.endsWith('/pdf') ? 'minutes_pdf' : 'minutes') : resource,
      resourceId: resourceId(req, body),
      meetingId: principal.meetingId,
      dataCategories: [minutes ? 'minutes' : 'request'],
      serviceProvider: g.serviceProvider ?? 'Kohtaamo',
      route,
      ip: req.ip ?? null,
    }));
  }

  /** The meeting and identified client a route's ids point at (when creating, the body's clientId). */
  private async routeTarget(req: AuthedRequest, resource: Resource): Promise<RouteTarget> {
    const params = req.params as Record<string, string | undefined>;
    const uuid = (v: unknown): string | null => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : null);
    const id = uuid(params.id);
    const on = (lookup: (id: string) => Promise<RouteTarget>, arg: string | null): Promise<RouteTarget> => (arg ? lookup(arg) : Promise.resolve(NO_TARGET));
    switch (resource) {
      case 'client':
        return on((c) => this.access.clientTarget(c), id ?? uuid(params.clientId));
      case 'consent':
        if (params.clientId) return on((c) => this.access.clientTarget(c), uuid(params.clientId));
        return on((c) => this.access.consentTarget(c), id);
      case 'request':
      case 'booking':
        if (id) return this.access.requestTarget(id, req.principal?.kind === 'staff' ? req.principal.personId : null, this.clock.now());
        {
          // creating an identified request: its client (an anonymous one with a clientId is refused by the service)
          const body = req.body as { clientId?: unknown; anonymous?: unknown } | undefined;
          return { meetingId: null, clientId: body?.anonymous === false ? uuid(body.clientId) : null, consentId: null };
        }
      case 'minutes':
        if (uuid(params.meetingId)) return on((m) => this.access.meetingTarget(m), uuid(params.meetingId));
        return on((n) => this.access.minutesTarget(n), id);
      case 'meeting':
      case 'participant':
      case 'agenda':
      case 'invitation':
        return on((m) => this.access.meetingTarget(m), id);
      case 'delivery':
        return on((m) => this.access.meetingTarget(m), uuid(params.meetingId));
      case 'person':
      case 'profile':
      case 'availability':
      case 'team':
      case 'team_member':
      case 'responsible_pair':
      case 'room':
      case 'session_series':
      case 'join_token':
      case 'access_log':
      case 'queue_dashboard':
      case 'metrics':
        return NO_TARGET;
    }
  }
}

/** An empty answer (no minutes to show) discloses nothing. */
function isEmpty(body: unknown): boolean {
  if (Array.isArray(body)) return body.length === 0;
  const items = (body as { items?: unknown } | null)?.items;
  return body === null || body === undefined || (Array.isArray(items) && items.length === 0);
}

function needToKnow(): DomainError {
  return new DomainError('forbidden', 'this concerns an identified client you have no care relationship with (or whose consent no longer covers you)', [], { reason: 'need_to_know' });
}

function resourceId(req: AuthedRequest, body: unknown): string | null {
  const param = (req.params as Record<string, string | undefined>).id;
  if (param) return param;
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

function purposeOf(header: string | string[] | undefined): Purpose {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return 'consultation';
  if (!(PURPOSES as readonly string[]).includes(value)) {
    throw DomainError.field('validation_failed', 'X-Purpose', `must be one of ${PURPOSES.join(', ')}`);
  }
  return value as Purpose;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, RequestAction, applyRequestAction, consentState } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { Page } from '../common/pagination.dto';
import { asReference } from '../common/reference.util';
import { ClientsService } from '../clients/clients.service';
import { ConsentsService } from '../consents/consents.service';
import { PersonsService } from '../persons/persons.service';
import { IdentifierCheckService } from '../privacy/identifier-check.service';
import type { StaffPrincipal } from '../auth/principal';
import { AccessRepository } from '../auth/access.repository';
import { PolicyService } from '../auth/policy.service';
import { TeamsService } from '../teams/teams.service';
import { NOTIFIED_DECISIONS, TriageNotices } from '../notifications/triage-notice';
import { ConsultationRequestEntity, RequestEventEntity } from './consultation-request.entity';
import { LockedRequest, RequestsRepository } from './requests.repository';
import { CreateRequestDto, ListRequestsQuery, REQUEST_FREE_TEXT_FIELDS, TransitionDto, UpdateRequestDto } from './request.dto';

export type { LockedRequest } from './requests.repository';

export type RequestDetail = ConsultationRequestEntity & { events: RequestEventEntity[] };

/** Actions that belong to another flow: booking an agenda slot or a meeting schedules a request. */
const ACTIONS_OF_OTHER_FLOWS: readonly RequestAction[] = ['schedule', 'unschedule'];

@Injectable()
export class RequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: RequestsRepository,
    private readonly persons: PersonsService,
    private readonly teams: TeamsService,
    private readonly clients: ClientsService,
    private readonly consents: ConsentsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    private readonly access: AccessRepository,
    private readonly identifiers: IdentifierCheckService,
    private readonly triageNotices: TriageNotices,
  ) {}

  /** Files a request in the name of `who` (the signed-in professional); an identified one needs a client they may see. */
  async create(dto: CreateRequestDto, who: StaffPrincipal): Promise<RequestDetail> {
    if (dto.ownWorkerId) await this.persons.getAll([{ id: dto.ownWorkerId, field: 'ownWorkerId' }]);
    await asReference(this.teams.get(dto.teamId), 'teamId');
    if (dto.anonymous) {
      for (const field of ['clientId', 'consentId'] as const) {
        if (dto[field]) throw DomainError.field('identifier_in_anonymous', field, 'an anonymous consultation cannot refer to a client or a consent');
      }
      await this.identifiers.assertNone(Object.fromEntries(REQUEST_FREE_TEXT_FIELDS.map((f) => [f, dto[f]])));
    } else {
      // a client the requester may not see is, to them, a client that does not exist
      // only the client's own workers ask about them (clientDecision 'update'): access through a team's
      // consent cannot spread itself by filing requests to other teams
      try {
        await this.policy.client(who, dto.clientId!, 'update');
      } catch (e) {
        if (e instanceof DomainError && e.code === 'not_found') throw DomainError.field('not_found', 'clientId', `client ${dto.clientId} does not exist`);
        throw e;
      }
      await this.assertConsentCovers(dto.clientId!, dto.consentId!);
    }
    const now = this.clock.now();
    const id = await this.requests.submit(
      {
        requesterId: who.personId,
        ownWorkerId: dto.ownWorkerId ?? null,
        teamId: dto.teamId,
        clientGroup: dto.clientGroup,
        urgency: dto.urgency,
        question: dto.question,
        triedSoFar: dto.triedSoFar ?? null,
        situation: dto.situation ?? null,
        ageBand: dto.ageBand ?? null,
        preferredMode: dto.preferredMode,
        familyAttends: dto.familyAttends ?? false,
        anonymous: dto.anonymous,
        clientId: dto.anonymous ? null : dto.clientId!,
        consentId: dto.anonymous ? null : dto.consentId!,
        status: 'submitted',
        statusReason: null,
        submittedAt: now,
        statusChangedAt: now,
      },
      who.personId,
    );
    return this.detail(id);
  }

  async get(id: string): Promise<ConsultationRequestEntity> {
    const r = await this.requests.get(id);
    if (!r) throw DomainError.notFound('consultation request', id);
    return r;
  }

  /** The request as `who` may read it (404 if they have no relation to it). */
  async detailFor(id: string, who: StaffPrincipal): Promise<RequestDetail> {
    await this.policy.request(who, id, 'read');
    return this.detail(id);
  }

  async detail(id: string): Promise<RequestDetail> {
    const r = await this.get(id);
    const events = await this.requests.eventsOf(id);
    return Object.assign(r, { events });
  }

  /**
   * The requests `viewer` may read (requestDecision 'read'): their own, and their teams' (any team role,
   * a coordinator named to the team too) — identified ones only within need to know. No row, and no
   * count, of anything else. `open` keeps the open statuses (or the rest); `q` matches words of the
   * question. Identified rows carry their `clientId`, so the client-data interceptor logs the read.
   */
  list(q: ListRequestsQuery, viewer: StaffPrincipal): Promise<Page<ConsultationRequestEntity>> {
    return this.requests.page(q, viewer.personId, this.clock.now());
  }

  /** The requester may edit the content until the team has accepted the request. */
  async update(id: string, dto: UpdateRequestDto, who: StaffPrincipal): Promise<RequestDetail> {
    await this.policy.request(who, id, 'edit');
    if (dto.ownWorkerId) await this.persons.getAll([{ id: dto.ownWorkerId, field: 'ownWorkerId' }]);
    await this.db.transaction(async (tx) => {
      const r = await this.lock(tx, id);
      if (r.status !== 'submitted' && r.status !== 'more_info_needed') {
        throw new DomainError('invalid_transition', `a request in status "${r.status}" can no longer be edited`, [{ field: 'status', reason: 'only submitted requests or those needing more information can be edited' }]);
      }
      if (r.anonymous) await this.identifiers.assertNone(Object.fromEntries(REQUEST_FREE_TEXT_FIELDS.map((f) => [f, dto[f]])));
      Object.assign(r, dto);
      await this.requests.saveIn(tx, r);
    });
    return this.detail(id);
  }

  /**
   * A lifecycle step through the API. Triage (accept, ask for more, decline) and the steps after the
   * session belong to the chairs of the team on that day; resubmitting belongs to the requester or own
   * worker. `actor` is the signed-in caller, recorded in the request's history.
   */
  async transition(id: string, dto: TransitionDto, actor: StaffPrincipal): Promise<RequestDetail> {
    await this.policy.request(actor, id, dto.action === 'resubmit' ? 'resubmit' : 'triage');
    if (ACTIONS_OF_OTHER_FLOWS.includes(dto.action)) {
      throw DomainError.field('unprocessable', 'action', `"${dto.action}" happens by booking or cancelling an agenda slot or a meeting`);
    }
    await this.db.transaction((tx) => this.applyInTransaction(tx, id, dto.action, dto.reason ?? null, actor.personId));
    return this.detail(id);
  }

  /** Applies a lifecycle action inside the caller's transaction (booking flows use this too). */
  async applyInTransaction(tx: EntityManager, id: string, action: RequestAction, reason: string | null, actorId: string | null): Promise<LockedRequest> {
    return this.applyToLocked(tx, await this.lockRow(tx, id), action, reason, actorId);
  }

  /** Locks a request's row for the rest of the transaction and reads what a lifecycle step needs. */
  async lockRow(tx: EntityManager, id: string): Promise<LockedRequest> {
    const r = await this.requests.lockRow(tx, id);
    if (!r) throw DomainError.notFound('consultation request', id);
    return r;
  }

  /**
   * One lifecycle step on a row locked by {@link lockRow}: the rule from libs/domain, then the new
   * status and its history event in one statement (this is on the booking hot path).
   */
  async applyToLocked(tx: EntityManager, r: LockedRequest, action: RequestAction, reason: string | null, actorId: string | null): Promise<LockedRequest> {
    const to = applyRequestAction(r.status, action, reason);
    if (r.anonymous && reason) await this.identifiers.assertNone({ reason });
    const eventId = await this.requests.changeStatus(tx, { requestId: r.id, action, from: r.status, to, reason, actorId, at: this.clock.now() });
    // the requester hears of the team's decision by email, sent once the decision has committed
    if (NOTIFIED_DECISIONS.includes(action)) await this.triageNotices.queue(tx, r.id, eventId);
    return { ...r, status: to };
  }

  private async lock(tx: EntityManager, id: string): Promise<ConsultationRequestEntity> {
    const r = await this.requests.lockEntity(tx, id);
    if (!r) throw DomainError.notFound('consultation request', id);
    return r;
  }

  private async assertConsentCovers(clientId: string, consentId: string): Promise<void> {
    await asReference(this.clients.get(clientId), 'clientId');
    const consent = await asReference(this.consents.entity(consentId), 'consentId');
    if (consent.clientId !== clientId) throw DomainError.field('consent_required', 'consentId', 'this consent was given for another client');
    const state = consentState(consent, this.clock.now());
    if (state !== 'active') throw DomainError.field('consent_required', 'consentId', `the consent is ${state.replace(/_/g, ' ')}`);
    if (!consent.dataCategories.includes('request')) {
      throw DomainError.field('consent_required', 'consentId', 'the consent does not cover consultation requests (data category "request")');
    }
  }
}

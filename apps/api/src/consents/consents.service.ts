import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asSystem } from '../database/actor-context';
import { SfuControlService } from '../video/sfu-control.service';
import { ConsentWithdrawalRepository, WithdrawalCascade } from './consent-withdrawal.repository';
import { ConsentState, DomainError, consentState } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { Page } from '../common/pagination.dto';
import { ClientsService } from '../clients/clients.service';
import { ConsentEntity } from './consent.entity';
import { ConsentsRepository } from './consents.repository';
import { CreateConsentDto, ListConsentsQuery, WithdrawConsentDto } from './consent.dto';

export type ConsentView = ConsentEntity & { state: ConsentState };

@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly clients: ClientsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly withdrawal: ConsentWithdrawalRepository,
    private readonly sfu: SfuControlService,
  ) {}

  /** Records a consent for a client `who` may see; `who` is recorded as the professional who took it. */
  async create(clientId: string, dto: CreateConsentDto, who: StaffPrincipal | null): Promise<ConsentView> {
    if (who) await this.policy.client(who, clientId, 'update');
    await this.clients.get(clientId);
    const givenAt = dto.givenAt ? new Date(dto.givenAt) : this.clock.now();
    const validUntil = dto.validUntil ? new Date(dto.validUntil) : null;
    if (validUntil && validUntil <= givenAt) throw DomainError.field('validation_failed', 'validUntil', 'must be after givenAt');
    const saved = await this.consents.insert({
      clientId,
      givenBy: dto.givenBy,
      givenByName: dto.givenByName,
      organisationTypes: dto.organisationTypes,
      dataCategories: dto.dataCategories,
      purpose: dto.purpose,
      givenAt,
      validUntil,
      withdrawnAt: null,
      withdrawalReason: null,
      recordedById: who?.personId ?? null,
    });
    return this.view(saved);
  }

  async get(id: string): Promise<ConsentView> {
    return this.view(await this.entity(id));
  }

  /** A consent as `who` may read it: only of a client they may see (404 otherwise). */
  async getFor(id: string, who: StaffPrincipal, action: 'read' | 'update' = 'read'): Promise<ConsentView> {
    const c = await this.entity(id);
    try {
      await this.policy.client(who, c.clientId, action);
    } catch (e) {
      throw e instanceof DomainError && e.code === 'not_found' ? DomainError.notFound('consent', id) : e;
    }
    return this.view(c);
  }

  async entity(id: string): Promise<ConsentEntity> {
    const c = await this.consents.get(id);
    if (!c) throw DomainError.notFound('consent', id);
    return c;
  }

  async listForClient(clientId: string, q: ListConsentsQuery, who: StaffPrincipal): Promise<Page<ConsentView>> {
    await this.policy.client(who, clientId, 'read');
    const all = (await this.consents.forClient(clientId)).map((c) => this.view(c));
    const filtered = q.state ? all.filter((c) => c.state === q.state) : all;
    return { items: filtered.slice(q.offset, q.offset + q.limit), total: filtered.length, limit: q.limit, offset: q.offset };
  }

  /**
   * Withdrawal takes effect at once and cascades in the same transaction (ConsentWithdrawalRepository):
   * outside participants of the case's meetings lose their links and pending messages, and each meeting
   * that has not ended gets a notice for its organiser (shown on the meeting, emailed through the outbox).
   * After the commit, the SFU is told to remove those participants from a call in progress. The client
   * and a guardian keep their own access (libs/domain consent.ts hasOwnRight). A consent withdrawn
   * already stays withdrawn at its first instant.
   */
  async withdraw(id: string, dto: WithdrawConsentDto, who: StaffPrincipal): Promise<ConsentView & { cascade: WithdrawalCascade }> {
    await this.getFor(id, who, 'update');
    const now = this.clock.now();
    // the cascade touches every participant and message of the case's meetings: the system does it, once
    // the policy above has let this professional withdraw
    const cascade = await asSystem(() =>
      this.db.transaction(async (tx) => {
        if (!(await this.consents.markWithdrawn(tx, id, now, dto.reason ?? null))) return null;
        return this.withdrawal.cascade(tx, id, now, who.personId);
      }),
    );
    const c = await this.entity(id);
    if (!cascade) throw new DomainError('conflict', `consent ${id} was already withdrawn at ${c.withdrawnAt?.toISOString()}`, [], { withdrawnAt: c.withdrawnAt });
    // a guest already in a call leaves it now (best effort: the API gives them no new token either way)
    await Promise.all(cascade.meetings.filter((m) => m.mayBeInCall).map((m) => this.sfu.removeParticipants(m.meetingId, m.revokedParticipantIds)));
    return Object.assign(this.view(c), { cascade });
  }

  view(c: ConsentEntity): ConsentView {
    return Object.assign(c, { state: consentState(c, this.clock.now()) });
  }
}

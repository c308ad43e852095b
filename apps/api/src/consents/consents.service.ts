import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConsentState, DomainError, consentState } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { Page } from '../common/pagination.dto';
import { ClientsService } from '../clients/clients.service';
import { ConsentEntity } from './consent.entity';
import { CreateConsentDto, ListConsentsQuery, WithdrawConsentDto } from './consent.dto';

export type ConsentView = ConsentEntity & { state: ConsentState };

@Injectable()
export class ConsentsService {
  constructor(
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
    private readonly clients: ClientsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
  ) {}

  /** Records a consent for a client `who` may see; `who` is recorded as the professional who took it. */
  async create(clientId: string, dto: CreateConsentDto, who: StaffPrincipal | null): Promise<ConsentView> {
    if (who) await this.policy.client(who, clientId, 'update');
    await this.clients.get(clientId);
    const givenAt = dto.givenAt ? new Date(dto.givenAt) : this.clock.now();
    const validUntil = dto.validUntil ? new Date(dto.validUntil) : null;
    if (validUntil && validUntil <= givenAt) throw DomainError.field('validation_failed', 'validUntil', 'must be after givenAt');
    const saved = await this.consents.save(
      this.consents.create({
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
      }),
    );
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
    const c = await this.consents.findOneBy({ id });
    if (!c) throw DomainError.notFound('consent', id);
    return c;
  }

  async listForClient(clientId: string, q: ListConsentsQuery, who: StaffPrincipal): Promise<Page<ConsentView>> {
    await this.policy.client(who, clientId, 'read');
    const all = (await this.consents.find({ where: { clientId }, order: { givenAt: 'DESC' } })).map((c) => this.view(c));
    const filtered = q.state ? all.filter((c) => c.state === q.state) : all;
    return { items: filtered.slice(q.offset, q.offset + q.limit), total: filtered.length, limit: q.limit, offset: q.offset };
  }

  /** Withdrawal takes effect at once; a consent withdrawn already stays withdrawn at its first instant. */
  async withdraw(id: string, dto: WithdrawConsentDto, who: StaffPrincipal): Promise<ConsentView> {
    await this.getFor(id, who, 'update');
    const now = this.clock.now();
    const r = await this.consents
      .createQueryBuilder()
      .update()
      .set({ withdrawnAt: now, withdrawalReason: dto.reason ?? null })
      .where('id = :id AND withdrawn_at IS NULL', { id })
      .execute();
    const c = await this.entity(id);
    if (!r.affected) throw new DomainError('conflict', `consent ${id} was already withdrawn at ${c.withdrawnAt?.toISOString()}`, [], { withdrawnAt: c.withdrawnAt });
    return this.view(c);
  }

  view(c: ConsentEntity): ConsentView {
    return Object.assign(c, { state: consentState(c, this.clock.now()) });
  }
}

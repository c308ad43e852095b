import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { ClientEntity } from './client.entity';
import { ClientsRepository } from './clients.repository';
import { CreateClientDto, ListClientsQuery, UpdateClientDto } from './client.dto';

@Injectable()
export class ClientsService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly policy: PolicyService,
  ) {}

  /**
   * Registers a client in the caller's care. A personal identity code is unique per registering worker:
   * whether someone else has registered the same person is never disclosed (being a client of social or
   * health care is itself confidential — Client Data Act 703/2023).
   */
  async create(dto: CreateClientDto, createdById: string | null = null): Promise<ClientEntity> {
    const pic = dto.personalIdentityCode?.toUpperCase() ?? null;
    if (pic) await this.assertCodeFree(pic, createdById);
    return this.clients.insert({ fullName: dto.fullName, personalIdentityCode: pic, birthDate: dto.birthDate ?? null, locale: dto.locale ?? 'fi', createdById });
  }

  async get(id: string): Promise<ClientEntity> {
    const c = await this.clients.get(id);
    if (!c) throw DomainError.notFound('client', id);
    return c;
  }

  /** A client as `who` may read it (404 without need to know). */
  async getFor(id: string, who: StaffPrincipal): Promise<ClientEntity> {
    await this.policy.client(who, id, 'read');
    return this.get(id);
  }

  async update(id: string, dto: UpdateClientDto, who: StaffPrincipal): Promise<ClientEntity> {
    await this.policy.client(who, id, 'update');
    const c = await this.get(id);
    const pic = dto.personalIdentityCode?.toUpperCase();
    if (pic && pic !== c.personalIdentityCode) await this.assertCodeFree(pic, c.createdById);
    Object.assign(c, dto, pic ? { personalIdentityCode: pic } : {});
    return this.clients.save(c);
  }

  /** Only the clients the viewer has a care relationship with (need to know). */
  list(q: ListClientsQuery, viewerId: string, now: Date): Promise<Page<ClientEntity>> {
    return this.clients.page(q, viewerId, now);
  }

  private async assertCodeFree(code: string, createdById: string | null): Promise<void> {
    if (await this.clients.codeRegisteredBy(code, createdById)) {
      throw new DomainError('conflict', 'personalIdentityCode: you have registered a client with this personal identity code already', [
        { field: 'personalIdentityCode', reason: 'already registered by you' },
      ]);
    }
  }
}

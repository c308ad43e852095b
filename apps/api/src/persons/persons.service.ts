import { Injectable } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { PrincipalCache } from '../auth/principal-cache';
import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { PersonEntity } from './person.entity';
import { PersonsRepository } from './persons.repository';
import { CreatePersonDto, ListPersonsQuery, UpdatePersonDto } from './person.dto';
import type { UpdateProfileDto } from './profile.dto';

@Injectable()
export class PersonsService {
  constructor(
    private readonly persons: PersonsRepository,
    private readonly principals: PrincipalCache,
    private readonly policy: PolicyService,
  ) {}

  async create(dto: CreatePersonDto): Promise<PersonEntity> {
    await this.assertEmailFree(dto.email);
    return this.persons.insert({ ...dto, unit: dto.unit ?? null, locale: dto.locale ?? 'fi', active: true });
  }

  async get(id: string): Promise<PersonEntity> {
    const p = await this.persons.get(id);
    if (!p) throw DomainError.notFound('person', id);
    return p;
  }

  /** Loads several people at once; a missing one is named by the field that referred to it. */
  async getAll(ids: Array<{ id: string; field: string }>): Promise<Map<string, PersonEntity>> {
    const unique = [...new Set(ids.map((i) => i.id))];
    const found = await this.persons.getMany(unique);
    const byId = new Map(found.map((p) => [p.id, p]));
    for (const { id, field } of ids) {
      if (!byId.has(id)) throw DomainError.field('unprocessable', field, `person ${id} does not exist`);
    }
    return byId;
  }

  /**
   * Changes a person's record. Coordinators and admins change staff; only an admin changes an admin or
   * anyone's system role (personDecision). A changed email never moves a bound sign-in account: accounts
   * are matched on the identity provider's subject once bound.
   */
  async update(id: string, dto: UpdatePersonDto, who: StaffPrincipal): Promise<PersonEntity> {
    const p = await this.get(id);
    await this.policy.person(who, id, 'update');
    if (dto.systemRole !== undefined && dto.systemRole !== p.systemRole) await this.policy.person(who, id, 'change_role');
    if (dto.email && dto.email.toLowerCase() !== p.email.toLowerCase()) await this.assertEmailFree(dto.email);
    Object.assign(p, dto);
    const saved = await this.persons.save(p);
    this.principals.clear();
    return saved;
  }

  /**
   * A person's own preferences (their language), set by themselves: only what was sent changes. Their
   * future messages use it — staff participants' rows are refreshed for meetings not yet over, since
   * invitations and reminders read the language from the participant row when they are sent.
   */
  async setOwnPreferences(personId: string, dto: UpdateProfileDto): Promise<PersonEntity> {
    const p = await this.get(personId);
    if (dto.locale === undefined || dto.locale === p.locale) return p;
    await this.persons.setLocale(personId, dto.locale);
    return this.get(personId);
  }

  list(q: ListPersonsQuery): Promise<Page<PersonEntity>> {
    return this.persons.page(q);
  }

  private async assertEmailFree(email: string): Promise<void> {
    const clash = await this.persons.byEmail(email);
    if (clash) throw new DomainError('conflict', `email: ${email} already belongs to another person`, [{ field: 'email', reason: 'already in use' }]);
  }
}

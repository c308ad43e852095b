import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { PrincipalCache } from '../auth/principal-cache';
import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { PersonEntity } from './person.entity';
import { CreatePersonDto, ListPersonsQuery, UpdatePersonDto } from './person.dto';
import type { UpdateProfileDto } from './profile.dto';

@Injectable()
export class PersonsService {
  constructor(
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    private readonly principals: PrincipalCache,
    private readonly policy: PolicyService,
  ) {}

  async create(dto: CreatePersonDto): Promise<PersonEntity> {
    await this.assertEmailFree(dto.email);
    return this.persons.save(this.persons.create({ ...dto, unit: dto.unit ?? null, locale: dto.locale ?? 'fi', active: true }));
  }

  async get(id: string): Promise<PersonEntity> {
    const p = await this.persons.findOneBy({ id });
    if (!p) throw DomainError.notFound('person', id);
    return p;
  }

  /** Loads several people at once; a missing one is named by the field that referred to it. */
  async getAll(ids: Array<{ id: string; field: string }>): Promise<Map<string, PersonEntity>> {
    const unique = [...new Set(ids.map((i) => i.id))];
    const found = unique.length ? await this.persons.findBy(unique.map((id) => ({ id }))) : [];
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
    await this.persons.manager.transaction(async (tx) => {
      await tx.query(`UPDATE person SET locale = $2, updated_at = now() WHERE id = $1`, [personId, dto.locale]);
      await tx.query(
        `UPDATE meeting_participant mp SET locale = $2 FROM meeting m
          WHERE mp.meeting_id = m.id AND mp.person_id = $1 AND mp.kind = 'staff' AND m.ends_at > now()`,
        [personId, dto.locale],
      );
    });
    return this.get(personId);
  }

  list(q: ListPersonsQuery): Promise<Page<PersonEntity>> {
    const qb = this.persons.createQueryBuilder('p').orderBy('p.name', 'ASC').addOrderBy('p.id');
    if (q.profession) qb.andWhere('p.profession = :profession', { profession: q.profession });
    if (q.active !== undefined) qb.andWhere('p.active = :active', { active: q.active });
    if (q.q) qb.andWhere('(p.name ILIKE :q OR p.email ILIKE :q)', { q: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` });
    return paginate(qb, q);
  }

  private async assertEmailFree(email: string): Promise<void> {
    const clash = await this.persons.createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email }).getOne();
    if (clash) throw new DomainError('conflict', `email: ${email} already belongs to another person`, [{ field: 'email', reason: 'already in use' }]);
  }
}

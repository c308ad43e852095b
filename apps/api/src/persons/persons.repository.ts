import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Locale } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { PersonEntity } from './person.entity';
import type { ListPersonsQuery } from './person.dto';

/** What a new person's row is made of (the id and timestamps come from the database). */
export type NewPerson = Pick<PersonEntity, 'name' | 'email' | 'profession' | 'organisation' | 'unit' | 'locale' | 'active'>;

/** The person table (the register of professionals): all of PersonsService's I/O. */
@Injectable()
export class PersonsRepository {
  constructor(@InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>) {}

  insert(person: NewPerson): Promise<PersonEntity> {
    return this.persons.save(this.persons.create(person));
  }

  get(id: string): Promise<PersonEntity | null> {
    return this.persons.findOneBy({ id });
  }

  /** Those of `ids` that exist (any order). */
  getMany(ids: string[]): Promise<PersonEntity[]> {
    return ids.length ? this.persons.findBy(ids.map((id) => ({ id }))) : Promise.resolve([]);
  }

  save(person: PersonEntity): Promise<PersonEntity> {
    return this.persons.save(person);
  }

  /** The person whose email is `email`, compared case-insensitively, or null. */
  byEmail(email: string): Promise<PersonEntity | null> {
    return this.persons.createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email }).getOne();
  }

  /**
   * Sets a person's language, and in the same transaction that of their staff participant rows in
   * meetings that have not ended (the database's time): invitations and reminders read the language
   * from the participant row.
   */
  async setLocale(personId: string, locale: Locale): Promise<void> {
    await this.persons.manager.transaction(async (tx) => {
      await tx.query(`UPDATE person SET locale = $2, updated_at = now() WHERE id = $1`, [personId, locale]);
      await tx.query(
        `UPDATE meeting_participant mp SET locale = $2 FROM meeting m
          WHERE mp.meeting_id = m.id AND mp.person_id = $1 AND mp.kind = 'staff' AND m.ends_at > now()`,
        [personId, locale],
      );
    });
  }

  /** One page of people by name (then id), filtered by profession, activity and a name-or-email substring. */
  page(q: ListPersonsQuery): Promise<Page<PersonEntity>> {
    const qb = this.persons.createQueryBuilder('p').orderBy('p.name', 'ASC').addOrderBy('p.id');
    if (q.profession) qb.andWhere('p.profession = :profession', { profession: q.profession });
    if (q.active !== undefined) qb.andWhere('p.active = :active', { active: q.active });
    if (q.q) qb.andWhere('(p.name ILIKE :q OR p.email ILIKE :q)', { q: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` });
    return paginate(qb, q);
  }
}

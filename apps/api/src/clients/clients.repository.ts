import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { ClientEntity } from './client.entity';
import type { ListClientsQuery } from './client.dto';

export type NewClient = Pick<ClientEntity, 'fullName' | 'personalIdentityCode' | 'birthDate' | 'locale' | 'createdById'>;

/** The client table: all of ClientsService's I/O, as the current actor (row-level security applies). */
@Injectable()
export class ClientsRepository {
  constructor(@InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>) {}

  insert(client: NewClient): Promise<ClientEntity> {
    return this.clients.save(this.clients.create(client));
  }

  get(id: string): Promise<ClientEntity | null> {
    return this.clients.findOneBy({ id });
  }

  save(client: ClientEntity): Promise<ClientEntity> {
    return this.clients.save(client);
  }

  /** Whether `createdById` (null: nobody) has registered a client with this personal identity code. */
  codeRegisteredBy(code: string, createdById: string | null): Promise<boolean> {
    return this.clients.existsBy({ personalIdentityCode: code, createdById: createdById ?? IsNull() });
  }

  /**
   * One page of the clients `viewerId` may see at `now` (staff_may_see_client), by name then id,
   * optionally those whose name contains `q.q` (case-insensitive).
   */
  page(q: ListClientsQuery, viewerId: string, now: Date): Promise<Page<ClientEntity>> {
    const qb = this.clients.createQueryBuilder('c').orderBy('c.full_name', 'ASC').addOrderBy('c.id');
    qb.andWhere('staff_may_see_client(:viewerId, c.id, :now)', { viewerId, now });
    if (q.q) qb.andWhere('c.full_name ILIKE :q', { q: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` });
    return paginate(qb, q);
  }
}

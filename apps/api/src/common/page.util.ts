import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page, PageQuery } from './pagination.dto';

export async function paginate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, page: PageQuery): Promise<Page<T>> {
  const [items, total] = await qb.take(page.limit).skip(page.offset).getManyAndCount();
  return { items, total, limit: page.limit, offset: page.offset };
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { RoomEntity } from './room.entity';
import type { ListRoomsQuery } from './room.dto';

export type NewRoom = Pick<RoomEntity, 'name' | 'unit' | 'capacity' | 'videoDevice'>;

/** The room table: all of RoomsService's I/O. */
@Injectable()
export class RoomsRepository {
  constructor(@InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>) {}

  insert(room: NewRoom): Promise<RoomEntity> {
    return this.rooms.save(this.rooms.create(room));
  }

  get(id: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ id });
  }

  /** The unit's room with this name, both compared case-insensitively, or null. */
  byName(name: string, unit: string): Promise<RoomEntity | null> {
    return this.rooms.createQueryBuilder('r').where('lower(r.name) = lower(:name) AND lower(r.unit) = lower(:unit)', { name, unit }).getOne();
  }

  /** One page of rooms by unit, then name, then id. */
  page(q: ListRoomsQuery): Promise<Page<RoomEntity>> {
    return paginate(this.rooms.createQueryBuilder('r').orderBy('r.unit').addOrderBy('r.name').addOrderBy('r.id'), q);
  }
}

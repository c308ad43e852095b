import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { RoomEntity } from './room.entity';
import { CreateRoomDto, ListRoomsQuery } from './room.dto';

@Injectable()
export class RoomsService {
  constructor(@InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>) {}

  async create(dto: CreateRoomDto): Promise<RoomEntity> {
    const clash = await this.rooms
      .createQueryBuilder('r')
      .where('lower(r.name) = lower(:name) AND lower(r.unit) = lower(:unit)', dto)
      .getOne();
    if (clash) throw DomainError.field('conflict', 'name', `the unit already has a room called "${dto.name}"`);
    return this.rooms.save(this.rooms.create({ name: dto.name, unit: dto.unit, capacity: dto.capacity ?? null, videoDevice: dto.videoDevice ?? false }));
  }

  async get(id: string): Promise<RoomEntity> {
    const r = await this.rooms.findOneBy({ id });
    if (!r) throw DomainError.notFound('room', id);
    return r;
  }

  list(q: ListRoomsQuery): Promise<Page<RoomEntity>> {
    return paginate(this.rooms.createQueryBuilder('r').orderBy('r.unit').addOrderBy('r.name').addOrderBy('r.id'), q);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { RoomEntity } from './room.entity';
import { RoomsRepository } from './rooms.repository';
import { CreateRoomDto, ListRoomsQuery } from './room.dto';

@Injectable()
export class RoomsService {
  constructor(private readonly rooms: RoomsRepository) {}

  async create(dto: CreateRoomDto): Promise<RoomEntity> {
    const clash = await this.rooms.byName(dto.name, dto.unit);
    if (clash) throw DomainError.field('conflict', 'name', `the unit already has a room called "${dto.name}"`);
    return this.rooms.insert({ name: dto.name, unit: dto.unit, capacity: dto.capacity ?? null, videoDevice: dto.videoDevice ?? false });
  }

  async get(id: string): Promise<RoomEntity> {
    const r = await this.rooms.get(id);
    if (!r) throw DomainError.notFound('room', id);
    return r;
  }

  list(q: ListRoomsQuery): Promise<Page<RoomEntity>> {
    return this.rooms.page(q);
  }
}

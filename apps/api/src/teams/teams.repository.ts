import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { TeamMemberRole } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { ResponsiblePairEntity, TeamEntity, TeamMemberEntity } from './team.entity';
import type { ListTeamsQuery } from './team.dto';

export type NewTeam = Pick<TeamEntity, 'kind' | 'name' | 'unit' | 'description'>;
export type NewResponsiblePair = Pick<ResponsiblePairEntity, 'teamId' | 'physicianId' | 'nurseId' | 'validFrom' | 'validTo'>;

/**
 * A team with its members (team_member) and responsible pairs (responsible_pair): all of TeamsService's
 * I/O. Members and pairs come back with their people (eager relations), except from `overlappingPair`.
 */
@Injectable()
export class TeamsRepository {
  constructor(
    @InjectRepository(TeamEntity) private readonly teams: Repository<TeamEntity>,
    @InjectRepository(TeamMemberEntity) private readonly members: Repository<TeamMemberEntity>,
    @InjectRepository(ResponsiblePairEntity) private readonly pairs: Repository<ResponsiblePairEntity>,
  ) {}

  insert(team: NewTeam): Promise<TeamEntity> {
    return this.teams.save(this.teams.create(team));
  }

  get(id: string): Promise<TeamEntity | null> {
    return this.teams.findOneBy({ id });
  }

  save(team: TeamEntity): Promise<TeamEntity> {
    return this.teams.save(team);
  }

  /** The team called `name`, compared case-insensitively, or null. */
  byName(name: string): Promise<TeamEntity | null> {
    return this.teams.createQueryBuilder('t').where('lower(t.name) = lower(:name)', { name }).getOne();
  }

  /** One page of teams by name (then id), of one kind if asked. */
  page(q: ListTeamsQuery): Promise<Page<TeamEntity>> {
    const qb = this.teams.createQueryBuilder('t').orderBy('t.name', 'ASC').addOrderBy('t.id');
    if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
    return paginate(qb, q);
  }

  /** A team's members, oldest membership first. */
  membersOf(teamId: string): Promise<TeamMemberEntity[]> {
    return this.members.find({ where: { teamId }, order: { createdAt: 'ASC' } });
  }

  /** One membership of a team, or null (also when it belongs to another team). */
  member(teamId: string, memberId: string): Promise<TeamMemberEntity | null> {
    return this.members.findOneBy({ id: memberId, teamId });
  }

  isMember(teamId: string, personId: string): Promise<boolean> {
    return this.members.existsBy({ teamId, personId });
  }

  /** Adds a membership and reads it back with its person. */
  async addMember(m: { teamId: string; personId: string; role: TeamMemberRole }): Promise<TeamMemberEntity> {
    const saved = await this.members.save(this.members.create(m));
    return this.members.findOneByOrFail({ id: saved.id });
  }

  saveMember(m: TeamMemberEntity): Promise<TeamMemberEntity> {
    return this.members.save(m);
  }

  /** Removes a membership; false if the team had no such membership. */
  async removeMember(teamId: string, memberId: string): Promise<boolean> {
    const r = await this.members.delete({ id: memberId, teamId });
    return !!r.affected;
  }

  /** A team's responsible pairs, latest term first. */
  pairsOf(teamId: string): Promise<ResponsiblePairEntity[]> {
    return this.pairs.find({ where: { teamId }, order: { validFrom: 'DESC' } });
  }

  /**
   * A pair of the team whose term (both ends inclusive; an open end is "until further notice") overlaps
   * `from`–`to` (dates, YYYY-MM-DD; `to` null = open), or null. Without its people.
   */
  overlappingPair(teamId: string, from: string, to: string | null): Promise<ResponsiblePairEntity | null> {
    return this.pairs
      .createQueryBuilder('p')
      .where('p.team_id = :teamId', { teamId })
      .andWhere(`daterange(p.valid_from, p.valid_to, '[]') && daterange(:from::date, :to::date, '[]')`, { from, to })
      .getOne();
  }

  /** Adds a responsible pair and reads it back with its people. */
  async addPair(pair: NewResponsiblePair): Promise<ResponsiblePairEntity> {
    const saved = await this.pairs.save(this.pairs.create(pair));
    return this.pairs.findOneByOrFail({ id: saved.id });
  }
}

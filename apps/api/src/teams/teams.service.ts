import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { DomainError, checkResponsiblePair } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';
import { PrincipalCache } from '../auth/principal-cache';
import { PersonsService } from '../persons/persons.service';
import { ResponsiblePairEntity, TeamEntity, TeamMemberEntity } from './team.entity';
import { TeamsRepository } from './teams.repository';
import { AddMemberDto, CreateResponsiblePairDto, CreateTeamDto, ListTeamsQuery, UpdateMemberDto, UpdateTeamDto } from './team.dto';

export interface TeamDetail extends TeamEntity {
  members: TeamMemberEntity[];
  responsiblePairs: ResponsiblePairEntity[];
}

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly persons: PersonsService,
    private readonly principals: PrincipalCache,
    private readonly policy: PolicyService,
  ) {}

  async create(dto: CreateTeamDto): Promise<TeamEntity> {
    await this.assertNameFree(dto.name);
    return this.teams.insert({ ...dto, description: dto.description ?? null });
  }

  async get(id: string): Promise<TeamEntity> {
    const t = await this.teams.get(id);
    if (!t) throw DomainError.notFound('team', id);
    return t;
  }

  async detail(id: string): Promise<TeamDetail> {
    const team = await this.get(id);
    const [members, responsiblePairs] = await Promise.all([
      this.teams.membersOf(id),
      this.teams.pairsOf(id),
    ]);
    return { ...team, members, responsiblePairs };
  }

  async update(id: string, dto: UpdateTeamDto): Promise<TeamEntity> {
    const t = await this.get(id);
    if (dto.name && dto.name.toLowerCase() !== t.name.toLowerCase()) await this.assertNameFree(dto.name);
    Object.assign(t, dto);
    return this.teams.save(t);
  }

  list(q: ListTeamsQuery): Promise<Page<TeamEntity>> {
    return this.teams.page(q);
  }

  /** Adds a member: a coordinator, or the team's own chair (who cannot name chairs) — teamMembershipDecision. */
  async addMember(teamId: string, dto: AddMemberDto, who: StaffPrincipal | null): Promise<TeamMemberEntity> {
    await this.get(teamId);
    if (who) await this.policy.teamMembers(who, teamId, { makesChair: dto.role === 'chair' || dto.role === 'coordinator', self: dto.personId === who.personId });
    await this.persons.getAll([{ id: dto.personId, field: 'personId' }]);
    if (await this.teams.isMember(teamId, dto.personId)) {
      throw new DomainError('conflict', 'personId: this person is already a member of the team', [{ field: 'personId', reason: 'already a member' }]);
    }
    const added = await this.teams.addMember({ teamId, personId: dto.personId, role: dto.role ?? 'member' });
    this.principals.clear();
    return added;
  }

  async updateMember(teamId: string, memberId: string, dto: UpdateMemberDto, who: StaffPrincipal): Promise<TeamMemberEntity> {
    const m = await this.teams.member(teamId, memberId);
    if (!m) throw DomainError.notFound('team member', memberId);
    await this.policy.teamMembers(who, teamId, { makesChair: dto.role !== 'member' || m.role !== 'member', self: m.personId === who.personId });
    m.role = dto.role;
    const saved = await this.teams.saveMember(m);
    this.principals.clear();
    return saved;
  }

  async removeMember(teamId: string, memberId: string, who: StaffPrincipal): Promise<void> {
    const m = await this.teams.member(teamId, memberId);
    if (!m) throw DomainError.notFound('team member', memberId);
    await this.policy.teamMembers(who, teamId, { makesChair: m.role !== 'member', self: m.personId === who.personId });
    if (!(await this.teams.removeMember(teamId, memberId))) throw DomainError.notFound('team member', memberId);
    this.principals.clear();
  }

  async addResponsiblePair(teamId: string, dto: CreateResponsiblePairDto): Promise<ResponsiblePairEntity> {
    await this.get(teamId);
    const people = await this.persons.getAll([
      { id: dto.physicianId, field: 'physicianId' },
      { id: dto.nurseId, field: 'nurseId' },
    ]);
    const validTo = dto.validTo ?? null;
    checkResponsiblePair({
      physicianProfession: people.get(dto.physicianId)!.profession,
      nurseProfession: people.get(dto.nurseId)!.profession,
      validFrom: dto.validFrom,
      validTo,
    });
    const overlapping = await this.teams.overlappingPair(teamId, dto.validFrom, validTo);
    if (overlapping) {
      throw new DomainError(
        'conflict',
        `validFrom: the team already has a responsible pair from ${overlapping.validFrom} to ${overlapping.validTo ?? 'further notice'}`,
        [{ field: 'validFrom', reason: 'overlaps an existing responsible pair' }],
        { conflictingPairId: overlapping.id },
      );
    }
    const added = await this.teams.addPair({ teamId, physicianId: dto.physicianId, nurseId: dto.nurseId, validFrom: dto.validFrom, validTo });
    this.principals.clear();
    return added;
  }

  listResponsiblePairs(teamId: string): Promise<ResponsiblePairEntity[]> {
    return this.teams.pairsOf(teamId);
  }

  private async assertNameFree(name: string): Promise<void> {
    const clash = await this.teams.byName(name);
    if (clash) throw new DomainError('conflict', `name: a team called "${name}" already exists`, [{ field: 'name', reason: 'already in use' }]);
  }
}

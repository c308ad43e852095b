import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DomainError,
  MeetingFacts,
  MeetingPolicyAction,
  PolicyActor,
  RequestFacts,
  RequestPolicyAction,
  clientDecision,
  enforce,
  guestMinutesDecision,
  meetingDecision,
  minutesDecision,
  personDecision,
  requestDecision,
  teamInboxDecision,
  teamMembershipDecision,
} from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { AccessRepository } from './access.repository';
import type { Principal, StaffPrincipal } from './principal';

/**
 * The one place services ask "may this person do this to this object?" before they read or write it.
 * Facts come from AccessRepository; the answer from the pure policy (libs/domain/policy.ts). Every
 * method throws a DomainError (404 when the object is hidden from the actor, 403 when it is visible but
 * the action is not theirs) and returns the facts so callers need not read them again.
 */
@Injectable()
export class PolicyService {
  constructor(
    private readonly access: AccessRepository,
    private readonly clock: Clock,
  ) {}

  async request(who: StaffPrincipal, requestId: string, action: RequestPolicyAction, tx?: EntityManager): Promise<RequestFacts> {
    const f = await this.access.requestFacts(who.personId, requestId, this.clock.now(), tx);
    if (!f) throw DomainError.notFound('consultation request', requestId);
    enforce(requestDecision(actorOf(who), action, f), 'consultation request', requestId);
    return f;
  }

  async meeting(who: Principal, meetingId: string, action: MeetingPolicyAction, tx?: EntityManager): Promise<MeetingFacts | null> {
    if (who.kind === 'guest') {
      // a guest reads the meeting of their invitation and nothing else; they change nothing
      if (who.meetingId !== meetingId) throw DomainError.notFound('meeting', meetingId);
      if (action !== 'read') throw new DomainError('forbidden', `meeting ${meetingId}: guests do not change meetings`);
      return null;
    }
    const f = await this.access.meetingFacts(who.personId, meetingId, this.clock.now(), tx);
    if (!f) throw DomainError.notFound('meeting', meetingId);
    enforce(meetingDecision(actorOf(who), action, f), 'meeting', meetingId);
    return f;
  }

  /** Minutes by id, for staff and for guests (finalised, own meeting, within consent at this moment). */
  async minutes(who: Principal, minutesId: string, action: 'read' | 'write'): Promise<void> {
    if (who.kind === 'guest') {
      if (action !== 'read') throw new DomainError('forbidden', `minutes ${minutesId}: guests do not write minutes`);
      const g = await this.access.guestMinutesFacts(who.participantId, minutesId, this.clock.now());
      if (!g) throw DomainError.notFound('minutes', minutesId);
      enforce(guestMinutesDecision(g), 'minutes', minutesId);
      return;
    }
    const f = await this.access.minutesFacts(who.personId, minutesId, this.clock.now());
    if (!f) throw DomainError.notFound('minutes', minutesId);
    enforce(minutesDecision(actorOf(who), action, f), 'minutes', minutesId);
  }

  /** The same rule as minutes(…, 'read'), as a yes or no (for filtering lists). */
  async mayReadMinutes(who: Principal, minutesId: string): Promise<boolean> {
    try {
      await this.minutes(who, minutesId, 'read');
      return true;
    } catch (e) {
      if (e instanceof DomainError && (e.code === 'not_found' || e.code === 'forbidden')) return false;
      throw e;
    }
  }

  /**
   * A client: read within need to know; changed (record, consents, identified requests about them) only
   * with a direct care relationship — see clientDecision.
   */
  async client(who: StaffPrincipal, clientId: string, action: 'read' | 'update'): Promise<void> {
    const f = await this.access.clientFacts(who.personId, clientId, this.clock.now());
    enforce(clientDecision(actorOf(who), action, f.seesClient, f.directCare), 'client', clientId);
  }

  /**
   * A team's sessions (series, occurrences, allocation) are set up by its chairs of the day that counts
   * (`at`, today by default) or by a coordinator.
   */
  async teamSessions(who: StaffPrincipal, teamId: string, at: Date = this.clock.now()): Promise<void> {
    if (who.systemRole === 'coordinator') return;
    if (!(await this.access.chairsTeam(who.personId, teamId, at))) {
      throw new DomainError('forbidden', `team ${teamId}: only its chairs of that day or a coordinator set up its sessions`, [], { reason: 'not_chair' });
    }
  }

  /** A team's triage inbox (teamInboxDecision): returns the caller's relations to the team, for the rows' own decisions. */
  async teamInbox(who: StaffPrincipal, teamId: string): Promise<{ teamMember: boolean; chairToday: boolean }> {
    const f = await this.access.teamRelations(who.personId, teamId, this.clock.now());
    enforce(teamInboxDecision(actorOf(who), f), 'inbox of team', teamId);
    return f;
  }

  /** Reading a team's sessions and their agenda: its members and chairs, and coordinators (others: 404). */
  async teamRead(who: StaffPrincipal, teamId: string): Promise<void> {
    if (who.systemRole === 'coordinator') return;
    if (!(await this.access.memberOrChair(who.personId, teamId, this.clock.now()))) throw DomainError.notFound('team sessions of team', teamId);
  }

  /** Changes to a person (their record, role or availability) by `who` (personDecision). */
  async person(who: StaffPrincipal, personId: string, action: 'update' | 'change_role' | 'availability'): Promise<void> {
    const targetIsAdmin = await this.access.isAdmin(personId);
    enforce(personDecision(actorOf(who), action, { self: who.personId === personId, targetIsAdmin }), 'person', personId);
  }

  /** Changes to a team's members by `who` (teamMembershipDecision): its own chairs, never naming chairs, or a coordinator. */
  async teamMembers(who: StaffPrincipal, teamId: string, change: { makesChair: boolean; self?: boolean }): Promise<void> {
    const chairToday = who.systemRole === 'staff' ? await this.access.chairsTeam(who.personId, teamId, this.clock.now()) : false;
    enforce(teamMembershipDecision(actorOf(who), { chairToday }, change), 'team', teamId);
  }

  /** Chairs team `teamId` on the Helsinki date of `at` (today by default). */
  chairs(who: StaffPrincipal, teamId: string, at: Date = this.clock.now()): Promise<boolean> {
    return this.access.chairsTeam(who.personId, teamId, at);
  }
}

export function actorOf(who: StaffPrincipal): PolicyActor {
  return { personId: who.personId, systemRole: who.systemRole };
}


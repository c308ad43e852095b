import { hasOwnRight } from './consent';
import { DomainError } from './errors';
import type { FamilyRelation } from './meeting';

/**
 * Need to know, by object and by actor: the one policy of Kohtaamo for *this* object. The permission
 * table (access.ts) says which kinds of action a role may take at all; this module says whether the
 * signed-in person may take it on one object, from their relations to it. It is pure: the facts come
 * from `AccessRepository` (apps/api/src/auth/access.repository.ts), which computes them in SQL with the
 * two shared definitions `chairs_team(person, team, day)` and `staff_may_see_client(person, client, at)`.
 *
 * The answers follow one rule of disclosure: an object the actor may not even read is "not found"
 * (404: its existence is not disclosed); an object they may read but not change is "forbidden" (403).
 *
 * Sources: Client Data Act 703/2023 (need to know; § 11 access and disclosure logs), Information
 * Management Act 906/2019 § 17 (logging of use), and the family-centre concept's responsible pair.
 */

/** The staff principal's standing that matters to the policy (from their account and teams). */
export interface PolicyActor {
  personId: string;
  /** 'coordinator' sets up teams, sessions and network meetings; 'admin' runs the system and sees no client data. */
  systemRole: 'staff' | 'coordinator' | 'admin';
}

export type Decision = { allowed: true } | { allowed: false; code: 'not_found' | 'forbidden'; reason: string };

const ALLOW: Decision = { allowed: true };
const hidden = (reason: string): Decision => ({ allowed: false, code: 'not_found', reason });
const refused = (reason: string): Decision => ({ allowed: false, code: 'forbidden', reason });

/** Throws the decision's DomainError (404 for hidden objects, naming only the kind and id; 403 with the reason). */
export function enforce(d: Decision, entity: string, id: string): void {
  if (d.allowed) return;
  if (d.code === 'not_found') throw DomainError.notFound(entity, id);
  throw new DomainError('forbidden', `${entity} ${id}: ${d.reason}`, [], { reason: d.reason, entity });
}

// ---------------------------------------------------------------------------------------------------
// Consultation requests (FHIR ServiceRequest)

export interface RequestFacts {
  anonymous: boolean;
  status: string;
  /** The actor filed it. */
  requester: boolean;
  /** The actor is the client's own worker (omatyöntekijä) named on it. */
  ownWorker: boolean;
  /** The actor is a member of the team it was sent to. */
  teamMember: boolean;
  /** The actor chairs that team today (team chair, or responsible pair valid on the Helsinki date). */
  chairToday: boolean;
  /** For an identified request: staff_may_see_client(actor, client, now). Anonymous: true. */
  seesClient: boolean;
}

export type RequestPolicyAction = 'read' | 'edit' | 'triage' | 'resubmit' | 'book';

export function requestDecision(actor: PolicyActor, action: RequestPolicyAction, f: RequestFacts): Decision {
  if (actor.systemRole === 'admin') return hidden('the administrator sees no client data');
  const own = f.requester || f.ownWorker;
  const team = f.teamMember || f.chairToday;
  const readable = (own || team) && f.seesClient;
  if (!readable) return hidden('no care relationship with this request');
  switch (action) {
    case 'read':
      return ALLOW;
    case 'edit':
      // the status (submitted or more information needed) is the lifecycle's rule, with its own 422
      return own ? ALLOW : refused('only the requester or the own worker edits a request');
    case 'resubmit':
      return own ? ALLOW : refused('only the requester or the own worker can resubmit a request');
    case 'triage':
      return f.chairToday ? ALLOW : refused('only the chairs of the team the request was sent to can triage it');
    case 'book':
      return f.chairToday || actor.systemRole === 'coordinator' ? ALLOW : refused("only the team's chairs or a coordinator book cases");
  }
}

export interface TeamQueueFacts {
  /** The actor is a member of the team (any team role). */
  teamMember: boolean;
  /** The actor chairs the team today. */
  chairToday: boolean;
}

/**
 * A team's triage inbox (its open requests, with their deadlines): the team's members and chairs, and
 * coordinators, who plan the sessions; to anyone else the team's queue does not exist (404). Which rows
 * and how much of each the caller sees is requestDecision's, row by row (a coordinator outside the team
 * sees the queue, not the cases' words).
 */
export function teamInboxDecision(actor: PolicyActor, f: TeamQueueFacts): Decision {
  if (actor.systemRole === 'admin') return hidden('the administrator sees no client data');
  if (f.teamMember || f.chairToday || actor.systemRole === 'coordinator') return ALLOW;
  return hidden("only the team's members and chairs and coordinators see its inbox");
}

// ---------------------------------------------------------------------------------------------------
// Meetings (FHIR Appointment): team sessions and network meetings

export interface MeetingFacts {
  kind: 'team_session' | 'network_meeting' | string;
  /** The meeting's own request (a network meeting's case), if any; not a relation, read along so callers need not load the meeting again. */
  requestId?: string | null;
  /** The actor booked it (network meetings) — its organiser and host. */
  organiser: boolean;
  /** The actor is a staff participant. */
  participant: boolean;
  /** The actor is a staff participant the organiser named co-host (admits guests, records attendance, ends the meeting). */
  coHost?: boolean;
  /** The actor is a member of the meeting's team (team sessions). */
  teamMember: boolean;
  /** The actor chairs the meeting's team on the meeting's Helsinki date. */
  chairOnDay: boolean;
  /** The actor is the requester or own worker of the meeting's request (or of a case on its agenda). */
  caseWorker: boolean;
  /** The meeting is about an identified client. */
  identified: boolean;
  /** staff_may_see_client for that client (true when not identified). */
  seesClient: boolean;
}

export type MeetingPolicyAction = 'read' | 'manage' | 'book_agenda' | 'host' | 'write_minutes' | 'read_client_data';

export function meetingDecision(actor: PolicyActor, action: MeetingPolicyAction, f: MeetingFacts): Decision {
  const coordinator = actor.systemRole === 'coordinator';
  const session = f.kind === 'team_session';
  const readable = f.organiser || f.participant || f.chairOnDay || f.caseWorker || (session && (f.teamMember || coordinator));
  if (actor.systemRole === 'admin' || !readable) return hidden('you take no part in this meeting');
  switch (action) {
    case 'read':
      return ALLOW;
    case 'read_client_data':
      return f.seesClient ? ALLOW : refused('this meeting concerns an identified client you have no care relationship with (or whose consent no longer covers you)');
    case 'manage':
      // time, place, participants, invitations, cancellation
      if (f.organiser || f.chairOnDay || (session && coordinator)) return ALLOW;
      return refused(session ? "only the team's chairs of that day or a coordinator change a team session" : 'only the organiser changes a network meeting');
    case 'book_agenda':
      if (!session) return refused('agenda slots belong to team sessions');
      return f.chairOnDay || coordinator ? ALLOW : refused("only the team's chairs of that day or a coordinator book cases into a session");
    case 'host':
      // hosting: admitting guests from the lobby, recording who sat in the room, ending the meeting
      return f.organiser || f.chairOnDay || (f.coHost === true && f.participant) ? ALLOW : refused('only the organiser, a co-host or the chairs of that day host the meeting');
    case 'write_minutes':
      if (!(f.organiser || f.chairOnDay)) return refused("only the organiser or the team's chairs of that day write the minutes");
      return f.seesClient ? ALLOW : refused('this meeting concerns an identified client you have no care relationship with');
  }
}

// ---------------------------------------------------------------------------------------------------
// Minutes (muistio)

export interface MinutesFacts {
  meeting: MeetingFacts;
  anonymous: boolean;
  finalised: boolean;
  /** For a case's minutes in a team session: the actor's standing towards that case's request. */
  caseSeen: boolean;
}

/**
 * Staff read a meeting's minutes when they may read the meeting and, for an identified case, may see
 * the client. Writing (draft, finalise, correct) is the organiser's or that day's chairs'.
 */
export function minutesDecision(actor: PolicyActor, action: 'read' | 'write', f: MinutesFacts): Decision {
  const meeting = meetingDecision(actor, 'read', f.meeting);
  if (!meeting.allowed) return hidden('you take no part in the meeting of these minutes');
  if (!f.anonymous && !f.caseSeen) return hidden('these minutes concern an identified client you have no care relationship with');
  if (action === 'read') return ALLOW;
  return f.meeting.organiser || f.meeting.chairOnDay ? ALLOW : refused("only the organiser or the team's chairs of that day write the minutes");
}

/** What a guest (school, daycare, Kela, parish) or a family member holding an invitation may read of minutes. */
export interface GuestMinutesFacts {
  kind: 'external' | 'family';
  /** The minutes belong to the meeting of the guest's invitation. */
  ownMeeting: boolean;
  anonymous: boolean;
  finalised: boolean;
  /** The consent, at the moment of reading: given, not expired, not withdrawn. */
  consentActive: boolean;
  /** The consent was given and has since been withdrawn or has expired. */
  consentEnded: boolean;
  /** The consent names the guest's organisation type and the data category "minutes". */
  consentCoversGuest: boolean;
  /** A family member's relation to the client (null for outside participants). */
  relation: FamilyRelation | null;
}

export function guestMinutesDecision(f: GuestMinutesFacts): Decision {
  if (!f.ownMeeting) return hidden('not the meeting of your invitation');
  if (!f.finalised) return hidden('minutes are shown only when they are final');
  if (f.anonymous) return hidden('an anonymous consultation has no minutes for guests');
  // the client and a guardian read on their own right (consent.ts hasOwnRight): a withdrawn or expired
  // consent no longer lets the minutes go to others, but takes nothing from them
  const ownRight = f.consentEnded && hasOwnRight(f.kind, f.relation);
  if (!f.consentActive && !ownRight) return refused("the family's consent is no longer valid");
  if (f.kind === 'external' && !f.consentCoversGuest) return refused("the family's consent does not cover showing these minutes to your organisation");
  if (f.kind === 'family' && !f.consentCoversGuest) return refused('the consent does not cover minutes');
  return ALLOW;
}

// ---------------------------------------------------------------------------------------------------
// Clients, teams, people

/**
 * A client: read within need to know (which a team has through an active consent); changed — the record,
 * its consents, identified requests about it — only with a direct care relationship (registered the
 * client, or requester or own worker of a request about them). Access that comes from a consent cannot
 * make itself permanent by recording another consent or filing another request.
 */
export function clientDecision(actor: PolicyActor, action: 'read' | 'update', seesClient: boolean, directCare: boolean): Decision {
  if (actor.systemRole === 'admin' || !seesClient) return hidden('no care relationship with this client');
  if (action === 'read') return ALLOW;
  return directCare ? ALLOW : refused('only the client’s own workers (who registered the client or asked about them) change the client, its consents or requests about them');
}

export interface TeamFacts {
  /** The actor chairs this team today. */
  chairToday: boolean;
}

/**
 * Team membership: a coordinator or admin manages any team; a chair manages only their own team's
 * members and cannot make anyone (themselves included) a chair — chairs are named by coordinators, and
 * never by themselves.
 */
export function teamMembershipDecision(actor: PolicyActor, f: TeamFacts, change: { makesChair: boolean; self?: boolean }): Decision {
  // chairing gives need to know of the team's clients: nobody names themselves
  if (change.makesChair && change.self) return refused('nobody names themselves a chair; another coordinator does');
  if (actor.systemRole === 'coordinator' || actor.systemRole === 'admin') return ALLOW;
  if (!f.chairToday) return refused("only the team's own chairs or a coordinator change its members");
  if (change.makesChair) return refused('only a coordinator names the chairs of a team');
  return ALLOW;
}

export interface PersonFacts {
  self: boolean;
  targetIsAdmin: boolean;
}

/**
 * People: everyone edits their own working hours and calendar; a coordinator edits staff's; only an
 * admin edits an admin or changes anyone's system role.
 */
export function personDecision(actor: PolicyActor, action: 'update' | 'change_role' | 'availability', f: PersonFacts): Decision {
  const admin = actor.systemRole === 'admin';
  if (f.targetIsAdmin && !admin && !(f.self && action === 'availability')) return refused('only an administrator changes an administrator');
  switch (action) {
    case 'availability':
      return f.self || actor.systemRole === 'coordinator' ? ALLOW : refused('only the person themselves or a coordinator changes working hours and calendars');
    case 'update':
      return admin || actor.systemRole === 'coordinator' ? ALLOW : refused('only a coordinator or an administrator changes people');
    case 'change_role':
      return admin ? ALLOW : refused('only an administrator changes system roles');
  }
}

import type { FamilyRelation } from './meeting';
import {
  MeetingFacts,
  clientDecision,
  PolicyActor,
  RequestFacts,
  guestMinutesDecision,
  meetingDecision,
  minutesDecision,
  personDecision,
  requestDecision,
  teamMembershipDecision,
} from './policy';

const nurse: PolicyActor = { personId: 'n', systemRole: 'staff' };
const coordinator: PolicyActor = { personId: 'c', systemRole: 'coordinator' };
const admin: PolicyActor = { personId: 'a', systemRole: 'admin' };

const noRelation: RequestFacts = { anonymous: false, status: 'submitted', requester: false, ownWorker: false, teamMember: false, chairToday: false, seesClient: false };
const noMeeting: MeetingFacts = { kind: 'network_meeting', organiser: false, participant: false, teamMember: false, chairOnDay: false, caseWorker: false, identified: true, seesClient: false };

describe('requestDecision', () => {
  it('hides a request from someone with no relation to it (404, not 403)', () => {
    expect(requestDecision(nurse, 'read', noRelation)).toMatchObject({ allowed: false, code: 'not_found' });
    expect(requestDecision(nurse, 'edit', { ...noRelation, anonymous: true, seesClient: true })).toMatchObject({ allowed: false, code: 'not_found' });
  });

  it('lets the requester read, edit and resubmit, but not triage', () => {
    const own = { ...noRelation, requester: true, seesClient: true };
    expect(requestDecision(nurse, 'read', own).allowed).toBe(true);
    expect(requestDecision(nurse, 'edit', own).allowed).toBe(true);
    expect(requestDecision(nurse, 'resubmit', own).allowed).toBe(true);
    expect(requestDecision(nurse, 'triage', own)).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('lets a team member read but not edit; the chair of the day triages and books', () => {
    const member = { ...noRelation, teamMember: true, seesClient: true };
    expect(requestDecision(nurse, 'read', member).allowed).toBe(true);
    expect(requestDecision(nurse, 'edit', member)).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(requestDecision(nurse, 'triage', member)).toMatchObject({ allowed: false, code: 'forbidden' });
    const chair = { ...member, chairToday: true };
    expect(requestDecision(nurse, 'triage', chair).allowed).toBe(true);
    expect(requestDecision(nurse, 'book', chair).allowed).toBe(true);
  });

  it('an identified request is hidden from its team once need to know ends (consent withdrawn)', () => {
    expect(requestDecision(nurse, 'read', { ...noRelation, teamMember: true, chairToday: true, seesClient: false })).toMatchObject({ code: 'not_found' });
  });

  it('the administrator sees no requests at all', () => {
    expect(requestDecision(admin, 'read', { ...noRelation, requester: true, seesClient: true })).toMatchObject({ code: 'not_found' });
  });
});

describe('meetingDecision', () => {
  it('hides a meeting from staff who take no part in it', () => {
    expect(meetingDecision(nurse, 'read', noMeeting)).toMatchObject({ code: 'not_found' });
    // a coordinator sees team sessions, not other people's network meetings
    expect(meetingDecision(coordinator, 'read', noMeeting)).toMatchObject({ code: 'not_found' });
    expect(meetingDecision(coordinator, 'read', { ...noMeeting, kind: 'team_session' }).allowed).toBe(true);
  });

  it('a participant reads but does not manage, host or write minutes', () => {
    const p = { ...noMeeting, participant: true, seesClient: true };
    expect(meetingDecision(nurse, 'read', p).allowed).toBe(true);
    for (const a of ['manage', 'host', 'write_minutes'] as const) expect(meetingDecision(nurse, a, p)).toMatchObject({ code: 'forbidden' });
  });

  it('the organiser manages and hosts a network meeting; the chair of the day a team session', () => {
    expect(meetingDecision(nurse, 'manage', { ...noMeeting, organiser: true }).allowed).toBe(true);
    expect(meetingDecision(nurse, 'host', { ...noMeeting, organiser: true }).allowed).toBe(true);
    const session = { ...noMeeting, kind: 'team_session', teamMember: true, identified: false, seesClient: true };
    expect(meetingDecision(nurse, 'manage', session)).toMatchObject({ code: 'forbidden' });
    expect(meetingDecision(nurse, 'book_agenda', session)).toMatchObject({ code: 'forbidden' });
    expect(meetingDecision(nurse, 'host', { ...session, chairOnDay: true }).allowed).toBe(true);
    expect(meetingDecision(nurse, 'book_agenda', { ...session, chairOnDay: true }).allowed).toBe(true);
    expect(meetingDecision(coordinator, 'manage', { ...session, teamMember: false }).allowed).toBe(true);
    expect(meetingDecision(coordinator, 'host', { ...session, teamMember: false })).toMatchObject({ code: 'forbidden' });
  });

  it('a co-host named by the organiser hosts (admits, records attendance, ends) but does not manage or write minutes', () => {
    const co = { ...noMeeting, participant: true, coHost: true, seesClient: true };
    expect(meetingDecision(nurse, 'host', co).allowed).toBe(true);
    expect(meetingDecision(nurse, 'manage', co)).toMatchObject({ code: 'forbidden' });
    expect(meetingDecision(nurse, 'write_minutes', co)).toMatchObject({ code: 'forbidden' });
    // a host flag without being a participant (removed since) hosts nothing
    expect(meetingDecision(nurse, 'host', { ...co, participant: false, caseWorker: true })).toMatchObject({ code: 'forbidden' });
  });

  it('the organiser may not write minutes of an identified client outside need to know', () => {
    expect(meetingDecision(nurse, 'write_minutes', { ...noMeeting, organiser: true, seesClient: false })).toMatchObject({ code: 'forbidden' });
    expect(meetingDecision(nurse, 'write_minutes', { ...noMeeting, organiser: true, seesClient: true }).allowed).toBe(true);
  });
});

describe('minutesDecision', () => {
  const session: MeetingFacts = { ...noMeeting, kind: 'team_session', teamMember: true, identified: false, seesClient: true };
  it('a team member reads anonymous minutes of the session, not an identified case without need to know', () => {
    expect(minutesDecision(nurse, 'read', { meeting: session, anonymous: true, finalised: false, caseSeen: true }).allowed).toBe(true);
    expect(minutesDecision(nurse, 'read', { meeting: session, anonymous: false, finalised: true, caseSeen: false })).toMatchObject({ code: 'not_found' });
    expect(minutesDecision(nurse, 'write', { meeting: session, anonymous: true, finalised: false, caseSeen: true })).toMatchObject({ code: 'forbidden' });
  });
});

describe('guestMinutesDecision', () => {
  const ok = { kind: 'external' as 'external' | 'family', ownMeeting: true, anonymous: false, finalised: true, consentActive: true, consentEnded: false, consentCoversGuest: true, relation: null as FamilyRelation | null };
  it('shows finalised minutes of the own meeting within an active consent only', () => {
    expect(guestMinutesDecision(ok).allowed).toBe(true);
    expect(guestMinutesDecision({ ...ok, ownMeeting: false })).toMatchObject({ code: 'not_found' });
    expect(guestMinutesDecision({ ...ok, finalised: false })).toMatchObject({ code: 'not_found' });
    expect(guestMinutesDecision({ ...ok, anonymous: true })).toMatchObject({ code: 'not_found' });
    expect(guestMinutesDecision({ ...ok, consentActive: false })).toMatchObject({ code: 'forbidden' });
    expect(guestMinutesDecision({ ...ok, consentCoversGuest: false })).toMatchObject({ code: 'forbidden' });
    expect(guestMinutesDecision({ ...ok, kind: 'family', consentCoversGuest: false })).toMatchObject({ code: 'forbidden' });
  });
  it('a guardian and the client keep reading after the consent ends; the school, a non-custodial parent and relatives do not', () => {
    const ended = { ...ok, consentActive: false, consentEnded: true };
    expect(guestMinutesDecision({ ...ended, kind: 'family', relation: 'guardian' }).allowed).toBe(true);
    expect(guestMinutesDecision({ ...ended, kind: 'family', relation: 'child' }).allowed).toBe(true);
    expect(guestMinutesDecision({ ...ended, kind: 'family', relation: 'parent' })).toMatchObject({ code: 'forbidden' });
    expect(guestMinutesDecision({ ...ended, kind: 'family', relation: 'other' })).toMatchObject({ code: 'forbidden' });
    expect(guestMinutesDecision(ended)).toMatchObject({ code: 'forbidden' });
    // not given yet is not "ended"; and the minutes must have been in the consent's scope at all
    expect(guestMinutesDecision({ ...ok, consentActive: false, kind: 'family', relation: 'guardian' })).toMatchObject({ code: 'forbidden' });
    expect(guestMinutesDecision({ ...ended, kind: 'family', relation: 'guardian', consentCoversGuest: false })).toMatchObject({ code: 'forbidden' });
  });
});

describe('clientDecision', () => {
  it('reads within need to know; changes only with a direct care relationship', () => {
    expect(clientDecision(nurse, 'read', false, false)).toMatchObject({ code: 'not_found' });
    expect(clientDecision(nurse, 'read', true, false).allowed).toBe(true);
    expect(clientDecision(nurse, 'update', true, false)).toMatchObject({ code: 'forbidden' });
    expect(clientDecision(nurse, 'update', true, true).allowed).toBe(true);
    expect(clientDecision(admin, 'read', true, true)).toMatchObject({ code: 'not_found' });
  });
});

describe('teams and people', () => {
  it('a chair manages their own team but names no chairs; a coordinator does both', () => {
    expect(teamMembershipDecision(nurse, { chairToday: true }, { makesChair: false }).allowed).toBe(true);
    expect(teamMembershipDecision(nurse, { chairToday: true }, { makesChair: true })).toMatchObject({ code: 'forbidden' });
    expect(teamMembershipDecision(nurse, { chairToday: false }, { makesChair: false })).toMatchObject({ code: 'forbidden' });
    expect(teamMembershipDecision(coordinator, { chairToday: false }, { makesChair: true }).allowed).toBe(true);
  });

  it('nobody names themselves a chair', () => {
    expect(teamMembershipDecision(coordinator, { chairToday: false }, { makesChair: true, self: true })).toMatchObject({ code: 'forbidden' });
    expect(teamMembershipDecision(admin, { chairToday: false }, { makesChair: true, self: true })).toMatchObject({ code: 'forbidden' });
  });

  it('only an admin edits an admin or changes roles; availability is the person’s own or a coordinator’s', () => {
    expect(personDecision(coordinator, 'update', { self: false, targetIsAdmin: true })).toMatchObject({ code: 'forbidden' });
    expect(personDecision(admin, 'update', { self: false, targetIsAdmin: true }).allowed).toBe(true);
    expect(personDecision(coordinator, 'change_role', { self: false, targetIsAdmin: false })).toMatchObject({ code: 'forbidden' });
    expect(personDecision(admin, 'change_role', { self: false, targetIsAdmin: false }).allowed).toBe(true);
    expect(personDecision(nurse, 'availability', { self: false, targetIsAdmin: false })).toMatchObject({ code: 'forbidden' });
    expect(personDecision(nurse, 'availability', { self: true, targetIsAdmin: false }).allowed).toBe(true);
    expect(personDecision(coordinator, 'availability', { self: false, targetIsAdmin: false }).allowed).toBe(true);
  });
});

import { Injectable } from '@nestjs/common';
import { requestDecision } from '@kohtaamo/domain';
import type { Locale } from '@kohtaamo/domain';
import { actorOf } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PersonsService } from '../persons/persons.service';
import { HomeDto, MyMeetingDto, MyRequestDto, MyRequestsPageDto, MyRequestsQuery } from './home.dto';
import { HomeRepository, MyMeetingRow, MyRequestRow } from './home.repository';
import { InboxRepository } from './inbox.repository';

const HOME_REQUESTS = 10;
const HOME_MEETINGS = 10;

/**
 * Home for the signed-in professional, in one answer: their own requests (status, the team's latest
 * question, the next meeting about each), the meetings they take part in, and the inbox counts of their
 * teams. Everything is the caller's own by relation (requester or own worker; organiser, participant,
 * chair, case worker, team member), and the inbox counts hold only the rows the caller may see.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly home: HomeRepository,
    private readonly inbox: InboxRepository,
    private readonly persons: PersonsService,
    private readonly clock: Clock,
  ) {}

  async myRequests(q: MyRequestsQuery, who: StaffPrincipal): Promise<MyRequestsPageDto> {
    const page = await this.home.myRequests(who.personId, this.clock.now(), { open: q.open, status: q.status }, q);
    return { items: page.rows.map((r) => this.request(r, who)), total: page.total, limit: q.limit, offset: q.offset };
  }

  async summary(who: StaffPrincipal): Promise<HomeDto> {
    const now = this.clock.now();
    const [me, requests, waitingForYou, meetings, teams] = await Promise.all([
      this.persons.get(who.personId),
      this.home.myRequests(who.personId, now, { open: true }, { limit: HOME_REQUESTS, offset: 0 }),
      this.home.waitingForMe(who.personId),
      this.home.myMeetings(who.personId, now, HOME_MEETINGS),
      this.home.myTeams(who.personId, now),
    ]);
    const counts = await this.inbox.countsFor(teams.map((t) => t.id), who.personId, now);
    return {
      me: { personId: me.id, name: me.name, locale: me.locale as Locale },
      requests: { items: requests.rows.map((r) => this.request(r, who)), open: requests.total, waitingForYou },
      meetings: meetings.map(meeting),
      inbox: teams.map((t) => {
        const c = counts.get(t.id)!;
        return { teamId: t.id, teamName: t.name, chair: t.chair, open: c.submitted + c.more_info_needed + c.accepted + c.scheduled, toTriage: c.submitted, toBook: c.accepted };
      }),
    };
  }

  private request(r: MyRequestRow, who: StaffPrincipal): MyRequestDto {
    // the caller's own request: the one policy says what they may do with it in its status
    const facts = { anonymous: r.anonymous, status: r.status, requester: r.requester, ownWorker: r.ownWorker, teamMember: false, chairToday: false, seesClient: true };
    const actions: Array<'edit' | 'resubmit'> = [];
    if ((r.status === 'submitted' || r.status === 'more_info_needed') && requestDecision(actorOf(who), 'edit', facts).allowed) actions.push('edit');
    if (r.status === 'more_info_needed' && requestDecision(actorOf(who), 'resubmit', facts).allowed) actions.push('resubmit');
    return {
      id: r.id,
      teamId: r.teamId,
      teamName: r.teamName,
      status: r.status,
      urgency: r.urgency,
      clientGroup: r.clientGroup,
      anonymous: r.anonymous,
      clientId: r.clientId,
      question: r.question,
      submittedAt: r.submittedAt,
      statusChangedAt: r.statusChangedAt,
      relation: r.ownWorker && !r.requester ? 'own_worker' : 'requester',
      teamMessage: r.teamMessage,
      nextMeeting: r.next
        ? { meetingId: r.next.meetingId, title: r.next.title, kind: r.next.kind, mode: r.next.mode, startsAt: r.next.startsAt, endsAt: r.next.endsAt, meetingStartsAt: r.next.sessionStartsAt, meetingEndsAt: r.next.sessionEndsAt }
        : null,
      actions,
    };
  }
}

function meeting(m: MyMeetingRow): MyMeetingDto {
  const role = m.organiser ? 'organiser' : m.chair ? 'chair' : m.participant ? 'participant' : m.caseSlot ? 'case' : 'team';
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    mode: m.mode,
    location: m.location,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    teamId: m.teamId,
    requestId: m.requestId,
    role,
    host: m.organiser || m.chair,
    joinable: m.mode !== 'in_person',
    yourCase: m.caseSlot,
  };
}

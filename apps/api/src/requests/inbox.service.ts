import { Injectable } from '@nestjs/common';
import { DomainError, allowedActions, requestDecision } from '@kohtaamo/domain';
import { STATUTORY_DEADLINE_RULES, deadlineStanding, helsinkiDate, nextDeadline } from '@kohtaamo/scheduling';
import type { DeadlineRule } from '@kohtaamo/scheduling';
import { actorOf, PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { TeamsService } from '../teams/teams.service';
import { DeadlineDto, DeadlineRuleDto, InboxAction, InboxItemDto, InboxPageDto, InboxQuery } from './inbox.dto';
import { INBOX_STATUSES, InboxRepository, InboxRow } from './inbox.repository';

/** The deadline rules the API applies (libs/scheduling/deadlines.ts; a county's own periods go through `deadlineRules`). */
export const DEADLINE_RULES: readonly DeadlineRule[] = STATUTORY_DEADLINE_RULES;

const TRIAGE: readonly InboxAction[] = ['accept', 'request_info', 'decline'];

/**
 * A team's triage inbox: its open requests, most urgent and longest waiting first, each with the
 * statutory deadline that runs now and what the caller may do to it. For the team's members and chairs
 * and for coordinators (teamInboxDecision); row by row, requestDecision says how much the caller sees.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly teams: TeamsService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  async forTeam(teamId: string, q: InboxQuery, who: StaffPrincipal): Promise<InboxPageDto> {
    await this.teams.get(teamId);
    const team = await this.policy.teamInbox(who, teamId);
    const now = this.clock.now();
    const page = await this.inbox.page({
      teamId,
      viewerId: who.personId,
      now,
      statuses: q.status?.length ? q.status : INBOX_STATUSES,
      urgency: q.urgency,
      limit: q.limit,
      offset: q.offset,
    });
    const today = helsinkiDate(now);
    return {
      items: page.rows.map((r) => this.item(r, who, team, now, today)),
      total: page.total,
      limit: q.limit,
      offset: q.offset,
      counts: page.counts,
      rules: DEADLINE_RULES.map((r): DeadlineRuleDto => ({ kind: r.kind, startsOn: r.startsOn, period: { ...r.period }, source: r.source })),
    };
  }

  private item(r: InboxRow, who: StaffPrincipal, team: { teamMember: boolean; chairToday: boolean }, now: Date, today: string): InboxItemDto {
    // the row is visible to the caller (need to know held in SQL): the one policy says what more they may do
    const facts = { anonymous: r.anonymous, status: r.status, requester: r.requesterId === who.personId, ownWorker: r.ownWorkerId === who.personId, ...team, seesClient: true };
    const may = (action: 'read' | 'triage' | 'book') => requestDecision(actorOf(who), action, facts).allowed;
    const full = may('read');
    const lifecycle: readonly string[] = allowedActions(r.status);
    const actions: InboxAction[] = may('triage') ? TRIAGE.filter((a) => lifecycle.includes(a)) : [];
    if (r.status === 'accepted' && may('book')) actions.push('book');
    return {
      id: r.id,
      status: r.status,
      urgency: r.urgency,
      clientGroup: r.clientGroup,
      ageBand: r.ageBand,
      anonymous: r.anonymous,
      clientId: r.clientId,
      access: full ? 'full' : 'summary',
      question: full ? r.question : null,
      statusReason: full ? r.statusReason : null,
      preferredMode: r.preferredMode,
      familyAttends: r.familyAttends,
      requester: { id: r.requesterId, name: r.requesterName, unit: r.requesterUnit },
      submittedAt: r.submittedAt,
      waitingDays: daysBetween(helsinkiDate(r.submittedAt), today),
      deadline: this.deadline(r, now, today),
      booking: r.booking,
      actions,
    };
  }

  private deadline(r: InboxRow, now: Date, today: string): DeadlineDto | null {
    const d = nextDeadline({ status: r.status, submittedAt: r.lastSubmittedAt, acceptedAt: r.acceptedAt }, DEADLINE_RULES);
    if (!d) return null;
    const standing = deadlineStanding(d, now);
    return {
      kind: d.kind,
      startedAt: d.startedAt,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      standing: standing === 'overdue' ? 'overdue' : 'open',
      daysLeft: daysBetween(today, d.dueDate),
      bookedInTime: r.booking && d.kind === 'consultation' ? r.booking.startsAt.getTime() < d.dueAt.getTime() : null,
      period: { ...d.period },
      source: d.source,
    };
  }
}

/** Whole calendar days from date a to date b (YYYY-MM-DD), negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  const days = Math.round((ms(b) - ms(a)) / 86_400_000);
  if (!Number.isFinite(days)) throw new DomainError('validation_failed', `not a date: ${a} or ${b}`);
  return days;
}

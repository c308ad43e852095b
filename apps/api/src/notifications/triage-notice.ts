import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Locale, MeetingMode, RequestAction } from '@kohtaamo/domain';
import { deliveryKey } from './delivery.repository';
import type { RecipientSnapshot } from './notification-delivery.entity';
import { TriageNoticeRepository } from './triage-notice.repository';
import { textsFor } from '../locales/i18n';
import { helsinki, timeSpan } from './messages';

/**
 * The requester hears of the team's decision on her request by email: accepted (with the slot, when it
 * was booked at once), more information asked, declined. She is staff of the county, but email is not a
 * place for client data (Data Protection Ombudsman 2009/2010; docs/domain.md): the message names the team,
 * when she sent the request and what was decided, and links to the request in Kohtaamo, where she reads
 * the team's words after signing in. Only for an anonymous consultation — whose every text has been
 * checked for identifiers — does it quote the team's question or reason and the start of her question.
 *
 * Written in the same transaction as the decision (a `triage` row of notification_delivery, keyed by the
 * decision's history event), sent by the notifications worker like every other message: exactly once.
 */
export const NOTIFIED_DECISIONS: readonly RequestAction[] = ['accept', 'request_info', 'decline'];
export type TriageDecision = 'accept' | 'request_info' | 'decline';

/** What the message is about, read when it is sent (the request as it is now, the decision as it was). */
export interface TriageFacts {
  requestId: string;
  decision: TriageDecision;
  decidedAt: Date;
  teamName: string;
  submittedAt: Date;
  anonymous: boolean;
  /** the team's words (question back, reason): quoted only for an anonymous request */
  reason: string | null;
  question: string;
  /** the request's slot in a session, if it has one now */
  slot: { meetingId: string; title: string; startsAt: Date; endsAt: Date; mode: MeetingMode; place: string | null } | null;
  recipient: { name: string; email: string | null; locale: Locale };
}

/**
 * Queues the requester's message about a decision (in the decision's transaction) and reads, when it is
 * sent, what it tells. The I/O is TriageNoticeRepository's; this decides the key, the recipient and
 * which history events are told at all.
 */
@Injectable()
export class TriageNotices {
  constructor(private readonly notices: TriageNoticeRepository) {}

  /**
   * Queues the message about one decision (history event `eventId`) of a request, inside the decision's
   * transaction `tx`; its idempotency key. Due at once; the same decision is never told twice (a key that
   * exists already stays as it is); a requester without an address gets a `no_address` row. The relay
   * wakes when `tx` commits.
   */
  async queue(tx: EntityManager, requestId: string, eventId: string): Promise<string> {
    const to = await this.notices.requester(tx, requestId);
    if (!to) throw new Error(`request ${requestId} has no requester to tell of its decision`);
    const key = deliveryKey.triage(requestId, eventId);
    const recipient: RecipientSnapshot = { name: to.name, email: to.email, locale: to.locale, kind: 'staff' };
    await this.notices.queue(tx, { key, requestId, eventId, recipient, status: to.email ? 'queued' : 'no_address' });
    return key;
  }

  /** What the message tells, as things are now; null if the event is gone or is not a decision that is told ({@link NOTIFIED_DECISIONS}). */
  async facts(requestId: string, eventId: string): Promise<TriageFacts | null> {
    const f = await this.notices.facts(requestId, eventId);
    if (!f || !NOTIFIED_DECISIONS.includes(f.action)) return null;
    const { action, ...rest } = f;
    return { ...rest, decision: action as TriageDecision };
  }
}

/**
 * The message in the recipient's language (Finnish, Swedish or English; English when unknown; the words
 * are the catalogues' section `triage`, apps/api/src/locales). `publicUrl`
 * is where the staff app is: the request's page, and the session's join page (staff sign in there).
 */
export function composeTriageNotice(f: TriageFacts, publicUrl: string): { subject: string; text: string } {
  const base = publicUrl.replace(/\/$/, '');
  const requestUrl = `${base}/requests/${f.requestId}`;
  const texts = textsFor(f.recipient.locale);
  const { t } = texts;
  const sent = texts.format(helsinki(f.submittedAt), 'weekdayDate');
  const body: string[] = [t('email.greeting', { name: f.recipient.name }), '', t('triage.lead', { team: f.teamName, sent }), '', t(`triage.decision.${f.decision}`)];
  if (f.anonymous) body.push('', t('triage.yourQuestion', { question: excerpt(f.question, 120) }));
  if (f.decision === 'accept') {
    if (f.slot) {
      // she is not invited to the whole session: her case's slot, where and how to join
      body.push('', t('triage.slot', { time: timeSpan(texts, f.slot.startsAt, f.slot.endsAt) }), `${f.slot.title}`);
      if (f.slot.place && f.slot.mode !== 'remote') body.push(t('email.where', { place: f.slot.place }));
      if (f.slot.mode !== 'in_person') body.push(t('email.join', { url: `${base}/join?meeting=${f.slot.meetingId}` }));
    } else {
      body.push('', t('triage.noSlot'));
    }
  } else if (f.anonymous && f.reason) {
    body.push('', t(`triage.teamSays.${f.decision}`, { words: f.reason }));
  } else {
    body.push('', t(`triage.readInService.${f.decision}`));
  }
  body.push('', t('triage.open', { url: requestUrl }), '', t('triage.noClientData'), '', '--', t('email.signature'));
  return { subject: t(`triage.subject.${f.decision}`, { team: f.teamName }), text: body.join('\n') };
}

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

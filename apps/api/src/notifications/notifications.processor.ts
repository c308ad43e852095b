import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { InvitationsService } from '../auth/invitations.service';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { QueuesService } from '../queues/queues.service';
import { DelegatedKind, DeliveryHandlers, DeliveryOutcome, MeetingNow, ParticipantNow, isNotificationKind } from './delivery-handlers';
import { DeliveryRepository, DeliveryRow } from './delivery.repository';
import { MeetingFactsRepository } from './meeting-facts.repository';
import { buildIcs, meetingUid } from './ics.util';
import { MailError, Mailer, OutgoingMail } from './mailer.service';
import { MessageTemplate, compose, neutralTitle } from './messages';
import { MESSAGE_KINDS, MessageKind } from './notification-delivery.entity';
import { NOTIFICATIONS_QUEUE, NotifyJobData } from './notifications.queue';
import { TriageNotices, composeTriageNotice } from './triage-notice';

/** How long a claim is exclusive against other jobs for the same message (longer than any SMTP timeout). */
const CLAIM_LEASE_MS = 120_000;

/** A condition that clears by itself (another job is sending the same message): try again later. */
class NotYet extends Error {}

/**
 * The notifications worker. For each job: claim the message's row (nothing else can send it while the
 * claim holds), look at the meeting as it is now (a stale invitation, update or reminder drops itself),
 * render, send over SMTP, mark sent. A transient SMTP failure is retried with exponential backoff; a
 * permanent one (5xx) or the last attempt marks the row failed and fails the job (BullMQ's failed list).
 * Meeting messages, the organiser's notice and triage decisions are composed here; the other kinds
 * belong to the feature that registered a handler for them (`DeliveryHandlers`), which this worker
 * calls with the claimed row, the meeting as it is now, and a way to send.
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly queues: QueuesService,
    private readonly mailer: Mailer,
    private readonly store: DeliveryRepository,
    private readonly handlers: DeliveryHandlers,
    private readonly clock: Clock,
    private readonly invitations: InvitationsService,
    private readonly meetings: MeetingFactsRepository,
    private readonly triage: TriageNotices,
  ) {}

  onApplicationBootstrap(): void {
    // every kind of message must have a sender before the first job runs (the features register theirs in onModuleInit)
    const missing = this.handlers.missing(MESSAGE_KINDS);
    if (missing.length) throw new Error(`no handler for ${missing.join(', ')} messages: the workers module of the feature that sends them is not imported`);
    const worker = this.queues.worker<NotifyJobData, string>(NOTIFICATIONS_QUEUE, (job, token) => this.process(job, token));
    worker.on('error', (e) => this.logger.warn(`worker: ${e.message}`));
    worker.on('failed', (job, e) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.warn(`${job.id} failed for good: ${e.message}`);
    });
  }

  async process(job: Job<NotifyJobData>, token?: string): Promise<string> {
    const key = job.data.key;
    const jobId = job.id ?? key;
    const row = await this.claim(job, token);
    if (typeof row === 'string') return row;
    try {
      const outcome = await this.deliver(row);
      if (outcome.status === 'sent') {
        await this.recordSent(key, jobId, outcome);
      } else {
        await this.store.finish(key, jobId, outcome.status, { error: outcome.reason });
      }
      return outcome.status;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const permanent = e instanceof MailError && e.permanent;
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.store.finish(key, jobId, last ? 'failed' : 'retrying', { error: message });
      if (permanent) throw new UnrecoverableError(message);
      throw e;
    }
  }

  /**
   * The row claimed for this job, or what to answer instead. The claim is one statement on the usual
   * path; only when it fails is the row read to tell why:
   * - a reminder never goes early: a job that runs before its row's due time (a worker's clock ahead of
   *   Redis, a job promoted from the queue dashboard, a delay computed on another clock) puts itself back
   *   as a delayed job for the time that is left, on this process's clock, and claims nothing;
   * - another job is sending it: try again later; finished already (a duplicated job, or one left behind
   *   by a change): nothing to do.
   */
  private async claim(job: Job<NotifyJobData>, token: string | undefined): Promise<DeliveryRow | string> {
    const key = job.data.key;
    const jobId = job.id ?? key;
    for (let attempt = 1; ; attempt++) {
      const row = await this.store.claim(key, jobId, CLAIM_LEASE_MS, this.clock.now());
      if (row) return row;
      const existing = await this.store.byKey(key);
      if (!existing) throw new UnrecoverableError(`no delivery ${key}`);
      if (existing.status === 'sending') throw new Error(`${key} is being sent by ${existing.claimedJob}; looking again later`);
      if (existing.status !== 'queued' && existing.status !== 'retrying') return `already ${existing.status}`;
      const left = existing.dueAt.getTime() - this.clock.now().getTime();
      if (existing.kind === 'reminder' && left > 0) {
        if (!token) throw new Error(`${key} is due in ${left} ms; not sending early`);
        await job.moveToDelayed(Date.now() + left, token);
        throw new DelayedError(`${key} is due in ${left} ms`);
      }
      // claimable now (it fell due between the two statements): claim again
      if (attempt >= 3) throw new Error(`${key} could not be claimed; looking again later`);
    }
  }

  /**
   * The message is out: recording that must not fail into a retry of the send (that would duplicate it),
   * so the update is itself retried for a while. Only if PostgreSQL stays away longer does the job
   * fail and, when it comes back, send again: the one at-least-once window, marked by the same Message-ID.
   */
  private async recordSent(key: string, jobId: string, outcome: Extract<DeliveryOutcome, { status: 'sent' }>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.finish(key, jobId, 'sent', { kind: outcome.kind, messageId: outcome.messageId });
        return;
      } catch (e) {
        if (attempt >= 10) throw e;
        this.logger.warn(`${key} was sent but recording it failed (${(e as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async deliver(row: DeliveryRow): Promise<DeliveryOutcome> {
    if (row.kind === 'triage') return this.deliverTriage(row);
    const now = this.clock.now();
    const found = await this.meetingAndParticipant(row.meetingId, row.participantId);
    if (!found) return { status: 'superseded', reason: 'the meeting no longer exists' };
    const { meeting, participant } = found;
    if (!isNotificationKind(row.kind)) return this.delegate(row, row.kind, { meeting, participant, now });
    switch (row.kind) {
      case 'invitation':
      case 'update':
      case 'reminder': {
        if (meeting.status !== 'scheduled') return { status: 'superseded', reason: `the meeting is ${meeting.status}` };
        if (meeting.sequence !== row.sequence) return { status: 'superseded', reason: `the meeting changed (now sequence ${meeting.sequence})` };
        if (!participant) return { status: 'superseded', reason: 'no longer a participant' };
        if (!participant.email) return { status: 'no_address', reason: 'the participant has no email address' };
        if (now.getTime() >= meeting.endsAt.getTime()) return { status: 'expired', reason: 'the meeting was over' };
        // an outside participant only within the family's consent (after a withdrawal, a later change plans new messages too)
        const uncovered = participant.kind === 'external' ? await this.invitations.consentRefusal(row.meetingId, participant.id, now) : null;
        if (uncovered) return { status: 'withheld', reason: uncovered };
        if (row.kind === 'reminder') {
          if (now.getTime() >= meeting.startsAt.getTime()) return { status: 'expired', reason: 'the meeting had already started' };
          return this.send(row, 'reminder', participant, meeting, null);
        }
        const earlier = await this.store.priorRequests(row.meetingId, participant.id, row.key);
        const template = earlier.length ? 'update' : 'invitation';
        return this.send(row, template, participant, meeting, 'REQUEST');
      }
      case 'cancellation': {
        if (!row.participantId) return { status: 'superseded', reason: 'no participant' };
        const earlier = await this.store.priorRequests(row.meetingId, row.participantId, row.key);
        if (earlier.includes('sending')) throw new NotYet('an invitation to this participant is being sent; cancelling after it');
        if (!earlier.length) return { status: 'superseded', reason: 'nothing had been sent to this participant, so there is nothing to cancel' };
        if (now.getTime() >= meeting.endsAt.getTime()) return { status: 'expired', reason: 'the meeting was over' };
        const to = participant ?? { id: row.participantId, kind: row.recipient.kind, name: row.recipient.name, email: row.recipient.email, locale: row.recipient.locale, organisationType: null };
        if (!to.email) return { status: 'no_address', reason: 'the participant has no email address' };
        // held before its booked start (MeetingsService.end): the booked slot is cancelled with words of its own
        return this.send(row, meeting.status === 'held' ? 'held_early' : 'cancellation', to, meeting, 'CANCEL');
      }
      case 'notice': {
        // to the meeting's organiser (the recipient as planned), never to a participant: staff wording
        if (!row.recipient.email) return { status: 'no_address', reason: 'the organiser has no email address' };
        const content = compose('consent_withdrawn', row.recipient.locale, row.recipient.name, meeting, { audience: 'staff' });
        const messageId = await this.mailer.send({
          to: { name: row.recipient.name, address: row.recipient.email },
          subject: content.subject,
          text: content.text,
          messageId: messageIdOf(row),
          headers: { 'X-Kohtaamo-Delivery': row.key },
        });
        return { status: 'sent', kind: 'notice', messageId };
      }
    }
  }

  /** A kind another feature sends: its registered handler decides, composes and sends through this message's Message-ID. */
  private async delegate(row: DeliveryRow, kind: DelegatedKind, found: { meeting: MeetingNow; participant: ParticipantNow | null; now: Date }): Promise<DeliveryOutcome> {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`no handler for ${kind} messages in this process`);
    return handler.deliver(row, {
      ...found,
      send: (mail) => this.mailer.send({ ...mail, messageId: messageIdOf(row), headers: { ...mail.headers, 'X-Kohtaamo-Delivery': row.key } }),
    });
  }

  /** The team's decision on a request, to its requester (notifications/triage-notice.ts), as things are now. */
  private async deliverTriage(row: DeliveryRow): Promise<DeliveryOutcome> {
    const facts = row.requestId && row.requestEventId ? await this.triage.facts(row.requestId, row.requestEventId) : null;
    if (!facts) return { status: 'superseded', reason: 'the request or its decision no longer exists' };
    if (!facts.recipient.email) return { status: 'no_address', reason: 'the requester has no email address' };
    const content = composeTriageNotice(facts, this.config.publicUrl);
    const messageId = await this.mailer.send({
      to: { name: facts.recipient.name, address: facts.recipient.email },
      subject: content.subject,
      text: content.text,
      messageId: messageIdOf(row),
      headers: { 'X-Kohtaamo-Delivery': row.key },
    });
    return { status: 'sent', kind: 'triage', messageId };
  }

  private async send(
    row: DeliveryRow,
    template: Extract<MessageTemplate, MessageKind> | 'held_early',
    to: ParticipantNow,
    meeting: MeetingNow,
    method: 'REQUEST' | 'CANCEL' | null,
  ): Promise<DeliveryOutcome> {
    const m = { ...meeting, joinUrl: await this.joinUrlFor(to, meeting, method) };
    const audience = to.kind === 'staff' ? 'staff' : 'outside';
    // held_early: the cancellation was planned when the meeting ended (its due time), which is the day it was held
    const content = compose(template, to.locale, to.name, m, { audience, heldOn: template === 'held_early' ? row.dueAt : undefined });
    const mail: OutgoingMail = {
      to: { name: to.name, address: to.email! },
      subject: content.subject,
      text: content.text,
      messageId: messageIdOf(row),
      headers: { 'X-Kohtaamo-Delivery': row.key, ...(row.kind === 'reminder' ? { 'X-Kohtaamo-Due': row.dueAt.toISOString() } : {}) },
    };
    if (method) {
      const ics = buildIcs({
        method,
        uid: meetingUid(m.id),
        sequence: row.sequence,
        stamp: this.clock.now(),
        start: m.startsAt,
        end: m.endsAt,
        summary: audience === 'staff' ? m.title : neutralTitle(to.locale),
        location: m.mode === 'remote' ? m.joinUrl : m.place,
        url: m.mode === 'in_person' ? null : m.joinUrl,
        description: content.text,
        organizer: { name: 'Kohtaamo', email: this.mailer.fromAddress() },
        attendee: { name: to.name, email: to.email! },
      });
      mail.ics = { method, content: ics, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics' };
    }
    const messageId = await this.mailer.send(mail);
    return { status: 'sent', kind: template === 'held_early' ? 'cancellation' : template, messageId };
  }

  /**
   * Staff open the meeting and sign in; a guest or family member gets a link to their own page (an
   * invitation token, valid for this meeting only, until two hours after it ends; removing the
   * participant revokes it). A cancellation carries no link.
   */
  private async joinUrlFor(to: ParticipantNow, m: MeetingNow, method: 'REQUEST' | 'CANCEL' | null): Promise<MeetingNow['joinUrl']> {
    if (method === 'CANCEL' || m.mode === 'in_person') return null;
    if (to.kind === 'staff') return m.joinUrl;
    const link = await this.invitations.createKnown({ meetingId: m.id, participantId: to.id, kind: to.kind, endsAt: m.endsAt, status: m.status }, null);
    // their own page (time, place, device check, Join; later the minutes where consent allows): the token in
    // the fragment, so it never reaches a server's log; /join?invitation=… (the API's `link`) still works
    return `${this.config.publicUrl.replace(/\/$/, '')}/guest#invitation=${link.token}&lang=${to.locale}`;
  }

  /**
   * The meeting as it is now and, when the message has a participant, that participant if they still
   * belong to it: one statement (the worker reads both for every message).
   */
  async meetingAndParticipant(meetingId: string, participantId: string | null): Promise<{ meeting: MeetingNow; participant: ParticipantNow | null } | null> {
    const found = await this.meetings.now(meetingId, participantId);
    if (!found) return null;
    return { meeting: { ...found.meeting, joinUrl: `${this.config.publicUrl.replace(/\/$/, '')}/join?meeting=${found.meeting.id}` }, participant: found.participant };
  }
}

export function messageIdOf(row: { key: string }): string {
  return `<${row.key}@kohtaamo>`;
}

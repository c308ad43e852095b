import { Injectable } from '@nestjs/common';
import type { Locale, MeetingStatus, OrganisationType, ParticipantKind } from '@kohtaamo/domain';
import type { DeliveryRow } from './delivery.repository';
import type { OutgoingMail } from './mailer.service';
import type { MeetingFacts } from './messages';
import type { DeliveryStatus, MessageKind } from './notification-delivery.entity';

export interface MeetingNow extends MeetingFacts {
  id: string;
  status: MeetingStatus;
  sequence: number;
}

export interface ParticipantNow {
  id: string;
  kind: ParticipantKind;
  name: string;
  email: string | null;
  locale: Locale;
  organisationType: OrganisationType | null;
}

/** What became of one message: sent, or why it was not (the row's final status and the reason shown in the deliveries). */
export type DeliveryOutcome =
  | { status: 'sent'; kind: MessageKind; messageId: string }
  | { status: Extract<DeliveryStatus, 'superseded' | 'expired' | 'no_address' | 'withheld'>; reason: string };

/** The kinds the notifications worker composes itself (meeting messages, the organiser's notice, the triage decision). */
export type NotificationKind = 'invitation' | 'update' | 'reminder' | 'cancellation' | 'notice' | 'triage';

/** The kinds another feature composes and sends through a {@link DeliveryHandler}. */
export type DelegatedKind = Exclude<MessageKind, NotificationKind>;

/** What the notifications worker hands a feature's handler for one claimed message about a meeting. */
export interface DeliveryContext {
  /** the meeting as it is now (a message whose meeting is gone never reaches a handler: it is superseded) */
  meeting: MeetingNow;
  /** the message's participant if they still belong to the meeting, else null */
  participant: ParticipantNow | null;
  /** the service's clock at the start of this attempt */
  now: Date;
  /**
   * Sends the mail over SMTP as this message: its Message-ID (`<key@kohtaamo>`, the same on every
   * attempt) and its `X-Kohtaamo-Delivery` header are set here. Resolves to the Message-ID; a failure
   * rejects with a `MailError` (permanent for an SMTP 5xx), which the worker turns into a retry or a failure.
   */
  send(mail: Omit<OutgoingMail, 'messageId'>): Promise<string>;
}

/**
 * A feature's part in sending one kind of message: decide, against things as they are now, whether the
 * message still goes out, compose it, send it with `context.send` and record anything that follows the
 * send (which must not throw, or the message would be sent again).
 */
export interface DeliveryHandler {
  deliver(row: DeliveryRow, context: DeliveryContext): Promise<DeliveryOutcome>;
}

/**
 * The handlers features register for their kinds of message, filled in while the modules initialise
 * (each feature's `*WorkersModule`, in `onModuleInit`) and read by the notifications worker. So the
 * dependency points from the feature to notifications: notifications sends mail and knows no feature.
 */
@Injectable()
export class DeliveryHandlers {
  private readonly handlers = new Map<DelegatedKind, DeliveryHandler>();

  register(kind: DelegatedKind, handler: DeliveryHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for "${kind}" messages is registered already`);
    this.handlers.set(kind, handler);
  }

  get(kind: DelegatedKind): DeliveryHandler | undefined {
    return this.handlers.get(kind);
  }

  /** The delegated kinds nobody registered a handler for. */
  missing(kinds: readonly MessageKind[]): DelegatedKind[] {
    return kinds.filter((k): k is DelegatedKind => !isNotificationKind(k) && !this.handlers.has(k));
  }
}

const NOTIFICATION_KINDS: readonly MessageKind[] = ['invitation', 'update', 'reminder', 'cancellation', 'notice', 'triage'] satisfies NotificationKind[];

export function isNotificationKind(kind: MessageKind): kind is NotificationKind {
  return NOTIFICATION_KINDS.includes(kind);
}

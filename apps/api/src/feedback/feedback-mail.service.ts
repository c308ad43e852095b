import { Inject, Injectable } from '@nestjs/common';
import type { Locale } from '@kohtaamo/domain';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { textsFor } from '../locales/i18n';
import type { DeliveryContext, DeliveryHandler, DeliveryOutcome } from '../notifications/delivery-handlers';
import type { DeliveryRow } from '../notifications/delivery.repository';
import type { OutgoingMail } from '../notifications/mailer.service';
import { mintFeedbackToken } from './feedback-token';
import { FeedbackRepository } from './feedback.repository';

/**
 * The survey email of a `feedback` delivery (queued by the minutes trigger of migration
 * 1765040000001-feedback and sent by the notifications worker, which calls this as the handler of
 * `feedback` messages, registered by FeedbackWorkersModule): a link of the participant's own in their
 * language, `PUBLIC_URL/feedback#token=…&lang=…`. A link answered or expired meanwhile sends nothing. What
 * it says of the survey (nothing of the meeting's topic or of the family: docs/domain.md, The law that
 * applies) is the catalogues' section `survey` (apps/api/src/locales).
 */
@Injectable()
export class FeedbackMailer implements DeliveryHandler {
  constructor(
    private readonly repo: FeedbackRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** One survey email: sent to whoever was at the meeting, even if they have left the participant list since. */
  async deliver(row: DeliveryRow, { participant, now, send }: DeliveryContext): Promise<DeliveryOutcome> {
    const to = participant ?? { name: row.recipient.name, email: row.recipient.email, locale: row.recipient.locale };
    if (!to.email) return { status: 'no_address', reason: 'the participant has no email address' };
    const mail = await this.compose(row, { name: to.name, email: to.email, locale: to.locale }, now);
    if ('superseded' in mail) return { status: 'superseded', reason: mail.superseded };
    return { status: 'sent', kind: 'feedback', messageId: await send(mail) };
  }

  async compose(row: DeliveryRow, to: { name: string; email: string; locale: Locale }, now: Date): Promise<Omit<OutgoingMail, 'messageId'> | { superseded: string }> {
    if (!row.participantId) return { superseded: 'no participant' };
    const link = await this.repo.linkOf(row.meetingId, row.participantId);
    if (!link || link.answered) return { superseded: 'the survey has been answered' };
    if (link.expiresAt.getTime() <= now.getTime()) return { superseded: 'the survey link has expired' };
    const { t } = textsFor(link.locale);
    const url = `${this.config.publicUrl.replace(/\/$/, '')}/feedback#token=${mintFeedbackToken(this.config.joinTokenSecret, link.id)}&lang=${link.locale}`;
    return {
      to: { name: to.name, address: to.email },
      subject: t('survey.subject'),
      text: [t('email.greeting', { name: to.name }), '', t('survey.body'), '', t('survey.answer', { url }), '', t('survey.anonymity'), '', t('email.signatureOutside')].join('\n'),
      headers: { 'X-Kohtaamo-Delivery': row.key },
    };
  }
}

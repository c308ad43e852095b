import { Inject, Injectable } from '@nestjs/common';
import type { Locale } from '@kohtaamo/domain';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import type { DeliveryRow } from '../notifications/delivery.store';
import type { OutgoingMail } from '../notifications/mailer.service';
import { mintFeedbackToken } from './feedback-token';
import { SURVEY_TEXTS } from './feedback-texts';
import { FeedbackRepository } from './feedback.repository';

/**
 * The survey email of a `feedback` delivery (queued by the minutes trigger of migration
 * 1765040000001-feedback and sent by the notifications worker): a link of the participant's own in their
 * language, `PUBLIC_URL/feedback#token=…&lang=…`. A link answered or expired meanwhile sends nothing.
 */
@Injectable()
export class FeedbackMailer {
  constructor(
    private readonly repo: FeedbackRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async compose(row: DeliveryRow, to: { name: string; email: string; locale: Locale }, now: Date): Promise<Omit<OutgoingMail, 'messageId'> | { superseded: string }> {
    if (!row.participantId) return { superseded: 'no participant' };
    const link = await this.repo.linkOf(row.meetingId, row.participantId);
    if (!link || link.answered) return { superseded: 'the survey has been answered' };
    if (link.expiresAt.getTime() <= now.getTime()) return { superseded: 'the survey link has expired' };
    const t = SURVEY_TEXTS[link.locale];
    const url = `${this.config.publicUrl.replace(/\/$/, '')}/feedback#token=${mintFeedbackToken(this.config.joinTokenSecret, link.id)}&lang=${link.locale}`;
    return {
      to: { name: to.name, address: to.email },
      subject: t.subject,
      text: [t.greeting(to.name), '', t.body, '', `${t.answer} ${url}`, '', t.anonymity, '', t.signature].join('\n'),
      headers: { 'X-Kohtaamo-Delivery': row.key },
    };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { textsFor } from '../locales/i18n';
import { Mailer } from '../notifications/mailer.service';
import { IdentifierCheckService } from '../privacy/identifier-check.service';
import { AccessibilityContactDto, AccessibilityFeedbackDto, AccessibilityFeedbackReceivedDto } from './accessibility.dto';
import { AccessibilityFeedbackRepository, AccessibilityFeedbackRow } from './accessibility.repository';

/** Act 306/2019 § 15: accessibility feedback is answered within 14 days. */
export const ANSWER_WITHIN_DAYS = 14;

/** The county's accessibility contact reads the notice in Finnish (catalogue section `accessibilityMail`); the sender's language is a line in it. */
const CONTACT_LANGUAGE = 'fi';

/**
 * The accessibility feedback channel (Act 306/2019 § 15). A message is stored first (so nothing is lost
 * if mail is down), then mailed to the configured accessibility contact (ACCESSIBILITY_CONTACT); the row
 * records whether that worked. The sender's address, if given, is in the mail so the contact can answer.
 */
@Injectable()
export class AccessibilityService {
  private readonly log = new Logger('AccessibilityFeedback');

  constructor(
    private readonly repo: AccessibilityFeedbackRepository,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly identifiers: IdentifierCheckService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  contact(): AccessibilityContactDto {
    return { email: this.config.accessibilityContact, answerWithinDays: ANSWER_WITHIN_DAYS };
  }

  /** Stores the feedback, then notifies the contact (awaited, so the row says whether it went; a mail failure is not the sender's error). */
  async receive(dto: AccessibilityFeedbackDto): Promise<AccessibilityFeedbackReceivedDto> {
    await this.assertNoIdentifiers(dto);
    const now = this.clock.now();
    const row = await this.repo.insert({
      receivedAt: now,
      locale: dto.language ?? 'fi',
      page: dto.page || null,
      description: dto.description,
      contactName: dto.name || null,
      contactEmail: dto.email || null,
    });
    await this.notify(row);
    const answerBy = row.contactEmail ? DateTime.fromJSDate(now, { zone: 'Europe/Helsinki' }).plus({ days: ANSWER_WITHIN_DAYS }).toISODate() : null;
    return { id: row.id, receivedAt: now.toISOString(), answerBy };
  }

  /**
   * Everything here is mailed in plain text to the contact (docs/domain.md: confidential client data is not
   * sent by email), so before anything is stored: the description carries no identifier at all (a name, an
   * identity code, a phone number, an address… — the sender's own name and address have fields of their
   * own), and the name and the page no identity code nor phone number. 422 `identifier_in_anonymous`
   * naming each field (codes `identifier_in_accessibility_feedback`, `identifier_in_emailed`), worded in the
   * caller's language; the text is never repeated.
   */
  private async assertNoIdentifiers(dto: AccessibilityFeedbackDto): Promise<void> {
    await this.identifiers.assertNone({ description: dto.description }, 'accessibility_feedback');
    await this.identifiers.assertNone({ name: dto.name, page: dto.page }, 'emailed', ['personal_identity_code', 'phone']);
  }

  private async notify(row: AccessibilityFeedbackRow): Promise<void> {
    const received = DateTime.fromJSDate(row.receivedAt, { zone: 'Europe/Helsinki' });
    const { t, format } = textsFor(CONTACT_LANGUAGE);
    const text = [
      t('accessibilityMail.heading'),
      '',
      t('accessibilityMail.received', { at: format(received, 'numericDateTime'), answerBy: format(received.plus({ days: ANSWER_WITHIN_DAYS }), 'date') }),
      t('accessibilityMail.language', { language: row.locale }),
      t('accessibilityMail.page', { page: row.page ?? '–' }),
      t('accessibilityMail.sender', { name: row.contactName ?? '–', email: row.contactEmail ?? t('accessibilityMail.noAddress') }),
      '',
      row.description,
      '',
      t('accessibilityMail.id', { id: row.id }),
    ].join('\n');
    try {
      await this.mailer.send({
        to: { name: t('accessibilityMail.recipient'), address: this.config.accessibilityContact },
        subject: t('accessibilityMail.subject', { date: format(received, 'date') }),
        text,
        messageId: `<a11y.${row.id}@kohtaamo>`,
        headers: { 'X-Kohtaamo-Delivery': `a11y.${row.id}`, ...(row.contactEmail ? { 'Reply-To': row.contactEmail } : {}) },
      });
      await this.repo.markNotified(row.id, this.clock.now(), null);
    } catch (e) {
      this.log.warn(`accessibility feedback ${row.id} stored, but the contact was not mailed: ${(e as Error).message}`);
      await this.repo.markNotified(row.id, null, (e as Error).message);
    }
  }
}

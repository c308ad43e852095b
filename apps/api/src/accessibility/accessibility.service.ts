import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { Mailer } from '../notifications/mailer.service';
import { AccessibilityContactDto, AccessibilityFeedbackDto, AccessibilityFeedbackReceivedDto } from './accessibility.dto';
import { AccessibilityFeedbackRepository, AccessibilityFeedbackRow } from './accessibility.repository';

/** Act 306/2019 § 15: accessibility feedback is answered within 14 days. */
export const ANSWER_WITHIN_DAYS = 14;

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
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  contact(): AccessibilityContactDto {
    return { email: this.config.accessibilityContact, answerWithinDays: ANSWER_WITHIN_DAYS };
  }

  /** Stores the feedback, then notifies the contact (awaited, so the row says whether it went; a mail failure is not the sender's error). */
  async receive(dto: AccessibilityFeedbackDto): Promise<AccessibilityFeedbackReceivedDto> {
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

  private async notify(row: AccessibilityFeedbackRow): Promise<void> {
    const received = DateTime.fromJSDate(row.receivedAt, { zone: 'Europe/Helsinki' });
    const text = [
      'Kohtaamo: saavutettavuuspalaute / tillgänglighetsrespons / accessibility feedback',
      '',
      `Vastaanotettu: ${received.toFormat('d.M.yyyy HH.mm')} (vastattava viimeistään ${received.plus({ days: ANSWER_WITHIN_DAYS }).toFormat('d.M.yyyy')}, laki 306/2019 15 §)`,
      `Kieli: ${row.locale}`,
      `Sivu: ${row.page ?? '–'}`,
      `Lähettäjä: ${row.contactName ?? '–'} <${row.contactEmail ?? 'ei osoitetta'}>`,
      '',
      row.description,
      '',
      `Tunniste: ${row.id}`,
    ].join('\n');
    try {
      await this.mailer.send({
        to: { name: 'Saavutettavuus', address: this.config.accessibilityContact },
        subject: `Saavutettavuuspalaute ${received.toFormat('d.M.yyyy')}`,
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

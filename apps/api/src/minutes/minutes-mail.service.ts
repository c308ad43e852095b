import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConsentFacts, Locale } from '@kohtaamo/domain';
import type { DeliveryRow } from '../notifications/delivery.store';
import type { OutgoingMail } from '../notifications/mailer.service';
import { MeetingFacts, compose } from '../notifications/messages';
import type { ParticipantKind, OrganisationType } from '@kohtaamo/domain';
import { minutesRecipientDecision } from './minutes-recipients';

export interface MinutesAbout {
  id: string;
  version: number;
  anonymous: boolean;
  locale: Locale;
  pdf: Buffer | null;
  consent: ConsentFacts | null;
}

/** Loads finalised minutes with what decides who may receive them (the request's consent). */
export async function loadMinutesAbout(db: DataSource, minutesId: string): Promise<MinutesAbout | null> {
  const rows: Array<{
    id: string;
    version: number;
    anonymous: boolean;
    locale: Locale;
    pdf: Buffer | null;
    organisation_types: string[] | null;
    data_categories: string[] | null;
    given_at: Date | null;
    valid_until: Date | null;
    withdrawn_at: Date | null;
  }> = await db.query(
    `SELECT m.id, m.version, m.anonymous, m.locale, m.pdf, c.organisation_types, c.data_categories, c.given_at, c.valid_until, c.withdrawn_at
       FROM minutes m
       LEFT JOIN consultation_request r ON r.id = m.request_id
       LEFT JOIN consent c ON c.id = r.consent_id
      WHERE m.id = $1 AND m.status = 'finalised'`,
    [minutesId],
  );
  const r = rows[0];
  if (!r) return null;
  const consent: ConsentFacts | null = r.given_at
    ? {
        organisationTypes: (r.organisation_types ?? []) as ConsentFacts['organisationTypes'],
        dataCategories: (r.data_categories ?? []) as ConsentFacts['dataCategories'],
        givenAt: r.given_at,
        validUntil: r.valid_until,
        withdrawnAt: r.withdrawn_at,
      }
    : null;
  return { id: r.id, version: Number(r.version), anonymous: r.anonymous, locale: r.locale, pdf: r.pdf, consent };
}

/** Composes the email that carries finalised minutes, after checking once more that this recipient may have them. */
@Injectable()
export class MinutesMailer {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async compose(
    row: DeliveryRow,
    to: { name: string; email: string | null; locale: Locale; kind: ParticipantKind; organisationType: OrganisationType | null },
    meeting: MeetingFacts,
    now: Date,
  ): Promise<Omit<OutgoingMail, 'messageId'> | { withheld: string }> {
    const about = row.minutesId ? await loadMinutesAbout(this.db, row.minutesId) : null;
    if (!about) return { withheld: 'the minutes are not finalised' };
    const decision = minutesRecipientDecision(to, about, now);
    if (!decision.allowed) return { withheld: decision.reason };
    if (!about.pdf) throw new Error('the PDF has not been rendered yet');
    const content = compose(about.version > 1 ? 'minutes_correction' : 'minutes', to.locale, to.name, meeting, { version: about.version });
    const base = { fi: 'muistio', sv: 'promemoria', en: 'minutes' }[to.locale] ?? 'minutes';
    return {
      to: { name: to.name, address: to.email! },
      subject: content.subject,
      text: content.text,
      attachments: [{ filename: `${base}-v${about.version}.pdf`, content: about.pdf, contentType: 'application/pdf' }],
    };
  }
}

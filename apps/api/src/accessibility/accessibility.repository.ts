import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Locale } from '@kohtaamo/domain';
import { asSystem } from '../database/actor-context';

export interface AccessibilityFeedbackRow {
  id: string;
  receivedAt: Date;
  locale: Locale;
  page: string | null;
  description: string;
  contactName: string | null;
  contactEmail: string | null;
}

/** accessibility_feedback (migration 1765060000011): readable and writable by the system actor only. */
@Injectable()
export class AccessibilityFeedbackRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(f: Omit<AccessibilityFeedbackRow, 'id'>): Promise<AccessibilityFeedbackRow> {
    const [{ id }]: Array<{ id: string }> = await asSystem(() =>
      this.db.query(
        `INSERT INTO accessibility_feedback (received_at, locale, page, description, contact_name, contact_email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [f.receivedAt, f.locale, f.page, f.description, f.contactName, f.contactEmail],
      ),
    );
    return { id, ...f };
  }

  async markNotified(id: string, at: Date | null, error: string | null): Promise<void> {
    await asSystem(() => this.db.query(`UPDATE accessibility_feedback SET notified_at = $2, notify_error = $3 WHERE id = $1`, [id, at, error?.slice(0, 1000) ?? null]));
  }
}

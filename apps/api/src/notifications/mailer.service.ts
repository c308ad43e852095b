import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  /** deterministic, from the delivery key: a duplicate is recognisable as one */
  messageId: string;
  headers?: Record<string, string>;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** What a failed send means: `permanent` (5xx: the server refuses for good) is not retried. */
export class MailError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly responseCode: number | null) {
    super(message);
    this.name = 'MailError';
  }
}

/** SMTP over one pooled nodemailer transport (SMTP_URL). */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {
    this.transport = nodemailer.createTransport({
      url: config.smtpUrl,
      pool: true,
      maxConnections: 5,
      maxMessages: Infinity,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<string> {
    try {
      const info = (await this.transport.sendMail({
        from: this.config.mailFrom,
        to: { name: mail.to.name, address: mail.to.address },
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: mail.headers,
        icalEvent: mail.ics ? { method: mail.ics.method, content: mail.ics.content, filename: mail.ics.filename } : undefined,
        attachments: mail.attachments,
      })) as { messageId?: string };
      return info.messageId ?? mail.messageId;
    } catch (e) {
      const err = e as { message?: string; responseCode?: number; code?: string };
      const code = typeof err.responseCode === 'number' ? err.responseCode : null;
      throw new MailError(`${err.code ? err.code + ': ' : ''}${(err.message ?? String(e)).slice(0, 1000)}`, code !== null && code >= 500 && code < 600, code);
    }
  }

  /** The From: address without its display name (for the .ics ORGANIZER). */
  fromAddress(): string {
    return /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

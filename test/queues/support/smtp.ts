import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { readIcs } from '../../../apps/api/src/notifications/ics.util';

export interface ReceivedMail {
  /** the idempotency key the API put in X-Kohtaamo-Delivery */
  key: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  receivedAt: number;
  /** properties of the .ics, if there is one */
  ics: Record<string, string> | null;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
  headers: Map<string, unknown>;
}

type Answer = (err?: Error | null) => void;

/**
 * A real SMTP server in the test process (smtp-server), recording what arrived. A message counts as
 * arrived only once the server has answered 250 to it. It can refuse the next messages with 451
 * (temporary) or 550 (permanent), and hold its answers (a sender killed meanwhile never got a 250,
 * so what it was sending has not arrived).
 */
export class TestSmtp {
  readonly messages: ReceivedMail[] = [];
  /** DATA commands seen (refused, held and accepted) */
  attempts = 0;
  private refusals: number[] = [];
  private refuseAll: number | null = null;
  private holding = false;
  private held: Array<{ session: string; answer: Answer; mail: Promise<ReceivedMail> }> = [];
  private closedSessions = new Set<string>();

  private constructor(private readonly server: SMTPServer, readonly url: string) {}

  static async start(): Promise<TestSmtp> {
    const ref: { self?: TestSmtp } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => ref.self!.onData(stream, session, callback),
      onClose: (session) => ref.self?.closedSessions.add(session.id),
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    ref.self = new TestSmtp(server, `smtp://127.0.0.1:${port}`);
    return ref.self;
  }

  /** Refuse the next `n` messages with this reply code. */
  refuseNext(n: number, code = 451): void {
    for (let i = 0; i < n; i++) this.refusals.push(code);
  }

  /** Refuse every message with this code (null: stop refusing). */
  refuseEverything(code: number | null): void {
    this.refuseAll = code;
  }

  /** From now on, take messages in but do not answer them. */
  hold(): void {
    this.holding = true;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Answer what is held (those whose sender is still connected arrive) and stop holding. */
  async release(): Promise<void> {
    this.holding = false;
    const held = this.held.splice(0);
    for (const h of held) {
      if (this.closedSessions.has(h.session)) continue;
      this.messages.push(await h.mail);
      h.answer();
    }
  }

  /** Forgets held messages without answering (their senders are gone). */
  dropHeld(): void {
    this.held.splice(0);
    this.holding = false;
  }

  byKey(prefix: string): ReceivedMail[] {
    return this.messages.filter((m) => m.key.startsWith(prefix));
  }

  /** Waits until `predicate` holds for the messages (bounded); returns them. */
  async waitFor(predicate: (all: ReceivedMail[]) => boolean, timeoutMs: number, what: string): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; arrived: ${this.messages.map((m) => m.key).join(', ') || 'nothing'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages;
  }

  async close(): Promise<void> {
    this.dropHeld();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: Answer): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      this.attempts++;
      const code = this.refusals.shift() ?? this.refuseAll;
      if (code) {
        const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code });
        callback(err);
        return;
      }
      const mail = parse(Buffer.concat(chunks), session);
      if (this.holding) {
        this.held.push({ session: session.id, answer: callback, mail });
        return;
      }
      mail.then(
        (m) => {
          this.messages.push(m);
          callback();
        },
        (e: Error) => callback(e),
      );
    });
  }
}

async function parse(raw: Buffer, session: SMTPServerSession): Promise<ReceivedMail> {
  const p: ParsedMail = await simpleParser(raw);
  const calendar = p.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
  return {
    key: String(p.headers.get('x-kohtaamo-delivery') ?? ''),
    to: session.envelope.rcptTo.map((r) => r.address).join(','),
    subject: p.subject ?? '',
    text: p.text ?? '',
    messageId: p.messageId ?? '',
    receivedAt: Date.now(),
    ics: calendar ? readIcs(calendar.content.toString('utf8')) : null,
    attachments: p.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
    headers: p.headers,
  };
}

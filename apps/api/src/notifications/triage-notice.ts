import { DataSource, EntityManager } from 'typeorm';
import type { Locale, MeetingMode, RequestAction } from '@kohtaamo/domain';
import { deliveryKey } from './delivery.store';
import type { RecipientSnapshot } from './notification-delivery.entity';
import { helsinki, phrasesFor } from './messages';

/**
 * The requester hears of the team's decision on her request by email: accepted (with the slot, when it
 * was booked at once), more information asked, declined. She is staff of the county, but email is not a
 * place for client data (Data Protection Ombudsman 2009/2010; docs/domain.md): the message names the team,
 * when she sent the request and what was decided, and links to the request in Kohtaamo, where she reads
 * the team's words after signing in. Only for an anonymous consultation — whose every text has been
 * checked for identifiers — does it quote the team's question or reason and the start of her question.
 *
 * Written in the same transaction as the decision (a `triage` row of notification_delivery, keyed by the
 * decision's history event), sent by the notifications worker like every other message: exactly once.
 */
export const NOTIFIED_DECISIONS: readonly RequestAction[] = ['accept', 'request_info', 'decline'];
export type TriageDecision = 'accept' | 'request_info' | 'decline';

/** Queues the message about one decision (history event) of a request, inside the decision's transaction. */
export async function queueTriageNotice(tx: EntityManager, requestId: string, eventId: string): Promise<string> {
  const [to]: Array<{ name: string; email: string | null; locale: Locale }> = await tx.query(
    `SELECT p.name, p.email, p.locale FROM consultation_request r JOIN person p ON p.id = r.requester_id WHERE r.id = $1`,
    [requestId],
  );
  const key = deliveryKey.triage(requestId, eventId);
  const recipient: RecipientSnapshot = { name: to.name, email: to.email, locale: to.locale, kind: 'staff' };
  // due at once (the database's now: the relay delays a job by due_at against the real time); a key that
  // exists already stays as it is (the same decision is never told twice)
  await tx.query(
    `INSERT INTO notification_delivery (key, request_id, request_event_id, kind, sequence, recipient, status)
       VALUES ($1, $2, $3, 'triage', 0, $4, $5) ON CONFLICT (key) DO NOTHING`,
    [key, requestId, eventId, JSON.stringify(recipient), to.email ? 'queued' : 'no_address'],
  );
  // wake the relay at commit, as an outbox insert does
  await tx.query(`SELECT pg_notify('kohtaamo_outbox', 'triage')`);
  return key;
}

/** What the message is about, read when it is sent (the request as it is now, the decision as it was). */
export interface TriageFacts {
  requestId: string;
  decision: TriageDecision;
  decidedAt: Date;
  teamName: string;
  submittedAt: Date;
  anonymous: boolean;
  /** the team's words (question back, reason): quoted only for an anonymous request */
  reason: string | null;
  question: string;
  /** the request's slot in a session, if it has one now */
  slot: { meetingId: string; title: string; startsAt: Date; endsAt: Date; mode: MeetingMode; place: string | null } | null;
  recipient: { name: string; email: string | null; locale: Locale };
}

export async function readTriageFacts(db: DataSource, requestId: string, eventId: string): Promise<TriageFacts | null> {
  const rows: Array<{
    action: string; at: Date; reason: string | null; team: string; submitted_at: Date; anonymous: boolean; question: string;
    name: string; email: string | null; locale: Locale; meeting_id: string | null; title: string | null; starts_at: Date | null; ends_at: Date | null;
    mode: MeetingMode | null; place: string | null;
  }> = await db.query(
    `SELECT e.action, e.at, e.reason, t.name AS team, r.submitted_at, r.anonymous, r.question, p.name, p.email, p.locale,
            s.meeting_id, s.title, s.starts_at, s.ends_at, s.mode, s.place
       FROM request_event e
       JOIN consultation_request r ON r.id = e.request_id
       JOIN team t ON t.id = r.team_id
       JOIN person p ON p.id = r.requester_id
       LEFT JOIN LATERAL (
         SELECT m.id AS meeting_id, m.title, a.starts_at, a.ends_at, m.mode,
                nullif(concat_ws(' – ', m.location, (SELECT rm.name || ', ' || rm.unit FROM room rm WHERE rm.id = m.room_id)), '') AS place
           FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id AND m.status = 'scheduled'
          WHERE a.request_id = r.id ORDER BY a.starts_at DESC LIMIT 1) s ON true
      WHERE e.id = $2 AND e.request_id = $1`,
    [requestId, eventId],
  );
  const f = rows[0];
  if (!f || !(NOTIFIED_DECISIONS as readonly string[]).includes(f.action)) return null;
  return {
    requestId,
    decision: f.action as TriageDecision,
    decidedAt: f.at,
    teamName: f.team,
    submittedAt: f.submitted_at,
    anonymous: f.anonymous,
    reason: f.reason,
    question: f.question,
    slot: f.meeting_id && f.title && f.starts_at && f.ends_at && f.mode
      ? { meetingId: f.meeting_id, title: f.title, startsAt: f.starts_at, endsAt: f.ends_at, mode: f.mode, place: f.place }
      : null,
    recipient: { name: f.name, email: f.email, locale: f.locale },
  };
}

interface TriagePhrases {
  subject: Record<TriageDecision, string>;
  lead: (team: string, sent: string) => string;
  decision: Record<TriageDecision, string>;
  slot: string;
  noSlot: string;
  teamSays: Record<'request_info' | 'decline', string>;
  readInService: Record<'request_info' | 'decline', string>;
  yourQuestion: string;
  open: string;
  noClientData: string;
  sentDate: (d: Date) => string;
}

const PHRASES: Record<Locale, TriagePhrases> = {
  fi: {
    subject: { accept: 'Konsultaatiopyyntösi on hyväksytty', request_info: 'Konsultaatiopyyntöösi pyydetään lisätietoja', decline: 'Konsultaatiopyyntöäsi ei otettu käsittelyyn' },
    lead: (team, sent) => `${team} on käsitellyt konsultaatiopyyntösi, jonka lähetit ${sent}.`,
    decision: {
      accept: 'Ryhmä otti pyynnön käsiteltäväksi.',
      request_info: 'Ryhmä tarvitsee lisätietoja ennen kuin se voi ottaa pyynnön käsiteltäväksi.',
      decline: 'Ryhmä ei ottanut pyyntöä käsiteltäväksi.',
    },
    slot: 'Tapaus on ryhmän esityslistalla',
    noSlot: 'Ryhmä varaa tapaukselle ajan tulevasta kokoontumisesta; näet ajan Kohtaamon etusivulla.',
    teamSays: { request_info: 'Ryhmän kysymys', decline: 'Perustelu' },
    readInService: { request_info: 'Lue ryhmän kysymys ja vastaa Kohtaamossa.', decline: 'Perustelu näkyy Kohtaamossa.' },
    yourQuestion: 'Kysymyksesi',
    open: 'Avaa pyyntö',
    noClientData: 'Tässä viestissä ei ole asiakastietoja; pyynnön sisältö näkyy vain kirjautuneena.',
    sentDate: (d) => helsinki(d).setLocale('fi').toFormat('ccc d.L.yyyy'),
  },
  sv: {
    subject: { accept: 'Din konsultationsbegäran har godkänts', request_info: 'Mer information behövs om din konsultationsbegäran', decline: 'Din konsultationsbegäran togs inte upp' },
    lead: (team, sent) => `${team} har behandlat din konsultationsbegäran som du skickade ${sent}.`,
    decision: {
      accept: 'Gruppen tar upp begäran.',
      request_info: 'Gruppen behöver mer information innan den kan ta upp begäran.',
      decline: 'Gruppen tog inte upp begäran.',
    },
    slot: 'Ärendet står på gruppens föredragningslista',
    noSlot: 'Gruppen bokar en tid för ärendet vid ett kommande möte; du ser tiden på Kohtaamos startsida.',
    teamSays: { request_info: 'Gruppens fråga', decline: 'Motivering' },
    readInService: { request_info: 'Läs gruppens fråga och svara i Kohtaamo.', decline: 'Motiveringen finns i Kohtaamo.' },
    yourQuestion: 'Din fråga',
    open: 'Öppna begäran',
    noClientData: 'Meddelandet innehåller inga klientuppgifter; begärans innehåll visas endast efter inloggning.',
    sentDate: (d) => helsinki(d).setLocale('sv').toFormat('ccc d.L.yyyy'),
  },
  en: {
    subject: { accept: 'Your consultation request has been accepted', request_info: 'More information is needed on your consultation request', decline: 'Your consultation request was not taken up' },
    lead: (team, sent) => `${team} has handled the consultation request you sent on ${sent}.`,
    decision: {
      accept: 'The team will take up the request.',
      request_info: 'The team needs more information before it can take up the request.',
      decline: 'The team did not take up the request.',
    },
    slot: "The case is on the team's agenda",
    noSlot: 'The team will book a time for the case at a coming session; you will see it on the Kohtaamo home page.',
    teamSays: { request_info: "The team's question", decline: 'Reason' },
    readInService: { request_info: "Read the team's question and answer it in Kohtaamo.", decline: 'The reason is shown in Kohtaamo.' },
    yourQuestion: 'Your question',
    open: 'Open the request',
    noClientData: 'This message carries no client data; the request is shown only after signing in.',
    sentDate: (d) => helsinki(d).setLocale('en-GB').toFormat('ccc d LLL yyyy'),
  },
};

/**
 * The message in the recipient's language (Finnish, Swedish or English; English when unknown). `publicUrl`
 * is where the staff app is: the request's page, and the session's join page (staff sign in there).
 */
export function composeTriageNotice(f: TriageFacts, publicUrl: string): { subject: string; text: string } {
  const base = publicUrl.replace(/\/$/, '');
  const requestUrl = `${base}/requests/${f.requestId}`;
  const locale = (['fi', 'sv', 'en'] as const).includes(f.recipient.locale) ? f.recipient.locale : 'en';
  const t = PHRASES[locale];
  const p = phrasesFor(locale);
  const body: string[] = [p.greeting(f.recipient.name), '', t.lead(f.teamName, t.sentDate(f.submittedAt)), '', t.decision[f.decision]];
  if (f.anonymous) body.push('', `${t.yourQuestion}: ${excerpt(f.question, 120)}`);
  if (f.decision === 'accept') {
    if (f.slot) {
      // she is not invited to the whole session: her case's slot, where and how to join
      body.push('', `${t.slot}: ${p.span(helsinki(f.slot.startsAt), helsinki(f.slot.endsAt))}`, `${f.slot.title}`);
      if (f.slot.place && f.slot.mode !== 'remote') body.push(`${p.where}: ${f.slot.place}`);
      if (f.slot.mode !== 'in_person') body.push(`${p.join}: ${base}/join?meeting=${f.slot.meetingId}`);
    } else {
      body.push('', t.noSlot);
    }
  } else if (f.anonymous && f.reason) {
    body.push('', `${t.teamSays[f.decision]}: ${f.reason}`);
  } else {
    body.push('', t.readInService[f.decision]);
  }
  body.push('', `${t.open}: ${requestUrl}`, '', t.noClientData, '', '--', p.signature);
  return { subject: `${t.subject[f.decision]} – ${f.teamName}`, text: body.join('\n') };
}

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

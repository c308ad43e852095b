import PDFDocument from 'pdfkit';
import type { Locale, MeetingKind, MeetingMode } from '@kohtaamo/domain';
import { textsFor } from '../locales/i18n';
import { helsinki } from '../notifications/messages';
import type { ActionEntry, AttendanceEntry, DisclosureEntry, NextMeeting } from './minutes.entity';

/** Everything the PDF shows; built from the database by minutes-document.ts. */
export interface MinutesDocument {
  locale: Locale;
  status: 'draft' | 'finalised';
  version: number;
  anonymous: boolean;
  correctionReason: string | null;
  finalisedAt: Date | null;
  finalisedByName: string | null;
  meeting: { title: string; kind: MeetingKind; startsAt: Date; endsAt: Date; mode: MeetingMode; place: string | null };
  attendance: AttendanceEntry[];
  question: string | null;
  summary: string;
  actions: Array<ActionEntry & { responsible: string }>;
  disclosures: DisclosureEntry[];
  nextMeeting: NextMeeting | null;
}

/**
 * Who reads the document: `staff` of the county see the meeting's title; anyone `outside` (a guest or
 * the family, through their own link) the neutral word instead — the title is the staff's own (the
 * planner: "shown to staff only"; it may name the child), as in the invitations (notifications/messages.ts).
 */
export type MinutesReader = 'staff' | 'outside';

/** The document as `reader` may see it: for a reader outside the county the title is the neutral word ("tapaaminen"). */
export function minutesDocumentFor(doc: MinutesDocument, reader: MinutesReader): MinutesDocument {
  if (reader === 'staff') return doc;
  return { ...doc, meeting: { ...doc.meeting, title: textsFor(doc.locale, 'fi').t('meetingMail.meeting') } };
}

/** A day of the minutes (an action's due date, YYYY-MM-DD) as d.m.yyyy in every language. */
const dmy = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}.${m}.${y}`;
};

/**
 * Renders minutes as a PDF in the minutes' language (Finnish when unknown; the words are the catalogues'
 * section `minutesPdf`, apps/api/src/locales) with pdfkit (standard fonts: Finnish and Swedish letters are
 * in their character set).
 */
export function renderMinutesPdf(doc: MinutesDocument): Promise<Buffer> {
  const texts = textsFor(doc.locale, 'fi');
  const { t } = texts;
  const none = t('minutesPdf.none');
  const dateTime = (d: Date) => texts.format(helsinki(d), 'longDateTime');
  const title = t('minutesPdf.title', { title: doc.meeting.title });
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Producer: 'Kohtaamo', Creator: 'Kohtaamo' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const heading = (text: string) => pdf.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text).moveDown(0.2).font('Helvetica').fontSize(10);
  const para = (text: string | null | undefined) => pdf.font('Helvetica').fontSize(10).text(text && text.trim() ? text : none);

  pdf.font('Helvetica-Bold').fontSize(18).text(title);
  pdf.font('Helvetica').fontSize(10).moveDown(0.3);
  pdf.text(`${t(`minutesPdf.kind.${doc.meeting.kind}`)} · ${t('minutesPdf.version', { version: doc.version })} · ${t('minutesPdf.confidential')}`);
  if (doc.status === 'draft') pdf.font('Helvetica-Bold').text(t('minutesPdf.draft')).font('Helvetica');
  if (doc.finalisedAt) pdf.text(t('minutesPdf.finalised', { at: texts.format(helsinki(doc.finalisedAt), 'date'), by: doc.finalisedByName ?? none }));
  if (doc.version > 1 && doc.correctionReason) pdf.text(t('minutesPdf.corrects', { version: doc.version - 1, reason: doc.correctionReason }));
  if (doc.anonymous) pdf.moveDown(0.3).font('Helvetica-Oblique').text(t('minutesPdf.anonymous')).font('Helvetica');

  pdf.moveDown(0.5);
  pdf.text(t('minutesPdf.time', { start: dateTime(doc.meeting.startsAt), end: texts.format(helsinki(doc.meeting.endsAt), 'time') }));
  pdf.text(t('minutesPdf.place', { place: [doc.meeting.place, t(`minutesPdf.mode.${doc.meeting.mode}`)].filter(Boolean).join(', ') }));

  heading(t('minutesPdf.attendance'));
  if (!doc.attendance.length) para(null);
  for (const a of doc.attendance) pdf.text(`• ${a.name}${a.organisation ? ` (${a.organisation})` : ''} – ${t(`minutesPdf.present.${a.attendance}`)}`);

  heading(t('minutesPdf.question'));
  para(doc.question);
  heading(t('minutesPdf.summary'));
  para(doc.summary);

  heading(t('minutesPdf.actions'));
  if (!doc.actions.length) para(null);
  doc.actions.forEach((a, i) => pdf.text(t('minutesPdf.action', { n: i + 1, what: a.what, responsible: a.responsible, due: dmy(a.dueDate) })));

  heading(t('minutesPdf.disclosures'));
  if (!doc.disclosures.length) para(null);
  doc.disclosures.forEach((d, i) => pdf.text(t('minutesPdf.disclosure', { n: i + 1, what: d.what, to: d.toOrganisation, basis: d.basis })));

  heading(t('minutesPdf.next'));
  const next = doc.nextMeeting;
  para(next ? [next.at ? dateTime(new Date(next.at)) : null, next.note].filter(Boolean).join(' – ') : null);

  pdf.end();
  return done;
}

import PDFDocument from 'pdfkit';
import type { Locale, MeetingKind, MeetingMode } from '@kohtaamo/domain';
import { helsinki } from '../notifications/messages';
import type { ActionEntry, AttendanceEntry, DisclosureEntry, MinutesAttendance, NextMeeting } from './minutes.entity';

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

interface Labels {
  title: string;
  kind: Record<MeetingKind, string>;
  mode: Record<MeetingMode, string>;
  version: (n: number) => string;
  draft: string;
  finalised: (at: string, by: string) => string;
  corrects: (n: number, reason: string) => string;
  anonymous: string;
  time: string;
  place: string;
  attendance: string;
  present: Record<MinutesAttendance, string>;
  question: string;
  summary: string;
  actions: string;
  responsible: string;
  due: string;
  disclosures: string;
  to: string;
  basis: string;
  next: string;
  none: string;
  confidential: string;
  date: (d: Date) => string;
  dateTime: (d: Date) => string;
  day: (iso: string) => string;
}

const dmy = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}.${m}.${y}`;
};

const LABELS: Record<Locale, Labels> = {
  fi: {
    title: 'Muistio',
    kind: { team_session: 'Konsultaatioryhmän istunto', network_meeting: 'Verkostoneuvottelu', ad_hoc: 'Tapaaminen' },
    mode: { remote: 'etänä', in_person: 'paikan päällä', hybrid: 'hybridi (paikan päällä ja etänä)' },
    version: (n) => `Versio ${n}`,
    draft: 'LUONNOS – ei hyväksytty',
    finalised: (at, by) => `Hyväksytty ${at}, ${by}`,
    corrects: (n, r) => `Korjaa version ${n}: ${r}`,
    anonymous: 'Anonyymi konsultaatio: muistio ei sisällä asiakkaan tunnistetietoja.',
    time: 'Aika',
    place: 'Paikka',
    attendance: 'Osallistujat',
    present: { in_person: 'paikan päällä', remote: 'etänä', absent: 'poissa' },
    question: 'Kysymys',
    summary: 'Yhteenveto',
    actions: 'Sovitut toimenpiteet',
    responsible: 'vastuuhenkilö',
    due: 'määräaika',
    disclosures: 'Tietojen luovutukset',
    to: 'vastaanottaja',
    basis: 'peruste',
    next: 'Seuraava tapaaminen',
    none: '–',
    confidential: 'Salassa pidettävä',
    date: (d) => helsinki(d).setLocale('fi').toFormat('d.L.yyyy'),
    dateTime: (d) => helsinki(d).setLocale('fi').toFormat("cccc d.L.yyyy 'klo' H.mm"),
    day: dmy,
  },
  sv: {
    title: 'Promemoria',
    kind: { team_session: 'Konsultationsgruppens session', network_meeting: 'Nätverksmöte', ad_hoc: 'Möte' },
    mode: { remote: 'på distans', in_person: 'på plats', hybrid: 'hybrid (på plats och på distans)' },
    version: (n) => `Version ${n}`,
    draft: 'UTKAST – inte godkänt',
    finalised: (at, by) => `Godkänd ${at}, ${by}`,
    corrects: (n, r) => `Rättar version ${n}: ${r}`,
    anonymous: 'Anonym konsultation: promemorian innehåller inga uppgifter som identifierar klienten.',
    time: 'Tid',
    place: 'Plats',
    attendance: 'Deltagare',
    present: { in_person: 'på plats', remote: 'på distans', absent: 'frånvarande' },
    question: 'Fråga',
    summary: 'Sammanfattning',
    actions: 'Överenskomna åtgärder',
    responsible: 'ansvarig',
    due: 'senast',
    disclosures: 'Utlämnade uppgifter',
    to: 'mottagare',
    basis: 'grund',
    next: 'Nästa möte',
    none: '–',
    confidential: 'Sekretessbelagd',
    date: (d) => helsinki(d).setLocale('sv').toFormat('d.L.yyyy'),
    dateTime: (d) => helsinki(d).setLocale('sv').toFormat("cccc d.L.yyyy 'kl.' H.mm"),
    day: dmy,
  },
  en: {
    title: 'Minutes',
    kind: { team_session: 'Consultation team session', network_meeting: 'Network meeting', ad_hoc: 'Meeting' },
    mode: { remote: 'remote', in_person: 'in person', hybrid: 'hybrid (in person and remote)' },
    version: (n) => `Version ${n}`,
    draft: 'DRAFT – not approved',
    finalised: (at, by) => `Approved ${at} by ${by}`,
    corrects: (n, r) => `Corrects version ${n}: ${r}`,
    anonymous: 'Anonymous consultation: these minutes contain nothing that identifies the client.',
    time: 'Time',
    place: 'Place',
    attendance: 'Participants',
    present: { in_person: 'in person', remote: 'remote', absent: 'absent' },
    question: 'Question',
    summary: 'Summary',
    actions: 'Agreed actions',
    responsible: 'responsible',
    due: 'due',
    disclosures: 'Information disclosed',
    to: 'to',
    basis: 'basis',
    next: 'Next meeting',
    none: '–',
    confidential: 'Confidential',
    date: (d) => helsinki(d).setLocale('en-GB').toFormat('d LLL yyyy'),
    dateTime: (d) => helsinki(d).setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm'),
    day: (iso) => dmy(iso),
  },
};

/** Renders minutes as a PDF (pdfkit, standard fonts: Finnish and Swedish letters are in their character set). */
export function renderMinutesPdf(doc: MinutesDocument): Promise<Buffer> {
  const L = LABELS[doc.locale] ?? LABELS.fi;
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${L.title}: ${doc.meeting.title}`, Producer: 'Kohtaamo', Creator: 'Kohtaamo' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const heading = (text: string) => pdf.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text).moveDown(0.2).font('Helvetica').fontSize(10);
  const para = (text: string | null | undefined) => pdf.font('Helvetica').fontSize(10).text(text && text.trim() ? text : L.none);

  pdf.font('Helvetica-Bold').fontSize(18).text(`${L.title}: ${doc.meeting.title}`);
  pdf.font('Helvetica').fontSize(10).moveDown(0.3);
  pdf.text(`${L.kind[doc.meeting.kind]} · ${L.version(doc.version)} · ${L.confidential}`);
  if (doc.status === 'draft') pdf.font('Helvetica-Bold').text(L.draft).font('Helvetica');
  if (doc.finalisedAt) pdf.text(L.finalised(L.date(doc.finalisedAt), doc.finalisedByName ?? L.none));
  if (doc.version > 1 && doc.correctionReason) pdf.text(L.corrects(doc.version - 1, doc.correctionReason));
  if (doc.anonymous) pdf.moveDown(0.3).font('Helvetica-Oblique').text(L.anonymous).font('Helvetica');

  pdf.moveDown(0.5);
  pdf.text(`${L.time}: ${L.dateTime(doc.meeting.startsAt)}–${helsinki(doc.meeting.endsAt).toFormat(doc.locale === 'en' ? 'HH:mm' : 'H.mm')}`);
  pdf.text(`${L.place}: ${[doc.meeting.place, L.mode[doc.meeting.mode]].filter(Boolean).join(', ')}`);

  heading(L.attendance);
  if (!doc.attendance.length) para(null);
  for (const a of doc.attendance) pdf.text(`• ${a.name}${a.organisation ? ` (${a.organisation})` : ''} – ${L.present[a.attendance]}`);

  heading(L.question);
  para(doc.question);
  heading(L.summary);
  para(doc.summary);

  heading(L.actions);
  if (!doc.actions.length) para(null);
  doc.actions.forEach((a, i) => pdf.text(`${i + 1}. ${a.what} – ${L.responsible}: ${a.responsible}, ${L.due} ${L.day(a.dueDate)}`));

  heading(L.disclosures);
  if (!doc.disclosures.length) para(null);
  doc.disclosures.forEach((d, i) => pdf.text(`${i + 1}. ${d.what} – ${L.to}: ${d.toOrganisation}; ${L.basis}: ${d.basis}`));

  heading(L.next);
  const next = doc.nextMeeting;
  para(next ? [next.at ? L.dateTime(new Date(next.at)) : null, next.note].filter(Boolean).join(' – ') : null);

  pdf.end();
  return done;
}

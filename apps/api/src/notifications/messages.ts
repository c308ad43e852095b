import { DateTime } from 'luxon';
import type { Locale, MeetingMode } from '@kohtaamo/domain';

/**
 * What participants read, in Finnish, Swedish or English by their preference (English when unknown).
 * Times are shown on the Helsinki wall clock; the .ics carries them in UTC.
 */
export type MessageTemplate = 'invitation' | 'update' | 'cancellation' | 'reminder' | 'minutes' | 'minutes_correction' | 'consent_withdrawn';

export interface MeetingFacts {
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  /** the room or address, for in-person and hybrid meetings */
  place: string | null;
  /** the join link, for remote and hybrid meetings */
  joinUrl: string | null;
  /** the organiser's reason for the latest reschedule or the cancellation (quoted in update and cancellation messages) */
  reason?: string | null;
}

export interface Composed {
  subject: string;
  text: string;
}

const ZONE = 'Europe/Helsinki';

interface Phrases {
  subject: Record<MessageTemplate, string>;
  greeting: (name: string) => string;
  lead: Record<MessageTemplate, string>;
  when: string;
  where: string;
  reason: string;
  join: string;
  calendar: string;
  pdf: string;
  version: (n: number) => string;
  signature: string;
  /** what people outside the county read instead of the meeting's title (which may tell the topic) */
  meeting: string;
  /** the signature to people outside the county: nothing that says a family is a client */
  signatureOutside: string;
  readMinutes: string;
  readMinutesGuest: string;
  noAttachment: string;
  date: (d: DateTime) => string;
  span: (a: DateTime, b: DateTime) => string;
}

const PHRASES: Record<Locale, Phrases> = {
  fi: {
    subject: { invitation: 'Kutsu', update: 'Muutos', cancellation: 'Peruttu', reminder: 'Muistutus', minutes: 'Muistio', minutes_correction: 'Korjattu muistio', consent_withdrawn: 'Suostumus peruttu' },
    greeting: (n) => `Hei ${n},`,
    lead: {
      invitation: 'sinut on kutsuttu tapaamiseen.',
      update: 'tapaamisen tiedot ovat muuttuneet. Ajantasaiset tiedot:',
      cancellation: 'tapaaminen on peruttu.',
      reminder: 'muistutus tulevasta tapaamisesta.',
      minutes: 'tapaamisen muistio on valmis.',
      minutes_correction: 'tapaamisen muistiota on korjattu.',
      consent_withdrawn:
        'asiakkaan suostumus on peruttu. Ulkopuolisten osallistujien linkit tähän tapaamiseen on poistettu, eivätkä he saa enää kutsuja tai muistutuksia. Tarkista tapaamisen osallistujat.',
    },
    when: 'Aika',
    reason: 'Syy',
    where: 'Paikka',
    join: 'Liity etäyhteydellä',
    calendar: 'Kalenterimerkintä on liitteenä.',
    pdf: 'Muistio',
    version: (n) => `versio ${n}`,
    signature: 'Kohtaamo – perhekeskuksen konsultaatiot',
    meeting: 'tapaaminen',
    signatureOutside: 'Kohtaamo',
    readMinutes: 'Lue muistio kirjautumalla',
    readMinutesGuest: 'Lue muistio omalla linkilläsi',
    noAttachment: 'Muistiota ei lähetetä sähköpostilla. Linkki on henkilökohtainen; älä välitä sitä.',
    date: (d) => d.setLocale('fi').toFormat("ccc d.L.yyyy 'klo' H.mm"),
    span: (a, b) => `${a.setLocale('fi').toFormat("cccc d.L.yyyy 'klo' H.mm")}–${b.toFormat('H.mm')}`,
  },
  sv: {
    subject: { invitation: 'Inbjudan', update: 'Ändring', cancellation: 'Inställt', reminder: 'Påminnelse', minutes: 'Promemoria', minutes_correction: 'Rättad promemoria', consent_withdrawn: 'Samtycket återkallat' },
    greeting: (n) => `Hej ${n},`,
    lead: {
      invitation: 'du har blivit inbjuden till ett möte.',
      update: 'mötets uppgifter har ändrats. Aktuella uppgifter:',
      cancellation: 'mötet har ställts in.',
      reminder: 'en påminnelse om ett kommande möte.',
      minutes: 'mötets promemoria är klar.',
      minutes_correction: 'mötets promemoria har rättats.',
      consent_withdrawn:
        'klientens samtycke har återkallats. De externa deltagarnas länkar till mötet har dragits in och de får inga fler inbjudningar eller påminnelser. Kontrollera mötets deltagare.',
    },
    when: 'Tid',
    reason: 'Orsak',
    where: 'Plats',
    join: 'Delta på distans',
    calendar: 'Kalenderinbjudan bifogas.',
    pdf: 'Promemoria',
    version: (n) => `version ${n}`,
    signature: 'Kohtaamo – familjecentrets konsultationer',
    meeting: 'möte',
    signatureOutside: 'Kohtaamo',
    readMinutes: 'Läs promemorian efter inloggning',
    readMinutesGuest: 'Läs promemorian med din egen länk',
    noAttachment: 'Promemorian skickas inte per e-post. Länken är personlig; vidarebefordra den inte.',
    date: (d) => d.setLocale('sv').toFormat("ccc d.L.yyyy 'kl.' H.mm"),
    span: (a, b) => `${a.setLocale('sv').toFormat("cccc d.L.yyyy 'kl.' H.mm")}–${b.toFormat('H.mm')}`,
  },
  en: {
    subject: { invitation: 'Invitation', update: 'Updated', cancellation: 'Cancelled', reminder: 'Reminder', minutes: 'Minutes', minutes_correction: 'Corrected minutes', consent_withdrawn: 'Consent withdrawn' },
    greeting: (n) => `Hello ${n},`,
    lead: {
      invitation: 'you are invited to a meeting.',
      update: 'the meeting has changed. The current details:',
      cancellation: 'the meeting has been cancelled.',
      reminder: 'a reminder of an upcoming meeting.',
      minutes: 'the minutes of the meeting are ready.',
      minutes_correction: 'the minutes of the meeting have been corrected.',
      consent_withdrawn:
        "the client's consent has been withdrawn. The outside participants' links to this meeting have been withdrawn and they get no more invitations or reminders. Please review the meeting's participants.",
    },
    when: 'Time',
    reason: 'Reason',
    where: 'Place',
    join: 'Join remotely',
    calendar: 'A calendar entry is attached.',
    pdf: 'Minutes',
    version: (n) => `version ${n}`,
    signature: 'Kohtaamo – family centre consultations',
    meeting: 'meeting',
    signatureOutside: 'Kohtaamo',
    readMinutes: 'Read the minutes after signing in',
    readMinutesGuest: 'Read the minutes through your own link',
    noAttachment: 'Minutes are not sent by email. The link is personal; do not forward it.',
    date: (d) => d.setLocale('en-GB').toFormat("ccc d LLL yyyy, HH:mm"),
    span: (a, b) => `${a.setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm')}–${b.toFormat('HH:mm')} (Helsinki time)`,
  },
};

export function phrasesFor(locale: string | null | undefined): Phrases {
  return PHRASES[(locale ?? 'en') as Locale] ?? PHRASES.en;
}

export function helsinki(d: Date): DateTime {
  return DateTime.fromJSDate(d, { zone: ZONE });
}

/** "Aika: tiistai 5.3.2030 klo 13.00–15.00", "Paikka: …", "Liity etäyhteydellä: …" */
export function meetingLines(locale: string, m: MeetingFacts): string[] {
  const p = phrasesFor(locale);
  const lines = [`${p.when}: ${p.span(helsinki(m.startsAt), helsinki(m.endsAt))}`];
  if (m.place && m.mode !== 'remote') lines.push(`${p.where}: ${m.place}`);
  if (m.joinUrl && m.mode !== 'in_person') lines.push(`${p.join}: ${m.joinUrl}`);
  return lines;
}

/**
 * Who reads the message: `staff` of the county, or someone `outside` it (a partner organisation or the
 * family). Messages to people outside say only when and how to join (docs/domain.md, The law that
 * applies: even the fact that a family is a client is confidential): no title, no topic, a neutral
 * signature.
 */
export type Audience = 'staff' | 'outside';

export function compose(
  template: MessageTemplate,
  locale: string,
  recipientName: string,
  m: MeetingFacts,
  extra: { version?: number; audience?: Audience; minutesUrl?: string } = {},
): Composed {
  const p = phrasesFor(locale);
  const outside = extra.audience === 'outside';
  const subject = `${p.subject[template]}: ${outside ? p.meeting : m.title}, ${p.date(helsinki(m.startsAt))}`;
  const body = [p.greeting(recipientName), '', p.lead[template]];
  if ((template === 'update' || template === 'cancellation') && m.reason) body.push(`${p.reason}: ${m.reason}`);
  body.push('', ...(outside ? [] : [m.title]), ...meetingLines(locale, m));
  if (template === 'invitation' || template === 'update' || template === 'cancellation') body.push('', p.calendar);
  if (template === 'minutes' || template === 'minutes_correction') {
    if (extra.version !== undefined) body.push('', `${p.pdf}, ${p.version(extra.version)}`);
    if (extra.minutesUrl) body.push('', `${outside ? p.readMinutesGuest : p.readMinutes}: ${extra.minutesUrl}`, p.noAttachment);
  }
  body.push('', '--', outside ? p.signatureOutside : p.signature);
  return { subject, text: body.join('\n') };
}

/** The word shown instead of the title to people outside the county (.ics SUMMARY too). */
export function neutralTitle(locale: string): string {
  const w = phrasesFor(locale).meeting;
  return w.charAt(0).toUpperCase() + w.slice(1);
}

import { DateTime } from 'luxon';
import type { Locale, MeetingMode } from '@kohtaamo/domain';

/**
 * What participants read, in Finnish, Swedish or English by their preference (English when unknown).
 * Times are shown on the Helsinki wall clock; the .ics carries them in UTC.
 */
export type MessageTemplate = 'invitation' | 'update' | 'cancellation' | 'reminder' | 'minutes' | 'minutes_correction';

export interface MeetingFacts {
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  /** the room or address, for in-person and hybrid meetings */
  place: string | null;
  /** the join link, for remote and hybrid meetings */
  joinUrl: string | null;
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
  join: string;
  calendar: string;
  pdf: string;
  version: (n: number) => string;
  signature: string;
  date: (d: DateTime) => string;
  span: (a: DateTime, b: DateTime) => string;
}

const PHRASES: Record<Locale, Phrases> = {
  fi: {
    subject: { invitation: 'Kutsu', update: 'Muutos', cancellation: 'Peruttu', reminder: 'Muistutus', minutes: 'Muistio', minutes_correction: 'Korjattu muistio' },
    greeting: (n) => `Hei ${n},`,
    lead: {
      invitation: 'sinut on kutsuttu tapaamiseen.',
      update: 'tapaamisen tiedot ovat muuttuneet. Ajantasaiset tiedot:',
      cancellation: 'tapaaminen on peruttu.',
      reminder: 'muistutus tulevasta tapaamisesta.',
      minutes: 'tapaamisen muistio on liitteenä (PDF).',
      minutes_correction: 'tapaamisen muistiota on korjattu; korjattu muistio on liitteenä (PDF).',
    },
    when: 'Aika',
    where: 'Paikka',
    join: 'Liity etäyhteydellä',
    calendar: 'Kalenterimerkintä on liitteenä.',
    pdf: 'Muistio',
    version: (n) => `versio ${n}`,
    signature: 'Kohtaamo – perhekeskuksen konsultaatiot',
    date: (d) => d.setLocale('fi').toFormat("ccc d.L.yyyy 'klo' H.mm"),
    span: (a, b) => `${a.setLocale('fi').toFormat("cccc d.L.yyyy 'klo' H.mm")}–${b.toFormat('H.mm')}`,
  },
  sv: {
    subject: { invitation: 'Inbjudan', update: 'Ändring', cancellation: 'Inställt', reminder: 'Påminnelse', minutes: 'Promemoria', minutes_correction: 'Rättad promemoria' },
    greeting: (n) => `Hej ${n},`,
    lead: {
      invitation: 'du har blivit inbjuden till ett möte.',
      update: 'mötets uppgifter har ändrats. Aktuella uppgifter:',
      cancellation: 'mötet har ställts in.',
      reminder: 'en påminnelse om ett kommande möte.',
      minutes: 'mötets promemoria bifogas (PDF).',
      minutes_correction: 'mötets promemoria har rättats; den rättade promemorian bifogas (PDF).',
    },
    when: 'Tid',
    where: 'Plats',
    join: 'Delta på distans',
    calendar: 'Kalenderinbjudan bifogas.',
    pdf: 'Promemoria',
    version: (n) => `version ${n}`,
    signature: 'Kohtaamo – familjecentrets konsultationer',
    date: (d) => d.setLocale('sv').toFormat("ccc d.L.yyyy 'kl.' H.mm"),
    span: (a, b) => `${a.setLocale('sv').toFormat("cccc d.L.yyyy 'kl.' H.mm")}–${b.toFormat('H.mm')}`,
  },
  en: {
    subject: { invitation: 'Invitation', update: 'Updated', cancellation: 'Cancelled', reminder: 'Reminder', minutes: 'Minutes', minutes_correction: 'Corrected minutes' },
    greeting: (n) => `Hello ${n},`,
    lead: {
      invitation: 'you are invited to a meeting.',
      update: 'the meeting has changed. The current details:',
      cancellation: 'the meeting has been cancelled.',
      reminder: 'a reminder of an upcoming meeting.',
      minutes: 'the minutes of the meeting are attached (PDF).',
      minutes_correction: 'the minutes of the meeting have been corrected; the corrected minutes are attached (PDF).',
    },
    when: 'Time',
    where: 'Place',
    join: 'Join remotely',
    calendar: 'A calendar entry is attached.',
    pdf: 'Minutes',
    version: (n) => `version ${n}`,
    signature: 'Kohtaamo – family centre consultations',
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

export function compose(template: MessageTemplate, locale: string, recipientName: string, m: MeetingFacts, extra: { version?: number } = {}): Composed {
  const p = phrasesFor(locale);
  const subject = `${p.subject[template]}: ${m.title}, ${p.date(helsinki(m.startsAt))}`;
  const body = [p.greeting(recipientName), '', p.lead[template], '', m.title, ...meetingLines(locale, m)];
  if (template === 'invitation' || template === 'update' || template === 'cancellation') body.push('', p.calendar);
  if (extra.version !== undefined && (template === 'minutes' || template === 'minutes_correction')) body.push('', `${p.pdf}, ${p.version(extra.version)}`);
  body.push('', '--', p.signature);
  return { subject, text: body.join('\n') };
}

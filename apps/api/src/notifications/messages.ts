import { DateTime } from 'luxon';
import type { MeetingMode } from '@kohtaamo/domain';
import { type Texts, textsFor } from '../locales/i18n';

/**
 * What participants read, in Finnish, Swedish or English by their preference (English when unknown); the
 * words are in the server's catalogues (apps/api/src/locales, sections `email` and `meetingMail`).
 * Times are shown on the Helsinki wall clock; the .ics carries them in UTC.
 */
export type MessageTemplate = 'invitation' | 'update' | 'cancellation' | 'reminder' | 'minutes' | 'minutes_correction' | 'consent_withdrawn' | 'held_early';

export interface MeetingFacts {
  title: string;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  /** the room or address, for in-person and hybrid meetings */
  place: string | null;
  /**
   * the join link, for remote and hybrid meetings: staff get the staff app's `/join?meeting=…`, a guest or
   * family member only their own `/guest#invitation=…` page (never the staff link: it opens the staff
   * sign-in and shows the meeting's internal id). Not shown in a cancellation (nor `held_early`), nor in minutes to a guest.
   */
  joinUrl: string | null;
  /** the organiser's reason for the latest reschedule or the cancellation (quoted in update and cancellation messages) */
  reason?: string | null;
}

export interface Composed {
  subject: string;
  text: string;
}

const ZONE = 'Europe/Helsinki';

export function helsinki(d: Date): DateTime {
  return DateTime.fromJSDate(d, { zone: ZONE });
}

/** "tiistai 5.3.2030 klo 13.00–15.00" (in English with "(Helsinki time)"): a meeting's time on the Helsinki clock. */
export function timeSpan(texts: Texts, startsAt: Date, endsAt: Date): string {
  return texts.t('email.span', { start: texts.format(helsinki(startsAt), 'longDateTime'), end: texts.format(helsinki(endsAt), 'time') });
}

/** "Aika: tiistai 5.3.2030 klo 13.00–15.00", "Paikka: …", "Liity etäyhteydellä: …" */
export function meetingLines(locale: string, m: MeetingFacts): string[] {
  const texts = textsFor(locale);
  const lines = [texts.t('meetingMail.when', { time: timeSpan(texts, m.startsAt, m.endsAt) })];
  if (m.place && m.mode !== 'remote') lines.push(texts.t('email.where', { place: m.place }));
  if (m.joinUrl && m.mode !== 'in_person') lines.push(texts.t('email.join', { url: m.joinUrl }));
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
  extra: { version?: number; audience?: Audience; minutesUrl?: string; heldOn?: Date } = {},
): Composed {
  const { t, format } = textsFor(locale);
  const outside = extra.audience === 'outside';
  const subject = t(`meetingMail.subject.${template}`, { title: outside ? t('meetingMail.meeting') : m.title, date: format(helsinki(m.startsAt), 'dateTime') });
  // held_early: the day it was held (`heldOn`); the time below is the booked slot that the message cancels
  const lead = t(`meetingMail.lead.${template}`, { date: extra.heldOn ? format(helsinki(extra.heldOn), 'weekdayDate') : '' });
  const body = [t('email.greeting', { name: recipientName }), '', lead];
  if ((template === 'update' || template === 'cancellation') && m.reason) body.push(t('meetingMail.reason', { reason: m.reason }));
  // a cancelled meeting has nothing to join; a guest's minutes message links to their own page (minutesUrl) only
  const minutes = template === 'minutes' || template === 'minutes_correction';
  const joinable = template !== 'cancellation' && template !== 'held_early' && !(outside && minutes);
  body.push('', ...(outside ? [] : [m.title]), ...meetingLines(locale, joinable ? m : { ...m, joinUrl: null }));
  if (template === 'invitation' || template === 'update' || template === 'cancellation' || template === 'held_early') body.push('', t('meetingMail.calendar'));
  if (minutes) {
    if (extra.version !== undefined) body.push('', t('meetingMail.minutesVersion', { version: extra.version }));
    if (extra.minutesUrl) body.push('', t(outside ? 'meetingMail.readMinutesGuest' : 'meetingMail.readMinutes', { url: extra.minutesUrl }), t('meetingMail.noAttachment'));
  }
  body.push('', '--', t(outside ? 'email.signatureOutside' : 'email.signature'));
  return { subject, text: body.join('\n') };
}

/** The word shown instead of the title to people outside the county (.ics SUMMARY too). */
export function neutralTitle(locale: string): string {
  const w = textsFor(locale).t('meetingMail.meeting');
  return w.charAt(0).toUpperCase() + w.slice(1);
}

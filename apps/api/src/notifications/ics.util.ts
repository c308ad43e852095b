import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';

/**
 * iCalendar (RFC 5545 / iTIP RFC 5546) for one meeting, written by ical-generator: METHOD:REQUEST for
 * invitations and updates, METHOD:CANCEL for cancellations. One stable UID per meeting
 * ({@link meetingUid}); SEQUENCE = the meeting's sequence, so an update or cancellation supersedes what
 * the attendee's calendar holds; times in UTC. The library escapes text and folds lines at 75 octets.
 */
export interface IcsEvent {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location: string | null;
  url: string | null;
  description: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
}

export function meetingUid(meetingId: string): string {
  return `${meetingId}@kohtaamo`;
}

export function icsDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A CN parameter value: RFC 5545 parameter values cannot hold DQUOTE or line breaks. */
function cn(s: string): string {
  return s.replace(/["\r\n]/g, '');
}

export function buildIcs(e: IcsEvent): string {
  const cal = ical({ prodId: { company: 'Kohtaamo', product: 'Kohtaamo', language: 'FI' }, method: e.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST, scale: 'GREGORIAN' });
  cal.createEvent({
    id: e.uid,
    sequence: e.sequence,
    stamp: e.stamp,
    start: e.start,
    end: e.end,
    summary: e.summary,
    location: e.location ?? undefined,
    url: e.url ?? undefined,
    description: e.description,
    organizer: { name: cn(e.organizer.name), email: e.organizer.email },
    attendees: [{ name: cn(e.attendee.name), email: e.attendee.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: false }],
    status: e.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.OPAQUE,
  });
  const text = cal.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** Unfolds and reads the properties of the first VEVENT (and METHOD): enough for tests and for reading our own files back. */
export function readIcs(text: string): Record<string, string> {
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const out: Record<string, string> = {};
  let inEvent = false;
  for (const line of unfolded.split(/\r?\n/)) {
    if (line === 'BEGIN:VEVENT') inEvent = true;
    else if (line === 'END:VEVENT') inEvent = false;
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (!m) continue;
    if ((inEvent || m[1] === 'METHOD') && !(m[1] in out)) out[m[1]] = m[3].replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
  }
  return out;
}

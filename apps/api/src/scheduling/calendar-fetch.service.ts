import { Injectable } from '@nestjs/common';
import { MAX_ICS_TEXT_LENGTH, type Interval } from '@kohtaamo/scheduling';

/** Why a feed could not be read: a stable code for the web's fi/sv/en texts. */
export type FeedErrorCode = 'unreachable' | 'refused_credentials' | 'http_error' | 'too_large' | 'not_caldav';

/** A feed that could not be read; the code and message are shown to the feed's owner. */
export class FeedFetchError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface FeedCredentials {
  username: string;
  password: string;
}

const TIMEOUT_MS = 30_000;

function icsUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function xmlText(s: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(s);
  if (cdata) return cdata[1];
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The components (VEVENT, VTIMEZONE, VFREEBUSY, …) of several iCalendar objects in one VCALENDAR: a
 * CalDAV collection answers with one object per resource.
 */
export function mergeCalendars(texts: string[]): string {
  const out = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kohtaamo//calendar sync//EN'];
  for (const text of texts) {
    let depth = 0;
    for (const line of text.split(/\r\n|\n|\r/)) {
      const begin = /^BEGIN:/i.test(line);
      const end = /^END:/i.test(line);
      if (begin) depth++;
      if (depth >= 2) out.push(line); // inside a component of the object, folded lines included
      if (end) depth--;
    }
  }
  out.push('END:VCALENDAR');
  return out.join('\r\n') + '\r\n';
}

/** Reads a calendar over HTTP(S): a whole ICS feed, or a CalDAV collection's events in a window. */
@Injectable()
export class CalendarFetcher {
  /** GET of an iCalendar feed (webcal:// is read as https://). */
  async ics(url: string, credentials: FeedCredentials | null): Promise<string> {
    const res = await this.request(url.replace(/^webcal:/i, 'https:'), { method: 'GET', headers: { accept: 'text/calendar, */*;q=0.5', ...this.auth(credentials) } });
    return this.body(res);
  }

  /** CalDAV calendar-query REPORT (RFC 4791 §7.8) for the VEVENTs overlapping the window. */
  async caldav(url: string, credentials: FeedCredentials | null, window: Interval): Promise<string> {
    const query = `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="${icsUtc(window.start)}" end="${icsUtc(window.end)}"/></C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>`;
    const res = await this.request(url, { method: 'REPORT', headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8', ...this.auth(credentials) }, body: query });
    const xml = await this.body(res);
    if (!/multistatus/i.test(xml)) throw new FeedFetchError('not_caldav', 'the server did not answer the CalDAV query (no multistatus): is this a calendar collection?');
    const texts: string[] = [];
    for (const m of xml.matchAll(/<([A-Za-z0-9_-]+:)?calendar-data\b[^>]*>([\s\S]*?)<\/([A-Za-z0-9_-]+:)?calendar-data>/g)) texts.push(xmlText(m[2]));
    return mergeCalendars(texts);
  }

  private auth(c: FeedCredentials | null): Record<string, string> {
    return c ? { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` } : {};
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new FeedFetchError('unreachable', `the calendar server could not be reached: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    if (res.status === 401 || res.status === 403) throw new FeedFetchError('refused_credentials', `the calendar server refused the credentials (${res.status})`);
    if (!res.ok) throw new FeedFetchError('http_error', `the calendar server answered ${res.status} ${res.statusText}`.trim());
    return res;
  }

  /** The body as text, at most MAX_ICS_TEXT_LENGTH bytes. */
  private async body(res: Response): Promise<string> {
    if (!res.body) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ICS_TEXT_LENGTH) {
        await reader.cancel();
        throw new FeedFetchError('too_large', `the calendar is larger than ${MAX_ICS_TEXT_LENGTH / 1_000_000} MB`);
      }
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

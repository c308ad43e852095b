import { Inject, Injectable, Optional } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { MAX_ICS_TEXT_LENGTH, type Interval } from '@kohtaamo/scheduling';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';

/** Why a feed could not be read: a stable code for the web's fi/sv/en texts. */
export type FeedErrorCode = 'unreachable' | 'refused_credentials' | 'http_error' | 'too_large' | 'not_caldav' | 'forbidden_address';

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
const MAX_REDIRECTS = 5;

const INTERNAL = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) INTERNAL.addSubnet(net, bits, 'ipv6');

/** Loopback, private, shared, link-local (cloud metadata), multicast or unspecified: not the public internet. */
export function isInternalAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return INTERNAL.check(v4mapped[1], 'ipv4');
  const family = isIP(address);
  return family === 0 ? true : INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

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
  private readonly allowInternal: boolean;

  constructor(@Optional() @Inject(API_CONFIG) config?: ApiConfig) {
    this.allowInternal = config?.calendarFeedAllowPrivate ?? false;
  }

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

  /**
   * One request, following up to five redirects by hand so that every address it goes to is checked
   * (credentials only to the first origin).
   */
  private async request(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    let target = url;
    let headers = init.headers;
    const origin = new URL(url).origin;
    for (let hop = 0; ; hop++) {
      await this.checkAddress(target);
      let res: Response;
      try {
        res = await fetch(target, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new FeedFetchError('unreachable', `the calendar server could not be reached: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        if (hop >= MAX_REDIRECTS) throw new FeedFetchError('http_error', `more than ${MAX_REDIRECTS} redirects`);
        await res.body?.cancel();
        target = new URL(location, target).toString();
        if (new URL(target).origin !== origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
        continue;
      }
      if (res.status === 401 || res.status === 403) throw new FeedFetchError('refused_credentials', `the calendar server refused the credentials (${res.status})`);
      if (!res.ok) throw new FeedFetchError('http_error', `the calendar server answered ${res.status} ${res.statusText}`.trim());
      return res;
    }
  }

  /** Refuses internal addresses (unless allowed by CALENDAR_FEED_ALLOW_PRIVATE): checked on every hop. */
  private async checkAddress(url: string): Promise<void> {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedFetchError('forbidden_address', `${u.protocol}// is not a calendar address`);
    if (this.allowInternal) return;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch (e) {
      throw new FeedFetchError('unreachable', `the calendar server's name could not be resolved: ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
    if (addresses.some(isInternalAddress)) throw new FeedFetchError('forbidden_address', `${u.hostname} is an internal address; calendar feeds are read only from the internet`);
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

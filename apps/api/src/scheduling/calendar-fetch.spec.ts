import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiConfig } from '../config/config';
import { CalendarFetcher, FeedFetchError, isInternalAddress } from './calendar-fetch.service';

describe('isInternalAddress', () => {
  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true],
    ['::1', true], ['fd00::1', true], ['fe80::1', true], ['::ffff:127.0.0.1', true], ['::', true], ['not-an-ip', true],
    ['193.166.3.1', false], ['8.8.8.8', false], ['2001:708::1', false], ['::ffff:193.166.3.1', false],
  ])('%s → %s', (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });
});

describe('CalendarFetcher over loopback', () => {
  const servers: http.Server[] = [];
  const seen: Array<{ path: string; auth: string | undefined }> = [];
  const listen = async (handler: http.RequestListener): Promise<string> => {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });
  const fetcher = (allow: boolean) => new CalendarFetcher({ calendarFeedAllowPrivate: allow } as ApiConfig);
  const ICS = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';

  it('refuses an internal address unless allowed (CALENDAR_FEED_ALLOW_PRIVATE)', async () => {
    const base = await listen((_req, res) => res.end(ICS));
    const e = await fetcher(false).ics(`${base}/cal.ics`, null).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FeedFetchError);
    expect((e as FeedFetchError).code).toBe('forbidden_address');
    await expect(fetcher(true).ics(`${base}/cal.ics`, null)).resolves.toBe(ICS);
  });

  it('follows a redirect to another origin without the credentials', async () => {
    const target = await listen((req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      res.end(ICS);
    });
    const first = await listen((req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(302, { location: `${target.replace('127.0.0.1', 'localhost')}/moved.ics` }).end();
    });
    await expect(fetcher(true).ics(`${first}/cal.ics`, { username: 'u', password: 'p' })).resolves.toBe(ICS);
    expect(seen).toEqual([
      { path: '/cal.ics', auth: `Basic ${Buffer.from('u:p').toString('base64')}` },
      { path: '/moved.ics', auth: undefined },
    ]);
  });

  it('names what went wrong: a refusal, another status, too many redirects', async () => {
    const base = await listen((req, res) => {
      if (req.url === '/401') res.writeHead(401).end();
      else if (req.url === '/500') res.writeHead(500).end();
      else res.writeHead(302, { location: '/loop' }).end();
    });
    const code = (p: string) => fetcher(true).ics(`${base}${p}`, null).then(() => 'ok', (x: FeedFetchError) => `${x.code}: ${x.message}`);
    expect(await code('/401')).toBe('refused_credentials: the calendar server refused the credentials (401)');
    expect(await code('/500')).toBe('http_error: the calendar server answered 500 Internal Server Error');
    expect(await code('/loop')).toBe('http_error: more than 5 redirects');
  });
});

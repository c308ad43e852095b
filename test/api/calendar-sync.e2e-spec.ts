import request from 'supertest';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { BusyRepository } from '../../apps/api/src/scheduling/busy.repository';
import { TestApi, startTestApi } from '../support/api';
import { TestRadicale } from '../support/radicale';
import { until } from '../queues/support/meetings';

/**
 * Live calendar sync against a real CalDAV server (Radicale from Debian, started here on a random port):
 * a person sets their own feed, the workers read it (CalDAV REPORT, or the collection as one ICS feed),
 * busy time follows the calendar, and the last refresh and its error are visible to that person.
 */
jest.setTimeout(120_000);

const PASSWORD = 'salasana-joka-ei-näy';
const vcal = (...lines: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const HELSINKI_TZ = [
  'BEGIN:VTIMEZONE', 'TZID:Europe/Helsinki',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0300', 'DTSTART:19700329T030000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0300', 'TZOFFSETTO:+0200', 'DTSTART:19701025T040000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
];

describe('calendar sync with a CalDAV server', () => {
  let api: TestApi;
  let dav: TestRadicale;
  let calendarUrl: string;

  beforeAll(async () => {
    dav = await TestRadicale.start({ aino: PASSWORD });
    api = await startTestApi({ RUN_WORKERS: 'true', CALENDAR_SYNC_EVERY_MINUTES: '15' });
    api.clock.set('2027-01-04T08:00:00Z');
    calendarUrl = await dav.calendar('aino', 'tyo');
    // weekly on Mondays 09:00–10:00 Helsinki, three times, the second moved to Tuesday 12:00
    await dav.put('aino', calendarUrl, 'weekly.ics', vcal(...HELSINKI_TZ,
      'BEGIN:VEVENT', 'UID:weekly@aino', 'DTSTAMP:20261201T000000Z', 'DTSTART;TZID=Europe/Helsinki:20270111T090000', 'DTEND;TZID=Europe/Helsinki:20270111T100000', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Tiimi', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:weekly@aino', 'DTSTAMP:20261201T000000Z', 'RECURRENCE-ID;TZID=Europe/Helsinki:20270118T090000', 'DTSTART;TZID=Europe/Helsinki:20270119T120000', 'DTEND;TZID=Europe/Helsinki:20270119T130000', 'SUMMARY:Tiimi', 'END:VEVENT'));
    await dav.put('aino', calendarUrl, 'dentist.ics', vcal('BEGIN:VEVENT', 'UID:dentist@aino', 'DTSTAMP:20261201T000000Z', 'DTSTART:20270210T070000Z', 'DTEND:20270210T080000Z', 'SUMMARY:Hammaslääkäri', 'END:VEVENT'));
    // years ahead: outside the window that is kept
    await dav.put('aino', calendarUrl, 'far.ics', vcal('BEGIN:VEVENT', 'UID:far@aino', 'DTSTAMP:20261201T000000Z', 'DTSTART:20300210T070000Z', 'DTEND:20300210T080000Z', 'END:VEVENT'));
  });
  afterAll(async () => {
    await api?.close();
    await dav?.stop();
  });

  const me = () => api.operator.personId;
  const feedBusy = async (personId = me()): Promise<string[]> =>
    (await api.db.ds.query(`SELECT lower(during) AS s, upper(during) AS e FROM person_busy WHERE person_id = $1 AND source = 'feed' ORDER BY 1`, [personId])).map(
      (r: { s: Date; e: Date }) => `${r.s.toISOString().slice(0, 16)}/${r.e.toISOString().slice(0, 16)}`,
    );
  const refreshedAfter = async (since: number, status = 'ok'): Promise<Record<string, unknown>> => {
    let last: Record<string, unknown> = {};
    try {
      return await until(
        async () => {
          last = (await request(api.http).get('/api/me/calendar-feed').expect(200)).body;
          return last.lastAttemptAt && Date.parse(String(last.lastAttemptAt)) > since && last.lastStatus === status ? last : undefined;
        },
        60_000,
        `a refresh with status ${status}`,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; the feed says ${JSON.stringify(last)}`);
    }
  };
  const expected = [
    '2027-01-11T07:00/2027-01-11T08:00',
    '2027-01-19T10:00/2027-01-19T11:00',
    '2027-01-25T07:00/2027-01-25T08:00',
    '2027-02-10T07:00/2027-02-10T08:00',
  ];

  it('a CalDAV collection with a password: read at once, the password sealed, refreshed every 15 minutes', async () => {
    const set = await request(api.http).put('/api/me/calendar-feed').send({ kind: 'caldav', url: calendarUrl, username: 'aino', password: PASSWORD }).expect(200);
    expect(set.body).toMatchObject({ kind: 'caldav', url: calendarUrl, username: 'aino', hasPassword: true, lastStatus: 'pending', refreshEveryMinutes: 15 });
    expect(JSON.stringify(set.body)).not.toContain(PASSWORD);
    const [row] = await api.db.ds.query(`SELECT * FROM calendar_feed WHERE person_id = $1`, [me()]);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row.secret_sealed).toMatch(/^v1\./);

    const view = await refreshedAfter(0);
    expect(view).toMatchObject({ lastStatus: 'ok', lastError: null, lastErrorCode: null, lastImported: 4, lastEvents: 3, lastSkipped: 0 });
    expect(await feedBusy()).toEqual(expected);

    const connection = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('calendar-sync', { connection, prefix: api.config.queuePrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.every])).toEqual([[`feed.${me()}`, 15 * 60_000]]);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('two replaces of the same busy time at once (the 15-minute sync and a refresh on demand) leave one set, not both', async () => {
    const busy = api.app.get(BusyRepository);
    const person = (await api.staff('staff', 'Rinnakkainen Synkka')).personId;
    const set = [0, 1, 2].map((d) => ({ start: new Date(Date.UTC(2027, 0, 11 + d, 7)), end: new Date(Date.UTC(2027, 0, 11 + d, 8)) }));
    for (let round = 0; round < 10; round++) {
      await Promise.all([busy.replace(person, 'feed', set), busy.replace(person, 'feed', set), busy.replace(person, 'feed', set)]);
      expect(await feedBusy(person)).toHaveLength(3);
    }
  });

  it('a change in the calendar shows after a refresh on demand', async () => {
    await dav.delete('aino', calendarUrl, 'dentist.ics');
    await dav.put('aino', calendarUrl, 'course.ics', vcal('BEGIN:VEVENT', 'UID:course@aino', 'DTSTAMP:20261201T000000Z', 'DTSTART;VALUE=DATE:20270301', 'DTEND;VALUE=DATE:20270303', 'END:VEVENT'));
    api.clock.set(new Date(Date.parse('2027-01-04T08:00:00Z') + 60_000));
    await request(api.http).post('/api/me/calendar-feed/refresh').expect(202);
    await refreshedAfter(Date.parse('2027-01-04T08:00:30Z'));
    expect(await feedBusy()).toEqual([...expected.slice(0, 3), '2027-02-28T22:00/2027-03-02T22:00']);
  });

  it('the same collection read as an ICS feed gives the same busy time', async () => {
    api.clock.set(new Date(Date.parse('2027-01-04T08:00:00Z') + 120_000));
    await request(api.http).put('/api/me/calendar-feed').send({ kind: 'ics', url: calendarUrl, username: 'aino', password: PASSWORD }).expect(200);
    await refreshedAfter(Date.parse('2027-01-04T08:01:30Z'));
    expect(await feedBusy()).toEqual([...expected.slice(0, 3), '2027-02-28T22:00/2027-03-02T22:00']);
  });

  it('a refused password is shown to the person; the busy time of the last good refresh stays', async () => {
    api.clock.set(new Date(Date.parse('2027-01-04T08:00:00Z') + 180_000));
    await request(api.http).put('/api/me/calendar-feed').send({ kind: 'caldav', url: calendarUrl, username: 'aino', password: 'väärä' }).expect(200);
    const view = await refreshedAfter(Date.parse('2027-01-04T08:02:30Z'), 'error');
    expect(view.lastError).toBe('the calendar server refused the credentials (401)');
    expect(view.lastErrorCode).toBe('refused_credentials');
    expect(view.lastSuccessAt).toBeNull();
    expect(await feedBusy()).toHaveLength(4);
  });

  it('each person has only their own feed; bad input names the field; removing the feed removes its busy time', async () => {
    const other = await api.staff('staff', 'Toinen Työntekijä');
    const theirs = await request(api.raw).get('/api/me/calendar-feed').set('authorization', other.auth).expect(404);
    expect(theirs.body.error).toBe('not_found');
    const bad = await request(api.raw).put('/api/me/calendar-feed').set('authorization', other.auth).send({ kind: 'caldav', url: 'ftp://x.example/cal' }).expect(400);
    expect([...new Set(bad.body.fields.map((x: { field: string }) => x.field))]).toEqual(['url']);
    const half = await request(api.raw).put('/api/me/calendar-feed').set('authorization', other.auth).send({ kind: 'ics', url: 'https://cal.example.fi/a.ics', username: 'x' }).expect(400);
    expect([...new Set(half.body.fields.map((x: { field: string }) => x.field))]).toEqual(['password']);

    await request(api.http).delete('/api/me/calendar-feed').expect(204);
    expect(await feedBusy()).toEqual([]);
    await request(api.http).get('/api/me/calendar-feed').expect(404);
    const connection = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('calendar-sync', { connection, prefix: api.config.queuePrefix });
    try {
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});

import { readIcsBusy } from '@kohtaamo/scheduling';
import { buildIcs, icsDate, readIcs } from './ics.util';

const base = {
  method: 'REQUEST' as const,
  uid: 'abc@kohtaamo',
  sequence: 2,
  stamp: new Date('2026-11-28T10:00:00Z'),
  start: new Date('2030-03-05T11:00:00Z'),
  end: new Date('2030-03-05T13:00:00Z'),
  summary: 'LaNu-konsultaatio; ryhmä, tiistai',
  location: 'Neuvotteluhuone Kaisla',
  url: 'https://kohtaamo.example.fi/join?meeting=abc',
  description: 'Rivi 1\nRivi 2',
  organizer: { name: 'Kohtaamo', email: 'k@example.fi' },
  attendee: { name: 'Lauri "L" Lääkäri', email: 'lauri@example.fi' },
};

describe('ics', () => {
  it('writes a REQUEST with UID, SEQUENCE and UTC times, and reads back the same', () => {
    const text = buildIcs(base);
    expect(text).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(text).toContain('\r\nDTSTART:20300305T110000Z\r\n');
    const p = readIcs(text);
    expect(p).toMatchObject({ METHOD: 'REQUEST', UID: 'abc@kohtaamo', SEQUENCE: '2', DTSTART: '20300305T110000Z', DTEND: '20300305T130000Z', STATUS: 'CONFIRMED' });
    expect(p.SUMMARY).toBe(base.summary);
    expect(p.DESCRIPTION).toBe('Rivi 1\nRivi 2');
    expect(text.replace(/\r\n /g, '')).toMatch(/\r\nATTENDEE;[^\r]*CN="Lauri L Lääkäri"[^\r]*:MAILTO:lauri@example\.fi\r\n/i);
    expect(text).toContain('\r\nSUMMARY:LaNu-konsultaatio\\; ryhmä\\, tiistai\r\n');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
  it('a CANCEL is marked cancelled', () => {
    expect(readIcs(buildIcs({ ...base, method: 'CANCEL', sequence: 3 }))).toMatchObject({ METHOD: 'CANCEL', SEQUENCE: '3', STATUS: 'CANCELLED' });
  });
  it('folds long lines at 75 octets without splitting characters', () => {
    const text = buildIcs({ ...base, summary: 'ä'.repeat(100), description: 'x'.repeat(300) });
    for (const l of text.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(readIcs(text).SUMMARY).toBe('ä'.repeat(100));
    expect(icsDate(new Date('2030-01-02T03:04:05.678Z'))).toBe('20300102T030405Z');
  });
  it('what it writes, the busy-time reader reads back as the meeting’s time', () => {
    const window = { start: new Date('2030-01-01T00:00:00Z'), end: new Date('2031-01-01T00:00:00Z') };
    expect(readIcsBusy(buildIcs(base), window)).toMatchObject({ busy: [{ start: base.start, end: base.end }], skipped: [] });
    expect(readIcsBusy(buildIcs({ ...base, method: 'CANCEL' }), window).busy).toEqual([]);
  });
});

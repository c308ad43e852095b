import { CredentialSealer } from './credentials.util';
import { mergeCalendars } from './calendar-fetch.service';

describe('CredentialSealer', () => {
  const a = new CredentialSealer('derived:test-join-token-secret-0123456789abcdef');
  const person = '11111111-1111-4111-8111-111111111111';

  it('opens what it sealed; the sealed text does not hold the secret, and differs each time', () => {
    const s1 = a.seal('salasana', person);
    const s2 = a.seal('salasana', person);
    expect(s1).not.toContain('salasana');
    expect(s1).not.toBe(s2);
    expect(a.open(s1, person)).toBe('salasana');
  });

  it('does not open for another person, under another key, or altered', () => {
    const s = a.seal('salasana', person);
    expect(() => a.open(s, '22222222-2222-4222-8222-222222222222')).toThrow();
    expect(() => new CredentialSealer('another key material of at least 32 chars').open(s, person)).toThrow();
    const parts = s.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3], 'base64url').toString('latin1'), 'latin1').toString('base64url');
    expect(() => a.open(parts.join('.'), person)).toThrow();
  });
});

describe('mergeCalendars', () => {
  it('keeps the components of every object (time zones, events with their alarms), in one VCALENDAR', () => {
    const one = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:x', 'BEGIN:VTIMEZONE', 'TZID:Z', 'END:VTIMEZONE', 'BEGIN:VEVENT', 'UID:a', 'SUMMARY:long', ' er', 'BEGIN:VALARM', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const two = ['BEGIN:VCALENDAR', 'PRODID:y', 'BEGIN:VEVENT', 'UID:b', 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    expect(mergeCalendars([one, two]).split('\r\n')).toEqual([
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kohtaamo//calendar sync//EN',
      'BEGIN:VTIMEZONE', 'TZID:Z', 'END:VTIMEZONE', 'BEGIN:VEVENT', 'UID:a', 'SUMMARY:long', ' er', 'BEGIN:VALARM', 'END:VALARM', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:b', 'END:VEVENT',
      'END:VCALENDAR', '',
    ]);
  });
});

import { compose, MeetingFacts } from './messages';

const m: MeetingFacts = {
  title: 'Verkostoneuvottelu',
  startsAt: new Date('2030-03-05T11:00:00Z'),
  endsAt: new Date('2030-03-05T12:30:00Z'),
  mode: 'hybrid',
  place: 'Perhekeskus, Kaisla',
  joinUrl: 'https://kohtaamo.example.fi/join?meeting=x',
};

describe('messages', () => {
  it('speaks Finnish, Swedish and English, on the Helsinki clock', () => {
    const fi = compose('invitation', 'fi', 'Olli', m);
    expect(fi.subject).toBe('Kutsu: Verkostoneuvottelu, ti 5.3.2030 klo 13.00');
    expect(fi.text).toContain('Aika: tiistai 5.3.2030 klo 13.00–14.30');
    expect(fi.text).toContain('Paikka: Perhekeskus, Kaisla');
    expect(fi.text).toContain('Liity etäyhteydellä: https://kohtaamo.example.fi/join?meeting=x');
    const sv = compose('cancellation', 'sv', 'Olli', m);
    expect(sv.subject).toMatch(/^Inställt: Verkostoneuvottelu, tis 5\.3\.2030 kl\. 13\.00$/);
    expect(sv.text).toContain('mötet har ställts in.');
    const en = compose('reminder', 'en', 'Olli', m);
    expect(en.subject).toBe('Reminder: Verkostoneuvottelu, Tue 5 Mar 2030, 13:00');
    expect(compose('reminder', 'de', 'Olli', m).subject).toBe(en.subject);
  });
  it('gives the room only when someone comes in person and the link only when someone joins remotely', () => {
    expect(compose('invitation', 'fi', 'A', { ...m, mode: 'remote' }).text).not.toContain('Paikka');
    expect(compose('invitation', 'fi', 'A', { ...m, mode: 'in_person' }).text).not.toContain('Liity');
  });
});

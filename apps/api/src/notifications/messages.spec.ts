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
  it('tells people outside the county only when and how to join: no title, no family centre', () => {
    for (const locale of ['fi', 'sv', 'en']) {
      for (const template of ['invitation', 'update', 'reminder', 'cancellation', 'minutes'] as const) {
        // the place is how to get there and is shown as the organiser wrote it (the README asks for a neutral one)
        const c = compose(template, locale, 'Olli', { ...m, place: 'Koulutie 1, neuvotteluhuone 2' }, { audience: 'outside', minutesUrl: 'https://k.example/#minutes=1&invitation=t' });
        expect(`${c.subject}\n${c.text}`).not.toMatch(/Verkostoneuvottelu|perhekeskus|familjecent|family centre/i);
        expect(c.text).toContain('Olli');
      }
    }
    expect(compose('invitation', 'fi', 'Olli', m, { audience: 'outside' }).subject).toBe('Kutsu: tapaaminen, ti 5.3.2030 klo 13.00');
    expect(compose('invitation', 'fi', 'Olli', m, { audience: 'staff' }).subject).toBe('Kutsu: Verkostoneuvottelu, ti 5.3.2030 klo 13.00');
  });
  it('minutes: a link, never the minutes themselves', () => {
    const staff = compose('minutes', 'fi', 'Terhi', m, { version: 1, audience: 'staff', minutesUrl: 'https://k.example/#minutes=1' });
    expect(staff.text).toContain('Lue muistio kirjautumalla: https://k.example/#minutes=1');
    const guest = compose('minutes', 'sv', 'Olli', m, { version: 1, audience: 'outside', minutesUrl: 'https://k.example/#minutes=1&invitation=t' });
    expect(guest.text).toContain('Läs promemorian med din egen länk: https://k.example/#minutes=1&invitation=t');
    expect(guest.text).toContain('Promemorian skickas inte per e-post.');
  });

  it('a cancellation has no join link; a guest\'s minutes link only to their own page; staff keep theirs', () => {
    for (const audience of ['staff', 'outside'] as const) expect(compose('cancellation', 'fi', 'Olli', m, { audience }).text).not.toMatch(/Liity|join\?meeting/);
    const guest = compose('minutes', 'fi', 'Olli', m, { version: 1, audience: 'outside', minutesUrl: 'https://k.example/guest#invitation=t' });
    expect(guest.text).not.toContain('join?meeting');
    expect(guest.text).toContain('https://k.example/guest#invitation=t');
    expect(compose('minutes', 'fi', 'Terhi', m, { version: 1, audience: 'staff' }).text).toContain('join?meeting=x');
  });

  it('held early: a cancellation of the booked slot saying when it was held and that the minutes follow; no join link', () => {
    const c = compose('held_early', 'fi', 'Olli', m, { audience: 'outside', heldOn: new Date('2030-03-04T09:00:00Z') });
    expect(c.subject).toBe('Pidetty etuajassa: tapaaminen, ti 5.3.2030 klo 13.00');
    expect(c.text).toContain('tapaaminen pidettiin jo aiemmin, ma 4.3.2030,');
    expect(c.text).toContain('Muistio toimitetaan myöhemmin.');
    expect(c.text).not.toMatch(/Liity|join\?meeting|Verkostoneuvottelu/);
    expect(compose('held_early', 'en', 'Olli', m, { heldOn: new Date('2030-03-04T09:00:00Z') }).text).toContain('held earlier, on Mon 4 Mar 2030');
  });

  it('quotes the reason of a reschedule or cancellation, to staff and outside alike; never in invitations or reminders', () => {
    const why = { ...m, reason: 'Huone on remontissa' };
    expect(compose('cancellation', 'fi', 'Olli', why, { audience: 'outside' }).text).toContain('Syy: Huone on remontissa');
    expect(compose('update', 'sv', 'Olli', why).text).toContain('Orsak: Huone on remontissa');
    expect(compose('update', 'en', 'Olli', why).text).toContain('Reason: Huone on remontissa');
    expect(compose('reminder', 'fi', 'Olli', why).text).not.toContain('Syy');
    expect(compose('update', 'fi', 'Olli', m).text).not.toContain('Syy');
  });
});

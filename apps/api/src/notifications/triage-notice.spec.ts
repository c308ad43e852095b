import { TriageFacts, composeTriageNotice } from './triage-notice';

const base: TriageFacts = {
  requestId: 'r-1',
  decision: 'accept',
  decidedAt: new Date('2026-11-24T11:00:00Z'),
  teamName: 'Nepsy-tiimi',
  submittedAt: new Date('2026-11-23T08:15:00Z'),
  anonymous: false,
  reason: null,
  question: 'Tarvitaanko nepsy-arvio Eetulle, joka on syntynyt 4.5.2019?',
  slot: { meetingId: 'm-1', title: 'Nepsy-tiimi: konsultaatio', startsAt: new Date('2026-12-02T10:50:00Z'), endsAt: new Date('2026-12-02T11:10:00Z'), mode: 'hybrid', place: 'Neuvotteluhuone Vilja' },
  recipient: { name: 'Terhi Mäkelä', email: 'terhi@hyvaep.fi', locale: 'fi' },
};

describe('the requester’s email about a triage decision', () => {
  it('an acceptance names the slot on the Helsinki clock, where it is and how to join, in Finnish', () => {
    const m = composeTriageNotice(base, 'https://kohtaamo.hyvaep.fi/');
    expect(m.subject).toBe('Konsultaatiopyyntösi on hyväksytty – Nepsy-tiimi');
    expect(m.text).toContain('jonka lähetit ma 23.11.2026.');
    expect(m.text).toContain('Tapaus on ryhmän esityslistalla: keskiviikko 2.12.2026 klo 12.50–13.10');
    expect(m.text).toContain('Paikka: Neuvotteluhuone Vilja');
    expect(m.text).toContain('Liity etäyhteydellä: https://kohtaamo.hyvaep.fi/join?meeting=m-1');
    expect(m.text).toContain('Avaa pyyntö: https://kohtaamo.hyvaep.fi/requests/r-1');
  });

  it('quotes nothing of an identified request: no question, no reason', () => {
    const m = composeTriageNotice({ ...base, decision: 'decline', reason: 'Eetun asia kuuluu koululle.', slot: null }, 'https://k.fi');
    expect(m.text).not.toMatch(/Eetu|4\.5\.2019|koululle/);
    expect(m.text).toContain('Perustelu näkyy Kohtaamossa.');
  });

  it('quotes the team’s words and the start of the question for an anonymous request, in Swedish', () => {
    const m = composeTriageNotice(
      { ...base, anonymous: true, decision: 'request_info', reason: 'Hur ofta kräks barnet?', question: 'Spädbarn med återkommande kräkningar. '.repeat(10), slot: null, recipient: { name: 'Karin Sjöberg', email: 'k@x.fi', locale: 'sv' } },
      'https://k.fi',
    );
    expect(m.subject).toBe('Mer information behövs om din konsultationsbegäran – Nepsy-tiimi');
    expect(m.text).toContain('Gruppens fråga: Hur ofta kräks barnet?');
    expect(m.text).toMatch(/Din fråga: Spädbarn med återkommande kräkningar\. .*…\n/);
  });

  it('an in-person session has a place and no join link; English for an unknown language', () => {
    const m = composeTriageNotice({ ...base, slot: { ...base.slot!, mode: 'in_person' }, recipient: { ...base.recipient, locale: 'de' as 'en' } }, 'https://k.fi');
    expect(m.text).toContain('Hello Terhi Mäkelä,');
    expect(m.text).toContain('Place: Neuvotteluhuone Vilja');
    expect(m.text).not.toContain('/join?');
  });
});

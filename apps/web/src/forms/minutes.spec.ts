import { helsinkiInstant, merge, parseDate, parseTime, toBody, validate, type MinutesForm } from './minutes';

const form = (o: Partial<MinutesForm> = {}): MinutesForm => ({
  attendance: [{ participantId: 'p1', name: 'Opettaja', kind: 'external', organisation: 'Koulu', attendance: 'remote' }],
  question: 'Q', summary: 'S', actions: [], disclosures: [], nextDate: '', nextTime: '', nextNote: '', ...o,
});

describe('minutes form', () => {
  it('reads dates as people write them and refuses impossible ones', () => {
    expect(parseDate('1.4.2030')).toBe('2030-04-01');
    expect(parseDate('2030-04-01')).toBe('2030-04-01');
    expect(parseDate('31.2.2030')).toBeNull();
    expect(parseDate('huomenna')).toBeNull();
    expect(parseTime('13.30')).toEqual([13, 30]);
    expect(parseTime('25.00')).toBeNull();
  });

  it('a Helsinki wall-clock time becomes the right instant in winter and summer', () => {
    expect(helsinkiInstant('2030-01-15', [13, 0])).toBe('2030-01-15T11:00:00.000Z');
    expect(helsinkiInstant('2030-06-15', [13, 0])).toBe('2030-06-15T10:00:00.000Z');
  });

  it('names the fields the API would refuse, and builds the PATCH body of a valid form', () => {
    expect(validate(form({ actions: [{ what: '', responsible: '', due: '31.2.2030' }] }))).toEqual({ 'action-0-what': 'required', 'action-0-due': 'date' });
    const f = form({ actions: [{ what: 'Tuen suunnitelma', responsible: 'luokanopettaja', due: '1.4.2030' }], nextDate: '2.5.2030', nextTime: '9.00', nextNote: 'Sama huone' });
    expect(validate(f)).toEqual({});
    expect(toBody(f)).toMatchObject({
      actions: [{ what: 'Tuen suunnitelma', responsibleName: 'luokanopettaja', dueDate: '2030-04-01' }],
      nextMeeting: { at: '2030-05-02T06:00:00.000Z', note: 'Sama huone' },
    });
  });

  it('merges a conflicting save section by section; both changed: mine is kept and reported', () => {
    const base = form();
    const mine = form({ summary: 'minun' });
    const theirs = form({ question: 'heidän', summary: 'heidän' });
    expect(merge(base, mine, theirs)).toEqual({ merged: form({ question: 'heidän', summary: 'minun' }), conflicts: ['summary'] });
    expect(merge(base, form({ summary: 'minun' }), form({ question: 'heidän' }))).toEqual({ merged: form({ question: 'heidän', summary: 'minun' }), conflicts: [] });
  });
});

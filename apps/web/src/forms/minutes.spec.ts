import {
  changedSections, formFieldOf, helsinkiInstant, LIMITS, merge, parseDate, parseTime, restoreUnsaved, sectionOfField, toBody, toForm, validate, withSections,
  reasonsByField, type Minutes, type MinutesForm,
} from './minutes';

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

  it('marks a text over the API’s limit (counted after trimming) as too long', () => {
    const f = form({ summary: 'x'.repeat(LIMITS.summary + 1), actions: [{ what: `${'y'.repeat(LIMITS.actionWhat)}  `, responsible: '', due: '1.4.2030' }] });
    expect(validate(f)).toEqual({ 'minutes-summary': 'too_long' });
    expect(validate(form({ actions: [{ what: 'y'.repeat(2001), responsible: '', due: '1.4.2030' }] }))).toEqual({ 'action-0-what': 'too_long' });
  });

  it('knows the form field and section of each field the API names, in either path style', () => {
    expect(formFieldOf('actions[0].what')).toBe('action-0-what');
    expect(formFieldOf('actions.0.what')).toBe('action-0-what');
    expect(formFieldOf('actions[2].responsibleName')).toBe('action-2-responsible');
    expect(formFieldOf('disclosures[1].toOrganisation')).toBe('disclosure-1-to');
    expect(formFieldOf('attendance[3].name')).toBe('attendance-3');
    expect(formFieldOf('nextMeeting.note')).toBe('next-note');
    expect(formFieldOf('summary')).toBe('minutes-summary');
    expect(formFieldOf('locale')).toBeUndefined();
    expect(sectionOfField('action-0-what')).toBe('actions');
    expect(sectionOfField('next-note')).toBe('next');
  });

  it('saves only the sections asked for, and the base then holds those sections', () => {
    const base = form();
    const f = form({ summary: 'uusi', actions: [{ what: 'z'.repeat(2001), responsible: '', due: '1.4.2030' }] });
    expect(changedSections(base, f)).toEqual(['summary', 'actions']);
    expect(toBody(f, ['summary'])).toEqual({ summary: 'uusi' });
    const after = withSections(base, f, ['summary']);
    expect(changedSections(after, f)).toEqual(['actions']);
  });

  it('restores kept edits: as kept if the draft is unchanged, merged into a newer draft, never for another person or draft', () => {
    const server = {
      id: 'm1', status: 'draft', revision: 4, attendance: [{ participantId: 'p1', name: 'Opettaja', kind: 'external', organisation: 'Koulu', attendance: 'remote' }],
      question: 'Q', summary: 'S', actions: [], disclosures: [], nextMeeting: null,
    } as unknown as Minutes;
    const base = toForm(server);
    const mine = { ...base, summary: 'minun pitkä teksti' };
    const kept = { minutesId: 'm1', personId: 'u1', revision: 4, base, form: mine };
    expect(restoreUnsaved(kept, server, 'u1')).toEqual({ form: mine, conflicts: [] });
    expect(restoreUnsaved(kept, server, 'u2')).toBeNull();
    expect(restoreUnsaved({ ...kept, minutesId: 'm2' }, server, 'u1')).toBeNull();
    expect(restoreUnsaved({ ...kept, form: base }, server, 'u1')).toBeNull();
    const newer = { ...server, revision: 5, question: 'heidän' } as Minutes;
    expect(restoreUnsaved(kept, newer, 'u1')).toEqual({ form: { ...mine, question: 'heidän' }, conflicts: [] });
    expect(restoreUnsaved(kept, { ...newer, summary: 'heidän' } as Minutes, 'u1')).toEqual({ form: { ...mine, question: 'heidän' }, conflicts: ['summary'] });
  });
});

describe('reasonsByField: every reason the API gave a field', () => {
  it('joins a field’s distinct reasons in the API’s order and leaves out fields the form does not have', () => {
    const fields = [
      { field: 'summary', reason: 'ei saa sisältää nimeä' },
      { field: 'actions[0].what', reason: 'saa olla enintään 2000 merkkiä' },
      { field: 'summary', reason: 'ei saa sisältää puhelinnumeroa' },
      { field: 'summary', reason: 'ei saa sisältää nimeä' },
      { field: 'isAdmin', reason: 'is not a known field' },
    ];
    expect([...reasonsByField(fields)]).toEqual([
      ['minutes-summary', 'ei saa sisältää nimeä; ei saa sisältää puhelinnumeroa'],
      ['action-0-what', 'saa olla enintään 2000 merkkiä'],
    ]);
  });
});

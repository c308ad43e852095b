import { identifierFindings } from './identifiers';

describe('identifier findings of a 422', () => {
  it('groups the kinds by field, once each, and ignores what it does not know', () => {
    const found = identifierFindings({
      code: 'identifier_in_anonymous',
      details: { findings: [
        { field: 'question', kind: 'name', start: 0, end: 5 },
        { field: 'question', kind: 'personal_identity_code' },
        { field: 'question', kind: 'name' },
        { field: 'triedSoFar', kind: 'phone' },
        { field: 'question', kind: 'shoe_size' },
      ] },
    });
    expect([...found.entries()]).toEqual([['question', ['name', 'personal_identity_code']], ['triedSoFar', ['phone']]]);
  });

  it('is empty for another error or a body without findings', () => {
    expect(identifierFindings({ code: 'validation_failed', details: { findings: [{ field: 'question', kind: 'name' }] } }).size).toBe(0);
    expect(identifierFindings({ code: 'identifier_in_anonymous', details: undefined }).size).toBe(0);
  });
});

import { ConsentFacts, consentAllows, consentState, disclosureBasis, hasOwnRight } from './consent';

const base: ConsentFacts = {
  organisationTypes: ['school'],
  dataCategories: ['request', 'minutes'],
  givenAt: new Date('2026-01-01T10:00:00Z'),
  validUntil: new Date('2026-07-01T00:00:00Z'),
  withdrawnAt: null,
};

describe('consent', () => {
  it('is active within validity', () => {
    expect(consentState(base, new Date('2026-03-01T00:00:00Z'))).toBe('active');
    expect(consentState(base, new Date('2025-12-31T00:00:00Z'))).toBe('not_yet_valid');
    expect(consentState(base, new Date('2026-07-01T00:00:00Z'))).toBe('expired');
  });
  it('withdrawal takes effect at its instant', () => {
    const w = { ...base, withdrawnAt: new Date('2026-03-01T12:00:00Z') };
    expect(consentState(w, new Date('2026-03-01T11:59:59Z'))).toBe('active');
    expect(consentState(w, new Date('2026-03-01T12:00:00Z'))).toBe('withdrawn');
  });
  it('allows only the organisations and categories in scope', () => {
    const at = new Date('2026-03-01T00:00:00Z');
    expect(consentAllows(base, 'school', 'minutes', at)).toBe(true);
    expect(consentAllows(base, 'kela', 'minutes', at)).toBe(false);
    expect(consentAllows(base, 'school', 'health', at)).toBe(false);
    expect(consentAllows({ ...base, validUntil: null }, 'school', 'request', new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('the client and a guardian keep their own right when the consent ends; others only within it', () => {
    const at = new Date('2026-03-01T13:00:00Z');
    const withdrawn = { ...base, withdrawnAt: new Date('2026-03-01T12:00:00Z') };
    expect(disclosureBasis({ kind: 'family', relation: 'guardian' }, base, at)).toBe('consent');
    expect(disclosureBasis({ kind: 'family', relation: 'guardian' }, withdrawn, at)).toBe('own_right');
    expect(disclosureBasis({ kind: 'family', relation: 'child' }, { ...base, validUntil: new Date('2026-02-01T00:00:00Z') }, at)).toBe('own_right');
    expect(disclosureBasis({ kind: 'family', relation: 'parent' }, withdrawn, at)).toBeNull();
    expect(disclosureBasis({ kind: 'family', relation: 'other' }, withdrawn, at)).toBeNull();
    expect(disclosureBasis({ kind: 'external' }, withdrawn, at)).toBeNull();
    expect(disclosureBasis({ kind: 'external' }, base, at)).toBe('consent');
    // a consent not yet given is no basis, not even for a guardian
    expect(disclosureBasis({ kind: 'family', relation: 'guardian' }, base, new Date('2025-12-01T00:00:00Z'))).toBeNull();
    expect(disclosureBasis({ kind: 'family', relation: 'guardian' }, null, at)).toBeNull();
    expect(disclosureBasis({ kind: 'staff' }, null, at)).toBe('staff_duty');
    expect(hasOwnRight('external', 'guardian')).toBe(false);
  });
});

import { ConsentFacts, consentAllows, consentState } from './consent';

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
});

import { consentBody, emptyForm, formFieldOf, isValidIdentityCode, requestBody, validateNewRequest, type NewRequestForm } from './new-request';

const TODAY = '2026-12-01';
const filled = (o: Partial<NewRequestForm> = {}): NewRequestForm => ({
  ...emptyForm(),
  teamId: '5b0f5c4e-0000-4000-8000-000000000001',
  clientGroup: 'separating_family',
  urgency: 'soon',
  question: 'Miten tukea 5-vuotiaan unta vanhempien erotessa?',
  ...o,
});
const identified = (o: Partial<NewRequestForm> = {}): NewRequestForm =>
  filled({
    anonymous: false,
    clientName: 'Eetu Esimerkki',
    consentGivenBy: 'guardian',
    consentGivenByName: 'Elina Esimerkki',
    consentOrganisations: ['school'],
    consentCategories: ['request'],
    consentPurpose: 'Konsultaatio',
    ...o,
  });

describe('New consultation request: validation', () => {
  it('an empty form names the team, client group, urgency and question', () => {
    expect(validateNewRequest(emptyForm(), TODAY)).toEqual({
      teamId: 'teamRequired',
      clientGroup: 'clientGroupRequired',
      urgency: 'urgencyRequired',
      question: 'questionRequired',
    });
  });

  it('a filled anonymous request is valid, and its identifying fields are neither checked nor sent', () => {
    const f = filled({ clientName: '', clientIdentityCode: 'rubbish', consentValidUntil: '2000-01-01' });
    expect(validateNewRequest(f, TODAY)).toEqual({});
    const body = requestBody(f, { clientId: 'c', consentId: 'k' });
    expect(body).not.toHaveProperty('clientId');
    expect(body).not.toHaveProperty('consentId');
    expect(body.anonymous).toBe(true);
  });

  it('a whitespace-only question is missing; an over-long one is too long', () => {
    expect(validateNewRequest(filled({ question: '   ' }), TODAY).question).toBe('questionRequired');
    expect(validateNewRequest(filled({ question: 'x'.repeat(4001) }), TODAY).question).toBe('tooLong');
  });

  it('an identified request needs the client and every part of the consent', () => {
    expect(validateNewRequest(identified(), TODAY)).toEqual({});
    expect(validateNewRequest(filled({ anonymous: false }), TODAY)).toEqual({
      clientName: 'clientNameRequired',
      consentGivenBy: 'consentGivenByRequired',
      consentGivenByName: 'consentGivenByNameRequired',
      consentOrganisations: 'organisationsRequired',
      consentPurpose: 'purposeRequired',
    });
    expect(validateNewRequest(identified({ consentCategories: [] }), TODAY).consentCategories).toBe('categoriesRequired');
  });

  it('a client picked from the register needs no name', () => {
    expect(validateNewRequest(identified({ clientId: 'c1', clientName: '' }), TODAY)).toEqual({});
  });

  it('checks the identity code\'s check character', () => {
    expect(isValidIdentityCode('131052-308T')).toBe(true);
    expect(isValidIdentityCode('131052-308U')).toBe(false);
    expect(isValidIdentityCode('010118A9876')).toBe(false);
    expect(validateNewRequest(identified({ clientIdentityCode: '131052-308U' }), TODAY).clientIdentityCode).toBe('identityCodeInvalid');
    expect(validateNewRequest(identified({ clientIdentityCode: '131052-308t' }), TODAY)).toEqual({});
  });

  it('the consent may end today but not before, and a date means the end of that day in Helsinki', () => {
    expect(validateNewRequest(identified({ consentValidUntil: TODAY }), TODAY)).toEqual({});
    expect(validateNewRequest(identified({ consentValidUntil: '2026-11-30' }), TODAY).consentValidUntil).toBe('dateInPast');
    expect(validateNewRequest(identified({ consentValidUntil: '31.12.2026' }), TODAY).consentValidUntil).toBe('dateInvalid');
    expect(consentBody(identified({ consentValidUntil: '2026-12-31' })).validUntil).toBe('2026-12-31T21:59:59.999Z');
    // summer time: UTC+3
    expect(consentBody(identified({ consentValidUntil: '2027-06-30' })).validUntil).toBe('2027-06-30T20:59:59.999Z');
    expect(consentBody(identified())).not.toHaveProperty('validUntil');
  });

  it('maps the API\'s field names to the form\'s', () => {
    expect(formFieldOf('question', 'request')).toBe('question');
    expect(formFieldOf('situation', 'request')).toBe('question');
    expect(formFieldOf('personalIdentityCode', 'client')).toBe('clientIdentityCode');
    expect(formFieldOf('validUntil', 'consent')).toBe('consentValidUntil');
    expect(formFieldOf('nonsense', 'request')).toBeUndefined();
  });
});

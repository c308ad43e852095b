import { localiseErrorBody, localiseProblem, preferredLanguage } from './error-language';

describe('4xx reasons in the caller’s language', () => {
  it('reads Accept-Language by q-value, taking the first of fi, sv, en', () => {
    expect(preferredLanguage(undefined)).toBeNull();
    expect(preferredLanguage('fi')).toBe('fi');
    expect(preferredLanguage('sv-FI,sv;q=0.9,en;q=0.8')).toBe('sv');
    expect(preferredLanguage('de-DE,de;q=0.9,en;q=0.5,fi;q=0.7')).toBe('fi');
    expect(preferredLanguage('de')).toBeNull();
    expect(preferredLanguage('fi;q=0,sv')).toBe('sv');
  });

  it('words a validator’s reason in Finnish and Swedish with its number or list, and keeps English as the validator wrote it', () => {
    const tooLong = { field: 'message', reason: 'message must be shorter than or equal to 2000 characters', code: 'too_long' };
    expect(localiseProblem(tooLong, 'fi')).toEqual({ field: 'message', reason: 'saa olla enintään 2000 merkkiä', code: 'too_long' });
    expect(localiseProblem(tooLong, 'sv')).toEqual({ field: 'message', reason: 'får vara högst 2000 tecken', code: 'too_long' });
    expect(localiseProblem(tooLong, 'en')).toEqual(tooLong);
    const oneOf = { field: 'locale', reason: 'locale must be one of the following values: fi, sv, en', code: 'one_of' };
    expect(localiseProblem(oneOf, 'fi').reason).toBe('pitää olla jokin näistä: fi, sv, en');
  });

  it('gives known domain reasons a code, and leaves unknown ones as they are', () => {
    expect(localiseProblem({ field: 'slotIndex', reason: 'already booked' }, 'sv')).toEqual({ field: 'slotIndex', reason: 'tiden är redan bokad', code: 'slot_taken' });
    expect(localiseProblem({ field: 'id', reason: 'must be a UUID' }, null)).toEqual({ field: 'id', reason: 'must be a UUID', code: 'uuid' });
    expect(localiseProblem({ field: 'consentId', reason: 'the consent is withdrawn' }, 'fi')).toEqual({ field: 'consentId', reason: 'the consent is withdrawn' });
  });

  it('builds a validation error’s message from its fields in the language asked for', () => {
    const body = { statusCode: 400, error: 'validation_failed', message: 'reason: reason should not be empty', fields: [{ field: 'reason', reason: 'reason should not be empty', code: 'required' }] };
    expect(localiseErrorBody(body, 'fi')).toMatchObject({ message: 'reason: on pakollinen', fields: [{ field: 'reason', reason: 'on pakollinen', code: 'required' }] });
    expect(localiseErrorBody(body, null)).toEqual(body);
  });
});

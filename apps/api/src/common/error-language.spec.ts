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

  it('counts: one character, one item, in the singular', () => {
    const tooLong = { field: 'name', reason: 'name must be shorter than or equal to 1 characters', code: 'too_long' };
    expect(localiseProblem(tooLong, 'fi').reason).toBe('saa olla enintään 1 merkki');
    const tooFew = { field: 'participants', reason: 'participants must contain at least 1 elements', code: 'too_few' };
    expect(localiseProblem(tooFew, 'fi').reason).toBe('pitää sisältää vähintään 1 kohdan');
    expect(localiseProblem(tooFew, 'sv').reason).toBe('måste innehålla minst 1 post');
    expect(localiseProblem({ ...tooFew, reason: 'participants must contain at least 3 elements' }, 'sv').reason).toBe('måste innehålla minst 3 poster');
    // a number that is not a count stays a plain value
    expect(localiseProblem({ field: 'count', reason: 'count must not be less than 1', code: 'min' }, 'fi').reason).toBe('pitää olla vähintään 1');
  });

  it('keeps the service’s own reason for a code the catalogues have no words for', () => {
    expect(localiseProblem({ field: 'x', reason: 'something new', code: 'not_in_the_catalogue' }, 'fi')).toEqual({ field: 'x', reason: 'something new', code: 'not_in_the_catalogue' });
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

  it('words an identifier refusal for where the text goes, with the kind found, and builds its message from the fields', () => {
    const title = { field: 'title', reason: "a meeting title is kept in staff calendars and records (invited outsiders see only the word \"meeting\") and must not identify the client: it must not contain a person's name", code: 'identifier_in_meeting_title' };
    expect(localiseProblem(title, 'fi').reason).toBe('kokouksen otsikko jää henkilöstön kalentereihin ja kirjauksiin (kutsutut ulkopuoliset näkevät vain sanan ”tapaaminen”) eikä se saa tunnistaa asiakasta: siinä ei saa olla henkilön nimeä');
    expect(localiseProblem(title, 'en')).toEqual(title);
    const minutes = { field: 'actions[0].what', reason: 'the minutes of an anonymous consultation must not contain a phone number', code: 'identifier_in_minutes' };
    expect(localiseProblem(minutes, 'sv').reason).toBe('promemorian för en anonym konsultation får inte innehålla ett telefonnummer');
    const body = { statusCode: 422, error: 'identifier_in_anonymous', message: `title: ${title.reason}`, fields: [title] };
    expect(localiseErrorBody(body, 'sv').message).toBe('title: mötets rubrik sparas i personalens kalendrar och anteckningar (inbjudna utomstående ser bara ordet ”möte”) och får inte identifiera klienten: den får inte innehålla en persons namn');
  });

  it('words a not-found and a known refusal by the catalogues, never echoing the id; without a language asked the service\'s own words stay', () => {
    const id = 'af1b2c3d-0000-4000-8000-000000000000';
    const nf = { statusCode: 404, error: 'not_found', message: `meeting ${id} does not exist`, fields: [], details: { entity: 'meeting', id } };
    expect(localiseErrorBody(nf, 'fi').message).toBe('Tapaamista ei löydy, tai sinulla ei ole siihen pääsyä.');
    expect(localiseErrorBody(nf, 'sv').message).not.toContain(id);
    expect(localiseErrorBody(nf, null).message).toBe(nf.message);
    const request = { ...nf, message: `consultation request ${id} does not exist`, details: { entity: 'consultation request', id } };
    expect(localiseErrorBody(request, 'fi').message).toBe('Konsultaatiopyyntöä ei löydy, tai sinulla ei ole siihen pääsyä.');
    expect(localiseErrorBody({ ...nf, details: { entity: 'something new', id } }, 'fi').message).toBe('Hakemaasi ei löydy, tai sinulla ei ole siihen pääsyä.');
    const reason = "only the organiser or the team's chairs of that day write the minutes";
    const refused = { statusCode: 403, error: 'forbidden', message: `minutes ${id}: ${reason}`, fields: [], details: { reason, entity: 'minutes' } };
    expect(localiseErrorBody(refused, 'fi').message).toBe('Muistion kirjoittaa, hyväksyy ja korjaa vain tapaamisen järjestäjä tai tiimin sen päivän puheenjohtajat.');
    expect(localiseErrorBody(refused, 'en').message).not.toContain(id);
    const other = { ...refused, message: 'x', details: { reason: 'something else' } };
    expect(localiseErrorBody(other, 'fi').message).toBe('x');
  });
});

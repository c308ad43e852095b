import { keyDifferences, textProblems } from '../../../../test/support/catalogues';
import { catalogues, textsFor } from './i18n';
import { DateTime } from 'luxon';

describe('the server catalogues (apps/api/src/locales: fi, sv, en)', () => {
  it.each(['sv', 'en'] as const)('%s has every key of fi, and fi every key of it', (lang) => {
    expect(keyDifferences(catalogues.fi, catalogues[lang])).toEqual({ missing: [], extra: [] });
  });

  it('no text is empty, each translation has the variables of the Finnish one, and counted texts have their plural forms', () => {
    expect(textProblems(catalogues)).toEqual([]);
  });

  it('the checks themselves find a missing key, a changed variable and a missing plural form', () => {
    expect(keyDifferences(catalogues.fi, { ...catalogues.fi, email: {} }).missing).toContain('email.greeting');
    const renamed = { ...catalogues.sv, email: { ...catalogues.sv.email, greeting: 'Hej {{namn}},' } };
    expect(textProblems({ fi: catalogues.fi, sv: renamed })).toEqual(['sv: email.greeting has {{namn}}, fi {{name}}']);
    expect(textProblems({ fi: { x_one: 'a' }, sv: { x_one: 'a' } })).toEqual(['fi: x has no plural form _other', 'sv: x has no plural form _other']);
  });

  it('puts values in as they are: no HTML escaping, no keys or variables read from them', () => {
    const { t } = textsFor('fi');
    expect(t('email.greeting', { name: `O'Brien <b>{{name}}</b> $t(email.signature)` })).toBe(`Hei O'Brien <b>{{name}}</b> $t(email.signature),`);
  });

  it('English for a language it does not have, unless the caller names another fallback', () => {
    expect(textsFor('de').lang).toBe('en');
    expect(textsFor(null).t('email.greeting', { name: 'A' })).toBe('Hello A,');
    expect(textsFor('de', 'fi').t('email.greeting', { name: 'A' })).toBe('Hei A,');
  });

  it('counts: the singular form for one, the plural otherwise, by the language’s plural rules', () => {
    expect(textsFor('fi').t('errors.too_long', { count: 1 })).toBe('saa olla enintään 1 merkki');
    expect(textsFor('fi').t('errors.too_long', { count: 2000 })).toBe('saa olla enintään 2000 merkkiä');
    expect(textsFor('sv').t('errors.too_many', { count: 1 })).toBe('får innehålla högst 1 post');
    expect(textsFor('sv').t('errors.too_many', { count: 0 })).toBe('får innehålla högst 0 poster');
    expect(textsFor('en').t('errors.too_few', { count: 1 })).toBe('must have at least 1 item');
    expect(textsFor('en').t('errors.too_few', { count: 3 })).toBe('must have at least 3 items');
  });

  it('looks up a key known only at run time: its text, the plural form by count, or null when there is none', () => {
    expect(textsFor('sv').lookup('errors.required')).toBe('är obligatoriskt');
    expect(textsFor('fi').lookup('errors.too_few', { count: 1 })).toBe('pitää sisältää vähintään 1 kohdan');
    // a text that does not count takes a count as a plain value
    expect(textsFor('fi').lookup('errors.min', { value: '1', count: 1 })).toBe('pitää olla vähintään 1');
    expect(textsFor('fi').lookup('errors.no_such_code')).toBeNull();
  });

  it('formats a time in the language’s pattern', () => {
    const at = DateTime.fromISO('2030-03-05T13:00', { zone: 'Europe/Helsinki' });
    expect(textsFor('fi').format(at, 'dateTime')).toBe('ti 5.3.2030 klo 13.00');
    expect(textsFor('sv').format(at, 'longDateTime')).toBe('tisdag 5.3.2030 kl. 13.00');
    expect(textsFor('en').format(at, 'dateTime')).toBe('Tue 5 Mar 2030, 13:00');
  });
});

import i18next from 'i18next';
import { keyDifferences, keyPaths, textProblems } from '../../../../test/support/catalogues';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';
import metricsEn from './metrics/en.json';
import metricsFi from './metrics/fi.json';
import metricsSv from './metrics/sv.json';

// The same checks as the API's catalogues (apps/api/src/locales/i18n.spec.ts): test/support/catalogues.ts.
describe.each([
  ['the staff app', fi, sv, en],
  // the metrics page's own catalogues, loaded with that page
  ['the metrics page', metricsFi, metricsSv, metricsEn],
] as const)('%s\'s catalogues (fi, sv, en)', (_which, fi, sv, en) => {
  it.each([['sv', sv], ['en', en]] as const)('%s has every key of fi, and fi every key of it', (_name, other) => {
    expect(keyDifferences(fi, other)).toEqual({ missing: [], extra: [] });
  });

  it('no text is empty, each translation uses the same placeholders as the Finnish one, and counted texts have their plural forms', () => {
    expect(textProblems({ fi, sv, en })).toEqual([]);
  });

  it('the check itself finds a missing key', () => {
    const [first] = Object.keys(fi) as Array<keyof typeof fi>;
    const broken = { ...fi, [first]: { x: 'x' } };
    expect(keyDifferences(fi, broken).missing.length).toBeGreaterThan(0);
    expect(keyPaths(broken)).toContain(`${first}.x`);
  });
});

describe('counted texts', () => {
  it('take the singular for one and the plural otherwise, in each language (i18next by Intl.PluralRules)', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } }, lng: 'fi', initAsync: false });
    const say = (lng: string, count: number) => i18n.getFixedT(lng)('meeting.headcount', { count });
    expect([say('fi', 1), say('fi', 3)]).toEqual(['Huoneessa 1 henkilö', 'Huoneessa 3 henkeä']);
    expect([say('sv', 1), say('sv', 0)]).toEqual(['I rummet 1 person', 'I rummet 0 personer']);
    expect([say('en', 1), say('en', 2)]).toEqual(['1 person in the room', '2 people in the room']);
  });
});

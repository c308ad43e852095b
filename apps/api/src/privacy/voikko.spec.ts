import { findIdentifiers } from '@kohtaamo/domain';
import { buildLexicon } from './lexicon';
import { Voikko } from './voikko';

// The real native boundary: Debian's libvoikko1 + voikko-fi through koffi (installed by .ci/run).
describe('voikko through koffi', () => {
  let voikko: Voikko;
  beforeAll(() => {
    voikko = Voikko.open();
  });
  afterAll(() => voikko.close());

  it('reads inflected names to their base form and class, whatever the case', () => {
    expect(voikko.readings('Jukalle')).toEqual(expect.arrayContaining([expect.objectContaining({ baseForm: 'Jukka', cls: 'given_name', case: 'ulkotulento' })]));
    expect(voikko.readings('HEIKIN')).toEqual([expect.objectContaining({ baseForm: 'Heikki', cls: 'given_name' })]);
    expect(voikko.readings('virtanen')).toEqual([expect.objectContaining({ baseForm: 'Virtanen', cls: 'surname' })]);
    expect(voikko.readings('Seinäjoella').map((r) => r.cls)).toContain('place');
    expect(voikko.readings('Linnéa')).toEqual([]);
  });

  it('gives both readings of an ambiguous word', () => {
    expect(voikko.readings('Pian').map((r) => r.cls).sort()).toEqual(['common', 'given_name']);
  });

  it('does not leak: 100,000 distinct words (native calls, not cache hits) keep the heap and RSS within bounds', () => {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 100_000; i++) voikko.readings(`sana${i}kin`);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('backs the detector: names in any case and inflection, ordinary words pass', () => {
    const lexicon = buildLexicon(voikko);
    const kinds = (t: string) => findIdentifiers(t, lexicon).map((f) => f.kind);
    expect(kinds('soitin jukalle ja heikin äidille')).toEqual(['name', 'name']);
    expect(kinds('Pian tavataan, toivo on että onni suosii.')).toEqual([]);
    expect(kinds('Linnéa går i skolan')).toEqual(['name']);
    expect(kinds('Elina')).toEqual(['name']); // one word: English lists know it too, but Finnish morphology decides
    expect(kinds('Vi ska bo hemma, en björn bor i skogen')).toEqual([]);
    // opening a sentence as the subject of a verb only people do, it is a person (the ambiguity rule, rule 4)
    expect(kinds('Björn bor hos sin mamma')).toEqual(['name']);
    expect(kinds('Onni ei ole nukkunut kunnolla.')).toEqual(['name']);
    expect(kinds('Onni on, että isovanhemmat asuvat lähellä.')).toEqual([]);
  });
});

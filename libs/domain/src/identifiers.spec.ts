import { containsHenkilotunnusShape, dateExists, findIdentifiers, isValidHenkilotunnus, nameListLexicon, tableLexicon, wordListLexicon, combineLexicons, Lexicon } from './identifiers';

// A small stand-in for voikko: readings as libvoikko + voikko-fi give them (checked against the real library
// in apps/api/src/privacy/voikko.spec.ts), ranks as in a frequency list.
const lexicon: Lexicon = combineLexicons(
  tableLexicon({
    jukalle: [{ baseForm: 'Jukka', cls: 'given_name' }, { baseForm: 'jukka', cls: 'common', rare: true }],
    heikin: [{ baseForm: 'Heikki', cls: 'given_name' }],
    virtanen: [{ baseForm: 'Virtanen', cls: 'surname' }],
    pian: [{ baseForm: 'pian', cls: 'common', rank: 211 }, { baseForm: 'Pia', cls: 'given_name', case: 'omanto' }],
    toivo: [{ baseForm: 'toivo', cls: 'common', rank: 3363 }, { baseForm: 'Toivo', cls: 'given_name' }],
    toivon: [{ baseForm: 'toivo', cls: 'common', rank: 719 }, { baseForm: 'Toivo', cls: 'given_name' }],
    onni: [{ baseForm: 'onni', cls: 'common', rank: 3442 }, { baseForm: 'Onni', cls: 'given_name' }],
    äiti: [{ baseForm: 'äiti', cls: 'common', rank: 300 }],
    äidin: [{ baseForm: 'äiti', cls: 'common', rank: 400 }],
    poika: [{ baseForm: 'poika', cls: 'common', rank: 200 }],
    aspergerin: [{ baseForm: 'Asperger', cls: 'surname' }],
    oireyhtymä: [{ baseForm: 'oireyhtymä', cls: 'common', rank: 9000 }],
    kaarinan: [{ baseForm: 'Kaarina', cls: 'place' }, { baseForm: 'Kaarina', cls: 'given_name' }],
    koulu: [{ baseForm: 'koulu', cls: 'common', rank: 100 }],
    on: [{ baseForm: 'olla', cls: 'common', rank: 1 }],
    ei: [{ baseForm: 'ei', cls: 'common', rank: 2 }],
    tavataan: [{ baseForm: 'tavata', cls: 'common', rank: 900 }],
    kanssa: [{ baseForm: 'kanssa', cls: 'common', rank: 50 }],
    kävimme: [{ baseForm: 'käydä', cls: 'common', rank: 800 }],
    paremmasta: [{ baseForm: 'parempi', cls: 'common', rank: 700 }],
    muutti: [{ baseForm: 'muuttaa', cls: 'common', rank: 600 }],
    kaarinasta: [{ baseForm: 'Kaarina', cls: 'place' }, { baseForm: 'Kaarina', cls: 'given_name' }],
    rauha: [{ baseForm: 'rauha', cls: 'common', rank: 2500 }, { baseForm: 'Rauha', cls: 'given_name', case: 'nimento' }],
    ole: [{ baseForm: 'olla', cls: 'common', rank: 5 }],
    nukkunut: [{ baseForm: 'nukkunut', cls: 'common', rank: 9000, case: 'nimento' }],
    nukkuu: [{ baseForm: 'nukkua', cls: 'common', rank: 5000 }],
    palasi: [{ baseForm: 'palata', cls: 'common', rank: 1500 }],
    kotiin: [{ baseForm: 'koti', cls: 'common', rank: 300 }],
    häiritsee: [{ baseForm: 'häiritä', cls: 'common', rank: 4000 }],
    nukahtamista: [{ baseForm: 'nukahtaa', cls: 'common', rank: 9500 }],
    kivi: [{ baseForm: 'kivi', cls: 'common', rank: 3512, case: 'nimento' }],
    salo: [{ baseForm: 'salo', cls: 'common', rare: true, case: 'nimento' }, { baseForm: 'Salo', cls: 'place', case: 'nimento' }],
    salosta: [{ baseForm: 'Salo', cls: 'place', case: 'sisaeronto' }],
    satu: [{ baseForm: 'satu', cls: 'common', rank: 4594, case: 'nimento' }, { baseForm: 'Satu', cls: 'given_name', case: 'nimento' }],
  }),
  nameListLexicon({ givenNames: ['Linnéa', 'Ebba', 'Björn'], surnames: ['Lindqvist'] }, 'sv'),
  wordListLexicon(['björn', 'bor', 'hos', 'sin', 'mamma', 'går', 'i', 'skolan'], 'sv'),
  nameListLexicon({ givenNames: ['John', 'Will', 'Grace'] }, 'en'),
  wordListLexicon(['john', 'will', 'grace', 'has', 'missed', 'school', 'the', 'nurse', 'attend', 'lives', 'with', 'her', 'under', 'pressure', 'is', 'needed'], 'en', true),
);
const kinds = (t: string) => findIdentifiers(t, lexicon).map((f) => f.kind);
const found = (t: string) => findIdentifiers(t, lexicon).map((f) => t.slice(f.start, f.end));

describe('henkilötunnus', () => {
  it.each(['131052-308T', '010101A123N', 'syntynyt 280419Y9928 ja', 'HETU:131052-308T.', '020304e1234', 'hetu131052-308T', '131052–308T', '131052—308T'])('finds %s', (t) => {
    expect(kinds(t)).toEqual(['personal_identity_code']);
  });
  it('counts a code only if its date exists', () => {
    expect(kinds('290200A123B')).toEqual(['personal_identity_code']); // 29.2.2000 existed
    expect(kinds('290200-123B')).toEqual([]); // 29.2.1900 did not: 1900 was no leap year
    expect(kinds('310415A123B')).toEqual([]); // 31 April never
    expect(kinds('321052-308T')).toEqual([]);
    expect(dateExists(2024, 2, 29)).toBe(true);
    expect(dateExists(1900, 2, 29)).toBe(false);
  });
  it('refuses letters that are never check characters (G I O Q Z)', () => {
    expect(containsHenkilotunnusShape('131052-308G')).toBe(false);
    expect(containsHenkilotunnusShape('131052-308T')).toBe(true);
  });
  it('validates the check character exactly', () => {
    expect(isValidHenkilotunnus('131052-308T')).toBe(true);
    expect(isValidHenkilotunnus('131052-308U')).toBe(false);
    expect(isValidHenkilotunnus('010594Y9032')).toBe(true);
    expect(isValidHenkilotunnus('290200-1234')).toBe(false);
  });
});

describe('phones, emails, addresses, dates of birth', () => {
  it.each([
    ['puh. 040 123 4567', 'phone'],
    ['+358 40 765 4321', 'phone'],
    ['(06) 123 4567', 'phone'],
    ['äiti@example.fi', 'email'],
    ['matti.mäkinen(at)posti.fi', 'email'],
    ['asuu osoitteessa Koulukatu 5 B 12', 'address'],
    ['käynti Rautatienkadulla 14 sovittu', 'address'],
    ['62100 Lapua', 'address'],
    ['syntynyt 3.4.2016', 'birth_date'],
    ['(s. 12.3.2015)', 'birth_date'],
    ['född den 12 mars 2015', 'birth_date'],
    ['Date of birth: 12/03/2015', 'birth_date'],
  ])('%s → %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });
  it.each(['Tapaaminen 12.3.2026 klo 13.00–15.00', 'Uusi aika on 01.02.2027 klo 08.00–09.00', 'Diagnoosi F90.0 ja Z63.8', '7–12-vuotiaat', 'Paino 25 kg', 'Hoitopolku 2 otetaan käyttöön', 'Kelan korvaus 20000 euroa'])(
    'passes %s',
    (text) => {
      expect(kinds(text)).toEqual([]);
    },
  );
});

describe('names', () => {
  it('finds inflected names with consonant gradation, in any case', () => {
    expect(found('Soitin Jukalle eilen')).toEqual(['Jukalle']);
    expect(found('soitin jukalle eilen')).toEqual(['jukalle']); // the ordinary reading (yucca) is rare
    expect(found('heikin koulu')).toEqual(['heikin']);
    expect(found('PERHE VIRTANEN')).toEqual(['VIRTANEN']);
  });
  it('reads a frequent ordinary word as itself without evidence', () => {
    expect(kinds('Pian tavataan')).toEqual([]);
    expect(kinds('tavataan pian')).toEqual([]);
    expect(kinds('toivo paremmasta')).toEqual([]);
    expect(kinds('Toivo on')).toEqual([]);
  });
  it('reads it as a name with evidence: capital inside a sentence, a person noun or a name beside it', () => {
    expect(found('Kävimme Pian kanssa')).toEqual(['Pian']);
    expect(found('poika Onni')).toEqual(['Onni']);
    expect(found('Toivon äiti')).toEqual(['Toivon']);
    expect(found('onni virtanen')).toEqual(['onni', 'virtanen']);
    expect(found('Toivo ei. Toivon äiti')).toEqual(['Toivo', 'Toivon']); // one sense per text
  });
  it('ALL CAPS counts as a capital only inside mixed-case text', () => {
    expect(found('koulu TOIVO')).toEqual(['TOIVO']);
    expect(kinds('PIAN TAVATAAN')).toEqual([]);
  });
  it('does not take a capitalised place for a person, nor an eponym', () => {
    expect(kinds('muutti Kaarinasta')).toEqual([]);
    expect(kinds('Aspergerin oireyhtymä')).toEqual([]);
    expect(kinds('Asperger-oireyhtymä')).toEqual([]);
  });
  it('finds Swedish names from the list, and a capitalised unknown word next to a name', () => {
    expect(found('Linnéa går i skolan')).toEqual(['Linnéa']);
    expect(found('Linnéalle soitettiin')).toEqual(['Linnéalle']);
    expect(found('mamma Ebba Lindqvist')).toEqual(['Ebba', 'Lindqvist']);
    expect(kinds('björn bor hos sin mamma i skolan')).toEqual([]);
    expect(found('hos sin mamma Björn')).toEqual(['Björn']);
  });
  it('at the start of a sentence, the subject of a verb only people do is a person (rule 4)', () => {
    expect(found('Onni ei ole nukkunut. Perhe on väsynyt.')).toEqual(['Onni']);
    expect(found('Rauha nukkuu huonosti')).toEqual(['Rauha']);
    expect(found('Björn bor hos sin mamma')).toEqual(['Björn']);
    expect(found('John has missed school')).toEqual(['John']);
    expect(found('Grace lives with her mother')).toEqual(['Grace']);
    // a verb that things do too, the ordinary word in lower case, or no person verb at all: the ordinary reading stands
    expect(kinds('Rauha palasi kotiin')).toEqual([]);
    expect(kinds('rauha nukkuu')).toEqual([]);
    expect(kinds('björn bor hos sin mamma i skolan')).toEqual([]);
    expect(kinds('Will the nurse attend?')).toEqual([]);
    expect(kinds('Grace under pressure is needed')).toEqual([]);
    // a name that cannot be a subject (Pian = Pia's), and a main verb further on than the first word after the auxiliaries
    expect(kinds('Pian nukkuu')).toEqual([]);
    expect(kinds('Rauha häiritsee nukahtamista')).toEqual([]);
    // inside a sentence the capital already decides, and mid-sentence lower case is the ordinary word
    expect(kinds('ja rauha nukkuu')).toEqual([]);
  });
  it('a given name opening a sentence followed by a capitalised possible surname is a full name', () => {
    expect(found('Toivo Kivi ei ole nukkunut')).toEqual(['Toivo', 'Kivi']);
    expect(found('Satu Salo')).toEqual(['Satu', 'Salo']);
    // a place in another case is where someone is from; lower case is the ordinary words
    expect(kinds('Satu Salosta')).toEqual([]);
    expect(kinds('toivo kivi')).toEqual([]);
  });
  it('reads the text as it displays: invisible characters, full-width forms and reversed runs', () => {
    // zero-width space, soft hyphen, right-to-left override inside; offsets are the original text's
    const hidden = 'hetu 1310\u200B52-30\u00AD8T';
    expect(found(hidden)).toEqual(['1310\u200B52-30\u00AD8T']);
    expect(kinds('\uFF11\uFF13\uFF11\uFF10\uFF15\uFF12-308T')).toEqual(['personal_identity_code']);
    expect(kinds('puh. 040\u200B123\u200B4567')).toEqual(['phone']);
    expect(kinds('13 10 52-308T')).toEqual(['personal_identity_code']);
    // displayed as 131052-308T by the override
    expect(kinds('koodi \u202ET803-250131\u202C')).toEqual(['personal_identity_code']);
    expect(kinds('T803-250131')).toEqual([]);
    // a decomposed ä (a + combining diaeresis) reads as ä: "poika" after it is no name, "Onni" beside äiti is
    expect(found('Onni a\u0308iti')).toEqual(['Onni']);
  });
  it('never finds anything without a lexicon but the rule-based kinds', () => {
    expect(findIdentifiers('Jukka 040 123 4567').map((f) => f.kind)).toEqual(['phone']);
  });
});

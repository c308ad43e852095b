import { containsHenkilotunnusShape, findGivenName, findIdentifier, isValidHenkilotunnus } from './identifiers';

describe('henkilötunnus detection', () => {
  it.each(['131052-308T', '010101A123N', 'syntynyt 280419Y9928 ja', 'HETU:131052-308T.', '020304e1234'])('finds %s', (t) => {
    expect(containsHenkilotunnusShape(t)).toBe(true);
  });
  it.each(['puhelin 040-1234567', 'klo 13.00-15.00', '2026-11-28', 'asiakas 7 v', '321052-308T', '131352-308T', 'x131052-308T1'])(
    'does not flag %s',
    (t) => {
      expect(containsHenkilotunnusShape(t)).toBe(false);
    },
  );
  it('validates the check character', () => {
    expect(isValidHenkilotunnus('131052-308T')).toBe(true);
    expect(isValidHenkilotunnus('131052-308U')).toBe(false);
    expect(isValidHenkilotunnus('010594Y9032')).toBe(true);
  });
});

describe('name detection', () => {
  it.each([
    ['Eetu on 7-vuotias', 'Eetu'],
    ['Tavattiin Eetun äidin kanssa', 'Eetun'],
    ['keskusteltu Ainon kanssa', 'Ainon'],
    ['Klara går i skolan', 'Klara'],
  ])('finds a name in %s', (text, name) => {
    expect(findGivenName(text)).toBe(name);
  });
  it.each(['Lapsi on 7-vuotias ja käy koulua', 'Ainoa keino on kokeilla', 'Perheessä on kaksi lasta', 'Koulu: ei poissaoloja', 'Pian tarvitaan arvio', 'Annan lisätietoja myöhemmin'])(
    'does not flag %s',
    (text) => {
      expect(findGivenName(text)).toBeUndefined();
    },
  );
  it('reports the kind of identifier', () => {
    expect(findIdentifier('hetu 131052-308T')?.kind).toBe('personal_identity_code');
    expect(findIdentifier('Eetu ei nuku')?.kind).toBe('name');
    expect(findIdentifier('lapsi ei nuku')).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { Lexicon, WordReading, combineLexicons, nameListLexicon, wordListLexicon } from '@kohtaamo/domain';
import { Voikko } from './voikko';

/** Debian's wswedish: a full-form Swedish word list (ISO-8859-1); its lower-case entries are ordinary words. */
export const SWEDISH_WORDS = '/usr/share/dict/swedish';

interface ZxcvbnDictionary {
  dictionary: Record<string, string[]>;
}

/**
 * The lexicon behind the identifier detector, assembled from:
 * - Finnish morphology: libvoikko + voikko-fi (Debian), with each ordinary reading ranked by the
 *   frequency list of `@zxcvbn-ts/language-fi` (its base form or the word itself, whichever is more
 *   frequent; `rare` when in neither: such an ordinary reading does not compete with a name);
 * - for words voikko does not know: given names from `@zxcvbn-ts/language-fi` (Finnish), `@faker-js/faker`'s
 *   `sv` locale (Swedish first names and surnames) and `@zxcvbn-ts/language-en` (English first names);
 * - ordinary Swedish words from Debian's wswedish list and English ones from `@zxcvbn-ts/language-en`'s
 *   frequency list, so that björn, bo or will are ambiguous rather than names.
 */
export function buildLexicon(voikko: Voikko): Lexicon {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fi = (require('@zxcvbn-ts/language-fi') as ZxcvbnDictionary).dictionary;
  const en = (require('@zxcvbn-ts/language-en') as ZxcvbnDictionary).dictionary;
  const sv = (require('@faker-js/faker/locale/sv') as { faker: { rawDefinitions: { person?: { first_name?: Record<string, string[]>; last_name?: Record<string, string[]> } } } }).faker
    .rawDefinitions.person;
  if (!sv?.first_name || !sv.last_name) throw new Error('@faker-js/faker/locale/sv no longer ships person.first_name and person.last_name');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const fiRank = new Map<string, number>();
  fi.commonWords.forEach((w, i) => fiRank.has(w) || fiRank.set(w, i + 1));
  const finnish: Lexicon = {
    readings(word) {
      return voikko.readings(word).map((r): WordReading => {
        if (r.cls !== 'common') return r;
        const ranks = [fiRank.get(r.baseForm.toLowerCase()), fiRank.get(word.toLowerCase())].filter((x): x is number => x !== undefined);
        // a word in neither form absent from the list (18,310 most frequent forms) is too rare to compete with a name
        return ranks.length ? { ...r, rank: Math.min(...ranks) } : { ...r, rare: true };
      });
    },
  };
  const names = combineLexicons(
    nameListLexicon({ givenNames: [...fi.femaleFirstnames, ...fi.maleFirstnames] }, 'fi'),
    nameListLexicon({ givenNames: Object.values(sv.first_name).flat(), surnames: Object.values(sv.last_name).flat() }, 'sv'),
    nameListLexicon({ givenNames: en['firstnames-en'] }, 'en'),
  );
  const swedish = wordListLexicon(readFileSync(SWEDISH_WORDS, 'latin1').split('\n'), 'sv');
  const english = wordListLexicon(en['commonWords-en'], 'en', true);
  return {
    readings(word) {
      const fin = finnish.readings(word);
      const foreign = [...swedish.readings(word), ...english.readings(word)];
      // names from lists only for words Finnish morphology does not know (voikko knows Finnish names and their inflection)
      return fin.length ? [...fin, ...foreign] : [...names.readings(word), ...foreign];
    },
  };
}

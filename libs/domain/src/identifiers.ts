/**
 * Detects client identifiers in free text, so that an anonymous consultation never carries them.
 * Deliberately errs on the side of privacy: anything shaped like a henkilötunnus counts, valid checksum
 * or not, and a capitalised common Finnish or Swedish given name counts as a name.
 */

// DDMMYY, century sign (+ 1800s; - and Y X W V U 1900s; A B C D E F 2000s), 3-digit individual number, check character.
const HETU_SHAPE = /(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y](?![0-9A-Za-z])/;
const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Does the text contain something shaped like a Finnish personal identity code? */
export function containsHenkilotunnusShape(text: string): boolean {
  return HETU_SHAPE.test(text);
}

/** Is this exactly a valid henkilötunnus (shape and check character)? */
export function isValidHenkilotunnus(value: string): boolean {
  const v = value.trim().toUpperCase();
  const m = /^(\d{6})[-+A-FU-Y](\d{3})([0-9A-Y])$/.exec(v);
  if (!m || !HETU_SHAPE.test(v)) return false;
  const n = Number(m[1] + m[2]);
  return HETU_CHECK[n % 31] === m[3];
}

// The most common given names in Finland (DVV name statistics), Finnish and Swedish, lower case.
const COMMON_GIVEN_NAMES = new Set(
  (
    'aada aapo aaro aatu adele aino aleksi alisa alma amanda amelia anna anneli anni anssi antero anton antti ari arttu ' +
    'aurora eemeli eero eetu eevi eino elias elina elisa ella ellen elli elmeri emil emilia emma erik erika esa ' +
    'eveliina hanna hannu harri heidi heikki helena helmi henna henrik henrikki hilla hilma ida iida ilari ilmari ' +
    'isabella jaakko jani janne jari jarmo jenna jenni jesse joel johanna johannes jonna joona joonas jouni juha ' +
    'juho jukka julia juuso jyrki kaarina kaisa kalle karoliina kasper katariina kati katja kerttu kimmo kirsi ' +
    'kristiina kristian kaarlo kari kaija lassi laura lauri leena leevi lenni leo liisa lilja linnea lotta luka ' +
    'lumi maaria maija maria marika marja marjut markku marko markus martti matias matti mika mikael mikko milla ' +
    'minna mira mirja moona nea neea nelli niilo niklas niko noel noora nuutti oliver olli olivia oona oskari otto ' +
    'paavo pasi pauliina paula pekka pentti petra petri pihla pirjo pia reetta riikka riitta risto roni ronja saana ' +
    'saara sakari salla sami sampo sanna santeri sara sari seppo siiri silja simo sirpa sofia sofie sonja ' +
    'stina susanna taneli tapani tapio teemu teija tero timo tiina toni topias tuomas tuomo tuukka ulla urho ' +
    'valtteri veera veeti veikko venla verneri vesa vilho vilja ville vilma viljami väinö wilhelm xavier ' +
    'alva astrid axel ebba elsa erik felix frida gustav hugo ingrid isak johan karin klara lars linnéa ludvig maja ' +
    'nils oscar sigrid selma theo vera william'
  ).split(/\s+/),
);

const WORD = /\p{Lu}[\p{Ll}'-]+/gu;

// Ordinary words that are also a name plus a case ending (Pia → "Pian" = soon, Anna → "Annan" = I give).
const COMMON_WORDS = new Set(['pian', 'annan', 'ainoa', 'ainoat', 'ainoan', 'ellen', 'saanan', 'tiinan', 'mikan']);

/** Returns the first common given name found as a capitalised word, if any. */
export function findGivenName(text: string): string | undefined {
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    // Finnish inflects names (Eetulla, Ainon): compare the longest known name the word starts with.
    const lower = word.toLowerCase();
    if (COMMON_WORDS.has(lower)) continue;
    if (COMMON_GIVEN_NAMES.has(lower)) return word;
    for (let cut = lower.length - 1; cut >= 3; cut--) {
      const stem = lower.slice(0, cut);
      if (COMMON_GIVEN_NAMES.has(stem) && isInflectionSuffix(lower.slice(cut))) return word;
    }
  }
  return undefined;
}

// Case endings of Finnish nouns after a name (Eetu → Eetun, Eetulla, Eetulle, Eetusta ...), and the genitive -s in Swedish.
const SUFFIXES = new Set([
  'n', 'lla', 'llä', 'lle', 'lta', 'ltä', 'sta', 'stä', 'ssa', 'ssä', 'an', 'en', 'in', 'on', 'un', 'yn', 'ön', 'än',
  'na', 'nä', 'ksi', 'ta', 'tä', 'hin', 's', 'nsa', 'nsä', 'kin', 'han', 'hän',
]);
function isInflectionSuffix(s: string): boolean {
  return SUFFIXES.has(s);
}

export interface IdentifierFinding {
  kind: 'personal_identity_code' | 'name';
  reason: string;
}

/** What in this text identifies a person, if anything. */
export function findIdentifier(text: string): IdentifierFinding | undefined {
  if (containsHenkilotunnusShape(text)) {
    return { kind: 'personal_identity_code', reason: 'contains something shaped like a personal identity code (henkilötunnus)' };
  }
  const name = findGivenName(text);
  if (name) return { kind: 'name', reason: `contains what looks like a person's name ("${name}")` };
  return undefined;
}

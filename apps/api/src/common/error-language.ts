import type { FieldProblem } from '@kohtaamo/domain';

/**
 * The reasons of a 4xx answer in the caller's language. Every field problem keeps its `field` (the API's
 * own name, which the client maps to its form) and gains a stable `code`; its `reason` is worded in the
 * language the request asks for with `Accept-Language` (fi, sv or en — the staff app sends the user's
 * language; English when none of them is asked for). Codes come from the validators' constraint names, or
 * from the few domain reasons known here; a reason with no code stays as the service wrote it.
 */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The first of fi, sv, en in an Accept-Language header, by its q-values; null when none is asked for. */
export function preferredLanguage(header: string | string[] | undefined): Language | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return null;
  const ranked = value
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked.find((x) => (LANGUAGES as readonly string[]).includes(x.lang))?.lang as Language | undefined) ?? null;
}

type Phrase = (n: string) => string;
const P = (fi: Phrase | string, sv: Phrase | string, en: Phrase | string): Record<Language, Phrase> => {
  const f = (x: Phrase | string): Phrase => (typeof x === 'string' ? () => x : x);
  return { fi: f(fi), sv: f(sv), en: f(en) };
};

/** Reason codes and their words; `n` is the number or list the English reason carried (a limit, the allowed values). */
const REASONS: Record<string, Record<Language, Phrase>> = {
  unknown_field: P('ei ole tunnettu kenttä', 'är inte ett känt fält', 'is not a known field'),
  required: P('on pakollinen', 'är obligatoriskt', 'is required'),
  one_of: P((n) => `pitää olla jokin näistä: ${n}`, (n) => `måste vara ett av: ${n}`, (n) => `must be one of: ${n}`),
  uuid: P('pitää olla UUID-tunniste', 'måste vara ett UUID', 'must be a UUID'),
  too_long: P((n) => `saa olla enintään ${n} merkkiä`, (n) => `får vara högst ${n} tecken`, (n) => `must be at most ${n} characters`),
  too_short: P((n) => `pitää olla vähintään ${n} merkkiä`, (n) => `måste vara minst ${n} tecken`, (n) => `must be at least ${n} characters`),
  text: P('pitää olla tekstiä', 'måste vara text', 'must be text'),
  integer: P('pitää olla kokonaisluku', 'måste vara ett heltal', 'must be a whole number'),
  number: P('pitää olla luku', 'måste vara ett tal', 'must be a number'),
  min: P((n) => `pitää olla vähintään ${n}`, (n) => `måste vara minst ${n}`, (n) => `must be at least ${n}`),
  max: P((n) => `saa olla enintään ${n}`, (n) => `får vara högst ${n}`, (n) => `must be at most ${n}`),
  boolean: P('pitää olla true tai false', 'måste vara true eller false', 'must be true or false'),
  date_time: P('pitää olla päivämäärä ja kellonaika (ISO 8601)', 'måste vara datum och tid (ISO 8601)', 'must be a date and time (ISO 8601)'),
  format: P((n) => `on väärän muotoinen (${n})`, (n) => `har fel format (${n})`, (n) => `has the wrong format (${n})`),
  email: P('pitää olla sähköpostiosoite', 'måste vara en e-postadress', 'must be an email address'),
  list: P('pitää olla luettelo', 'måste vara en lista', 'must be a list'),
  too_many: P((n) => `saa sisältää enintään ${n} kohtaa`, (n) => `får innehålla högst ${n} poster`, (n) => `must have at most ${n} items`),
  too_few: P((n) => `pitää sisältää vähintään ${n} kohtaa`, (n) => `måste innehålla minst ${n} poster`, (n) => `must have at least ${n} items`),
  unique: P('ei saa sisältää samaa kahdesti', 'får inte innehålla samma sak två gånger', 'must not contain the same item twice'),
  object: P('pitää olla olio', 'måste vara ett objekt', 'must be an object'),
  slot_taken: P('aika on jo varattu', 'tiden är redan bokad', 'already booked'),
  no_free_slot: P('vapaata aikaa ei ole', 'ingen ledig tid', 'no free slot'),
  slot_with_later: P(
    'jätä pois, kun pyyntö hyväksytään ilman aikaa (schedule: "later")',
    'lämna bort när begäran godkänns utan tid (schedule: "later")',
    'leave it out when accepting without a slot (schedule: "later")',
  ),
  status_not_allowed: P((n) => `ei sallittu tilassa ${n}`, (n) => `inte tillåtet i status ${n}`, (n) => `not allowed from status ${n}`),
};

/** class-validator constraint → reason code. */
const CONSTRAINTS: Record<string, string> = {
  whitelistValidation: 'unknown_field',
  isNotEmpty: 'required',
  isDefined: 'required',
  isIn: 'one_of',
  isEnum: 'one_of',
  isUuid: 'uuid',
  maxLength: 'too_long',
  minLength: 'too_short',
  isString: 'text',
  isInt: 'integer',
  isNumber: 'number',
  min: 'min',
  max: 'max',
  isBoolean: 'boolean',
  isDateString: 'date_time',
  isIso8601: 'date_time',
  matches: 'format',
  isEmail: 'email',
  isArray: 'list',
  arrayMaxSize: 'too_many',
  arrayMinSize: 'too_few',
  arrayUnique: 'unique',
  isObject: 'object',
};

/** Where the number or list of a code is in the English reason (the validators' and the services' wording). */
const ARGS: Record<string, RegExp> = {
  one_of: /one of the following values: (.*)$/,
  too_long: /(\d+) characters/,
  too_short: /(\d+) characters/,
  min: /less than (-?[\d.]+)/,
  max: /greater than (-?[\d.]+)/,
  format: /^(.*)$/,
  too_many: /more than (\d+) elements/,
  too_few: /at least (\d+) elements/,
  status_not_allowed: /from status (\w+)$/,
};

/** Domain reasons that are always worded the same (from services that give no code of their own). */
const KNOWN_REASONS: Array<{ re: RegExp; code: string }> = [
  { re: /^must be a UUID$/, code: 'uuid' },
  { re: /^is not a known field$/, code: 'unknown_field' },
  { re: /^already booked$/, code: 'slot_taken' },
  { re: /^no free slot$/, code: 'no_free_slot' },
  { re: /^not allowed from status \w+$/, code: 'status_not_allowed' },
];

/** The code of a validator's constraint, or undefined for one not listed here. */
export function constraintCode(constraint: string): string | undefined {
  return CONSTRAINTS[constraint];
}

/** A field problem in `lang`: its code (given, or from a known reason) and its words. */
export function localiseProblem(problem: FieldProblem, lang: Language | null): FieldProblem {
  const code = problem.code ?? KNOWN_REASONS.find((k) => k.re.test(problem.reason))?.code;
  if (!code) return problem;
  const words = REASONS[code];
  // English keeps the validator's or service's own sentence (it may say more than the catalogue)
  if (!words || lang === null || lang === 'en') return { ...problem, code };
  const arg = ARGS[code]?.exec(problem.reason)?.[1] ?? '';
  return { ...problem, code, reason: words[lang](arg) };
}

/** The body of a 4xx in `lang`: each field's reason, and for a validation error the message built from them. */
export function localiseErrorBody<B extends { statusCode: number; error: string; message: string; fields: FieldProblem[] }>(body: B, lang: Language | null): B {
  if (body.statusCode >= 500 || !body.fields.length) return body;
  const fields = body.fields.map((f) => localiseProblem(f, lang));
  const message = body.error === 'validation_failed' && lang && lang !== 'en' ? fields.map((f) => `${f.field}: ${f.reason}`).join('; ') : body.message;
  return { ...body, fields, message };
}

import { IDENTIFIER_KINDS, type FieldProblem } from '@kohtaamo/domain';
import { textsFor } from '../locales/i18n';

/**
 * The reasons of a 4xx answer in the caller's language. Every field problem keeps its `field` (the API's
 * own name, which the client maps to its form) and gains a stable `code`; its `reason` is worded in the
 * language the request asks for with `Accept-Language` (fi, sv or en — the staff app sends the user's
 * language; English when none of them is asked for). Codes come from the validators' constraint names, or
 * from the few domain reasons known here; a reason with no code stays as the service wrote it. The words of
 * a code are the catalogues' `errors.<code>` (apps/api/src/locales/{fi,sv,en}.json; a counted one as
 * `errors.<code>_one` and `_other`: "enintään 1 merkki", "enintään 200 merkkiä").
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

/**
 * Where the number or list of a code is in the English reason (the validators' and the services' wording):
 * it becomes the text's `{{value}}`, and a whole number also its `{{count}}`, which picks the plural form.
 */
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
  // English keeps the validator's or service's own sentence (it may say more than the catalogue)
  if (lang === null || lang === 'en') return { ...problem, code };
  const value = code.startsWith('identifier_in_') ? identifierKind(problem.reason, lang) : (ARGS[code]?.exec(problem.reason)?.[1] ?? '');
  const reason = textsFor(lang).lookup(`errors.${code}`, /^\d+$/.test(value) ? { value, count: Number(value) } : { value });
  return reason === null ? { ...problem, code } : { ...problem, code, reason };
}

/**
 * An identifier refusal (`identifier_in_<context>`, privacy/identifier-check.service.ts) ends "must not
 * contain <the kind>" in the English catalogue's words; the kind in `lang` is `errors.identifier_kind.<kind>`.
 */
function identifierKind(reason: string, lang: Language): string {
  const english = /must not contain (.+)$/.exec(reason)?.[1];
  const kind = IDENTIFIER_KINDS.find((k) => textsFor('en').t(`errors.identifier_kind.${k}`) === english);
  return kind ? textsFor(lang).t(`errors.identifier_kind.${kind}`) : (english ?? '');
}

/**
 * Refusals (403) whose reason (`details.reason`, libs/domain/src/policy.ts) is always worded the same:
 * their words are the catalogues' `errors.refused.<code>`.
 */
const KNOWN_REFUSALS: Array<{ re: RegExp; code: string }> = [
  { re: /^only the organiser or the team's chairs of that day write the minutes$/, code: 'minutes_writer' },
  { re: /^only the team's chairs of that day or a coordinator change a team session$/, code: 'meeting_manager_session' },
  { re: /^only the organiser changes a network meeting$/, code: 'meeting_manager_network' },
  { re: /^only the organiser, a co-host or the chairs of that day host the meeting$/, code: 'meeting_host' },
  { re: /^only the team's chairs of that day or a coordinator book cases into a session$/, code: 'agenda_booker' },
];

/**
 * The message of a 4xx with no fields, in `lang`, when the catalogues word it: a `not_found`
 * (`DomainError.notFound`, details `entity`) as `errors.not_found.<entity>` (spaces as `_`; `default` for
 * an entity not listed), a known refusal as `errors.refused.<code>`. The words never repeat the id (the
 * English message "meeting <uuid> does not exist" does; `details.id` keeps it for clients). Null: keep it.
 */
export function localisedMessage(body: { error: string; details?: Record<string, unknown> }, lang: Language): string | null {
  const texts = textsFor(lang);
  if (body.error === 'not_found') {
    const entity = typeof body.details?.entity === 'string' ? body.details.entity.replace(/ /g, '_') : 'default';
    return texts.lookup(`errors.not_found.${entity}`, {}) ?? texts.lookup('errors.not_found.default', {});
  }
  if (body.error === 'forbidden' && typeof body.details?.reason === 'string') {
    const reason = body.details.reason;
    const code = KNOWN_REFUSALS.find((k) => k.re.test(reason))?.code;
    return code ? texts.lookup(`errors.refused.${code}`, {}) : null;
  }
  return null;
}

/**
 * The body of a 4xx in `lang`: each field's reason, and for a validation error or an identifier refusal the
 * message built from them; with no fields, a not-found or a known refusal worded by the catalogues
 * ({@link localisedMessage}) when a language is asked for.
 */
export function localiseErrorBody<B extends { statusCode: number; error: string; message: string; fields: FieldProblem[]; details?: Record<string, unknown> }>(body: B, lang: Language | null): B {
  if (body.statusCode >= 500) return body;
  if (!body.fields.length) {
    const message = lang ? localisedMessage(body, lang) : null;
    return message ? { ...body, message } : body;
  }
  const fields = body.fields.map((f) => localiseProblem(f, lang));
  const message = (body.error === 'validation_failed' || body.error === 'identifier_in_anonymous') && lang && lang !== 'en' ? fields.map((f) => `${f.field}: ${f.reason}`).join('; ') : body.message;
  return { ...body, fields, message };
}

import i18next, { type i18n } from 'i18next';
import { DateTime } from 'luxon';
import { LOCALES, type Locale } from '@kohtaamo/domain';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';

/**
 * The server's texts (emails, the minutes PDF, survey texts, 4xx reasons) in Finnish, Swedish and English.
 * They live in one catalogue per language, apps/api/src/locales/{fi,sv,en}.json, which a translator edits
 * like the web's (apps/web/src/locales); i18next reads them. Variables are written `{{name}}`; a text that
 * counts has the forms `key_one` and `key_other` and is asked for with `count` (i18next picks the form by
 * Intl.PluralRules: "1 merkki" but "2 merkkiä"). Every key exists in all three (locales/i18n.spec.ts).
 *
 * The section `formats` holds each language's date and time patterns (luxon tokens,
 * https://moment.github.io/luxon/#/formatting?id=table-of-tokens) and luxon's locale for weekday and
 * month names; they are used through {@link Texts.format}.
 *
 * The catalogues are imported (resolveJsonModule), so `tsc` copies them into dist/ beside the code and
 * the compiled API needs no other files.
 */
export const catalogues = { fi, sv, en } as const;

/** Every key path of a catalogue, the plural suffixes taken off ("errors.too_long", not "errors.too_long_one"). */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type WithoutPlural<K extends string> = K extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : K;
export type TextKey = WithoutPlural<Leaves<typeof fi>>;
export type FormatKey = Exclude<keyof typeof fi.formats, 'luxonLocale'>;

/** Values put into a text; `count` also picks the plural form. */
export type TextValues = Record<string, string | number>;

export interface Texts {
  /** the language the texts are in */
  readonly lang: Locale;
  /** The text of `key` with `values` put in (plain text: nothing is escaped, values are never read as markup or keys). */
  t(key: TextKey, values?: TextValues): string;
  /**
   * The text of a key known only at run time (e.g. `errors.<code>` for a code from a validator), or null
   * when the catalogue has none. With a whole-number `count` the plural form is picked, as with {@link t}.
   */
  lookup(key: string, values?: TextValues): string | null;
  /** A Helsinki (or any) wall-clock time in one of the language's patterns (`formats` in the catalogue). */
  format(at: DateTime, pattern: FormatKey): string;
}

/** One i18next instance for the whole API (not i18next's global, which a library could share). */
const instance: i18n = i18next.createInstance();
void instance.init({
  resources: { fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } },
  lng: 'en',
  fallbackLng: false,
  supportedLngs: [...LOCALES],
  // plain text (emails, PDF, JSON): no HTML escaping; a value such as "{{x}}" or "$t(x)" stays as it is
  interpolation: { escapeValue: false, skipOnVariables: true },
  nsSeparator: false,
  returnNull: false,
  returnObjects: false,
  initAsync: false,
});

export function isLocale(lang: string | null | undefined): lang is Locale {
  return (LOCALES as readonly string[]).includes(lang ?? '');
}

/** The texts of `lang`, or of `fallback` when `lang` is none of fi, sv, en (English unless a caller says otherwise). */
export function textsFor(lang: string | null | undefined, fallback: Locale = 'en'): Texts {
  const locale = isLocale(lang) ? lang : fallback;
  const fixed = instance.getFixedT(locale);
  const t = (key: TextKey, values?: TextValues): string => fixed(key, values ?? {}) as string;
  return {
    lang: locale,
    t,
    lookup: (key, values) => (instance.exists(key, { ...values, lng: locale }) ? (fixed(key, values ?? {}) as string) : null),
    format: (at, pattern) => at.setLocale(t('formats.luxonLocale')).toFormat(t(`formats.${pattern}`)),
  };
}

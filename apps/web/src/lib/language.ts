/** The languages of the staff app, their Intl locales, and the remembered choice. */
export const LANGS = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Finnish and Swedish as written in Finland; English in British formats (day before month, 24-hour clock). */
export const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Each language's name in itself, for the language menu. */
export const LANG_NAMES: Record<Lang, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

const LAST_KEY = 'kohtaamo.lang';
const personKey = (personId: string): string => `kohtaamo.lang.${personId}`;

function read(key: string): Lang | undefined {
  try {
    const v = window.localStorage.getItem(key);
    return isLang(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The language to show: the signed-in person's own choice if they made one on this browser, else the
 * last one chosen here, else the browser's preference if it is one of ours, else Finnish.
 * (The API keeps no language for staff yet; when it does, it goes before the browser's.)
 */
export function preferredLanguage(personId?: string): Lang {
  const own = personId === undefined ? undefined : read(personKey(personId));
  if (own !== undefined) return own;
  const last = read(LAST_KEY);
  if (last !== undefined) return last;
  for (const l of typeof navigator === 'undefined' ? [] : navigator.languages) {
    const base = l.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'fi';
}

export function rememberLanguage(lang: Lang, personId?: string): void {
  try {
    window.localStorage.setItem(LAST_KEY, lang);
    if (personId !== undefined) window.localStorage.setItem(personKey(personId), lang);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
}

/**
 * The language of a join, lobby or call page (a guest is not signed in): the link's `lang=` (the language
 * its email was written in), else the last one chosen on this browser, else Finnish.
 */
export function videoPageLanguage(fromLink: string | undefined): Lang {
  if (isLang(fromLink)) return fromLink;
  return read(LAST_KEY) ?? 'fi';
}

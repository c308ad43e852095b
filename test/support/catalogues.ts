/**
 * Checks over translation catalogues (one JSON object per language, nested sections, `{{variable}}`
 * placeholders, plural forms `key_one`/`key_other` as i18next reads them): used by the web's and the
 * API's catalogue tests. Pure functions; the problems come back as sentences, [] when all is well.
 */
export type Catalogue = Record<string, unknown>;

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every key path of a catalogue, plural forms included ("meeting.headcount_one"). */
export function keyPaths(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keyPaths(v, prefix === '' ? k : `${prefix}.${k}`));
}

/** The variables of a text, sorted: "{{count}} of {{total}}" → ["count", "total"]. */
export function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function valueAt(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, k) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined), o);
}

/** Keys of `base` missing from `other`, and keys of `other` that `base` does not have. */
export function keyDifferences(base: Catalogue, other: Catalogue): { missing: string[]; extra: string[] } {
  const a = keyPaths(base);
  const b = new Set(keyPaths(other));
  const known = new Set(a);
  return { missing: a.filter((k) => !b.has(k)), extra: [...b].filter((k) => !known.has(k)) };
}

/**
 * Every text of every language, against the first language's (`fi`): not empty, a string, and with the
 * same variables; and every counted text (`x_one`, `x_other`) with each plural form its language needs
 * (Intl.PluralRules: one and other for fi, sv and en).
 */
export function textProblems(all: Record<string, Catalogue>): string[] {
  const [baseLang] = Object.keys(all);
  const base = all[baseLang];
  const problems: string[] = [];
  for (const k of keyPaths(base)) {
    const want = valueAt(base, k);
    for (const [lang, cat] of Object.entries(all)) {
      const v = valueAt(cat, k);
      if (typeof v !== 'string' || v.trim() === '') problems.push(`${lang}: ${k} is empty`);
      else if (typeof want === 'string' && placeholders(v).join() !== placeholders(want).join()) {
        problems.push(`${lang}: ${k} has {{${placeholders(v).join()}}}, ${baseLang} {{${placeholders(want).join()}}}`);
      }
    }
  }
  for (const [lang, cat] of Object.entries(all)) {
    const counted = new Set(keyPaths(cat).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    for (const k of counted) {
      for (const form of new Intl.PluralRules(lang).resolvedOptions().pluralCategories) {
        if (typeof valueAt(cat, `${k}_${form}`) !== 'string') problems.push(`${lang}: ${k} has no plural form _${form}`);
      }
    }
  }
  return problems;
}

import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';
import metricsEn from './metrics/en.json';
import metricsFi from './metrics/fi.json';
import metricsSv from './metrics/sv.json';

/** Every key path of a catalogue (plural forms included: fi, sv and en all have exactly _one and _other). */
function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix === '' ? k : `${prefix}.${k}`));
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function valueAt(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, k) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined), o);
}

describe.each([
  ['the staff app', fi, sv, en],
  // the metrics page's own catalogues, loaded with that page
  ['the metrics page', metricsFi, metricsSv, metricsEn],
] as const)('%s\'s catalogues (fi, sv, en)', (_which, fi, sv, en) => {
  const all = { fi, sv, en };

  it.each([['sv', sv], ['en', en]] as const)('%s has every key of fi, and fi every key of it', (_name, other) => {
    const missing = keys(fi).filter((k) => !keys(other).includes(k));
    const extra = keys(other).filter((k) => !keys(fi).includes(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('no text is empty, and each translation uses the same placeholders as the Finnish one', () => {
    const problems: string[] = [];
    for (const k of keys(fi)) {
      const base = valueAt(fi, k);
      for (const [lang, cat] of Object.entries(all)) {
        const v = valueAt(cat, k);
        if (typeof v !== 'string' || v.trim() === '') problems.push(`${lang}: ${k} is empty`);
        else if (typeof base === 'string' && placeholders(v).join() !== placeholders(base).join()) problems.push(`${lang}: ${k} has {{${placeholders(v).join()}}}, fi {{${placeholders(base).join()}}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the check itself finds a missing key', () => {
    const [first] = Object.keys(fi) as Array<keyof typeof fi>;
    const broken = { ...fi, [first]: { x: 'x' } };
    expect(keys(fi).filter((k) => !keys(broken).includes(k)).length).toBeGreaterThan(0);
  });
});

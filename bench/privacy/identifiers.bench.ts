// Recall and false refusals of the identifier detector on the labelled corpus (bench/privacy/corpus.ts),
// with the real lexicon: libvoikko + voikko-fi through koffi, and the name and word lists.
// A sentence with an identifier counts as found only if a finding of its labelled kind is reported;
// a clean sentence counts as refused if anything is reported. Misses and refusals go to stderr.
import { IDENTIFIER_KINDS, findIdentifiers } from '@kohtaamo/domain';
import { buildLexicon } from '../../apps/api/src/privacy/lexicon';
import { loadPostcodes } from '../../apps/api/src/privacy/postcodes';
import { Voikko } from '../../apps/api/src/privacy/voikko';
import { CLEAN, IDENTIFIED } from './corpus';

function main(): void {
  const voikko = Voikko.open();
  const lexicon = buildLexicon(voikko);
  const postcodes = loadPostcodes();
  const emit = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
    console.log(JSON.stringify({ bench: `privacy.${figure}`, value: Math.round(value * 10000) / 10000, unit, ...extra }));

  let found = 0;
  const perKind = new Map<string, { n: number; found: number }>();
  for (const s of IDENTIFIED) {
    const kinds = new Set(findIdentifiers(s.text, lexicon, postcodes).map((f) => f.kind));
    const ok = kinds.has(s.kind!);
    if (ok) found++;
    else console.error(`miss (${s.kind}, ${s.lang}): ${s.text}  [found: ${[...kinds].join(', ') || 'nothing'}]`);
    const k = perKind.get(s.kind!) ?? { n: 0, found: 0 };
    k.n++;
    if (ok) k.found++;
    perKind.set(s.kind!, k);
  }
  let refused = 0;
  for (const s of CLEAN) {
    const findings = findIdentifiers(s.text, lexicon, postcodes);
    if (findings.length) {
      refused++;
      console.error(`refused (${s.lang}): ${s.text}  [${findings.map((f) => `${f.kind}: "${s.text.slice(f.start, f.end)}"`).join(', ')}]`);
    }
  }
  emit('identifier_recall', found / IDENTIFIED.length, 'ratio', { sentences: IDENTIFIED.length, target: '>= 0.98' });
  for (const kind of IDENTIFIER_KINDS) {
    const k = perKind.get(kind);
    if (k) emit(`identifier_recall.${kind}`, k.found / k.n, 'ratio', { sentences: k.n });
  }
  emit('false_refusal_rate', refused / CLEAN.length, 'ratio', { sentences: CLEAN.length, target: '<= 0.02' });

  // throughput of the whole check with the native morphology (not a target; for capacity planning)
  const texts = [...IDENTIFIED, ...CLEAN].map((s) => s.text);
  const rounds = 20;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const t of texts) findIdentifiers(`${t} ${r}`, lexicon, postcodes);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  emit('check_per_sentence', (ms * 1000) / (rounds * texts.length), 'µs', { sentences: rounds * texts.length });
  voikko.close();
}

main();

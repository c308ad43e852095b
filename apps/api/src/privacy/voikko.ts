import * as koffi from 'koffi';
import { LRUCache } from 'lru-cache';
import type { Lexicon, WordReading } from '@kohtaamo/domain';

/**
 * Finnish morphology from Debian's libvoikko1 + voikko-fi (4.3.1 / 2.5), called through koffi.
 * Readings map voikko's CLASS: etunimi → given_name, sukunimi → surname, paikannimi → place, nimi →
 * proper, anything else → common; BASEFORM and SIJAMUOTO come along. Case of the input is ignored by
 * voikko itself (JUKALLE = jukalle = Jukalle). About 10 µs per word; results are cached per word.
 * Traps (docs/measurements.md, Finnish morphology): resolve koffi types once; read values through a
 * disposable type so koffi frees each string with voikko_free_mor_analysis_value_cstr.
 */
export class Voikko {
  /** readings by lower-cased word; the 100,000 most recently used are kept */
  private readonly cache = new LRUCache<string, WordReading[]>({ max: 100_000 });

  private constructor(
    private readonly handle: unknown,
    private readonly analyse: (h: unknown, w: string) => unknown,
    private readonly value: (a: unknown, key: string) => string | null,
    private readonly freeAnalysis: (a: unknown) => void,
    private readonly terminate: (h: unknown) => void,
    private readonly analysisPtr: koffi.TypeObject,
  ) {}

  /** Loads libvoikko.so.1 and the Finnish dictionary; throws with an installation hint when either is missing. */
  static open(): Voikko {
    let lib: koffi.LibraryHandle;
    try {
      lib = koffi.load('libvoikko.so.1');
    } catch (e) {
      throw new Error(`libvoikko.so.1 could not be loaded (apt-get install libvoikko1 voikko-fi): ${(e as Error).message}`);
    }
    // Anonymous types only: koffi's type names are process-wide, and a process may open voikko more than once
    // (jest loads this module again for every test file in the same worker).
    const handleP = koffi.pointer(koffi.opaque());
    const analysisP = koffi.pointer(koffi.opaque());
    const cstr = 'const char *';
    const init = lib.func('voikkoInit', handleP, [koffi.out(koffi.pointer(cstr)), cstr, cstr]);
    const terminate = lib.func('voikkoTerminate', 'void', [handleP]);
    const analyse = lib.func('voikkoAnalyzeWordCstr', koffi.pointer(analysisP), [handleP, cstr]);
    const freeAnalysis = lib.func('voikko_free_mor_analysis', 'void', [koffi.pointer(analysisP)]);
    const freeValue = lib.func('voikko_free_mor_analysis_value_cstr', 'void', [cstr]);
    const heapString = koffi.disposable(cstr, freeValue);
    const value = lib.func('voikko_mor_analysis_value_cstr', heapString, [analysisP, cstr]);
    const err: Array<string | null> = [null];
    const handle: unknown = init(err, 'fi', null);
    if (!handle) throw new Error(`voikko could not open its Finnish dictionary (apt-get install voikko-fi): ${err[0] ?? 'no reason given'}`);
    return new Voikko(handle, analyse, value, freeAnalysis, terminate, analysisP);
  }

  /** All readings of one word (cached). */
  readings(word: string): WordReading[] {
    const key = word.toLowerCase();
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out: WordReading[] = [];
    const arr = this.analyse(this.handle, word);
    if (arr) {
      const step = koffi.sizeof('void *');
      for (let i = 0; ; i++) {
        const a: unknown = koffi.decode(arr, i * step, this.analysisPtr);
        if (!a) break;
        const cls = this.value(a, 'CLASS') ?? '';
        const baseForm = this.value(a, 'BASEFORM') ?? word;
        const sijamuoto = this.value(a, 'SIJAMUOTO');
        out.push({ baseForm, cls: CLASS[cls] ?? 'common', lang: 'fi', ...(sijamuoto ? { case: sijamuoto } : {}) });
      }
      this.freeAnalysis(arr);
    }
    this.cache.set(key, out);
    return out;
  }

  close(): void {
    this.terminate(this.handle);
  }

  asLexicon(): Lexicon {
    return { readings: (w) => this.readings(w) };
  }
}

const CLASS: Record<string, WordReading['cls']> = { etunimi: 'given_name', sukunimi: 'surname', paikannimi: 'place', nimi: 'proper' };

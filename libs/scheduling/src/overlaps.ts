import { instantMs } from './intervals';

/** A time span with a label of the caller's (an occurrence key, a meeting id). */
export interface LabelledSpan<L> {
  readonly start: Date;
  readonly end: Date;
  readonly label: L;
}

export interface Overlap<A, B> {
  readonly a: LabelledSpan<A>;
  readonly b: LabelledSpan<B>;
}

/**
 * Every pair of a span of `a` and a span of `b` that overlap (half-open: one ending when the other
 * starts is no overlap), in order of `a`'s start. A sweep over both lists sorted by start: O((n + m)
 * log(n + m) + pairs). Used to warn when a new or edited session series lies over the team's existing
 * sessions; `max` bounds the answer.
 */
export function overlappingSpans<A, B>(a: readonly LabelledSpan<A>[], b: readonly LabelledSpan<B>[], max = Number.POSITIVE_INFINITY): Array<Overlap<A, B>> {
  const byStart = <T>(x: LabelledSpan<T>, y: LabelledSpan<T>) => instantMs(x.start, 'start') - instantMs(y.start, 'start');
  const as = [...a].sort(byStart);
  const bs = [...b].sort(byStart);
  const out: Array<Overlap<A, B>> = [];
  let first = 0;
  for (const x of as) {
    const xs = x.start.getTime();
    const xe = x.end.getTime();
    // a leading span of b that ended before this x began cannot meet any later x either (they start later)
    while (first < bs.length && bs[first].end.getTime() <= xs) first++;
    for (let j = first; j < bs.length && bs[j].start.getTime() < xe; j++) {
      if (bs[j].end.getTime() > xs) {
        out.push({ a: x, b: bs[j] });
        if (out.length >= max) return out;
      }
    }
  }
  return out;
}

import { HeldDebounce } from './held-debounce';

describe('HeldDebounce: "video paused" only after a second without a layer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const make = () => {
    const out: Array<[string, number | null]> = [];
    return { out, d: new HeldDebounce((id, l) => out.push([id, l]), 1000) };
  };

  it('a layer passes at once', () => {
    const { out, d } = make();
    d.report('c1', 2);
    expect(out).toEqual([['c1', 2]]);
  });

  it('a null passes only after 1,000 ms without a layer', () => {
    const { out, d } = make();
    d.report('c1', null);
    jest.advanceTimersByTime(999);
    expect(out).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(out).toEqual([['c1', null]]);
  });

  it('a layer within the second cancels the null: a switch never shows the badge', () => {
    const { out, d } = make();
    d.report('c1', null);
    jest.advanceTimersByTime(400);
    d.report('c1', 0);
    jest.advanceTimersByTime(5000);
    expect(out).toEqual([['c1', 0]]);
  });

  it('each consumer on its own; a removed consumer or an ended call passes nothing on', () => {
    const { out, d } = make();
    d.report('c1', null);
    d.report('c2', null);
    d.report('c3', null);
    d.forget('c2');
    jest.advanceTimersByTime(1000);
    expect(out).toEqual([['c1', null], ['c3', null]]);
    d.report('c1', null);
    d.clear();
    jest.advanceTimersByTime(5000);
    expect(out).toHaveLength(2);
  });
});

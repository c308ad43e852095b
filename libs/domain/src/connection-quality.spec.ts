import { connectionQuality } from './connection-quality';

describe('connectionQuality', () => {
  it('is unknown with nothing received, good with full scores and the asked-for layer', () => {
    expect(connectionQuality([])).toBe('unknown');
    expect(connectionQuality([{ kind: 'audio', score: 10 }, { kind: 'video', score: 10, spatialLayer: 2, preferredLayer: 2 }])).toBe('good');
  });

  it('is fair when video runs below the layer its tile asked for, or a score drops under 8', () => {
    expect(connectionQuality([{ kind: 'video', score: 10, spatialLayer: 0, preferredLayer: 2 }])).toBe('fair');
    expect(connectionQuality([{ kind: 'audio', score: 7 }])).toBe('fair');
    // a small tile asked for layer 0 and gets it: nothing is missing
    expect(connectionQuality([{ kind: 'video', score: 9, spatialLayer: 0, preferredLayer: 0 }])).toBe('good');
  });

  it('is poor when a score falls under 5 or a video gets no layer at all', () => {
    expect(connectionQuality([{ kind: 'audio', score: 10 }, { kind: 'video', score: 4, spatialLayer: 0, preferredLayer: 2 }])).toBe('poor');
    expect(connectionQuality([{ kind: 'video', spatialLayer: null }])).toBe('poor');
  });
});

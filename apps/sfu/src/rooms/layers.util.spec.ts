import { spatialLayerForTile } from './layers.util';

describe('spatialLayerForTile', () => {
  it.each([
    [0, 3, 0],
    [120, 3, 0],
    [200, 3, 0],
    [201, 3, 1],
    [400, 3, 1],
    [720, 3, 2],
    [2160, 3, 2],
    [720, 2, 1],
    [720, 1, 0],
    [720, 0, 0],
  ])('a %p px tile with %p layers gets layer %p', (h, n, expected) => {
    expect(spatialLayerForTile(h, n)).toBe(expected);
  });
});

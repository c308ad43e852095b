/**
 * Simulcast layer choice. The camera is sent in up to three spatial layers (scaleResolutionDownBy 4, 2, 1),
 * e.g. 320x180, 640x360, 1280x720 for a 720p camera. A viewer tells the SFU how big (device pixels) the
 * tile showing a participant is; the SFU forwards the smallest layer that still fills it.
 */
export const LAYER_MAX_TILE_HEIGHT = [200, 400] as const;

export function spatialLayerForTile(tileHeight: number, spatialLayers: number): number {
  const top = Math.max(0, Math.floor(spatialLayers) - 1);
  let layer = 0;
  if (tileHeight > LAYER_MAX_TILE_HEIGHT[0]) layer = 1;
  if (tileHeight > LAYER_MAX_TILE_HEIGHT[1]) layer = 2;
  return Math.min(layer, top);
}

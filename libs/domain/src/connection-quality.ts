export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'unknown';

/**
 * The connection-quality indicator of the call view (apps/web), from what the SFU reports per consumer (mediasoup consumer score 0–10, which follows loss and
 * retransmissions, and the simulcast layer bandwidth estimation lets through):
 * poor — a stream scores under 5, or a video gets no layer at all; fair — a score under 8, or video below
 * the layer its tile asked for; good otherwise; unknown with nothing received.
 */
export function connectionQuality(streams: ReadonlyArray<{ kind: 'audio' | 'video'; score?: number; spatialLayer?: number | null; preferredLayer?: number }>): ConnectionQuality {
  if (streams.length === 0) return 'unknown';
  let q: ConnectionQuality = 'good';
  for (const s of streams) {
    if ((s.score !== undefined && s.score < 5) || (s.kind === 'video' && s.spatialLayer === null)) return 'poor';
    if (s.score !== undefined && s.score < 8) q = 'fair';
    if (s.kind === 'video' && s.spatialLayer !== undefined && s.spatialLayer !== null && s.preferredLayer !== undefined && s.spatialLayer < s.preferredLayer) q = 'fair';
  }
  return q;
}

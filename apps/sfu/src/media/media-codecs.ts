import type { types as ms } from 'mediasoup';

/** Router codecs: Opus for audio, VP8 for video (the codec every browser simulcasts reliably). */
export const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
];

/** Per send transport: enough for 720p camera simulcast plus a screen share. */
export const MAX_INCOMING_BITRATE = 3_000_000;
export const INITIAL_OUTGOING_BITRATE = 1_000_000;

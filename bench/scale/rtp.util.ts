import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { types as ms } from 'mediasoup';

/** Synthetic VP8 producers fed with plain RTP from Node, as in bench/video/sfu-capacity.bench.ts. */
export const PPS = 50;
export const PACKET_BYTES = 1250; // → 500 kbit/s at 50 packets/s

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || '100');

/** CPU time (user + system, all threads) of a process, in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

export const VP8_CODECS: ms.RtpCodecCapability[] = [{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101 }];

function rtpPacket(ssrc: number, seq: number, timestamp: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 0x80 | 101;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return Buffer.concat([header, payload]);
}

export interface RtpFeed {
  producers: ms.Producer[];
  /** packets sent per producer so far */
  sent(): number;
  close(): void;
}

/** `count` producers on the router, each fed 500 kbit/s of VP8-looking RTP (a key frame every second). */
export async function feedProducers(router: ms.Router, count: number): Promise<RtpFeed> {
  const sender: Socket = createSocket('udp4');
  await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
  const list: Array<{ producer: ms.Producer; port: number; ssrc: number }> = [];
  for (let i = 0; i < count; i++) {
    const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    const ssrc = 0x2000 + i;
    const producer = await transport.produce({ kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] } });
    list.push({ producer, port: transport.tuple.localPort, ssrc });
  }
  const body = randomBytes(PACKET_BYTES - 15);
  const key = Buffer.concat([Buffer.from([0x90, 0x00, 0x00]), body]);
  const delta = Buffer.concat([Buffer.from([0x90, 0x00, 0x01]), body]);
  let seq = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    seq++;
    const ts = Math.round(((Date.now() - started) * 90000) / 1000);
    for (const p of list) sender.send(rtpPacket(p.ssrc, seq, ts, seq % PPS === 1 ? key : delta), p.port, '127.0.0.1');
  }, 1000 / PPS);
  return {
    producers: list.map((p) => p.producer),
    sent: () => seq,
    close: () => {
      clearInterval(timer);
      sender.close();
    },
  };
}

/** A UDP socket that counts what consumers send it. */
export async function sink(): Promise<{ port: number; close(): void }> {
  const s: Socket = createSocket('udp4');
  s.on('message', () => undefined);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { port: s.address().port, close: () => s.close() };
}

/** An SRTP PlainTransport consumer (encrypting like WebRTC) sending to the sink. */
export async function plainConsumer(router: ms.Router, producerId: string, sinkPort: number): Promise<ms.Consumer> {
  const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' });
  await t.connect({ ip: '127.0.0.1', port: sinkPort, srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: randomBytes(30).toString('base64') } });
  return t.consume({ producerId, rtpCapabilities: router.rtpCapabilities, paused: false });
}

/** packets a sample of consumers sent, with the worker's timestamps */
export async function sendCounts(sample: ms.Consumer[]): Promise<Array<{ packets: number; at: number }>> {
  return Promise.all(
    sample.map(async (c) => {
      const s = (await c.getStats()).find((x) => x.type === 'outbound-rtp');
      return { packets: s?.packetCount ?? 0, at: s?.timestamp ?? 0 };
    }),
  );
}

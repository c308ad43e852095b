/**
 * SFU capacity of one mediasoup worker (one core) on this machine, with the worker binary Kohtaamo builds.
 *
 * Node sends RTP into plain-RTP PlainTransports: PRODUCERS synthetic ~500 kbps video producers (VP8,
 * 50 packets/s × 1250 bytes, a key frame every second so new consumers start forwarding within a second).
 * Each step fans them out to N consumers on their own SRTP PlainTransports (encrypting like WebRTC)
 * that send to a Node UDP sink. For each step: worker CPU (user + system from /proc/<pid>/stat, so a
 * busy worker's late answers do not skew it) over a measuring window, and delivery = RTP packets a sample
 * of consumers sent / packets they should have sent, both taken from the consumers' own stats timestamps.
 *
 * Figures:
 *   video.worker_cpu_per_100_consumers: least-squares slope of worker CPU (% of one core) against N over
 *     the unsaturated steps, per 100 consumers
 *   video.consumers_at_saturation: the first N where the worker uses ≥ 95% of a core or delivers < 99%
 * mediasoup's own guidance is "about 500 consumers per worker"; raw forwarding saturated one worker
 * at 400 on this machine (docs/measurements.md, mediasoup).
 */
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { types as ms } from 'mediasoup';
import { ensureWorkerBin, figure, log, sleep } from './bench.util';

const PRODUCERS = 4;
const PPS = 50;
const PACKET_BYTES = 1250; // 12 RTP header + 2 VP8 descriptor + payload → 500 kbit/s at 50 pps
const KEYFRAME_EVERY = PPS;
const STEP = 100;
const MAX_CONSUMERS = 1000;
const WARMUP_MS = 2000;
const WINDOW_MS = 5000;
const CPU_SATURATED = 95;
const DELIVERY_OK = 0.99;

interface StepResult {
  consumers: number;
  cpuPercent: number;
  delivery: number;
  /** RTP packets that reached the Node sink / packets expected (the sink shares the other core) */
  sinkPackets: number;
}

function rtpPacket(ssrc: number, seq: number, timestamp: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80; // V=2
  header[1] = 0x80 | 101; // marker + payload type 101 (VP8)
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return Buffer.concat([header, payload]);
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || '100');

/** CPU time (user + system, all threads) of a process, in ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** packets sent and the worker's timestamp (ms) for each sampled consumer */
async function sendCounts(sample: ms.Consumer[]): Promise<Array<{ packets: number; at: number }>> {
  return Promise.all(
    sample.map(async (c) => {
      const s = (await c.getStats()).find((x) => x.type === 'outbound-rtp');
      return { packets: s?.packetCount ?? 0, at: s?.timestamp ?? 0 };
    }),
  );
}

const SAMPLE = 50;

function slope(points: Array<{ x: number; y: number }>): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  ensureWorkerBin();
  const mediasoup = await import('mediasoup');
  const worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 20000, rtcMaxPort: 29999 });
  const router = await worker.createRouter({
    mediaCodecs: [{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101 }],
  });

  // Producers: plain RTP from Node (comedia: the transport learns our address from the first packet).
  const sender: Socket = createSocket('udp4');
  await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
  const producers: Array<{ producer: ms.Producer; port: number; ssrc: number }> = [];
  for (let i = 0; i < PRODUCERS; i++) {
    const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    const ssrc = 0x1000 + i;
    const producer = await transport.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] },
    });
    producers.push({ producer, port: transport.tuple.localPort, ssrc });
  }
  // VP8 payload descriptor: X=1 (mediasoup parses only extended descriptors), S=1, partition 0, no
  // extension fields; then the VP8 payload header, whose lowest bit is 0 for a key frame, 1 otherwise.
  const body = randomBytes(PACKET_BYTES - 12 - 3);
  const keyFrame = Buffer.concat([Buffer.from([0x90, 0x00, 0x00]), body]);
  const deltaFrame = Buffer.concat([Buffer.from([0x90, 0x00, 0x01]), body]);
  let seq = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    seq++;
    const ts = Math.round(((Date.now() - started) * 90000) / 1000);
    const payload = seq % KEYFRAME_EVERY === 1 ? keyFrame : deltaFrame;
    for (const p of producers) sender.send(rtpPacket(p.ssrc, seq, ts, payload), p.port, '127.0.0.1');
  }, 1000 / PPS);

  // The consumers' destination: one Node socket that only counts.
  const sink: Socket = createSocket('udp4');
  let sinkPackets = 0;
  sink.on('message', (msg: Buffer) => {
    if (msg.length > 1000) sinkPackets++; // RTP (RTCP packets are small)
  });
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
  const sinkPort = sink.address().port;

  const consumers: ms.Consumer[] = [];
  const transports: ms.PlainTransport[] = [];
  async function grow(to: number): Promise<void> {
    while (consumers.length < to) {
      const t = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' });
      await t.connect({
        ip: '127.0.0.1',
        port: sinkPort,
        srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: randomBytes(30).toString('base64') },
      });
      const source = producers[consumers.length % producers.length];
      if (source === undefined) throw new Error('no producer');
      consumers.push(await t.consume({ producerId: source.producer.id, rtpCapabilities: router.rtpCapabilities, paused: false }));
      transports.push(t);
    }
  }

  const results: StepResult[] = [];
  let saturation: number | undefined;
  try {
    for (let n = 0; n <= MAX_CONSUMERS; n += STEP) {
      await grow(n);
      await sleep(WARMUP_MS);
      const sample = n === 0 ? [] : Array.from({ length: Math.min(SAMPLE, n) }, (_, i) => consumers[Math.floor((i * n) / Math.min(SAMPLE, n))]).filter((c): c is ms.Consumer => c !== undefined);
      const counts0 = await sendCounts(sample);
      const sink0 = sinkPackets;
      const seq0 = seq;
      const t0 = performance.now();
      const cpu0 = processCpuMs(worker.pid);
      await sleep(WINDOW_MS);
      const cpu1 = processCpuMs(worker.pid);
      const elapsed = performance.now() - t0;
      const sinkDelta = sinkPackets - sink0;
      // What Node really sent per producer (timers drift a little from the nominal PPS).
      const actualPps = ((seq - seq0) * 1000) / elapsed;
      const counts1 = await sendCounts(sample);
      const cpuPercent = ((cpu1 - cpu0) / elapsed) * 100;
      let sent = 0;
      let expected = 0;
      counts1.forEach((c1, i) => {
        const c0 = counts0[i];
        if (c0 === undefined || c1.at <= c0.at) return;
        sent += c1.packets - c0.packets;
        expected += ((c1.at - c0.at) / 1000) * actualPps;
      });
      const delivery = n === 0 || expected === 0 ? 1 : Math.min(1, sent / expected);
      const r: StepResult = { consumers: n, cpuPercent: Math.round(cpuPercent * 10) / 10, delivery: Math.round(delivery * 1000) / 1000, sinkPackets: Math.round((sinkDelta / ((n * actualPps * elapsed) / 1000 || 1)) * 1000) / 1000 };
      results.push(r);
      log(`${n} consumers: worker ${r.cpuPercent}% of a core, delivery ${(r.delivery * 100).toFixed(1)}%`);
      if (n > 0 && (cpuPercent >= CPU_SATURATED || delivery < DELIVERY_OK)) {
        saturation = n;
        break;
      }
    }
  } finally {
    clearInterval(timer);
    sender.close();
    sink.close();
    worker.close();
  }

  const unsaturated = results.filter((r) => saturation === undefined || r.consumers < saturation);
  const perConsumer = slope(unsaturated.map((r) => ({ x: r.consumers, y: r.cpuPercent })));
  const steps = results.map((r) => ({ consumers: r.consumers, cpu_percent: r.cpuPercent, delivery: r.delivery, reached_sink: r.sinkPackets }));
  const common = {
    producers: PRODUCERS,
    producer_kbps: Math.round((PACKET_BYTES * 8 * PPS) / 1000),
    packets_per_second_per_consumer: PPS,
    transport: 'PlainTransport, SRTP AES_CM_128_HMAC_SHA1_80',
    mediasoup: '3.12.16, worker built against Debian libraries (scripts/mediasoup-worker.sh)',
    mediasoup_reference_consumers_per_worker: 500,
    steps,
  };
  figure('video.worker_cpu_per_100_consumers', Math.round(perConsumer * 100 * 10) / 10, 'percent_of_core', {
    ...common,
    baseline_cpu_percent_without_consumers: results[0]?.cpuPercent,
  });
  figure('video.consumers_at_saturation', saturation ?? MAX_CONSUMERS, 'consumers', {
    ...common,
    saturated: saturation !== undefined,
    criterion: `worker >= ${CPU_SATURATED}% of a core or delivery < ${DELIVERY_OK * 100}%`,
    step: STEP,
    linear_estimate_from_cpu: perConsumer > 0 ? Math.round((100 - (results[0]?.cpuPercent ?? 0)) / perConsumer) : null,
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench video capacity failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);

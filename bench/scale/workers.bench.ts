/**
 * One node, two workers (this machine's two cores), synthetic 500 kbit/s VP8 producers fed by Node:
 *   scale.pipe_extra_cpu_per_stream_percent — what piping one stream from a router on worker 0 to a
 *     router of the same meeting on worker 1 (pipeToRouter) costs both workers together, in % of a core:
 *     (CPU with PIPED streams piped − CPU without) / PIPED
 *   scale.consumers_at_saturation_two_workers — the meeting's producers live on worker 0 and are piped
 *     to worker 1; SRTP consumers are added half on each worker, STEP at a time, until a worker uses
 *     ≥ 95 % of a core or delivers < 99 % of what it should (the node's capacity for one large meeting;
 *     the Node process that sends and sinks the RTP shares the same two cores)
 */
import type { types as ms } from 'mediasoup';
import { ensureWorkerBin, figure, sleep } from '../video/bench.util';
import { feedProducers, plainConsumer, processCpuMs, sendCounts, sink, VP8_CODECS, PPS } from './rtp.util';

const PIPED = 8;
const PRODUCERS = 4;
const STEP = 100;
const MAX = 1600;
const WARMUP_MS = 2000;
const WINDOW_MS = 5000;

function log(m: string): void {
  process.stderr.write(`[bench scale] ${m}\n`);
}

async function cpuOver(workers: ms.Worker[], ms_: number): Promise<number[]> {
  const t0 = performance.now();
  const c0 = workers.map((w) => processCpuMs(w.pid));
  await sleep(ms_);
  const elapsed = performance.now() - t0;
  return workers.map((w, i) => ((processCpuMs(w.pid) - (c0[i] ?? 0)) / elapsed) * 100);
}

async function pipeCost(mediasoup: typeof import('mediasoup')): Promise<void> {
  const w0 = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 30000, rtcMaxPort: 34999 });
  const w1 = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 35000, rtcMaxPort: 39999 });
  const r0 = await w0.createRouter({ mediaCodecs: VP8_CODECS });
  const r1 = await w1.createRouter({ mediaCodecs: VP8_CODECS });
  const feed = await feedProducers(r0, PIPED);
  try {
    await sleep(WARMUP_MS);
    const before = await cpuOver([w0, w1], WINDOW_MS);
    for (const p of feed.producers) await r0.pipeToRouter({ producerId: p.id, router: r1 });
    await sleep(WARMUP_MS);
    const after = await cpuOver([w0, w1], WINDOW_MS);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const perStream = (sum(after) - sum(before)) / PIPED;
    log(`pipes: workers ${before.map((x) => x.toFixed(1)).join('+')} % → ${after.map((x) => x.toFixed(1)).join('+')} % with ${PIPED} streams piped`);
    figure('scale.pipe_extra_cpu_per_stream_percent', Math.round(perStream * 100) / 100, 'percent_of_core', {
      streams_piped: PIPED,
      stream_kbps: 500,
      cpu_before_percent: before.map((x) => Math.round(x * 10) / 10),
      cpu_after_percent: after.map((x) => Math.round(x * 10) / 10),
      reference: 'docs/measurements.md (Several workers and nodes): a receiving worker with a pipe costs about 0.3 % of a core per 1.15 Mbit/s stream',
    });
  } finally {
    feed.close();
    w0.close();
    w1.close();
  }
}

async function twoWorkerSaturation(mediasoup: typeof import('mediasoup')): Promise<void> {
  const w0 = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 40000, rtcMaxPort: 49999 });
  const w1 = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 50000, rtcMaxPort: 59999 });
  const r0 = await w0.createRouter({ mediaCodecs: VP8_CODECS });
  const r1 = await w1.createRouter({ mediaCodecs: VP8_CODECS });
  const feed = await feedProducers(r0, PRODUCERS);
  for (const p of feed.producers) await r0.pipeToRouter({ producerId: p.id, router: r1 });
  const out = await sink();
  const consumers: Array<{ c: ms.Consumer; w: number }> = [];
  const steps: Array<{ consumers: number; cpu_percent: number[]; delivery: number }> = [];
  let saturation: number | undefined;
  try {
    for (let n = STEP; n <= MAX; n += STEP) {
      while (consumers.length < n) {
        const w = consumers.length % 2;
        const producer = feed.producers[Math.floor(consumers.length / 2) % PRODUCERS];
        if (producer === undefined) throw new Error('no producer');
        consumers.push({ c: await plainConsumer(w === 0 ? r0 : r1, producer.id, out.port), w });
      }
      await sleep(WARMUP_MS);
      const sample = Array.from({ length: 50 }, (_, i) => consumers[Math.floor((i * n) / 50)]?.c).filter((c): c is ms.Consumer => c !== undefined);
      const s0 = await sendCounts(sample);
      const seq0 = feed.sent();
      const t0 = performance.now();
      const cpu = await cpuOver([w0, w1], WINDOW_MS);
      const pps = ((feed.sent() - seq0) * 1000) / (performance.now() - t0);
      const s1 = await sendCounts(sample);
      let sent = 0;
      let expected = 0;
      s1.forEach((b, i) => {
        const a = s0[i];
        if (a === undefined || b.at <= a.at) return;
        sent += b.packets - a.packets;
        expected += ((b.at - a.at) / 1000) * (pps || PPS);
      });
      const delivery = expected === 0 ? 1 : Math.min(1, sent / expected);
      steps.push({ consumers: n, cpu_percent: cpu.map((x) => Math.round(x * 10) / 10), delivery: Math.round(delivery * 1000) / 1000 });
      log(`${n} consumers over two workers: ${cpu.map((x) => x.toFixed(1)).join(' + ')} % of a core, delivery ${(delivery * 100).toFixed(1)} %`);
      if (cpu.some((x) => x >= 95) || delivery < 0.99) {
        saturation = n;
        break;
      }
    }
  } finally {
    feed.close();
    out.close();
    w0.close();
    w1.close();
  }
  figure('scale.consumers_at_saturation_two_workers', saturation ?? MAX, 'consumers', {
    saturated: saturation !== undefined,
    criterion: 'a worker >= 95 % of a core or delivery < 99 %',
    producers: PRODUCERS,
    producer_kbps: 500,
    layout: 'producers on worker 0, piped once to worker 1; SRTP PlainTransport consumers alternating between the workers',
    steps,
    reference: 'one worker: video.consumers_at_saturation (400-500 here)',
  });
}

async function main(): Promise<void> {
  ensureWorkerBin();
  const mediasoup = await import('mediasoup');
  await pipeCost(mediasoup);
  await twoWorkerSaturation(mediasoup);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench scale workers failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);

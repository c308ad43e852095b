import { bootstrapSfu, type RunningSfu, type SfuBootstrapOptions } from '../../../apps/sfu/src/bootstrap';
import type { SfuConfig } from '../../../apps/sfu/src/config/sfu.config';
import { TEST_SECRET } from './tokens';

/** The worker binary from scripts/mediasoup-worker.sh; the test command exports it. */
export function workerBin(): string {
  const bin = process.env['MEDIASOUP_WORKER_BIN'];
  if (bin === undefined || bin === '') {
    throw new Error('MEDIASOUP_WORKER_BIN is not set: export MEDIASOUP_WORKER_BIN=$(scripts/mediasoup-worker.sh | tail -1)');
  }
  return bin;
}

export function testConfig(overrides: Partial<SfuConfig> = {}): SfuConfig {
  return {
    port: 0,
    listenIp: '127.0.0.1',
    rtcPortBase: 0,
    workers: 2,
    joinTokenSecret: TEST_SECRET,
    workerBin: workerBin(),
    logLevel: 'error',
    ...overrides,
  };
}

/** A real SFU (mediasoup workers, socket.io) on a free port; close() it in afterAll. */
export function startSfu(overrides: Partial<SfuConfig> = {}, options: SfuBootstrapOptions = {}): Promise<RunningSfu> {
  return bootstrapSfu(testConfig(overrides), { logger: ['fatal', 'error'], rooms: { emptyRoomGraceMs: 0 }, ...options });
}

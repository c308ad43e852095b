import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SfuConfig } from './config/sfu.config';
import { WorkerPool, type PoolLogger } from './media/worker-pool.service';
import { NodeRegistry } from './registry/node-registry';
import { RoomsService, type RoomsOptions } from './rooms/rooms.service';
import { SfuIoAdapter } from './sfu-io.adapter';
import { SfuModule } from './sfu.module';
import { SfuMetrics } from './health/sfu-metrics';

export interface SfuBootstrapOptions {
  rooms?: Partial<RoomsOptions>;
  /** Nest log levels; defaults from config.logLevel */
  logger?: LogLevel[] | false;
  /** first delay before a dead worker is respawned */
  respawnDelayMs?: number;
}

export interface RunningSfu {
  /** http://host:port of signalling (socket.io), /health and, with webRoot, the web client */
  url: string;
  port: number;
  app: NestExpressApplication;
  pool: WorkerPool;
  rooms: RoomsService;
  /** this node in the Redis registry (config.registry set) */
  registry?: NodeRegistry;
  close(): Promise<void>;
}

const LEVELS: Record<SfuConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

function poolLogger(levels: LogLevel[] | false, log: Logger): PoolLogger | undefined {
  if (levels === false) return undefined;
  const on = (l: LogLevel): boolean => levels.includes(l);
  return {
    log: (m) => (on('log') ? log.log(m) : undefined),
    warn: (m) => (on('warn') ? log.warn(m) : undefined),
    error: (m) => (on('error') ? log.error(m) : undefined),
  };
}

/** mediasoup reads MEDIASOUP_WORKER_BIN once, when it is first loaded. */
async function useWorkerBin(workerBin: string): Promise<void> {
  process.env['MEDIASOUP_WORKER_BIN'] = workerBin;
  const { workerBin: loaded } = await import('mediasoup/node/lib/Worker');
  if (loaded !== workerBin) {
    throw new Error(`mediasoup was loaded with worker binary ${loaded}, not ${workerBin}; set MEDIASOUP_WORKER_BIN before starting`);
  }
}

/** Starts the workers, then the HTTP + socket.io server. Port 0 picks a free port (see the returned url). */
export async function bootstrapSfu(config: SfuConfig, options: SfuBootstrapOptions = {}): Promise<RunningSfu> {
  const logger = options.logger ?? LEVELS[config.logLevel];
  const workersLog = new Logger('Workers');
  await useWorkerBin(config.workerBin);
  const pool = await WorkerPool.create({
    count: config.workers,
    listenIp: config.listenIp,
    announcedIp: config.announcedIp,
    rtcPortBase: config.rtcPortBase,
    logLevel: config.logLevel === 'debug' ? 'debug' : 'warn',
    respawnDelayMs: options.respawnDelayMs,
    logger: poolLogger(logger, workersLog),
  });
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(SfuModule.forRoot(config, pool, {
      ...(config.peersPerRouter === undefined ? {} : { peersPerRouter: config.peersPerRouter }),
      ...options.rooms,
    }), {
      logger,
      abortOnError: false,
    });
    app.use(app.get(SfuMetrics).httpMiddleware());
    app.useWebSocketAdapter(new SfuIoAdapter(app));
    app.disable('x-powered-by');
    if (config.webRoot !== undefined) {
      const webRoot = config.webRoot;
      app.use('/join', (_req: unknown, res: { sendFile(path: string): void }) => res.sendFile(join(webRoot, 'index.html')));
      app.useStaticAssets(webRoot, { index: 'index.html', maxAge: '1h' });
    }
    await app.listen(config.port, config.listenIp);
    const address = app.getHttpServer().address() as AddressInfo;
    const host = config.listenIp === '0.0.0.0' || config.listenIp === '::' ? '127.0.0.1' : config.listenIp;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const running = app;
    const url = `http://${urlHost}:${address.port}`;
    const rooms = running.get(RoomsService);
    let registry: NodeRegistry | undefined;
    if (config.registry !== undefined) {
      const announced = config.announcedIp ?? host;
      const publicUrl = config.registry.publicUrl ?? `http://${announced.includes(':') ? `[${announced}]` : announced}:${address.port}`;
      const load = (): { workers: number; peers: number; rooms: number; consumers: number } => {
        const s = rooms.status();
        return { workers: pool.liveWorkers().length, peers: s.peers, rooms: s.rooms, consumers: s.consumers };
      };
      registry = await NodeRegistry.start(config.registry, publicUrl, load, new Logger('Registry'), {
        ids: () => rooms.meetingIds(),
        handOver: (id) => rooms.handOver(id),
      });
      const node = registry;
      rooms.setPlacementGuard((meetingId) => node.mayHost(meetingId));
    }
    let closing: Promise<void> | undefined;
    return {
      url,
      port: address.port,
      app: running,
      pool,
      rooms,
      registry,
      close: () => {
        // leave the registry first: no new meeting is placed on a node that is going away
        closing ??= (registry?.close() ?? Promise.resolve()).then(() => running.close()).finally(() => pool.close());
        return closing;
      },
    };
  } catch (e) {
    if (app !== undefined) await app.close().catch(() => undefined);
    pool.close();
    throw e;
  }
}

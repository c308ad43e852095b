import { Controller, Get, Header, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricsAccess } from '@kohtaamo/domain';
import { SFU_CONFIG } from '../config/sfu-config.token';
import type { SfuConfig } from '../config/sfu.config';
import type { WorkerPool } from '../media/worker-pool.service';
import { RoomsService } from '../rooms/rooms.service';

/**
 * The SFU node's operational metrics for Prometheus (prom-client; one registry per SFU instance).
 * Series (prefix `kohtaamo_sfu_`): `rooms`, `peers`, `lobby_waiting`, `consumers`, `workers_alive`
 * (gauges read at scrape), `worker_cpu_seconds_total{worker}` (user + system CPU of each mediasoup
 * worker process from its getrusage; it restarts at 0 when a worker is respawned, which rate() reads as a
 * counter reset), `worker_deaths_total{worker}`, `http_request_duration_seconds{method,route,status}`,
 * and the process defaults (`kohtaamo_sfu_process_cpu_seconds_total`, heap, event-loop lag …).
 */
export class SfuMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(pool: WorkerPool, rooms: RoomsService) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'kohtaamo_sfu_' });
    this.httpDuration = new Histogram({
      name: 'kohtaamo_sfu_http_request_duration_seconds',
      help: 'HTTP request duration by route template (seconds)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const status = (pick: (s: ReturnType<RoomsService['status']>) => number) =>
      function (this: Gauge) {
        this.set(pick(rooms.status()));
      };
    new Gauge({ name: 'kohtaamo_sfu_rooms', help: 'meetings (rooms) on this node', registers, collect: status((s) => s.rooms) });
    new Gauge({ name: 'kohtaamo_sfu_peers', help: 'participants in rooms on this node', registers, collect: status((s) => s.peers) });
    new Gauge({ name: 'kohtaamo_sfu_lobby_waiting', help: 'guests waiting in lobbies', registers, collect: status((s) => s.waiting) });
    new Gauge({ name: 'kohtaamo_sfu_consumers', help: 'forwarded streams (consumers): what saturates a worker', registers, collect: status((s) => s.consumers) });
    new Gauge({
      name: 'kohtaamo_sfu_workers_alive',
      help: 'mediasoup workers running',
      registers,
      collect(this: Gauge) {
        this.set(pool.liveWorkers().length);
      },
    });
    new Counter({
      name: 'kohtaamo_sfu_worker_deaths_total',
      help: 'mediasoup workers that died, per worker slot',
      labelNames: ['worker'],
      registers,
      collect(this: Counter<'worker'>) {
        this.reset();
        for (const s of pool.status()) this.inc({ worker: String(s.index) }, s.deaths);
      },
    });
    new Counter({
      name: 'kohtaamo_sfu_worker_cpu_seconds_total',
      help: 'CPU time (user + system) of each live mediasoup worker process since it started (seconds)',
      labelNames: ['worker'],
      registers,
      async collect(this: Counter<'worker'>) {
        const usage = await Promise.all(
          pool.status().map(async (s) => {
            const worker = pool.liveWorkers().find((w) => w.pid === s.pid);
            if (!worker) return null;
            const ru = await worker.getResourceUsage().catch(() => null);
            return ru ? { worker: String(s.index), seconds: (ru.ru_utime + ru.ru_stime) / 1000 } : null;
          }),
        );
        this.reset();
        for (const u of usage) if (u) this.inc({ worker: u.worker }, u.seconds);
      },
    });
  }

  httpMiddleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        const route = (req as Request & { route?: { path?: unknown } }).route;
        end({ method: req.method, route: route && typeof route.path === 'string' ? `${req.baseUrl ?? ''}${route.path}` : 'unmatched', status: String(res.statusCode) });
      });
      next();
    };
  }
}

/** GET /metrics on the signalling port, behind METRICS_TOKEN (libs/domain/metrics-access.ts). */
@Controller('metrics')
export class SfuMetricsController {
  constructor(
    private readonly metrics: SfuMetrics,
    @Inject(SFU_CONFIG) private readonly config: SfuConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const access = metricsAccess(this.config.metricsToken, this.config.production === true, req.headers.authorization);
    if (access === 'disabled') {
      res.status(HttpStatus.NOT_FOUND).json({ statusCode: 404, message: 'Cannot GET /metrics' });
      return;
    }
    if (access === 'unauthorized') {
      res.status(HttpStatus.UNAUTHORIZED).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').json({ statusCode: 401, message: 'metrics need the bearer token in METRICS_TOKEN' });
      return;
    }
    res.status(HttpStatus.OK).type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}


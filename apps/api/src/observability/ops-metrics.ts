import type { NextFunction, Request, Response } from 'express';
import { metricsAccess } from '@kohtaamo/domain';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The API's operational metrics for Prometheus (prom-client), one registry per application instance
 * (tests start several in one process, so nothing goes to prom-client's global registry).
 *
 * Series (all prefixed `kohtaamo_`):
 * - `http_request_duration_seconds{method,route,status}`: histogram; `route` is the route *template*
 *   (`/api/requests/:id`), never the raw path, so ids never become labels; unmatched paths are `unmatched`;
 * - `queue_jobs{queue,state}`: jobs waiting, delayed, active, failed … per BullMQ queue, read at scrape;
 * - `queue_job_outcomes_total{queue,outcome}`: jobs this process's workers completed or failed;
 * - `outbox_pending` and `outbox_lag_seconds`: unprocessed meeting_outbox rows and the age of the oldest
 *   (0 when none), read at scrape;
 * - prom-client's default process metrics (`kohtaamo_process_cpu_seconds_total`, heap, event-loop lag …).
 */
export class OpsMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobOutcomes: Counter<'queue' | 'outcome'>;
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly outboxPending: Gauge;
  readonly outboxLag: Gauge;
  private readonly scrapeHooks: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kohtaamo_' });
    this.httpDuration = new Histogram({
      name: 'kohtaamo_http_request_duration_seconds',
      help: 'HTTP request duration by route template (seconds)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.jobOutcomes = new Counter({
      name: 'kohtaamo_queue_job_outcomes_total',
      help: 'BullMQ jobs finished by this process, by queue and outcome (completed, failed)',
      labelNames: ['queue', 'outcome'],
      registers: [this.registry],
    });
    this.queueJobs = new Gauge({
      name: 'kohtaamo_queue_jobs',
      help: 'BullMQ jobs per queue and state, read at scrape time',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
    });
    this.outboxPending = new Gauge({
      name: 'kohtaamo_outbox_pending',
      help: 'meeting_outbox rows not yet planned into messages',
      registers: [this.registry],
    });
    this.outboxLag = new Gauge({
      name: 'kohtaamo_outbox_lag_seconds',
      help: 'age of the oldest meeting_outbox row not yet planned (0 when none)',
      registers: [this.registry],
    });
  }

  /** Work to run before each scrape (gauges that read PostgreSQL or Redis). */
  onScrape(hook: () => Promise<void>): void {
    this.scrapeHooks.push(hook);
  }

  /** The exposition text; a failing hook leaves its gauges as they were rather than failing the scrape. */
  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all(this.scrapeHooks.map((h) => h().catch(() => undefined)));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Express middleware: observes every response's duration under its route template. */
  httpMiddleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => end({ method: req.method, route: routeTemplate(req), status: String(res.statusCode) }));
      next();
    };
  }
}

/** `/api/requests/:id` for a matched route (Express keeps the matched layer in req.route), else `unmatched`. */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  return `${req.baseUrl ?? ''}${route.path}` || '/';
}

/**
 * GET /metrics (beside /health, outside /api and the OpenAPI document): a plain Express route, ahead of
 * Nest's router, so that it neither shares a path with the coordinators' GET /api/metrics nor passes
 * the sign-in guard — its key is METRICS_TOKEN (libs/domain/metrics-access.ts).
 */
export function scrapeHandler(metrics: OpsMetrics, config: { metricsToken: string | null; nodeEnv: string }): (req: Request, res: Response) => void {
  return (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const access = metricsAccess(config.metricsToken, config.nodeEnv === 'production', req.headers.authorization);
    if (access === 'disabled') {
      res.status(404).json({ statusCode: 404, error: 'not_found', message: 'Cannot GET /metrics', fields: [] });
      return;
    }
    if (access === 'unauthorized') {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.json({ statusCode: 401, error: 'unauthenticated', message: 'metrics need the bearer token configured in METRICS_TOKEN', fields: [] });
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => res.status(200).type(contentType).send(body),
      (e: unknown) => res.status(500).type('text/plain').send(`metrics failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
}

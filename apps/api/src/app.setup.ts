import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { ApiConfig } from './config/config';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { createValidationPipe } from './common/validation';
import { actorScopeMiddleware } from './database/actor-context';
import { OpsMetrics, scrapeHandler } from './observability/ops-metrics';

/** Everything main.ts and the tests both need: one HTTP surface, configured in one place. */
export function configureApp(app: INestApplication, config: Pick<ApiConfig, 'corsOrigins' | 'metricsToken' | 'nodeEnv'>): void {
  const express = app as NestExpressApplication;
  // first, so that every answer is timed (under its route template; GET /metrics itself included)
  // (null in Nest's preview mode, which builds the OpenAPI document offline and instantiates no provider)
  const ops = app.get(OpsMetrics) as OpsMetrics | null;
  if (ops) {
    express.use(ops.httpMiddleware());
    (express.getHttpAdapter().getInstance() as Express).get('/metrics', scrapeHandler(ops, config));
  }
  // Security headers everywhere; the OpenAPI UI alone needs its own scripts and styles, so no CSP there.
  const strict = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  express.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next));
  // API answers may carry client data (minutes, requests): no browser, proxy or shared cache may keep them
  express.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') && !req.path.startsWith('/api/docs')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  express.enableCors({
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-purpose'],
    maxAge: 600,
  });
  express.useBodyParser('json', { limit: '256kb' });
  express.useBodyParser('text', { type: 'text/calendar', limit: '2mb' });
  // every request in an actor scope of its own (the guard sets the actor); after the body parsers, whose stream callbacks would lose it
  express.use(actorScopeMiddleware);
  express.disable('x-powered-by');
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorsFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, apiDocumentConfig()), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document's header; the paths come from the controllers (also built offline: openapi.document.ts). */
export function apiDocumentConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Kohtaamo API')
    .setDescription('Consultation requests, teams, meetings and consent for Finnish family centres')
    .setVersion('0.1.0')
    .build();
}

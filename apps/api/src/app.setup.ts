import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { createValidationPipe } from './common/validation';

/** Everything main.ts and the tests both need: one HTTP surface, configured in one place. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '256kb' });
  express.useBodyParser('text', { type: 'text/calendar', limit: '2mb' });
  express.disable('x-powered-by');
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorsFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Kohtaamo API')
    .setDescription('Consultation requests, teams, meetings and consent for Finnish family centres')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}

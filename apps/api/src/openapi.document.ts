import { NestFactory } from '@nestjs/core';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getOptionsToken } from '@nestjs/throttler';
import { AppModule } from './app.module';
import { apiDocumentConfig, configureApp } from './app.setup';
import { loadConfig } from './config/config';

/**
 * The API's OpenAPI document, built without a database, Redis or a port: Nest's preview mode reads the
 * modules' controllers and DTO metadata without instantiating any provider (so nothing connects). The
 * web client's types are generated from this (`npm run api:types`), and a test fails when they drift.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'development',
    JOIN_TOKEN_SECRET: 'openapi-document-only-0123456789abcdef',
    DATABASE_URL: 'postgres://kohtaamo_app@127.0.0.1:5432/unused',
    DATABASE_OWNER_URL: 'postgres://postgres@127.0.0.1:5432/unused',
    REDIS_URL: 'redis://127.0.0.1:6379',
    RUN_WORKERS: 'false',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  try {
    configureApp(app, config);
    return SwaggerModule.createDocument(app, apiDocumentConfig());
  } finally {
    // preview mode runs no lifecycle hooks: close the one thing AppModule.forRoot connects eagerly (rate-limit Redis)
    const storage = (app.get(getOptionsToken(), { strict: false }) as { storage?: { onModuleDestroy?: () => void } } | undefined)?.storage;
    storage?.onModuleDestroy?.();
    await app.close();
  }
}

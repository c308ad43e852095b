import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { Clock } from './common/clock';
import { ApiConfig } from './config/config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

/** Builds the API application (not listening yet) for main.ts and for the tests. */
export async function createApp(config: ApiConfig, clock?: Clock): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, clock), {
    bodyParser: false,
    abortOnError: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  configureApp(app, config);
  return app;
}

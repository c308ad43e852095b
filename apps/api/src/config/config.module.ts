import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ApiConfig } from './config';

export const API_CONFIG = Symbol('API_CONFIG');

/** Provides the validated configuration and the clock to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ApiConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: API_CONFIG, useValue: config }, { provide: Clock, useValue: clock }],
      exports: [API_CONFIG, Clock],
    };
  }
}

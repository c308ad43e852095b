import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import { actorAwarePg } from './actor-settings';
import { ENTITIES } from './entities';

export interface DataSourceExtras {
  /**
   * The API's clock. Given for the app role's connections (the API and the workers): every connection
   * then carries the current actor and this instant for row-level security (actor-settings.ts). Left out
   * for the owner's connections (migrations, test set-up), which row-level security does not restrict.
   */
  now?: () => Date;
  /** the app role's name, for the migrations that grant it (see migrations/1764900000000-database-roles.ts) */
  appRole?: string;
}

/** The one place that says how Kohtaamo talks to PostgreSQL. `synchronize` is off everywhere: migrations only. */
export function dataSourceOptions(databaseUrl: string, extras: DataSourceExtras = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: 20, connectionTimeoutMillis: 5000, ...(extras.appRole ? { options: `-c kohtaamo.app_role=${extras.appRole}` } : {}) },
    logging: false,
    ...(extras.now ? { driver: actorAwarePg(extras.now) } : {}),
  };
}

export function createDataSource(databaseUrl: string, extras: DataSourceExtras = {}): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, extras));
}

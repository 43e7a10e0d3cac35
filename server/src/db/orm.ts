import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/core';
import { MikroORM as PgliteMikroORM } from '@mikro-orm/pglite';
import { MikroORM as PostgreSqlMikroORM } from '@mikro-orm/postgresql';
import type { AbstractSqlDriver, EntityManager, Options } from '@mikro-orm/sql';
import type { Config } from '../config.js';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';
import { countingLoggerFactory, StatementCounter } from './statement-counter.js';

export interface Database {
  /** The ORM on either driver: the code above it speaks PostgreSQL through `@mikro-orm/sql`. */
  orm: MikroORM<AbstractSqlDriver, EntityManager>;
  statements: StatementCounter;
  kind: 'pglite' | 'postgresql';
  close(): Promise<void>;
}

function baseOptions(statements: StatementCounter) {
  return {
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList, snapshot: false, transactional: true, allOrNothing: true },
    debug: ['query'],
    loggerFactory: countingLoggerFactory(statements),
    allowGlobalContext: false,
    validateRequired: false,
  } satisfies Options;
}

/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is set, otherwise embedded PGlite
 * in `dataDir` (`memory://` for tests). Runs pending migrations before returning.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const statements = new StatementCounter();
  let orm: Database['orm'];
  if (config.databaseUrl) {
    orm = await PostgreSqlMikroORM.init({
      ...baseOptions(statements),
      clientUrl: config.databaseUrl,
      pool: { min: 0, max: 10 },
    });
  } else {
    // PGlite does not create the folders above its own.
    if (!config.dataDir.startsWith('memory://')) mkdirSync(dirname(config.dataDir), { recursive: true });
    // The driver owns the PGlite instance: `dbName` is its data directory (or memory://).
    orm = await PgliteMikroORM.init({ ...baseOptions(statements), dbName: config.dataDir });
  }
  await orm.migrator.up();
  return {
    orm,
    statements,
    kind: config.databaseUrl ? 'postgresql' : 'pglite',
    close: () => orm.close(true),
  };
}

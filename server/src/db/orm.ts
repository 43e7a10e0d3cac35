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

/** A new connection gives up after this long (an unreachable server answers 503 instead of hanging). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is set, otherwise embedded PGlite
 * in `dataDir` (`memory://` for tests). Runs pending migrations before returning.
 *
 * `statementTimeoutMs` (the request time budget) becomes every PostgreSQL connection's
 * `statement_timeout` and `idle_in_transaction_session_timeout` once the migrations have run
 * (they are not bounded). PGlite runs each statement on the event loop and has no timeout.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, options: { statementTimeoutMs?: number } = {}): Promise<Database> {
  const statements = new StatementCounter();
  let orm: Database['orm'];
  if (config.databaseUrl) {
    orm = await PostgreSqlMikroORM.init({
      ...baseOptions(statements),
      clientUrl: config.databaseUrl,
      pool: { min: 0, max: 10 },
      driverOptions: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    });
  } else {
    // PGlite does not create the folders above its own.
    if (!config.dataDir.startsWith('memory://')) mkdirSync(dirname(config.dataDir), { recursive: true });
    // The driver owns the PGlite instance: `dbName` is its data directory (or memory://).
    orm = await PgliteMikroORM.init({ ...baseOptions(statements), dbName: config.dataDir });
  }
  await orm.migrator.up();
  if (config.databaseUrl && options.statementTimeoutMs) {
    const timeout = options.statementTimeoutMs;
    await orm.reconnect({
      driverOptions: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: timeout, idle_in_transaction_session_timeout: timeout },
    } as never);
  }
  return {
    orm,
    statements,
    kind: config.databaseUrl ? 'postgresql' : 'pglite',
    close: () => orm.close(true),
  };
}

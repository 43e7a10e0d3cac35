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
 * The database holds migrations this code does not know: it was migrated by a newer version.
 * Running older code on it could write data the newer schema forbids, so nothing starts.
 */
export class SchemaTooNewError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `The database schema is newer than this version of Schoolmix: it holds ${unknown.length === 1 ? 'a migration' : 'migrations'} this code does not know (${unknown.join(', ')}). ` +
        'Deploy the newer version, or roll the database back with that version\'s `db:migrate:down` (docs/OPERATIONS.md).',
    );
  }
}

/** MIGRATE_ON_START=false and migrations are pending: the operator migrates first. */
export class MigrationsPendingError extends Error {
  constructor(readonly pending: string[]) {
    super(`${pending.length} database migration(s) pending (${pending.join(', ')}) and MIGRATE_ON_START=false: run \`pnpm db:migrate\` (or \`node server/dist/db/migrate.js up\`) first, after a backup (docs/OPERATIONS.md).`);
  }
}

/** The migrations this code knows, in order. */
export const knownMigrations: string[] = migrationsList.map((m) => m.name);

/** Executed migrations the code does not know (a newer schema), in the order they were run. */
export async function unknownMigrations(orm: Database['orm']): Promise<string[]> {
  const known = new Set(knownMigrations);
  return (await orm.migrator.getExecuted()).map((row) => row.name).filter((name) => !known.has(name));
}

/** A new connection gives up after this long (an unreachable server answers 503 instead of hanging). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is set, otherwise embedded PGlite
 * in `dataDir` (`memory://` for tests). Runs pending migrations before returning.
 *
 * `migrations`: `apply` (the default) runs pending migrations; `require-current` refuses
 * (MigrationsPendingError) while any is pending (MIGRATE_ON_START=false); `none` touches nothing
 * (the migration commands, db/migrate.ts). Except with `none`, a database migrated by newer code
 * is refused (SchemaTooNewError) before anything else happens.
 *
 * `statementTimeoutMs` (the request time budget) becomes every PostgreSQL connection's
 * `statement_timeout` and `idle_in_transaction_session_timeout` once the migrations have run
 * (they are not bounded). PGlite runs each statement on the event loop and has no timeout.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { statementTimeoutMs?: number; migrations?: 'apply' | 'require-current' | 'none' } = {},
): Promise<Database> {
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
  const migrations = options.migrations ?? 'apply';
  try {
    if (migrations !== 'none') {
      const unknown = await unknownMigrations(orm);
      if (unknown.length > 0) throw new SchemaTooNewError(unknown);
      if (migrations === 'apply') await orm.migrator.up();
      else {
        const pending = (await orm.migrator.getPending()).map((m) => m.name);
        if (pending.length > 0) throw new MigrationsPendingError(pending);
      }
    }
  } catch (error) {
    await orm.close(true);
    throw error;
  }
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

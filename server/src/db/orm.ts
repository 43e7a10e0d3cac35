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
    // Read replicas (DATABASE_REPLICA_URLS) lag the primary: by default every statement reads the
    // primary, and only an EntityManager made by `reportReader` reads a replica.
    preferReadReplicas: false,
    propagationOnPrototype: false,
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
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseReplicaUrls'>>,
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
      replicas: (config.databaseReplicaUrls ?? []).map((url, i) => ({
        name: `replica-${i + 1}`,
        clientUrl: url,
        // Its own options: `reconnect` below gives the primary a statement timeout, not the replicas
        // (they serve the streamed exports, which the request time budget does not bound).
        // Named in pg_stat_activity, so a DBA sees which sessions are Schoolmix's report reads.
        driverOptions: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: `schoolmix-replica-${i + 1}` },
      })),
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
    // Only the primary's pool is reopened. Not `orm.reconnect()`: MikroORM 7.2's Connection.close()
    // deletes a connection's own options (its clientUrl, driverOptions), so after a reconnect every
    // read replica would silently connect to the primary instead (replicas.test.ts checks this).
    const primary = orm.driver.getConnection('write');
    await primary.close(true);
    orm.config.set('driverOptions', { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: timeout, idle_in_transaction_session_timeout: timeout } as never);
    await primary.connect();
  }
  return {
    orm,
    statements,
    kind: config.databaseUrl ? 'postgresql' : 'pglite',
    close: () => orm.close(true),
  };
}

/** The EntityManager methods whose reads `reportReader` sends to a replica. */
type ReadMethod = 'find' | 'findOne' | 'findOneOrFail' | 'findAll' | 'findAndCount' | 'count' | 'execute' | 'createQueryBuilder' | 'qb';

/**
 * A fresh EntityManager whose reads (find, findOne, count, execute, query builders) go to a read
 * replica (a random one of DATABASE_REPLICA_URLS), for report-style reads only: the exports.
 * Without replicas (and on PGlite) it reads the primary like any other EntityManager.
 *
 * Why opt-in and not the other way round (MikroORM's default `preferReadReplicas: true`): a
 * replica lags the primary, so a session or API key revoked a moment ago would still be found
 * there, a rate-limit or idempotency row just written would be missed, and a mutation's
 * checks would decide on stale rows. Those all read through ordinary EntityManagers, which read
 * the primary (`preferReadReplicas: false`); only code that asks for this one reads a replica.
 * Anything run in a transaction on it (and every write) still goes to the primary: MikroORM runs
 * transactions on the write connection.
 */
export function reportReader(db: Pick<Database, 'orm'>): EntityManager {
  const em = db.orm.em.fork({ clear: true, useContext: false }) as EntityManager;
  const read = { connectionType: 'read' as const };
  const target = em as unknown as Record<ReadMethod, (...args: unknown[]) => unknown>;
  const base = Object.fromEntries((['find', 'findOne', 'findOneOrFail', 'findAll', 'findAndCount', 'count', 'execute', 'createQueryBuilder', 'qb'] as const).map((m) => [m, target[m].bind(em)])) as Record<ReadMethod, (...args: unknown[]) => unknown>;
  // find(entity, where, options), findOne…, count: the options are the third argument.
  for (const m of ['find', 'findOne', 'findOneOrFail', 'findAndCount', 'count'] as const) {
    target[m] = (entity, where, options) => base[m](entity, where, { ...read, ...(options as object | undefined) });
  }
  target.findAll = (entity, options) => base.findAll(entity, { ...read, ...(options as object | undefined) });
  // execute(sql, params, method | options, loggerContext)
  target.execute = (query, params, methodOrOptions = 'all', loggerContext) =>
    base.execute(query, params, typeof methodOrOptions === 'string' ? { ...read, method: methodOrOptions, loggerContext } : { ...read, ...(methodOrOptions as object) });
  // createQueryBuilder(entity, alias, type, loggerContext)
  target.createQueryBuilder = (entity, alias, type, loggerContext) => base.createQueryBuilder(entity, alias, type ?? 'read', loggerContext);
  target.qb = (entity, alias, type, loggerContext) => base.createQueryBuilder(entity, alias, type ?? 'read', loggerContext);
  return em;
}

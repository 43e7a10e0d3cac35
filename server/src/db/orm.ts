import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PGliteDriver } from 'mikro-orm-pglite';
import type { Config } from '../config.js';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';
import { countingLoggerFactory, StatementCounter } from './statement-counter.js';

const DATE_OID = 1082;

export interface Database {
  orm: MikroORM;
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
    forceUtcTimezone: true,
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
  let orm: MikroORM;
  let pglite: PGlite | null = null;
  if (config.databaseUrl) {
    orm = await MikroORM.init({
      ...baseOptions(statements),
      driver: PostgreSqlDriver,
      clientUrl: config.databaseUrl,
      pool: { min: 0, max: 10 },
    });
  } else {
    if (!config.dataDir.startsWith('memory://')) mkdirSync(dirname(config.dataDir), { recursive: true });
    // Return DATE columns as 'YYYY-MM-DD' text, as the pg driver does, so both databases agree.
    pglite = new PGlite(config.dataDir, { parsers: { [DATE_OID]: (value: string) => value } });
    const instance = pglite;
    // mikro-orm-pglite's driver extends the PostgreSQL driver at run time but not in its typings.
    orm = (await MikroORM.init({
      ...baseOptions(statements),
      driver: PGliteDriver,
      dbName: 'postgres',
      driverOptions: { connection: { pglite: () => instance } },
    } as unknown as Options)) as MikroORM;
  }
  await orm.getMigrator().up();
  return {
    orm,
    statements,
    kind: pglite ? 'pglite' : 'postgresql',
    async close() {
      await orm.close(true);
      await pglite?.close();
    },
  };
}

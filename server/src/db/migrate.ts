/**
 * The migration commands (docs/OPERATIONS.md "Migrations"), on the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR):
 *
 *   pnpm db:migrate                 apply every pending migration   (node server/dist/db/migrate.js up)
 *   pnpm db:migrate:status          list applied and pending ones   (… migrate.js status)
 *   pnpm db:migrate:down --yes      roll back the last applied one  (… migrate.js down --yes)
 *
 * Exit codes: 0 done, 1 refused or failed (a database newer than this code, a migration that
 * cannot be reverted, a database error), 2 wrong usage (also `down` without --yes). No stack trace.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { type Database, knownMigrations, openDatabase, SchemaTooNewError, unknownMigrations } from './orm.js';

const USAGE = 'Usage: migrate.js up | status | down --yes';

export interface MigrationStatus {
  applied: { name: string; executedAt: Date }[];
  pending: string[];
  /** Applied by newer code: this code does not know them. */
  unknown: string[];
}

export async function migrationStatus(db: Database): Promise<MigrationStatus> {
  const executed = await db.orm.migrator.getExecuted();
  const known = new Set(knownMigrations);
  const done = new Set(executed.map((row) => row.name));
  return {
    applied: executed.map((row) => ({ name: row.name, executedAt: new Date(row.executed_at) })),
    pending: knownMigrations.filter((name) => !done.has(name)),
    unknown: executed.map((row) => row.name).filter((name) => !known.has(name)),
  };
}

/** Applies the pending migrations; returns their names. */
export async function migrateUp(db: Database): Promise<string[]> {
  const unknown = await unknownMigrations(db.orm);
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
  return (await db.orm.migrator.up()).map((m) => m.name);
}

/** Rolls back the last applied migration (in one transaction); returns its name, or null when none is applied. */
export async function migrateDown(db: Database): Promise<string | null> {
  const unknown = await unknownMigrations(db.orm);
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
  const executed = await db.orm.migrator.getExecuted();
  if (executed.length === 0) return null;
  try {
    const reverted = await db.orm.migrator.down();
    return reverted[0]?.name ?? null;
  } catch (error) {
    if (error instanceof Error && /cannot be reverted/.test(error.message)) {
      throw new Error(`${executed.at(-1)!.name} cannot be rolled back: it has no down() (nothing was changed)`, { cause: error });
    }
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: { values: { yes?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv.filter((a) => a !== '--'), options: { yes: { type: 'boolean', default: false } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const command = parsed.positionals[0] ?? 'up';
  if (!['up', 'status', 'down'].includes(command) || parsed.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded database in ${config.dataDir}`;
  const db = await openDatabase(config, { migrations: 'none' });
  try {
    if (command === 'status') {
      const status = await migrationStatus(db);
      console.log(`Migrations of the ${where}:`);
      for (const m of status.applied) console.log(`  applied  ${m.name}  ${m.executedAt.toISOString()}${status.unknown.includes(m.name) ? '  (unknown to this version: the database is newer)' : ''}`);
      for (const name of status.pending) console.log(`  pending  ${name}`);
      console.log(`${status.applied.length} applied, ${status.pending.length} pending${status.unknown.length ? `, ${status.unknown.length} unknown to this version` : ''}.`);
      return 0;
    }
    if (command === 'up') {
      const applied = await migrateUp(db);
      console.log(applied.length ? `Applied to the ${where}:\n${applied.map((n) => `  ${n}`).join('\n')}` : `Nothing to apply: the ${where} is up to date.`);
      return 0;
    }
    const last = (await db.orm.migrator.getExecuted()).at(-1)?.name;
    if (!last) {
      console.log(`Nothing to roll back: no migration is applied to the ${where}.`);
      return 0;
    }
    if (!parsed.values.yes) {
      console.error(`This rolls back ${last} on the ${where}; the data it holds may be lost. Take a backup first (docs/OPERATIONS.md), then repeat with --yes.`);
      return 2;
    }
    const reverted = await migrateDown(db);
    console.log(`Rolled back ${reverted} on the ${where}.`);
    return 0;
  } finally {
    await db.close();
  }
}

// Run only as a command, not when a test imports the functions above.
if (process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof SchemaTooNewError) console.error(`Refused: ${error.message}`);
    else console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

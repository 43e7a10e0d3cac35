/**
 * The migration commands (db/migrate.ts) and the boot's schema checks (db/orm.ts): status lists
 * applied and pending migrations, down then up round-trips the latest one, and a database that
 * holds a migration this code does not know (a newer schema) is refused at boot and by the
 * commands. Runs on an embedded database in a temporary folder, or a new PostgreSQL database
 * when DATABASE_URL is set.
 */
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { freshPlace, type FreshPlace } from '../test/fresh-database.js';
import { runProcess } from '../test/process.js';
import { migrateDown, migrateUp, migrationStatus } from './migrate.js';
import { type Database, knownMigrations, MigrationsPendingError, openDatabase, SchemaTooNewError } from './orm.js';

const serverDir = resolve(import.meta.dirname, '../..');
const tsx = join(serverDir, 'node_modules/.bin/tsx');
const FUTURE = 'Migration20991231000000_from_a_newer_version';

let place: FreshPlace;
let db: Database | null = null;
beforeEach(async () => {
  place = await freshPlace('migrate');
});
afterEach(async () => {
  await db?.close();
  db = null;
  await place.dispose();
});

const open = async (migrations: 'apply' | 'require-current' | 'none') => (db = await openDatabase(place, { migrations }));
const close = async () => {
  await db?.close();
  db = null;
};

/** Tables, columns, constraints and indexes of the public schema: what a migration changes. */
async function schemaOf(database: Database): Promise<string[]> {
  const rows = await database.orm.em.getConnection().execute<{ line: string }[]>(`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
      from information_schema.columns where table_schema = 'public' and table_name <> 'mikro_orm_migrations'
    union all select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
    union all select indexdef from pg_indexes where schemaname = 'public' and tablename <> 'mikro_orm_migrations'
    union all select 'trigger ' || tgrelid::regclass::text || ' ' || tgname from pg_trigger where not tgisinternal
    union all select 'function ' || p.oid::regprocedure::text || ' body md5 ' || md5(p.prosrc) from pg_proc p where p.pronamespace = 'public'::regnamespace
    order by 1`);
  return rows.map((r) => r.line);
}

function cli(args: string[], env: Record<string, string> = {}) {
  return runProcess(tsx, ['--conditions=source', 'src/db/migrate.ts', ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED: 'none', ...place.env, ...env },
  });
}

describe('migration commands', () => {
  it('status lists every migration as pending on a new database, and as applied after db:migrate', async () => {
    await open('none');
    expect(await migrationStatus(db!)).toEqual({ applied: [], pending: knownMigrations, unknown: [] });
    expect(await migrateUp(db!)).toEqual(knownMigrations);
    const status = await migrationStatus(db!);
    expect(status.applied.map((m) => m.name)).toEqual(knownMigrations);
    expect(status.pending).toEqual([]);
    expect(await migrateUp(db!)).toEqual([]);
  });

  it('down rolls back the latest migration only, and up brings the schema back exactly', async () => {
    await open('apply');
    const before = await schemaOf(db!);
    const latest = knownMigrations.at(-1)!;
    // Every migration's down() must undo its up(): db:migrate:down is the operator's way back.
    expect(await migrateDown(db!), `${latest} needs a down() that undoes its up()`).toBe(latest);
    const status = await migrationStatus(db!);
    expect(status.pending).toEqual([latest]);
    expect(status.applied.map((m) => m.name)).toEqual(knownMigrations.slice(0, -1));
    expect(await schemaOf(db!)).not.toEqual(before);
    expect(await migrateUp(db!)).toEqual([latest]);
    expect(await schemaOf(db!)).toEqual(before);
  });

  it('with MIGRATE_ON_START=false the server refuses to start while migrations are pending, and starts once they are applied', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SEED: 'none', LOG_LEVEL: 'silent', MIGRATE_ON_START: 'false' }, { databaseUrl: place.databaseUrl, dataDir: place.dataDir });
    expect(config.migrateOnStart).toBe(false);
    await expect(createApp(config)).rejects.toThrow(MigrationsPendingError);
    await open('apply');
    await close();
    const app = await createApp(config);
    await app.close();
  });

  it('status and up as processes; a wrong command is exit code 2', async () => {
    const status = await cli(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`pending  ${knownMigrations[0]}`);
    expect(status.stdout).toContain(`0 applied, ${knownMigrations.length} pending`);
    const up = await cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(knownMigrations.at(-1));
    expect((await cli(['sideways'])).code).toBe(2);
  });

  it('down as a process: refused without --yes, then rolls back the last migration with it', async () => {
    await open('apply');
    await close();
    const refused = await cli(['down']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const down = await cli(['down', '--yes']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`Rolled back ${knownMigrations.at(-1)}`);
    const after = await cli(['status']);
    expect(after.stdout).toContain(`${knownMigrations.length - 1} applied, 1 pending`);
  });
});

describe('a database newer than the code', () => {
  beforeEach(async () => {
    await open('apply');
    await db!.orm.em.getConnection().execute(`insert into mikro_orm_migrations (name, executed_at) values (?, now())`, [FUTURE]);
    await close();
  });

  it('is refused at boot: createApp throws SchemaTooNewError naming the unknown migration', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SEED: 'none', LOG_LEVEL: 'silent' }, { databaseUrl: place.databaseUrl, dataDir: place.dataDir });
    const refusal = createApp(config);
    await expect(refusal).rejects.toThrow(SchemaTooNewError);
    await expect(refusal).rejects.toThrow(FUTURE);
  });

  it('stops the server process with a clear message and exit code 1', async () => {
    const started = await runProcess(tsx, ['--conditions=source', 'src/main.ts'], {
      cwd: serverDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED: 'none', PORT: '0', ...place.env },
    });
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('The database schema is newer than this version of Schoolmix');
    expect(started.stderr).toContain(FUTURE);
    expect(started.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('the commands show it in status and refuse up and down', async () => {
    const status = await cli(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`applied  ${FUTURE} .*unknown to this version`));
    for (const args of [['up'], ['down', '--yes']]) {
      const refused = await cli(args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^Refused: The database schema is newer/);
    }
  });
});

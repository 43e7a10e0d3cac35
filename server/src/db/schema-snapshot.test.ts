import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../test/fresh-database.js';

/**
 * What the migrations build, read back from PostgreSQL's catalogue: every table with its columns
 * (type, nullability, default), every constraint, index, trigger and function. The committed
 * snapshot was recorded from the migrations as they ran under MikroORM 6, so an ORM or driver
 * upgrade that changes what a migration does fails here — and a database migrated by older code
 * is the same database the current code expects. A new migration re-records it on purpose with
 * `UPDATE_SCHEMA_SNAPSHOT=1 pnpm --filter @schoolmix/server test schema-snapshot`.
 */
const SNAPSHOT_FILE = new URL('./schema.snapshot.txt', import.meta.url);

const CATALOGUE_QUERIES: readonly { section: string; sql: string }[] = [
  {
    section: 'columns',
    sql: `select c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                 || case when a.attnotnull then ' not null' else '' end
                 || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') as line
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid and c.relkind = 'r'
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where a.attnum > 0 and not a.attisdropped`,
  },
  {
    section: 'constraints',
    sql: `select c.relname || ' ' || k.conname || ': ' || pg_get_constraintdef(k.oid) as line
            from pg_constraint k
            join pg_class c on c.oid = k.conrelid
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
           -- PostgreSQL 18 (PGlite 0.5) also lists NOT NULL as constraints; the columns say it already.
           where k.contype <> 'n'`,
  },
  {
    section: 'indexes',
    sql: `select indexdef as line from pg_indexes where schemaname = 'public'`,
  },
  {
    section: 'triggers',
    sql: `select pg_get_triggerdef(t.oid) as line
            from pg_trigger t
            join pg_class c on c.oid = t.tgrelid
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
           where not t.tgisinternal`,
  },
  {
    section: 'functions',
    sql: `select p.proname || '(' || pg_get_function_arguments(p.oid) || ') returns ' || pg_get_function_result(p.oid)
                 || ' language ' || l.lanname || ' body md5 ' || md5(p.prosrc) as line
            from pg_proc p
            join pg_namespace n on n.oid = p.pronamespace and n.nspname = 'public'
            join pg_language l on l.oid = p.prolang`,
  },
];

/** The migrations' own bookkeeping table is the ORM's: its shape may differ between ORM majors. */
const ORM_TABLES = /^mikro_orm_migrations[ .]/;

describe('the schema the migrations build', () => {
  let fresh: FreshDatabase;

  beforeAll(async () => {
    fresh = await freshDatabase('schema');
  });

  afterAll(() => fresh?.dispose());

  it('matches the committed snapshot: tables, columns, constraints, indexes, triggers, functions', async () => {
    const parts: string[] = [];
    for (const { section, sql } of CATALOGUE_QUERIES) {
      const rows = await fresh.db.orm.em.fork().getConnection().execute<{ line: string }[]>(sql);
      const lines = rows.map((r) => r.line).filter((line) => !ORM_TABLES.test(line) && !line.includes('mikro_orm_migrations'));
      lines.sort();
      parts.push(`## ${section} (${lines.length})`, ...lines, '');
    }
    const actual = parts.join('\n');
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT_FILE, actual);
    expect(actual).toBe(readFileSync(SNAPSHOT_FILE, 'utf8'));
    // The migrations ran (not an empty schema compared with an empty snapshot).
    expect(actual).toContain('attendance attendance_household_event_unique: UNIQUE (household_id, event_id)');
    expect(actual).toContain('CREATE TRIGGER project_within_period_limits BEFORE INSERT OR UPDATE ON public.project');
  });
});

/** What the benches share: the bench database on the PostgreSQL server, the scale seed, tables. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import pg from 'pg';

export const SERVER_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
export const SERVER_DIR = resolve(import.meta.dirname, '../..');

export const TABLES = [
  'municipality', 'funding_period', 'organization', 'project', 'project_partner_municipality', 'project_partner_organization',
  'school', 'project_school', 'school_composition', 'area_composition', 'event', 'event_school', 'household', 'attendance',
  'enrollment', 'app_user',
] as const;

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `db:seed -- --dataset scale` against the bench database; returns its wall time and the seed's own figure. */
export function seedInChildProcess(url: string): Promise<{ wallMs: number; seedMs: number | null }> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [tsx, '--conditions=source', 'src/db/seed/cli.ts', '--dataset', 'scale'], {
      cwd: SERVER_DIR,
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`db:seed --dataset scale exited with code ${code}`));
      const match = /Scale data set loaded in ([\d.]+) s/.exec(output);
      if (!match) return reject(new Error('db:seed did not load the scale data set (was the database empty?)'));
      resolvePromise({ wallMs: performance.now() - started, seedMs: Number(match[1]) * 1000 });
    });
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}


/** Drops and creates `name` on the server; answers the server's version. */
export async function recreateDatabase(name: string): Promise<string> {
  return withClient(SERVER_URL, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
    return (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(SERVER_URL, (c) => c.query(`drop database if exists ${name} with (force)`));
}

/** Row counts of every table of the data set. */
export async function countRows(url: string): Promise<{ name: string; n: number }[]> {
  return withClient(url, async (c) => {
    const sql = TABLES.map((t, i) => `select ${i} as i, '${t}' as name, count(*)::int as n from "${t}"`).join(' union all ');
    return (await c.query<{ i: number; name: string; n: number }>(`${sql} order by i`)).rows;
  });
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../db/orm.js';

export interface FreshDatabase {
  db: Database;
  dispose(): Promise<void>;
}

/** Runs one statement on the PostgreSQL server (create or drop a database), on its own connection. */
export async function onServer(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, migrated, empty database: in-memory PGlite, or, when DATABASE_URL is set, a new
 * database on that server that is dropped again by `dispose()`.
 */
export async function freshDatabase(label: string): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) {
    const db = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    return { db, dispose: () => db.close() };
  }
  const name = `schoolmix_test_${label}_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => onServer(serverUrl, `drop database if exists "${name}" with (force)`);
  try {
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' });
    return {
      db,
      async dispose() {
        await db.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** A database no process has opened yet, reachable by a child process too (CLI and restart tests). */
export interface FreshPlace {
  /** DATA_DIR or DATABASE_URL, for a child process. */
  env: Record<string, string>;
  databaseUrl: string | null;
  dataDir: string;
  dispose(): Promise<void>;
}

/** A new database on the PostgreSQL server when DATABASE_URL is set, else an embedded one in a temporary folder. */
export async function freshPlace(label: string): Promise<FreshPlace> {
  const folder = mkdtempSync(join(tmpdir(), `schoolmix-${label}-`));
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) {
    const dataDir = join(folder, 'db');
    return { env: { DATA_DIR: dataDir }, databaseUrl: null, dataDir, dispose: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })) };
  }
  const name = `schoolmix_test_${label}_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    databaseUrl: url.toString(),
    dataDir: 'memory://',
    async dispose() {
      rmSync(folder, { recursive: true, force: true });
      await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

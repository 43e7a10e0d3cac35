import { randomBytes } from 'node:crypto';
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

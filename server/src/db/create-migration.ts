/**
 * Writes a new migration from the difference between the entities and the database at
 * DATABASE_URL (a scratch PostgreSQL database migrated to the latest version).
 * Usage: DATABASE_URL=postgres://127.0.0.1/scratch pnpm --filter @schoolmix/server migration:create
 */
import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { openDatabase } from './orm.js';

const config = loadConfig();
if (!config.databaseUrl) throw new Error('Set DATABASE_URL to a scratch PostgreSQL database');
const db = await openDatabase(config);
const result = await db.orm.migrator.create(new URL('./migrations', import.meta.url).pathname, false, false);
console.log(result.fileName ? `wrote ${result.fileName}` : 'no changes');
await db.close();

/**
 * `pnpm db:seed -- --dataset demo|scale`: loads a data set into the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR). The demo set only goes into an empty database.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../orm.js';
import { seedDemo } from './demo.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { dataset: { type: 'string', default: 'demo' } },
});

if (values.dataset !== 'demo') {
  console.error(values.dataset === 'scale' ? 'The scale data set is not available yet (see the reports issue).' : `Unknown data set "${values.dataset}": use demo or scale.`);
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase(config);
try {
  const started = Date.now();
  const summary = await seedDemo(db.orm.em.fork() as EntityManager);
  if (summary) console.log(`Demo data set loaded in ${Date.now() - started} ms:`, summary);
  else console.log('The database is not empty: the demo data set was not loaded.');
} finally {
  await db.close();
}

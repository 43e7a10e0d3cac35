/**
 * `pnpm db:seed -- --dataset demo|scale`: loads a data set into the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR). Both go only into an empty database; the
 * scale set (SPEC section 8, for benchmarks) needs a PostgreSQL server.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/sql';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../orm.js';
import { seedDemo } from './demo.js';
import { seedScale } from './scale.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { dataset: { type: 'string', default: 'demo' } },
});

if (values.dataset !== 'demo' && values.dataset !== 'scale') {
  console.error(`Unknown data set "${values.dataset}": use demo or scale.`);
  process.exit(2);
}

const config = loadConfig();
if (values.dataset === 'scale' && !config.databaseUrl) {
  console.error('The scale data set needs a PostgreSQL server: set DATABASE_URL=postgres://… (the embedded PGlite database is not supported for it).');
  process.exit(2);
}

const db = await openDatabase(config);
try {
  const em = db.orm.em.fork() as EntityManager;
  if (values.dataset === 'scale') {
    const result = await seedScale(em, { log: (message) => console.log(`  scale: ${message}`) });
    if (result) {
      console.log(`Scale data set loaded in ${(result.durationMs / 1000).toFixed(1)} s:`);
      console.table(result.counts);
    } else {
      console.log('The database is not empty: the scale data set was not loaded.');
    }
  } else {
    const started = Date.now();
    const summary = await seedDemo(em);
    if (summary) console.log(`Demo data set loaded in ${Date.now() - started} ms:`, summary);
    else console.log('The database is not empty: the demo data set was not loaded.');
  }
} finally {
  await db.close();
}

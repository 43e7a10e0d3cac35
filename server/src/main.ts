import 'reflect-metadata';
import cluster from 'node:cluster';
import type { App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * Starts the server and stops it cleanly on SIGINT/SIGTERM; with WEB_CONCURRENCY > 1 this process
 * becomes the primary of that many workers, each of which runs the code below (cluster.ts). The
 * application is imported only where it runs: the primary loads none of it (cluster.ts has the
 * database prepared by this file in a process of its own, SCHOOLMIX_PREPARE=1).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const started = Date.now();
  const primary = config.workers > 1 && cluster.isPrimary;
  const { PREPARE_ENV, runPrimary } = await import('./cluster.js');
  if (primary && process.env[PREPARE_ENV] !== '1') return await runPrimary(config, createLogger(config));
  const [{ createApp, prepareData }, { MigrationsPendingError, openDatabase, SchemaTooNewError }, { DEMO_LOGINS, DEMO_PASSWORD }] = await Promise.all([
    import('./app.js'),
    import('./db/orm.js'),
    import('./db/seed/demo.js'),
  ]);
  let app;
  try {
    if (process.env[PREPARE_ENV] === '1') {
      // For the primary of several workers: migrate, seed, first administrator; then exit.
      const db = await openDatabase(config, { migrations: config.migrateOnStart ? 'apply' : 'require-current' });
      try {
        await prepareData(db, config, createLogger(config));
      } finally {
        await db.close();
      }
      process.exit(0);
    }
    app = await createApp(config);
  } catch (error) {
    // A refused ADMIN_EMAIL / ADMIN_PASSWORD_FILE, a database newer than this code or pending
    // migrations with MIGRATE_ON_START=false: the operator's message, not a stack trace.
    if (error instanceof ConfigError || error instanceof SchemaTooNewError || error instanceof MigrationsPendingError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { url } = await app.listen();
  app.logger.info({ url, database: app.db.kind, ms: Date.now() - started, worker: process.env.SCHOOLMIX_WORKER }, 'Schoolmix is listening');
  // One welcome for the whole cluster: from worker 1, or from the only process.
  if (cluster.isWorker && process.env.SCHOOLMIX_WORKER !== '1') return void onSignals(app, config.shutdownGraceMs);
  console.log(`\nSchoolmix runs on ${url}  (GraphQL: ${url}/graphql, database: ${app.db.kind === 'pglite' ? `embedded in ${config.dataDir}` : 'PostgreSQL server'})`);
  if (config.seed === 'demo') {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(40)} ${login.role}`);
  }
  onSignals(app, config.shutdownGraceMs);
}

/** SIGINT/SIGTERM drain the app (requests in flight get `graceMs`), then the process exits. */
function onSignals(app: App, graceMs: number): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal, graceMs }, 'stopping');
    await app.close({ graceMs });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();

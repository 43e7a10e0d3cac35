import 'reflect-metadata';
import cluster from 'node:cluster';
import { type App, createApp } from './app.js';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from './db/seed/demo.js';
import { MigrationsPendingError, SchemaTooNewError } from './db/orm.js';
import { createLogger } from './logger.js';

/**
 * Starts the server and stops it cleanly on SIGINT/SIGTERM; with WEB_CONCURRENCY > 1 this process
 * becomes the primary of that many workers, each of which runs the code below (cluster.ts).
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
  let app;
  try {
    if (primary) return await runPrimary(config, createLogger(config));
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

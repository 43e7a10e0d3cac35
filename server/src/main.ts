import 'reflect-metadata';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from './db/seed/demo.js';
import { MigrationsPendingError, SchemaTooNewError } from './db/orm.js';

/** Starts the server and stops it cleanly on SIGINT/SIGTERM. */
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
  let app;
  try {
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
  app.logger.info({ url, database: app.db.kind, ms: Date.now() - started }, 'Schoolmix is listening');
  console.log(`\nSchoolmix runs on ${url}  (GraphQL: ${url}/graphql, database: ${app.db.kind === 'pglite' ? `embedded in ${config.dataDir}` : 'PostgreSQL server'})`);
  if (config.seed === 'demo') {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(40)} ${login.role}`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal, graceMs: config.shutdownGraceMs }, 'stopping');
    await app.close({ graceMs: config.shutdownGraceMs });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();

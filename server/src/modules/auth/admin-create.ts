/**
 * `pnpm admin:create --email … [--password-stdin]` (in a container or from the compiled server:
 * `node server/dist/modules/auth/admin-create.js …`): creates an active administrator in the
 * configured database (DATABASE_URL, or the embedded one in DATA_DIR). Without --password-stdin
 * it generates a strong password and prints it once. Exit codes: 0 created, 1 refused (invalid
 * or existing e-mail, weak password) or the database failed, 2 wrong usage. Never a stack trace.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config.js';
import { openDatabase } from '../../db/orm.js';
import { AdministratorRefused, createAdministrator, generatePassword, refuseDemoAddress } from './first-admin.js';

const USAGE = 'Usage: pnpm admin:create --email <address> [--password-stdin]';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One final line break is what `echo` or a here-string adds; it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  let values: { email?: string; 'password-stdin'?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.email) {
    console.error(`--email is required.\n${USAGE}`);
    return 2;
  }
  // Refused before the database is opened (createAdministrator checks it again).
  refuseDemoAddress(values.email);
  const generated = !values['password-stdin'];
  const password = generated ? generatePassword() : await readStdin();

  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const user = await createAdministrator(db.orm.em.fork(), { email: values.email, password });
    console.log(`Administrator ${user.email} created (${db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}).`);
    if (generated) console.log(`Password (shown only this once; store it now): ${password}`);
    return 0;
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Refusals and configuration problems are the operator's to fix: their message, no stack.
  if (error instanceof AdministratorRefused) console.error(`Refused: ${error.message}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(`Could not create the administrator: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from 'pino';
import { ConfigError } from '../../config.js';
import { UserErrorsException } from '../../graphql/user-errors.js';
import { User } from './auth.entity.js';
import { createUser, DEMO_DOMAIN } from './auth.service.js';

/**
 * The first administrator of a production database (README "Run in production"): made by
 * `pnpm admin:create` (admin-create.ts) or, at boot, from ADMIN_EMAIL + ADMIN_PASSWORD_FILE while
 * no active administrator exists. Both go through createUser, so the e-mail and password rules
 * are the ones an administrator meets in the API.
 */

/** Thrown when the e-mail or password breaks a rule; the message lists every problem, no stack needed. */
export class AdministratorRefused extends Error {}

/** A generated password: 24 characters of base64url (144 random bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function hasActiveAdministrator(em: EntityManager): Promise<boolean> {
  return (await em.count(User, { role: 'ADMIN', active: true })) > 0;
}

/** Production refuses every login of the demo domain: an administrator with such an address could never sign in. */
export function refuseDemoAddress(email: string): void {
  if (email.trim().toLowerCase().endsWith(DEMO_DOMAIN)) {
    throw new AdministratorRefused(`email: ${DEMO_DOMAIN} addresses belong to the demo data set and cannot log in in production; use a real address`);
  }
}

/** Creates an active ADMIN user, or refuses (AdministratorRefused) with every problem of the input. */
export async function createAdministrator(em: EntityManager, input: { email: string; password: string }): Promise<User> {
  refuseDemoAddress(input.email);
  try {
    return await createUser(em, { email: input.email, password: input.password, role: 'ADMIN' });
  } catch (error) {
    if (error instanceof UserErrorsException) {
      throw new AdministratorRefused(error.errors.map((e) => `${e.field.at(-1)}: ${e.message}`).join('; '));
    }
    throw error;
  }
}

/**
 * Reads a password file (a Docker secret, say): its content without the final line break, so
 * `echo secret > file` works; a password may otherwise contain any character.
 */
export function readPasswordFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

/**
 * At boot: when ADMIN_EMAIL is set and no active administrator exists, creates one with the
 * password in ADMIN_PASSWORD_FILE. Once any active administrator exists both variables are
 * ignored (a later change of the file changes nothing). A bad e-mail, password or file stops the
 * boot with a ConfigError, because the operator asked for an administrator and would otherwise
 * find no way in.
 */
export async function bootstrapAdministrator(
  em: EntityManager,
  config: { adminEmail: string | null; adminPasswordFile: string | null },
  logger: Pick<Logger, 'info'>,
): Promise<'created' | 'exists' | 'not-asked'> {
  if (!config.adminEmail || !config.adminPasswordFile) return 'not-asked';
  if (await hasActiveAdministrator(em)) return 'exists';
  let password: string;
  try {
    password = readPasswordFile(config.adminPasswordFile);
  } catch (error) {
    throw new ConfigError([`ADMIN_PASSWORD_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): ${config.adminPasswordFile}`]);
  }
  try {
    const user = await createAdministrator(em, { email: config.adminEmail, password });
    logger.info({ email: user.email }, 'first administrator created from ADMIN_EMAIL + ADMIN_PASSWORD_FILE');
    return 'created';
  } catch (error) {
    // Another instance booting at the same moment may have made it first.
    if (await hasActiveAdministrator(em.fork())) return 'exists';
    if (error instanceof AdministratorRefused) throw new ConfigError([`ADMIN_EMAIL / ADMIN_PASSWORD_FILE refused: ${error.message}`]);
    throw error;
  }
}

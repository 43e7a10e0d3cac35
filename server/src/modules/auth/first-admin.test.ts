import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../app.js';
import { ConfigError, loadConfig } from '../../config.js';
import { type FreshPlace, freshPlace } from '../../test/fresh-database.js';
import { UNLIMITED_REQUESTS } from '../../test/harness.js';
import { type ProcessResult, runProcess } from '../../test/process.js';

/**
 * The first administrator (issue 12): `pnpm admin:create` run as a real child process, and the
 * ADMIN_EMAIL + ADMIN_PASSWORD_FILE bootstrap at boot, on a database that outlives one process —
 * a new database on the PostgreSQL server when DATABASE_URL is set, else an embedded one in a
 * temporary folder. Proof is always a login over HTTP.
 */

const serverDir = resolve(import.meta.dirname, '../../..');
const cliSource = 'src/modules/auth/admin-create.ts';
const tsx = join(serverDir, 'node_modules/.bin/tsx');

function runCli(place: FreshPlace, args: string[], stdin?: string): Promise<ProcessResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED: 'none', ...place.env };
  return runProcess(tsx, ['--conditions=source', cliSource, ...args], { cwd: serverDir, env, stdin });
}

async function boot(place: FreshPlace, env: Record<string, string> = {}): Promise<{ app: App; url: string }> {
  const config = loadConfig(
    { NODE_ENV: 'test', SEED: 'none', LOG_LEVEL: 'silent', ...env },
    { databaseUrl: place.databaseUrl, dataDir: place.dataDir, rateLimits: UNLIMITED_REQUESTS },
  );
  const app = await createApp(config);
  const { url } = await app.listen(0);
  return { app, url };
}

async function login(url: string, email: string, password: string): Promise<{ token: string | null; role: string | null; userErrors: { code: string }[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: LoginInput!) { login(input: $input) { token viewer { role } userErrors { code } } }',
      variables: { input: { email, password } },
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { login: { token: string | null; viewer: { role: string } | null; userErrors: { code: string }[] } } };
  const result = body.data.login;
  return { token: result.token, role: result.viewer?.role ?? null, userErrors: result.userErrors };
}

async function adminCount(app: App): Promise<number> {
  const [row] = await app.db.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from app_user where role = 'ADMIN'`);
  return Number(row!.n);
}

describe('pnpm admin:create (a child process)', () => {
  let place: FreshPlace;
  beforeEach(async () => {
    place = await freshPlace('admin');
  });
  afterEach(async () => {
    await place.dispose();
  });

  it('generates a strong password, prints it once, and the administrator logs in over the API', async () => {
    const run = await runCli(place, ['--email', 'First.Admin@Example.org']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const password = /Password \(shown only this once; store it now\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(24);
    expect(run.stdout.split(password!).length - 1).toBe(1);

    const { app, url } = await boot(place);
    try {
      const ok = await login(url, 'first.admin@example.org', password!);
      expect(ok.userErrors).toEqual([]);
      expect(ok.token).toBeTruthy();
      expect(ok.role).toBe('ADMIN');
    } finally {
      await app.close();
    }
  });

  it('takes the password from stdin (one final line break dropped) and prints no password', async () => {
    const run = await runCli(place, ['--email', 'ops@example.org', '--password-stdin'], 'correct horse battery staple\n');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Password');
    expect(run.stdout).not.toContain('correct horse');
    const { app, url } = await boot(place);
    try {
      expect((await login(url, 'ops@example.org', 'correct horse battery staple')).role).toBe('ADMIN');
    } finally {
      await app.close();
    }
  });

  it('refuses an existing or invalid e-mail, a short password and a missing --email: exit ≠ 0, a clear message, no stack trace, nothing written', async () => {
    expect((await runCli(place, ['--email', 'ops@example.org', '--password-stdin'], 'a-long-enough-password')).code).toBe(0);

    const duplicate = await runCli(place, ['--email', 'OPS@example.org']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('A user with this e-mail address already exists');
    expect(duplicate.stdout).not.toContain('Password');

    const invalid = await runCli(place, ['--email', 'not-an-address']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('Not an e-mail address');

    const weak = await runCli(place, ['--email', 'weak@example.org', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('At least 12 characters');

    const usage = await runCli(place, []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--email is required');

    const unknown = await runCli(place, ['--email', 'a@example.org', '--role', 'ADMIN']);
    expect(unknown.code).toBe(2);

    for (const run of [duplicate, invalid, weak, usage, unknown]) expect(run.stderr).not.toMatch(/\n\s+at /);

    const { app } = await boot(place);
    try {
      expect(await adminCount(app)).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('a demo address (@schoolmix.demo, whose login production refuses)', () => {
  let place: FreshPlace;
  beforeEach(async () => {
    place = await freshPlace('admin');
  });
  afterEach(() => place.dispose());

  it('is refused by admin:create: exit 1, a clear message, no password printed, no stack trace', async () => {
    const demo = await runCli(place, ['--email', 'Admin@SchoolMix.demo']);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('@schoolmix.demo addresses belong to the demo data set');
    expect(demo.stderr).not.toMatch(/\n\s+at /);
    expect(demo.stdout).not.toContain('Password');
  });
});

describe('ADMIN_EMAIL + ADMIN_PASSWORD_FILE at boot', () => {
  let place: FreshPlace;
  let folder: string;
  beforeEach(async () => {
    place = await freshPlace('admin');
    folder = mkdtempSync(join(tmpdir(), 'schoolmix-secret-'));
  });
  afterEach(async () => {
    rmSync(folder, { recursive: true, force: true });
    await place.dispose();
  });

  it('creates the administrator on the first boot only; later boots ignore the variables', async () => {
    const file = join(folder, 'admin_password');
    writeFileSync(file, 'first-boot-password-123\n');
    const env = { ADMIN_EMAIL: 'boot@example.org', ADMIN_PASSWORD_FILE: file };

    const first = await boot(place, env);
    try {
      expect((await login(first.url, 'boot@example.org', 'first-boot-password-123')).role).toBe('ADMIN');
      expect(await adminCount(first.app)).toBe(1);
    } finally {
      await first.app.close();
    }

    // A new password in the file and even another e-mail change nothing once an administrator exists.
    writeFileSync(file, 'second-boot-password-456');
    const second = await boot(place, { ADMIN_EMAIL: 'other@example.org', ADMIN_PASSWORD_FILE: file });
    try {
      expect(await adminCount(second.app)).toBe(1);
      expect((await login(second.url, 'boot@example.org', 'first-boot-password-123')).role).toBe('ADMIN');
      expect((await login(second.url, 'boot@example.org', 'second-boot-password-456')).token).toBeNull();
    } finally {
      await second.app.close();
    }
  });

  it('stops the boot with a configuration error on a weak password or an unreadable file, and wants the file with the e-mail', async () => {
    const weak = join(folder, 'weak');
    writeFileSync(weak, 'short');
    await expect(boot(place, { ADMIN_EMAIL: 'boot@example.org', ADMIN_PASSWORD_FILE: weak })).rejects.toThrow(/ADMIN_EMAIL \/ ADMIN_PASSWORD_FILE refused: password: At least 12 characters/);
    await expect(boot(place, { ADMIN_EMAIL: 'root@schoolmix.demo', ADMIN_PASSWORD_FILE: weak })).rejects.toThrow(/ADMIN_EMAIL \/ ADMIN_PASSWORD_FILE refused: email: @schoolmix\.demo addresses/);
    const missing = boot(place, { ADMIN_EMAIL: 'boot@example.org', ADMIN_PASSWORD_FILE: join(folder, 'missing') });
    await expect(missing).rejects.toBeInstanceOf(ConfigError);
    await expect(missing).rejects.toThrow(/ADMIN_PASSWORD_FILE cannot be read \(ENOENT\)/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'boot@example.org' })).toThrow(/ADMIN_EMAIL needs ADMIN_PASSWORD_FILE/);
    // The file alone (compose always mounts it) asks for nothing.
    expect(loadConfig({ ADMIN_PASSWORD_FILE: weak }).adminEmail).toBeNull();
  });
});

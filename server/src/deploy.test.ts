import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, type Tags } from 'yaml';
import { runProcess } from './test/process.js';
import { WORKER_HEAP_FLAGS, WORKER_MALLOC_ENV } from './cluster.js';

/**
 * The container without Docker (issue 12; no Docker engine runs here): the Dockerfile, the
 * compose files and .env.example checked statically, then the runtime stage's file layout built by
 * replaying its COPY steps into a temporary folder and started with `node server/dist/main.js`.
 * The layout test needs the built tree (`pnpm build`); it is skipped with a message without it,
 * unless DEPLOY_LAYOUT_REQUIRED=1 (.ci/run sets it after the build of the e2e step).
 */

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | null;
  steps: Instruction[];
}

/** Dockerfile → stages of instructions (line continuations joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    if (current && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [from = '', , name = null] = args.split(/\s+/);
      stages.push({ from, name, steps: [] });
    } else {
      stages.at(-1)?.steps.push({ keyword: upper, args });
    }
  }
  return stages;
}

/** The last instruction of a kind in a stage (it is the one that counts). */
function last(steps: Instruction[], keyword: string): Instruction | undefined {
  return steps.filter((s) => s.keyword === keyword).at(-1);
}

/** COPY [--from=…] [--chown=…] <src> <dest> */
function parseCopy(args: string): { from: string | null; src: string; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  expect(paths, `COPY ${args}: one source, one destination`).toHaveLength(2);
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, src: paths[0]!, dest: paths[1]! };
}

/** ENV a=b c=d (the key=value form) → entries. */
function parseEnv(steps: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const step of steps.filter((s) => s.keyword === 'ENV')) {
    for (const pair of step.args.split(/\s+/).filter(Boolean)) {
      const [key, ...value] = pair.split('=');
      expect(value.length, `ENV ${pair} uses key=value`).toBeGreaterThan(0);
      env[key!] = value.join('=');
    }
  }
  return env;
}

const nodeVersion = read('.nvmrc').trim();
const pnpmVersion = (JSON.parse(read('package.json')) as { packageManager: string }).packageManager.replace(/^pnpm@/, '');
const stages = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1)!;
const build = stages[0]!;
const runtimeEnv = parseEnv(runtime.steps);
const workdir = last(runtime.steps, 'WORKDIR')?.args ?? '/';
const runtimeCopies = runtime.steps.filter((s) => s.keyword === 'COPY' || s.keyword === 'ADD').map((s) => ({ keyword: s.keyword, ...parseCopy(s.args) }));
/** Where the build stage's `pnpm deploy --prod <dir>` writes the production-only server. */
const deployTarget = /deploy\s+--prod\s+(\/\S+)/.exec(build.steps.map((s) => s.args).join('\n'))?.[1];
const buildWorkdir = last(build.steps, 'WORKDIR')?.args;

// Compose's own YAML tags (`!reset`, `!override`) read as plain values.
const composeTags: Tags = [
  { tag: '!reset', resolve: (value: unknown) => value, collection: 'seq' } as never,
  { tag: '!reset', resolve: (value: unknown) => value, collection: 'map' } as never,
  { tag: '!reset', resolve: (value: string) => value },
];
type Service = {
  image?: string;
  build?: unknown;
  restart?: string;
  environment?: Record<string, string>;
  env_file?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  secrets?: string[];
  command?: string[];
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown>; secrets?: Record<string, { file: string }> };
const compose = parse(read('docker-compose.yml'), { customTags: composeTags }) as Compose;
const composeDev = parse(read('docker-compose.dev.yml'), { customTags: composeTags }) as Compose;

describe('Dockerfile (static)', () => {
  it('builds in one stage and runs in a slim one, both on the Node.js of .nvmrc, pnpm of packageManager', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toBe(`node:${nodeVersion}-bookworm-slim`);
    expect(build.name).toBe('build');
    const buildRuns = build.steps.filter((s) => s.keyword === 'RUN').map((s) => s.args).join('\n');
    expect(buildRuns).toContain(`pnpm@${pnpmVersion}`);
    expect(buildRuns).toMatch(/pnpm install --frozen-lockfile/);
    expect(buildRuns).toMatch(/pnpm build/);
    expect(deployTarget).toBeDefined();
    expect(buildWorkdir).toBeDefined();
  });

  it('runtime: NODE_ENV=production, SEED=none, a non-root USER before CMD, node as PID 1, a HEALTHCHECK on /readyz', () => {
    expect(runtimeEnv.NODE_ENV).toBe('production');
    // glibc's arenas as cluster.ts bounds a worker's, for the one process the CMD starts too.
    expect(runtimeEnv.MALLOC_ARENA_MAX).toBe(WORKER_MALLOC_ENV.MALLOC_ARENA_MAX);
    expect(runtimeEnv.SEED).toBe('none');
    const keywords = runtime.steps.map((s) => s.keyword);
    const user = last(runtime.steps, 'USER');
    expect(user, 'the runtime stage has a USER').toBeDefined();
    expect(['root', '0', '0:0', 'root:root']).not.toContain(user!.args.trim());
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
    // Exec form: node itself is PID 1 and gets SIGTERM (no shell, no pnpm in between).
    const cmd = JSON.parse(last(runtime.steps, 'CMD')!.args) as string[];
    // The heap of one process is the workers' (cluster.ts).
    expect(cmd).toEqual(['node', ...WORKER_HEAP_FLAGS, 'server/dist/main.js']);
    expect(keywords).not.toContain('ENTRYPOINT');
    const healthcheck = runtime.steps.find((s) => s.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toMatch(/CMD \["node", "-e", ".*\/readyz/);
    expect(healthcheck?.args).not.toMatch(/curl|wget/);
  });

  it('runtime copies only from the build stage: the production-only deploy, the compiled server and the built SPA; no sources, no dev dependencies', () => {
    expect(runtimeCopies.length).toBeGreaterThan(0);
    for (const copy of runtimeCopies) {
      expect(copy.keyword).toBe('COPY');
      expect(copy.from, `COPY ${copy.src}: from the build stage`).toBe('build');
      // node_modules only from `pnpm deploy --prod`, never the workspace's (which holds tsx, vitest, …).
      if (copy.src.includes('node_modules')) expect(copy.src.startsWith(`${deployTarget}/`)).toBe(true);
      expect(copy.src).not.toMatch(/(^|\/)src\/?$|\/src\/(server|shared)\b|^\.$/);
    }
    const destinations = runtimeCopies.map((c) => c.dest);
    expect(destinations).toEqual(expect.arrayContaining(['server/package.json', 'server/node_modules', 'server/dist', 'client/dist']));
    expect(runtime.steps.filter((s) => s.keyword === 'RUN').map((s) => s.args).join('\n')).not.toMatch(/pnpm|npm install/);
  });

  it('.dockerignore keeps secrets, local databases and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'secrets', '.data', '**/node_modules', '**/dist', '.tools']));
  });
});

describe('docker-compose.yml (static)', () => {
  const { db, server } = compose.services;

  it('server: production, SEED=none, secrets from .env, restart unless-stopped, after a healthy database', () => {
    expect(server).toBeDefined();
    expect(server!.environment?.NODE_ENV).toBe('production');
    expect(server!.environment?.SEED).toBe('none');
    expect(server!.restart).toBe('unless-stopped');
    expect(server!.env_file).toContain('.env');
    expect(server!.environment?.DATABASE_URL).toMatch(/^postgres:\/\/schoolmix:\$\{POSTGRES_PASSWORD:\?[^}]*\}@db:5432\/schoolmix$/);
    expect(server!.depends_on?.db?.condition).toBe('service_healthy');
    // No secret written into the file itself.
    expect(server!.environment?.SESSION_SECRET).toBeUndefined();
  });

  it('the first administrator: ADMIN_PASSWORD_FILE is a mounted compose secret; ADMIN_EMAIL comes from .env', () => {
    const secret = /^\/run\/secrets\/(\S+)$/.exec(server!.environment?.ADMIN_PASSWORD_FILE ?? '')?.[1];
    expect(secret).toBeDefined();
    expect(server!.secrets).toContain(secret);
    expect(compose.secrets?.[secret!]?.file).toBeDefined();
    expect(read('.env.example')).toMatch(/^ADMIN_EMAIL=/m);
  });

  it('db: PostgreSQL 15, restart unless-stopped, a named volume, a health check, its password from .env', () => {
    expect(db?.image).toBe('postgres:15');
    expect(db!.restart).toBe('unless-stopped');
    const volume = db!.volumes?.find((v) => v.endsWith(':/var/lib/postgresql/data'))?.split(':')[0];
    expect(volume).toBeDefined();
    expect(compose.volumes).toHaveProperty(volume!);
    expect(db!.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(db!.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('migrations: a one-shot migrate service runs the compiled migrate command first; the server starts after it with MIGRATE_ON_START=false', () => {
    const migrate = compose.services.migrate;
    expect(migrate?.command).toEqual(['node', 'server/dist/db/migrate.js', 'up']);
    expect(migrate!.image).toBe(server!.image);
    expect(migrate!.restart).toBe('no');
    expect(migrate!.depends_on?.db?.condition).toBe('service_healthy');
    expect(migrate!.environment).toMatchObject({ NODE_ENV: 'production', SEED: 'none', ADMIN_EMAIL: '', DATABASE_URL: server!.environment?.DATABASE_URL });
    expect(migrate!.env_file).toContain('.env');
    expect(server!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(server!.environment?.MIGRATE_ON_START).toBe('false');
  });

  it('the development variant (docker-compose.dev.yml) loads the demo data in development mode without the admin secret', () => {
    expect(composeDev.services.server?.environment).toMatchObject({ NODE_ENV: 'development', SEED: 'demo', ADMIN_EMAIL: '' });
    expect(composeDev.services.server?.secrets).toEqual([]);
  });
});

describe('.env.example and the README', () => {
  it('list every variable the server reads', () => {
    const source = read('server/src/config.ts');
    const names = new Set([...source.matchAll(/env\.([A-Z][A-Z0-9_]+)|env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!));
    for (const role of ['ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR', 'INTEGRATOR']) names.add(`RATE_LIMIT_${role}`);
    expect(names.size).toBeGreaterThan(15);
    const example = read('.env.example');
    const readme = read('README.md');
    for (const name of names) {
      expect(example, `.env.example lists ${name}`).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
      expect(readme, `README mentions ${name}`).toContain(`\`${name}\``);
    }
  });
});

const layoutReady = ['server/dist/main.js', 'shared/dist/index.js', 'client/dist/index.html'].every((path) => existsSync(join(root, path)));
const layoutRequired = process.env.DEPLOY_LAYOUT_REQUIRED === '1';
if (!layoutReady && !layoutRequired) {
  console.warn('deploy.test.ts: the runtime layout test is skipped: no built tree (run `pnpm build` first; CI runs it after the e2e build with DEPLOY_LAYOUT_REQUIRED=1).');
}

describe.skipIf(!layoutReady && !layoutRequired)('the runtime stage, replayed without Docker', () => {
  const temp = mkdtempSync(join(tmpdir(), 'schoolmix-image-'));
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(temp, { recursive: true, force: true });
  });

  /** A path of the image (absolute, or relative to WORKDIR) → the same path under the temporary folder. */
  const inImage = (path: string) => join(temp, 'image', posix.resolve(workdir, path));

  it('pnpm deploy --prod + the COPY steps give a tree without dev dependencies, in which node serves /readyz, the SPA and a first administrator', async () => {
    expect(layoutReady, 'the built tree (pnpm build) exists').toBe(true);
    // The build stage's `pnpm deploy --prod`, from this (already built) workspace.
    const buildContext = join(temp, 'build');
    const deployed = await runProcess('pnpm', ['--filter', '@schoolmix/server', 'deploy', '--prod', join(buildContext, deployTarget!)], { cwd: root, env: { ...process.env, CI: 'true' } });
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    /** A path of the build stage → here: under the deploy target, else in the workspace (WORKDIR of the build). */
    const fromBuild = (src: string) => (src.startsWith(`${deployTarget}/`) ? join(buildContext, src) : join(root, posix.relative(buildWorkdir!, src)));
    for (const copy of runtimeCopies) {
      const target = inImage(copy.dest);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(fromBuild(copy.src), target, { recursive: true, verbatimSymlinks: true });
    }
    const app = inImage('.');
    const modules = readdirSync(join(app, 'server/node_modules'));
    const store = readdirSync(join(app, 'server/node_modules/.pnpm'));
    for (const dev of ['tsx', 'vitest', 'typescript', 'autocannon', 'postgraphile', 'yaml', 'esbuild', 'vite']) {
      expect(modules, `${dev} is not in the image`).not.toContain(dev);
      expect(store.filter((dir) => dir.startsWith(`${dev}@`)), `${dev} is not in the image's store`).toEqual([]);
    }
    expect(existsSync(join(app, 'server/dist/db/seed/reference/municipalities-flanders-2020.csv'))).toBe(true);
    expect(existsSync(join(app, 'server/src'))).toBe(false);

    // The image's environment (paths under /app moved here), as compose runs it.
    mkdirSync(join(temp, 'secrets'));
    const passwordFile = join(temp, 'secrets/admin_password');
    writeFileSync(passwordFile, 'container-admin-password\n');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...Object.fromEntries(Object.entries(runtimeEnv).map(([key, value]) => [key, value.startsWith('/') ? join(temp, 'image', value) : value])),
      PORT: '0',
      SESSION_SECRET: 's'.repeat(48),
      ADMIN_EMAIL: 'ops@example.org',
      ADMIN_PASSWORD_FILE: passwordFile,
    };
    mkdirSync(env.DATA_DIR!, { recursive: true });

    // The compose file's migrate service, then the status command: nothing pending.
    const migrated = await runProcess('node', ['server/dist/db/migrate.js', 'up'], { cwd: app, env });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/^Applied to the embedded database/);
    const status = await runProcess('node', ['server/dist/db/migrate.js', 'status'], { cwd: app, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/\d+ applied, 0 pending\./);
    env.MIGRATE_ON_START = 'false';

    // `docker compose exec server node server/dist/modules/auth/admin-create.js …` before the first start.
    const created = await runProcess('node', ['server/dist/modules/auth/admin-create.js', '--email', 'second@example.org', '--password-stdin'], { cwd: app, env, stdin: 'a-second-password\n' });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);

    server = spawn('node', [...WORKER_HEAP_FLAGS, 'server/dist/main.js'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /runs on (http:\/\/localhost:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      });
      server!.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
    });

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // The image's own HEALTHCHECK command, run as Docker would.
    const healthcheck = runtime.steps.find((s) => s.keyword === 'HEALTHCHECK')!.args;
    const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    const probed = await runProcess(probe[0]!, probe.slice(1), { cwd: app, env: { ...env, PORT: new URL(url).port } });
    expect(probed.code).toBe(0);

    const spa = await fetch(`${url}/`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toMatch(/<div id="root">/);

    // An administrator created with the CLI already exists, so ADMIN_EMAIL was ignored.
    const login = async (email: string, password: string) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($input: LoginInput!) { login(input: $input) { token viewer { role } } }', variables: { input: { email, password } } }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { login: { token: string | null; viewer: { role: string } | null } } }).data.login;
    };
    expect((await login('second@example.org', 'a-second-password')).viewer?.role).toBe('ADMIN');
    expect((await login('ops@example.org', 'container-admin-password')).token).toBeNull();
    // Production: no introspection.
    const introspection = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
    expect(JSON.stringify(await introspection.json())).not.toContain('"Query"');

    const exited = new Promise<number | null>((resolveExit) => server!.once('exit', resolveExit));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = null;
  }, 120_000);
});

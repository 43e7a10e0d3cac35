/**
 * Backup and restore on PostgreSQL (docs/OPERATIONS.md "Backups"): a database with the demo data
 * set is dumped with pg_dump (custom format), restored with pg_restore into a new database, and a
 * server started on the copy answers the same programme table and project KPI. Runs only when
 * DATABASE_URL points at a PostgreSQL server and pg_dump / pg_restore are installed (CI has both).
 * The embedded database's backup (the data folder archived while stopped) is tested below.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { onServer } from '../test/fresh-database.js';
import { startTestServer, TEST_NOW, UNLIMITED_REQUESTS } from '../test/harness.js';
import { loadConfig } from '../config.js';
import { runProcess } from '../test/process.js';

const serverUrl = process.env.DATABASE_URL?.trim();
/** One SESSION_SECRET for both servers, as for every instance of one deployment. */
const SECRET = 'restore-test-session-secret-0123456789';
const tools = ['pg_dump', 'pg_restore'].every((tool) => spawnSync(tool, ['--version']).status === 0);

const PROGRAMME_TABLE = `{
  fundingPeriods { nodes { number label reportStatus programReport { budget committed realised pending projectCount representedLocalGovernments } } }
  programSummary { budget committed periods finalPeriods realised representedLocalGovernments }
}`;
const FIRST_PROJECTS = `{
  projects(first: 5, orderBy: [{ field: TITLE }]) {
    totalCount
    nodes { title status subsidyGranted kpi { target reached progress expectedByNow onTrack earnedSubsidy byEventType { type reached } } }
  }
}`;

describe.runIf(serverUrl && tools)('backup with pg_dump, restore with pg_restore', () => {
  it('a server on the restored copy answers the same programme table and project KPI', async () => {
    const source = await startTestServer({ seed: 'demo', overrides: { sessionSecret: SECRET } });
    const folder = mkdtempSync(join(tmpdir(), 'schoolmix-backup-'));
    const name = `schoolmix_test_restore_${randomBytes(6).toString('hex')}`;
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    try {
      const programme = await source.data(PROGRAMME_TABLE);
      const projects = await source.data<{ projects: { totalCount: number; nodes: { kpi: unknown }[] } }>(FIRST_PROJECTS);
      expect(projects.projects.totalCount).toBeGreaterThan(0);
      expect(projects.projects.nodes[0]!.kpi).toBeTruthy();

      const dump = join(folder, 'schoolmix.dump');
      const env = { PATH: process.env.PATH, HOME: process.env.HOME };
      const dumped = await runProcess('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, `--dbname=${source.app.config.databaseUrl!}`], { cwd: folder, env });
      expect(dumped.code, dumped.stderr).toBe(0);
      await onServer(serverUrl!, `create database "${name}"`);
      const restored = await runProcess('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url.toString()}`, dump], { cwd: folder, env });
      expect(restored.code, restored.stderr).toBe(0);

      const config = loadConfig({ NODE_ENV: 'test', SEED: 'none', LOG_LEVEL: 'silent' }, { databaseUrl: url.toString(), dataDir: 'memory://', now: () => TEST_NOW, rateLimits: UNLIMITED_REQUESTS, sessionSecret: SECRET });
      const copy = await createApp(config);
      try {
        const { url: copyUrl } = await copy.listen(0);
        const ask = async (query: string) => {
          const response = await fetch(`${copyUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${source.adminToken}` },
            body: JSON.stringify({ query }),
          });
          const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
          expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
          return body.data;
        };
        // The same session token works on the copy: users and sessions were restored as well.
        expect(await ask(PROGRAMME_TABLE)).toEqual(programme);
        expect(await ask(FIRST_PROJECTS)).toEqual(projects);
      } finally {
        await copy.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await source.close();
      await onServer(serverUrl!, `drop database if exists "${name}" with (force)`);
    }
  });
});

/**
 * The embedded database (docs/OPERATIONS.md "The embedded database"): the supported backup is the
 * data folder archived while the server is stopped. Archived and unpacked with the documented
 * `tar` commands, the copy serves the same programme table and project KPI. PGlite only: runs
 * whatever DATABASE_URL says.
 */
describe('backup of the embedded database: DATA_DIR archived while stopped', () => {
  it('a server on the unpacked archive answers the same programme table and project KPI', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'schoolmix-embedded-backup-'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const configFor = (dataDir: string, seed: 'demo' | 'none') =>
      loadConfig({ NODE_ENV: 'test', SEED: seed, LOG_LEVEL: 'silent' }, { databaseUrl: null, dataDir, now: () => TEST_NOW, rateLimits: UNLIMITED_REQUESTS, sessionSecret: SECRET });
    const ask = async (url: string, token: string, query: string) => {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data;
    };
    try {
      const source = await createApp(configFor(join(folder, 'live', 'db'), 'demo'));
      let programme: unknown, projects: unknown, token: string;
      try {
        const { url } = await source.listen(0);
        const { login } = await ask(url, '', `mutation { login(input: { email: "admin@schoolmix.demo", password: "schoolmix-demo" }) { token } }`);
        token = login.token;
        programme = await ask(url, token, PROGRAMME_TABLE);
        projects = await ask(url, token, FIRST_PROJECTS);
      } finally {
        // Stopped (SIGTERM does the same: drain, then close the database) before the copy.
        await source.close({ graceMs: 1_000 });
      }
      const archived = await runProcess('tar', ['-C', join(folder, 'live'), '-czf', join(folder, 'backup.tgz'), 'db'], { cwd: folder, env });
      expect(archived.code, archived.stderr).toBe(0);
      const unpacked = await runProcess('sh', ['-c', `mkdir -p restored && tar -C restored -xzf backup.tgz`], { cwd: folder, env });
      expect(unpacked.code, unpacked.stderr).toBe(0);

      const copy = await createApp(configFor(join(folder, 'restored', 'db'), 'none'));
      try {
        const { url } = await copy.listen(0);
        expect(copy.seeded).toBeNull();
        // The same session token works on the copy: users and sessions came along.
        expect(await ask(url, token, PROGRAMME_TABLE)).toEqual(programme);
        expect(await ask(url, token, FIRST_PROJECTS)).toEqual(projects);
      } finally {
        await copy.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});

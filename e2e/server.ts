import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..');

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts the real server as production runs it — the compiled JavaScript under `node`, built by
 * `pnpm test:e2e` — with the demo data, on a free port: on the embedded database in a fresh
 * folder, or, when E2E_DATABASE_URL names a PostgreSQL server, in a fresh database there that is
 * dropped again by `stop()`.
 */
export async function startServer(port = 4100 + Math.floor(Math.random() * 800), extraEnv: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  // E2E_CLIENT_DIST serves another build of the SPA (parallel work); default client/dist.
  const clientDist = process.env.E2E_CLIENT_DIST ? { CLIENT_DIST: process.env.E2E_CLIENT_DIST } : {};
  const dataDir = join(mkdtempSync(join(tmpdir(), 'schoolmix-e2e-')), 'db');
  const serverUrl = process.env.E2E_DATABASE_URL?.trim();
  let databaseUrl = '';
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `schoolmix_e2e_${randomBytes(6).toString('hex')}`;
    await onServer(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
  }
  // The scheduled jobs (reminders) stay off so the suite sees a fixed state; E2E_JOBS=on turns them on.
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: join(root, 'server'),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'demo', NODE_ENV: 'development', LOG_LEVEL: 'warn', JOBS: process.env.E2E_JOBS ?? 'off', DATABASE_URL: databaseUrl, ...clientDist, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('server did not become ready in 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await dropDatabase();
    },
  };
}

/** Debian's Chromium, headless, without reaching for the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page in a context of its own (a fresh profile: no cookies or storage shared with other pages),
 * closed together with the page. AxeBuilder needs the page's context to open its helper page.
 */
export async function openPage(browser: Browser, options: { viewport: { width: number; height: number } }): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  // The browser may already be closing (end of a file): then the context is gone with it.
  page.once('close', () => void context.close().catch(() => undefined));
  return page;
}

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..');
/** The demo server starts in about 2 s on these machines; this is for a machine under load. */
const READY_DEADLINE_MS = 120_000;

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
 * A port no one listens on now, chosen by the kernel (a random pick from a range can land on
 * another service's port: NATS on 4222, epmd on 4369 on these machines).
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server as production runs it — the compiled JavaScript under `node`, built by
 * `pnpm test:e2e` — with the demo data, on a free port: on the embedded database in a fresh
 * folder, or, when E2E_DATABASE_URL names a PostgreSQL server, in a fresh database there that is
 * dropped again by `stop()`.
 */
export async function startServer(port?: number, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  port ??= await freePort();
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
  // Its output passes through this process (and its tail goes into the error if it never gets ready).
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: join(root, 'server'),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: 'demo', NODE_ENV: 'development', LOG_LEVEL: 'warn', JOBS: process.env.E2E_JOBS ?? 'off', DATABASE_URL: databaseUrl, ...clientDist, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, output.length - 40);
  };
  child.stdout!.on('data', (chunk: Buffer) => (keep(chunk), process.stdout.write(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (keep(chunk), process.stderr.write(chunk)));
  // A test worker that ends for any reason takes its server with it: an orphaned server would hold
  // the output pipe open and keep the whole run from ending.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      // A server that does not drain within 30 s is killed (the test fails on its own account).
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', orphanGuard);
    await dropDatabase();
  };
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let lastProbe: string;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop('SIGKILL');
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready; its last output:\n${output.join('\n')}`);
    }
    try {
      // Bounded: a probe that hangs must not outlive the deadline.
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) break;
      lastProbe = `${res.status} ${await res.text()}`;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      lastProbe = e.cause?.code ?? e.name ?? String(error);
    }
    if (Date.now() - started > READY_DEADLINE_MS) {
      await stop('SIGKILL');
      throw new Error(`server on port ${port} was not ready after ${READY_DEADLINE_MS / 1000} s (last /readyz: ${lastProbe}); its last output:\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop: () => stop('SIGTERM') };
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

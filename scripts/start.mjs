#!/usr/bin/env node
// `pnpm start`: builds the SPA when it is missing or older than its sources, then runs the server, which migrates the
// database, loads the demo data into an empty one and serves API + SPA on one port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';

/** The newest modification time of a file under `path`. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = join(root, 'client/dist/index.html');
const sources = ['client/src', 'client/public', 'client/index.html', 'shared/src'].map((p) => join(root, p)).filter(existsSync);
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log(existsSync(built) ? 'Rebuilding the SPA (its sources changed)…' : 'Building the SPA (first start only)…');
  const build = spawnSync(pnpm, ['--filter', '@schoolmix/client', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const tsx = join(root, 'server/node_modules/.bin/tsx');
const server = spawn(tsx, ['--conditions=source', 'src/main.ts'], { cwd: join(root, 'server'), stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

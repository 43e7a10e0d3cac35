#!/usr/bin/env node
// `pnpm start`: builds what is missing or older than its sources (shared and server with tsc, the SPA with Vite),
// then runs the compiled server with node, which migrates the database, loads the demo data into an empty one
// and serves API + SPA on one port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';

/**
 * The newest modification time of a file under `path`.
 * @param {string} path
 * @returns {number}
 */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Each package's build output and the sources it is made from, in build order. */
const packages = [
  { name: '@schoolmix/shared', output: 'shared/dist/index.js', sources: ['shared/src', 'shared/tsconfig.json'] },
  { name: '@schoolmix/server', output: 'server/dist/main.js', sources: ['server/src', 'server/tsconfig.json', 'shared/src'] },
  { name: '@schoolmix/client', output: 'client/dist/index.html', sources: ['client/src', 'client/public', 'client/index.html', 'shared/src'] },
];
for (const { name, output, sources } of packages) {
  const built = join(root, output);
  const inputs = sources.map((p) => join(root, p)).filter(existsSync);
  if (existsSync(built) && Math.max(...inputs.map(newest)) <= statSync(built).mtimeMs) continue;
  console.log(`${existsSync(built) ? 'Rebuilding' : 'Building'} ${name}${existsSync(built) ? ' (its sources changed)' : ' (first start only)'}…`);
  const build = spawnSync(pnpm, ['--filter', name, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['dist/main.js'], { cwd: join(root, 'server'), stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

#!/usr/bin/env node
// `pnpm dev`: the API with reload on change (tsx watch, :4000) and Vite with hot module reload
// (:5173, proxying /graphql and /export to the API). Open http://localhost:5173. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
const children = [
  spawn(pnpm, ['--filter', '@schoolmix/server', 'dev'], { cwd: root, stdio: 'inherit' }),
  spawn(pnpm, ['--filter', '@schoolmix/client', 'dev'], { cwd: root, stdio: 'inherit' }),
];
let stopping = false;
/** @param {number} code */
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
for (const child of children) child.on('exit', (code) => stop(code ?? 0));

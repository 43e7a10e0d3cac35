#!/usr/bin/env node
// The SPA's initial JavaScript budget (issue 4): what index.html loads before any screen — the
// entry chunk and the chunks it preloads — at most 250 kB gzipped. Prints every chunk; exits 1
// when over budget. Run after `vite build`.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dist = process.env.DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
/** @param {string} file */
const kb = (file) => gzipSync(readFileSync(join(dist, file))).length / 1024;

let total = 0;
const rows = readdirSync(join(dist, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => `assets/${name}`)
  .map((file) => ({ file, kb: kb(file), initial: initial.has(file) }))
  .sort((a, b) => Number(b.initial) - Number(a.initial) || b.kb - a.kb);
for (const row of rows) if (row.initial) total += row.kb;
console.log('chunk                                              gzip kB  loaded');
for (const row of rows) console.log(`${row.file.padEnd(50)} ${row.kb.toFixed(1).padStart(7)}  ${row.initial ? 'initially' : 'on demand'}`);
console.log(`initial JavaScript: ${total.toFixed(1)} kB gzipped (budget ${BUDGET_KB} kB)`);
if (total > BUDGET_KB) {
  console.error(`over budget by ${(total - BUDGET_KB).toFixed(1)} kB`);
  process.exit(1);
}

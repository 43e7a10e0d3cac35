#!/usr/bin/env node
// `pnpm check` step: the Node.js version lives in .nvmrc and pnpm's in package.json's
// "packageManager"; everything that repeats them must agree (the Dockerfile cannot read files
// before FROM, engines and @types/node are in package.json). Exits 1 naming each disagreement.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @param {string} path */
const read = (path) => readFileSync(join(root, path), 'utf8');
/** @type {unknown} */
const parsed = JSON.parse(read('package.json'));
const pkg = /** @type {{ engines: { node: string }, packageManager: string, devDependencies: Record<string, string> }} */ (parsed);
const node = read('.nvmrc').trim();
const major = node.split('.')[0];
const pnpm = pkg.packageManager.replace(/^pnpm@/, '');
const dockerfile = read('Dockerfile');
const problems = [];

if (!/^\d+\.\d+\.\d+$/.test(node)) problems.push(`.nvmrc must hold an exact version, e.g. 24.21.0 (has "${node}")`);
if (pkg.engines.node !== `>=${node} <${Number(major) + 1}`) problems.push(`package.json engines.node is "${pkg.engines.node}", expected ">=${node} <${Number(major) + 1}"`);
if (!pkg.devDependencies['@types/node']?.startsWith(`${major}.`)) problems.push(`@types/node is ${pkg.devDependencies['@types/node']}, expected ${major}.x`);
for (const [, tag = ""] of dockerfile.matchAll(/^FROM node:(\S+)/gm)) {
  if (!tag.startsWith(`${node}-`) && tag !== node) problems.push(`Dockerfile FROM node:${tag} does not match .nvmrc (${node})`);
}
for (const [, version] of dockerfile.matchAll(/pnpm@(\d+\.\d+\.\d+)/g)) {
  if (version !== pnpm) problems.push(`Dockerfile installs pnpm@${version}, package.json's packageManager says ${pnpm}`);
}
if (!/^FROM node:/m.test(dockerfile)) problems.push('Dockerfile has no FROM node:<version> line');

if (problems.length) {
  console.error(`Toolchain versions disagree:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`Toolchain: Node.js ${node} and pnpm ${pnpm} everywhere (.nvmrc, engines, @types/node, Dockerfile)`);

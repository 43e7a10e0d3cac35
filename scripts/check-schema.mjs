#!/usr/bin/env node
// `pnpm check` step: compares the GraphQL contract (server/schema.graphql) with the last released
// one (docs/schema/released.graphql) using @graphql-inspector/core. A breaking change fails the
// check unless CHANGELOG.md's "Unreleased" section names it by its schema coordinate in backticks
// (`UserError.code`, `Query.projects`, `ProjectStatus.DRAFT`, `Project`). A deprecation must carry
// its date (`@deprecated(reason: "… since 2026-12-03 …")`) so integrators know how long they have.
// Options (for the tests): --released, --current, --changelog paths. Exits 1 naming each problem.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @param {string} name @param {string} fallback */
function option(name, fallback) {
  const value = process.argv[process.argv.indexOf(`--${name}`) + 1];
  return process.argv.includes(`--${name}`) && value ? resolve(value) : join(root, fallback);
}
const paths = {
  released: option('released', 'docs/schema/released.graphql'),
  current: option('current', 'server/schema.graphql'),
  changelog: option('changelog', 'CHANGELOG.md'),
};

/** The "Unreleased" section of a Keep-a-Changelog file: from its heading to the next version's. @param {string} text */
function unreleasedSection(text) {
  const start = text.search(/^## \[?Unreleased\]?/im);
  if (start < 0) return '';
  const next = text.slice(start + 1).search(/^## /m);
  return next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
}

/** Schema coordinates written in backticks (`Type`, `Type.field`, `Type.field.arg`). @param {string} section */
function namedCoordinates(section) {
  return new Set([...section.matchAll(/`([_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*)*)`/g)].map((m) => m[1]));
}

const DATE = /\b\d{4}-\d{2}-\d{2}\b/;

const problems = [];
const released = buildSchema(readFileSync(paths.released, 'utf8'));
const current = buildSchema(readFileSync(paths.current, 'utf8'));
const named = namedCoordinates(unreleasedSection(readFileSync(paths.changelog, 'utf8')));
const changes = await diff(released, current);

let breakingCount = 0;
for (const change of changes) {
  if (change.criticality.level !== CriticalityLevel.Breaking) continue;
  breakingCount += 1;
  // Named by its own coordinate; an argument's change also by its field's (`Type.field`). A bare
  // type name does not cover its fields: each removed or changed field is named on its own.
  const path = change.path ?? '';
  const parts = path.split('.');
  const isNamed = named.has(path) || (parts.length === 3 && named.has(parts.slice(0, 2).join('.')));
  if (!isNamed) problems.push(`breaking change not named in CHANGELOG.md "Unreleased": ${change.message}${path ? ` (name \`${path}\`)` : ''}`);
}

// Deprecations carry a date.
for (const type of Object.values(current.getTypeMap())) {
  if (type.name.startsWith('__')) continue;
  /** @type {readonly { name: string, deprecationReason?: string | null }[]} */
  let members = [];
  if (isObjectType(type) || isInterfaceType(type)) members = Object.values(type.getFields()).flatMap((f) => [f, ...f.args.map((a) => ({ ...a, name: `${f.name}.${a.name}` }))]);
  else if (isInputObjectType(type)) members = Object.values(type.getFields());
  else if (isEnumType(type)) members = type.getValues();
  for (const member of members) {
    if (member.deprecationReason != null && !DATE.test(member.deprecationReason)) problems.push(`\`${type.name}.${member.name}\` is deprecated without a date (write "since YYYY-MM-DD" in its reason)`);
  }
}

const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous).length;
if (problems.length > 0) {
  console.error(`check-schema: ${problems.length} problem(s) comparing ${paths.current} with ${paths.released}:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`check-schema: ${changes.length} change(s) since the released schema, ${breakingCount} breaking (each named in CHANGELOG.md), ${dangerous} dangerous.`);

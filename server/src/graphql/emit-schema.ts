/** Writes server/schema.graphql, the committed contract the client's types are generated from. */
import { writeFileSync } from 'node:fs';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { getSchema } from './schema.js';

export async function printContract(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const target = new URL('../../schema.graphql', import.meta.url);
  writeFileSync(target, await printContract());
  console.log(`wrote ${target.pathname}`);
}

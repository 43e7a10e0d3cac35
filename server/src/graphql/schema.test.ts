import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printContract } from './emit-schema.js';

describe('the committed contract', () => {
  it('server/schema.graphql is what the resolvers build (run `pnpm schema` after changing them)', async () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(await printContract());
  });

  it('has every root field and mutation SPEC section 4 fixes', async () => {
    const contract = await printContract();
    const query = contract.slice(contract.indexOf('type Query {'));
    for (const field of ['viewer', 'municipalities', 'municipality(', 'municipalityByNisCode(', 'fundingPeriods', 'organizations', 'projects', 'project(', 'schools', 'school(', 'events', 'event(', 'households', 'household(', 'programReport(']) {
      expect(query, field).toContain(`  ${field}`);
    }
    const mutation = contract.slice(contract.indexOf('type Mutation {'));
    for (const name of ['createProject', 'updateProject', 'submitProject', 'reviewProject', 'closeFundingPeriodReport', 'createOrganization', 'createEvent', 'updateEvent', 'cancelEvent', 'registerHousehold', 'recordAttendance', 'importAttendances']) {
      expect(mutation, name).toMatch(new RegExp(`  ${name}\\(input: [A-Z]\\w+Input!\\): [A-Z]\\w+Payload!`));
    }
  });
});

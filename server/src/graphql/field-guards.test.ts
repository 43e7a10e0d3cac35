import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, GraphQLObjectType, isLeafType } from 'graphql';
import { disclosureGuard, rowGuard } from './access-guard.js';
import { ROLES } from '@schoolmix/shared';
import { disclosedFields, disclosureRuleOf } from '../modules/disclosure/disclosure.js';
import { seesDisclosed } from '../modules/auth/policy.js';
import { deadlineGuard } from './deadline.js';
import { guardsFor } from './field-guards.js';
import { inputRulesForMutations } from './input-rules.js';
import { mutationName } from './mutation.js';
import { getSchema } from './schema.js';
import { startTestServer, type TestServer } from '../test/harness.js';

/**
 * The guards are put on the fields that need them once, when the schema is built (issue 10: the
 * global middlewares ran four promise hops on every scalar of every answer). These tests pin the
 * table, so a new field cannot silently lose its row rules; the access-matrix and leak tests check
 * what the rules decide.
 */
describe('field guards', () => {
  const field = async (typeName: string, fieldName: string) => {
    const schema = await getSchema();
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`${typeName} is not an object type`);
    const f = type.getFields()[fieldName];
    if (!f) throw new Error(`${typeName}.${fieldName} is missing`);
    return guardsFor(type, f, schema);
  };

  it('every root mutation runs the deadline, the audit operation name, the input rules and the row rules, in that order', async () => {
    const schema = await getSchema();
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(30);
    for (const name of mutations) {
      const disclosure = disclosedFields().includes(`Mutation.${name}`) ? [disclosureGuard] : [];
      expect(await field('Mutation', name)).toEqual([deadlineGuard, mutationName, inputRulesForMutations, rowGuard, ...disclosure]);
    }
  });

  it('every field returning objects, at any depth, runs the deadline and the row rules', async () => {
    const schema = await getSchema();
    let checked = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__') || type === schema.getMutationType()) continue;
      for (const f of Object.values(type.getFields())) {
        if (isLeafType(getNamedType(f.type))) continue;
        const disclosure = disclosedFields().includes(`${type.name}.${f.name}`) ? [disclosureGuard] : [];
        expect(await field(type.name, f.name), `${type.name}.${f.name}`).toEqual([deadlineGuard, rowGuard, ...disclosure]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(await field('Query', 'households')).toEqual([deadlineGuard, rowGuard]);
    expect(await field('Project', 'events')).toEqual([deadlineGuard, rowGuard]);
  });

  it("every field of Household, scalars too, runs the row rules (consented characteristics); other scalars run nothing", async () => {
    for (const name of ['reference', 'lowEducatedMother', 'schoolAllowance', 'consentAt']) expect(await field('Household', name)).toEqual([rowGuard]);
    expect(await field('Municipality', 'name')).toEqual([]);
    // Disclosed figures, scalars too, run the disclosure rule (last); the KPI object after the row rules.
    expect(await field('Event', 'attendanceCount')).toEqual([disclosureGuard]);
    expect(await field('Project', 'kpi')).toEqual([deadlineGuard, rowGuard, disclosureGuard]);
    expect(disclosedFields().length).toBeGreaterThanOrEqual(10);
    expect(await field('Project', 'title')).toEqual([]);
  });

  it('a plain field reads its property with no resolver of its own; a field named apart from its property still reads that property', async () => {
    const schema = await getSchema();
    const fieldOf = (typeName: string, name: string) => (schema.getType(typeName) as GraphQLObjectType).getFields()[name]!;
    // No type-graphql wrapper (a middleware context per call) on a scalar without guards.
    expect(fieldOf('Municipality', 'name').resolve).toBeUndefined();
    expect(fieldOf('Event', 'venue').resolve).toBeUndefined();
    // `subsidyRequested` is the property `subsidyRequestedCents`: graphql-js's default resolver would read nothing.
    const renamed = fieldOf('Project', 'subsidyRequested');
    expect(renamed.resolve).toBeDefined();
    expect(await renamed.resolve!({ subsidyRequestedCents: 1234567 }, {}, {}, {} as never)).toBe(1234567);
    // A field resolver is still called.
    expect(fieldOf('Project', 'events').resolve).toBeDefined();
  });

  it('skips a guard only where it has nothing to do: the row rules for an administrator, the deadline before it passes', () => {
    const data = (role: 'ADMIN' | 'COORDINATOR' | 'ANALYST', signal?: AbortSignal) =>
      ({ context: { viewer: { role }, signal }, root: {}, args: {}, info: {} }) as unknown as Parameters<NonNullable<typeof rowGuard.idle>>[0];
    expect(rowGuard.idle!(data('ADMIN'))).toBe(true);
    expect(rowGuard.idle!(data('COORDINATOR'))).toBe(false);
    expect(rowGuard.idle!(data('ANALYST'))).toBe(false);
    expect(deadlineGuard.idle!(data('ANALYST', new AbortController().signal))).toBe(true);
    expect(deadlineGuard.idle!(data('ADMIN', AbortSignal.abort()))).toBe(false);
    // Mutations' own guards always run.
    expect((mutationName as { idle?: unknown }).idle).toBeUndefined();
    expect((inputRulesForMutations as { idle?: unknown }).idle).toBeUndefined();
    // The disclosure guard passes through a field without a rule and a viewer outside the rule's
    // audience (an administrator's counts); never for an analyst, nor for a coordinator where the
    // rule asks per municipality (OUTSIDE_OWN_MUNICIPALITY).
    const on = (role: 'ADMIN' | 'REVIEWER' | 'COORDINATOR' | 'ANALYST', parent: string, fieldName: string) =>
      ({ context: { viewer: { role, ownedMunicipalityIds: [] } }, root: {}, args: {}, info: { parentType: { name: parent }, fieldName } }) as unknown as Parameters<
        NonNullable<typeof disclosureGuard.idle>
      >[0];
    expect(disclosureGuard.idle!(on('ADMIN', 'Event', 'attendanceCount'))).toBe(true);
    expect(disclosureGuard.idle!(on('REVIEWER', 'Project', 'kpi'))).toBe(true);
    expect(disclosureGuard.idle!(on('COORDINATOR', 'Event', 'attendanceCount'))).toBe(true);
    expect(disclosureGuard.idle!(on('ANALYST', 'Event', 'attendanceCount'))).toBe(false);
    expect(disclosureGuard.idle!(on('COORDINATOR', 'School', 'compositions'))).toBe(false);
    expect(disclosureGuard.idle!(on('COORDINATOR', 'ProgramReport', 'municipalityProgress'))).toBe(false);
    expect(disclosureGuard.idle!(on('ANALYST', 'Project', 'title'))).toBe(true);
  });

  it('is idle on a disclosed field exactly where the disclosure guard passes the answer through untouched, for every field and role', async () => {
    const fields = disclosedFields();
    expect(fields.length).toBeGreaterThan(5);
    for (const coordinate of fields) {
      const [parent, fieldName] = coordinate.split('.');
      const rule = disclosureRuleOf(coordinate)!;
      for (const role of [...ROLES, null]) {
        const viewer = { kind: 'user', id: 'v', role, municipalityId: 'm1', ownedMunicipalityIds: ['m1'], label: 'v' };
        const data = { context: { viewer }, root: { id: 'r', project: { id: 'p' } }, args: { status: 'ATTENDED' }, info: { parentType: { name: parent }, fieldName } } as unknown as Parameters<
          typeof disclosureGuard
        >[0];
        const idle = disclosureGuard.idle!(data);
        expect({ coordinate, role, idle }).toEqual({ coordinate, role, idle: !seesDisclosed(viewer as never, rule.audience) });
        if (!idle) continue;
        // Idle: the guard would hand on the resolver's own answer, the very object, and nothing else.
        const answer = { fromResolver: true };
        let calls = 0;
        const passed = await disclosureGuard(data, () => {
          calls += 1;
          return Promise.resolve(answer);
        });
        expect({ coordinate, role, same: passed === answer, calls }).toEqual({ coordinate, role, same: true, calls: 1 });
      }
      // Every rule has an audience: an analyst is never idle.
      expect({ coordinate, analystIdle: disclosureGuard.idle!({ context: { viewer: { role: 'ANALYST', ownedMunicipalityIds: [] } }, info: { parentType: { name: parent }, fieldName } } as never) }).toEqual({
        coordinate,
        analystIdle: false,
      });
    }
  });
});

describe('GraphQL answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are never cached: Cache-Control no-store on every answer, errors included', async () => {
    for (const query of ['{ municipalities(first: 1) { totalCount } }', '{ nope }']) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({ query }),
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

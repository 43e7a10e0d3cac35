import { randomUUID } from 'node:crypto';
import { encodeCursor, STRING_INPUTS, type StringInputRule } from '@schoolmix/shared';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../db/seed/random.js';
import { startTestServer, type TestServer } from '../test/harness.js';

/**
 * SPEC §6: "the server never crashes on input and never returns a stack trace outside
 * development: zero INTERNAL_SERVER_ERROR under a fuzz of thousands of generated calls."
 *
 * The calls are generated from the schema as the running server describes it (introspection),
 * with a fixed seed: every root query and mutation, its arguments filled from the demo data's
 * real ids (so calls reach the services and the database) mixed with hostile values — empty and
 * huge strings, NUL and other control characters, unicode and lone surrogates, negative and huge
 * numbers, NaN-like strings, wrong JSON types, malformed and foreign ids, empty lists and lists
 * holding "" — sent over HTTP as the administrator, as other roles and anonymously.
 */

const SEED = 20261202;
const CALLS_PER_FIELD = 60;
const CONCURRENCY = 4;

type Who = 'ADMIN' | 'REVIEWER' | 'ANALYST' | 'COORDINATOR' | 'INTEGRATOR' | 'ANONYMOUS';

interface Outcome {
  field: string;
  status: number;
  codes: string[];
  text: string;
  /** Values the call held that break an input rule (SPEC §6): the answer must refuse them. */
  violations: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a value breaks the declared input rules, if it does (the test's own reading of SPEC §6 and STRING_INPUTS). */
function violation(typeName: string, name: string, owner: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (typeName === 'ID') return UUID.test(value) ? null : `${owner}.${name}: id ${JSON.stringify(value.slice(0, 40))}`;
  if (typeName !== 'String') return null;
  const table: Readonly<Record<string, StringInputRule>> = STRING_INPUTS;
  const rule = table[`${owner}.${name}`] ?? table[name];
  if (!rule) return `${owner}.${name}: no declared limit`;
  const control = rule.multiline ? /(?![\t\n\r])[\p{Cc}\p{Cs}]/u : /[\p{Cc}\p{Cs}]/u;
  if (control.test(value)) return `${owner}.${name}: control character`;
  if ([...value].length > rule.maxLength) return `${owner}.${name}: ${[...value].length} characters`;
  return null;
}

const HUGE = 'x'.repeat(100_000);
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'tab\there',
  'line\nbreak',
  '\u0007\u001b[31m',
  '\u007f\u0085\u009f',
  '\ud800',
  'lone \udfff surrogate',
  '😀'.repeat(300),
  'Ω≈ç√∫˜µ≤≥÷ 日本語 العربية',
  '\u202egnp.exe',
  "' OR 1=1 --",
  '%_%\\',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  'null',
  'undefined',
  '{"$gt": ""}',
  '<script>alert(1)</script>',
  'a'.repeat(201),
  'a'.repeat(2_001),
  HUGE,
];
const HOSTILE_IDS = ['', ' ', 'not-an-id', '1', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', `${randomUUID()}\u0000`, `${randomUUID()} `, "'; drop table project; --", 'x'.repeat(10_000)];
const HOSTILE_INTS = [0, -1, 1, -2_147_483_648, 2_147_483_647, 2_147_483_648, -9_007_199_254_740_991, 1.5, 1e308, '1', 'NaN', true, [], {}];
const HOSTILE_FLOATS = [0, -0.5, 1e308, -1e308, 5e-324, 0.1, 1, 99.999, 'NaN', '1e999', false];
const HOSTILE_EUROS = [-1, 0, 0.001, 0.5, 123.45, 1e15, 1e20, 9_007_199_254_740_992, -1e308, 'abc', 2_147_483_648];
const HOSTILE_DATETIMES = [
  '',
  'NaN',
  'Invalid Date',
  '2025-13-45T99:99:99Z',
  '0000-01-01T00:00:00Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '+200000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '1900-01-01',
  '2025-03-01T10:00:00Z',
  8.64e15,
  -1,
];
const HOSTILE_DATES = ['', '0000-00-00', '0001-01-01', '9999-12-31', '2025-02-30', '2025-1-1', '20250101', '2025-01-01T00:00:00Z', 20250101];
const WRONG_TYPES: unknown[] = [null, 0, -1, 1e308, true, 'string', [], [''], {}, { nested: { deeper: '\u0000' } }];

function rootFieldsOf(type: GraphQLObjectType | null | undefined): GraphQLField<unknown, unknown>[] {
  return type ? Object.values(type.getFields()) : [];
}

/** A small selection of a field's result: leaf fields without required arguments, two levels deep. */
function selection(type: GraphQLOutputType, depth: number, skip: ReadonlySet<string> = new Set()): string {
  const named = getNamedType(type);
  if (isLeafType(named) || !isObjectType(named)) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (skip.has(field.name)) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth > 0) {
      const sub = selection(field.type, depth - 1);
      if (sub) parts.push(`${field.name} ${sub}`);
    }
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '{ __typename }';
}

function printType(type: GraphQLInputType): string {
  return String(type);
}

describe('fuzz: no input gives a 500 or a stack trace', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  const ids: Record<string, string[]> = {};
  const headers: Record<Who, Record<string, string>> = {} as never;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    const introspection = await server.data<IntrospectionQuery>(getIntrospectionQuery());
    schema = buildClientSchema(introspection);
    const page = 'first: 100';
    const data = await server.data(`{
      municipalities(${page}) { nodes { id } } fundingPeriods(${page}) { nodes { id } } projects(${page}) { nodes { id } }
      events(${page}) { nodes { id } } households(${page}) { nodes { id } } schools(${page}) { nodes { id } }
      organizations(${page}) { nodes { id } } users(${page}) { nodes { id } } apiKeys(${page}) { nodes { id } }
    }`);
    for (const [key, value] of Object.entries(data)) ids[key] = (value as { nodes: { id: string }[] }).nodes.map((n) => n.id);
    const gent = await server.data(`{ municipalityByNisCode(nisCode: "44021") { id } }`);
    const gentId = (gent.municipalityByNisCode as { id: string }).id;
    headers.ADMIN = {};
    headers.ANONYMOUS = { authorization: '' };
    for (const role of ['REVIEWER', 'ANALYST', 'COORDINATOR'] as const) {
      headers[role] = { authorization: `Bearer ${await server.tokenFor(role, role === 'COORDINATOR' ? gentId : null)}` };
    }
    const key = await server.data(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { name: 'Fuzz', municipalityId: gentId } });
    headers.INTEGRATOR = { authorization: `Bearer ${(key.createApiKey as { secret: string }).secret}` };
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  /** Real ids of the kind an argument names, so a call gets past the lookups into the service. */
  function idPool(name: string, owner: string): string[] {
    const text = `${owner} ${name}`.toLowerCase();
    const kinds: [RegExp, string][] = [
      [/period/, 'fundingPeriods'],
      [/municipalit/, 'municipalities'],
      [/organi[sz]/, 'organizations'],
      [/school/, 'schools'],
      [/event/, 'events'],
      [/household/, 'households'],
      [/apikey|api_key/, 'apiKeys'],
      [/user/, 'users'],
      [/project/, 'projects'],
    ];
    // The argument's own name decides first (organizerId in CreateEventInput), then its owner.
    for (const subject of [name.toLowerCase(), text]) for (const [pattern, kind] of kinds) if (pattern.test(subject)) return ids[kind] ?? [];
    return Object.values(ids).flat();
  }

  /** A value for an input of this type: plausible most of the time when `hostility` is low. */
  function valueFor(random: Random, type: GraphQLInputType, name: string, owner: string, hostility: number, found: string[]): unknown {
    const value = rawValueFor(random, type, name, owner, hostility, found);
    const broken = violation(getNamedType(type).name, name, owner, value);
    if (broken) found.push(broken);
    return value;
  }

  function rawValueFor(random: Random, type: GraphQLInputType, name: string, owner: string, hostility: number, found: string[]): unknown {
    const hostile = random.chance(hostility);
    if (hostile && random.chance(0.08)) return random.pick(WRONG_TYPES);
    if (!isNonNullType(type) && random.chance(hostile ? 0.1 : 0.25)) return null;
    const inner = getNullableType(type);
    if (isListType(inner)) {
      if (hostile && random.chance(0.3)) {
        const list = random.pick([[], [''], ['', ''], [null], Array.from({ length: 200 }, () => randomUUID())]);
        for (const item of list) {
          const broken = violation(getNamedType(inner).name, name, owner, item);
          if (broken) found.push(broken);
        }
        return list;
      }
      const length = random.weighted([
        [0, 2],
        [1, 5],
        [2, 3],
        [6, 1],
      ] as const);
      return Array.from({ length }, () => valueFor(random, inner.ofType, name, owner, hostility, found));
    }
    if (isInputObjectType(inner)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(inner.getFields())) {
        if (!isNonNullType(field.type) && random.chance(0.3)) continue;
        if (hostile && random.chance(0.1)) continue; // a required field missing
        object[field.name] = valueFor(random, field.type, field.name, inner.name, hostility, found);
      }
      if (hostile && random.chance(0.1)) object.unknownField = '\u0000';
      return object;
    }
    const named = inner as GraphQLNamedType;
    if (isEnumType(named)) {
      const values = named.getValues().map((v) => v.name);
      return hostile ? random.pick([...values.map((v) => v.toLowerCase()), 'NOPE', '', 0]) : random.pick(values);
    }
    switch (named.name) {
      case 'ID': {
        const pool = idPool(name, owner);
        if (hostile) return random.pick([...HOSTILE_IDS, random.pick(Object.values(ids).flat()), randomUUID()]);
        return pool.length ? random.pick(pool) : randomUUID();
      }
      case 'String':
        return hostile ? random.pick(HOSTILE_STRINGS) : plausibleString(random, name);
      case 'Int':
        return hostile ? random.pick(HOSTILE_INTS) : name === 'version' ? random.int(1, 3) : random.int(0, 50);
      case 'Float':
        return hostile ? random.pick(HOSTILE_FLOATS) : random.float(0, 0.5);
      case 'Euro':
        return hostile ? random.pick(HOSTILE_EUROS) : random.int(0, 50_000);
      case 'Boolean':
        return hostile ? random.pick(['true', 0, 1, null]) : random.chance(0.5);
      case 'DateTimeISO':
        return hostile ? random.pick(HOSTILE_DATETIMES) : new Date(Date.UTC(2025, random.int(0, 11), random.int(1, 28), random.int(8, 20))).toISOString();
      case 'LocalDate':
        return hostile ? random.pick(HOSTILE_DATES) : `2025-0${random.int(1, 9)}-1${random.int(0, 9)}`;
      default:
        return random.pick(HOSTILE_STRINGS);
    }
  }

  function plausibleString(random: Random, name: string): string {
    switch (name) {
      case 'nisCode':
      case 'nisCodes':
      case 'residenceNisCode':
        return random.pick(['44021', '11002', '12345', '4402']);
      case 'schoolYear':
        return random.pick(['2023-2024', '2024-2025', '2024-2026']);
      case 'postcode':
        return random.pick(['9000', '2000', '0999']);
      case 'languages':
      case 'preferredLanguage':
        return random.pick(['nl', 'fr', 'ar', 'xx']);
      case 'email':
        return random.pick(['admin@schoolmix.demo', 'nobody@example.org', 'not an address']);
      case 'password':
        return random.pick(['schoolmix-demo', 'wrong password', 'a-long-enough-password']);
      case 'after':
      case 'before':
        return random.pick([encodeCursor(random.int(0, 30)), encodeCursor(-5), 'bm90IGEgY3Vyc29y', '']);
      case 'reference':
      case 'householdReference':
        return `FZ-${random.int(1, 1_000_000)}`;
      case 'address':
        return random.pick(['203.0.113.9', '2001:db8::1']);
      default:
        return `Fuzz ${name} ${random.int(1, 1_000_000)}`;
    }
  }

  /** One operation calling `field` with every argument passed as a variable (nested arguments too). */
  function operationFor(random: Random, kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, hostility: number) {
    const definitions: string[] = [];
    const variables: Record<string, unknown> = {};
    const violations: string[] = [];
    const argsOf = (args: readonly GraphQLArgument[], owner: string) => {
      const given = args.filter((a) => isNonNullType(a.type) || random.chance(0.5));
      if (given.length === 0) return '';
      return `(${given
        .map((arg) => {
          const variable = `v${definitions.length}`;
          definitions.push(`$${variable}: ${printType(arg.type)}`);
          const value = valueFor(random, arg.type, arg.name, owner, hostility, violations);
          if (value !== undefined) variables[variable] = value;
          return `${arg.name}: $${variable}`;
        })
        .join(', ')})`;
    };
    const rootArgs = argsOf(field.args, field.name);
    // One level down, object fields that take arguments are called too (socialMix(schoolYear) …).
    const named = getNamedType(field.type);
    const nested = isObjectType(named) ? Object.values(named.getFields()).filter((f) => f.args.length > 0 && random.chance(0.5)) : [];
    let sub = selection(field.type, 1, new Set(nested.map((f) => f.name)));
    const extra = nested.map((f) => `${f.name}${argsOf(f.args, f.name)} ${selection(f.type, 0)}`.trim());
    if (extra.length && sub) sub = `${sub.slice(0, -1)} ${extra.join(' ')} }`;
    const head = definitions.length ? `(${definitions.join(', ')})` : '';
    return { query: `${kind} Fuzz${head} { ${field.name}${rootArgs} ${sub} }`, variables, violations };
  }

  async function send(query: string, variables: Record<string, unknown>, extra: Record<string, string>, field: string, violations: string[] = []): Promise<Outcome> {
    const auth = extra.authorization ?? `Bearer ${server.adminToken}`;
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let codes: string[];
    try {
      const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
      codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
    } catch {
      codes = ['NOT_JSON'];
    }
    return { field, status: response.status, codes, text, violations };
  }

  it(`answers ${CALLS_PER_FIELD} hostile calls of every root query and mutation without a 500, an INTERNAL_SERVER_ERROR or a stack trace`, async () => {
    const random = new Random(SEED);
    const roots = [
      ...rootFieldsOf(schema.getQueryType()).map((f) => ['query', f] as const),
      ...rootFieldsOf(schema.getMutationType()).map((f) => ['mutation', f] as const),
    ];
    const calls: (() => Promise<Outcome>)[] = [];
    for (const [kind, field] of roots) {
      for (let i = 0; i < CALLS_PER_FIELD; i++) {
        const hostility = random.pick([0.05, 0.2, 0.5, 0.9]);
        const { query, variables, violations } = operationFor(random, kind, field, hostility);
        let who: Who = random.weighted([
          ['ADMIN', 14],
          ['ANONYMOUS', 2],
          ['REVIEWER', 1],
          ['ANALYST', 1],
          ['COORDINATOR', 1],
          ['INTEGRATOR', 1],
        ] as const);
        // logout ends the session it is called with: each call gets a session of its own.
        if (field.name === 'logout' && who !== 'ANONYMOUS' && who !== 'INTEGRATOR') who = 'ADMIN';
        calls.push(async () => {
          const extra = field.name === 'logout' && who === 'ADMIN' ? { authorization: `Bearer ${await server.tokenFor('ADMIN')}` } : headers[who];
          return send(query, variables, extra, `${field.name} as ${who}`, violations);
        });
      }
    }
    // Whole bodies that are not GraphQL at all, and more than 50 bad variable values at once.
    const manyBad = { nisCodes: Array.from({ length: 60 }, () => ({})) };
    calls.push(() => send(`query($f: MunicipalityFilter) { municipalities(filter: $f) { totalCount } }`, { f: manyBad }, {}, 'too many variable errors'));
    calls.push(() => send('{ projects(first: 1) { nodes { id } } ', {}, {}, 'unterminated document'));
    calls.push(() => send('\u0000', {}, {}, 'NUL document'));
    calls.push(() => send(`{ project(id: "") { id } }`, {}, {}, 'inline empty id'));
    calls.push(() => send(`{ projects(filter: { search: "a\\u0000b" }) { totalCount } }`, {}, {}, 'inline NUL in a filter'));

    const started = Date.now();
    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < calls.length) outcomes.push(await calls[next++]!());
      }),
    );
    const seconds = (Date.now() - started) / 1000;

    const internal = outcomes.filter((o) => o.codes.includes('INTERNAL_SERVER_ERROR') || o.codes.includes('NOT_JSON'));
    const serverErrors = outcomes.filter((o) => o.status >= 500);
    const traces = outcomes.filter((o) => o.text.includes('stacktrace') || /\n\s+at |\\n\s+at /.test(o.text));
    const summary = (list: Outcome[]) => list.slice(0, 10).map((o) => `${o.field} → ${o.status} ${o.codes.join(",")} ${o.text.slice(0, 300)} … ${o.text.slice(-300)}`);
    expect(summary(internal)).toEqual([]);
    expect(summary(serverErrors)).toEqual([]);
    expect(summary(traces)).toEqual([]);
    // Every call holding a value that breaks an input rule was refused: as bad input (top-level or
    // a userError INVALID/TOO_LONG), or earlier by the query limits, the access rules or validation.
    const REFUSALS = ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_LIMIT_EXCEEDED'];
    const accepted = outcomes.filter((o) => o.violations.length > 0 && !o.codes.some((c) => REFUSALS.includes(c)) && !/"code":"(INVALID|TOO_LONG)"/.test(o.text));
    expect(accepted.slice(0, 10).map((o) => `${o.field}: ${o.violations.join('; ')} → ${o.text.slice(0, 200)}`)).toEqual([]);
    expect(outcomes.filter((o) => o.violations.length > 0).length).toBeGreaterThan(300);

    // Enough calls, every root field among them, and the calls reached the resolvers: many answered
    // with data, many were refused as bad input, some by access rules.
    expect(outcomes.length).toBeGreaterThanOrEqual(2_000);
    expect(new Set(outcomes.map((o) => o.field.split(' ')[0])).size).toBeGreaterThanOrEqual(roots.length);
    const count = (code: string) => outcomes.filter((o) => o.codes.includes(code)).length;
    const clean = outcomes.filter((o) => o.status === 200 && o.codes.length === 0).length;
    expect(clean).toBeGreaterThan(300);
    expect(count('BAD_USER_INPUT')).toBeGreaterThan(300);
    expect(count('FORBIDDEN') + count('UNAUTHENTICATED')).toBeGreaterThan(50);
    expect(outcomes.find((o) => o.field === 'too many variable errors')?.codes).toContain('BAD_USER_INPUT');
    console.info(`fuzz: ${outcomes.length} calls in ${seconds.toFixed(1)} s; ${clean} clean, ${count('BAD_USER_INPUT')} BAD_USER_INPUT, ${count('GRAPHQL_VALIDATION_FAILED')} validation failures`);

    // Still healthy: /healthz and an ordinary query answer as before.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const { municipalityByNisCode } = await server.data(`{ municipalityByNisCode(nisCode: "44021") { nisCode } }`);
    expect(municipalityByNisCode).toEqual({ nisCode: '44021' });
  }, 240_000);
});

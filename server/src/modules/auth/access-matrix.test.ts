import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  isLeafType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../../graphql/schema.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/**
 * THE ACCESS MATRIX (SPEC section 5), written here independently of access.ts. Every root query
 * and mutation of the schema must appear: a field added later without a decision fails.
 */
type Who = 'ANONYMOUS' | 'ADMIN' | 'REVIEWER' | 'ANALYST' | 'COORDINATOR' | 'INTEGRATOR';
const WHO: Who[] = ['ANONYMOUS', 'ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR', 'INTEGRATOR'];
const SIGNED_IN: Who[] = ['ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR', 'INTEGRATOR'];
const FAMILIES: Who[] = ['ADMIN', 'REVIEWER', 'COORDINATOR', 'INTEGRATOR'];
const REPORTS: Who[] = ['ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR'];
const MUNICIPALITY: Who[] = ['ADMIN', 'COORDINATOR'];
const FIELD_WORK: Who[] = ['ADMIN', 'COORDINATOR', 'INTEGRATOR'];
const REVIEW: Who[] = ['ADMIN', 'REVIEWER'];

const EXPECTED: Record<'Query' | 'Mutation', Record<string, Who[]>> = {
  Query: {
    viewer: WHO,
    demoLogins: WHO,
    municipalities: SIGNED_IN,
    municipality: SIGNED_IN,
    municipalityByNisCode: SIGNED_IN,
    fundingPeriods: SIGNED_IN,
    organizations: SIGNED_IN,
    organization: SIGNED_IN,
    schools: SIGNED_IN,
    school: SIGNED_IN,
    projects: SIGNED_IN,
    project: SIGNED_IN,
    events: SIGNED_IN,
    event: SIGNED_IN,
    households: FAMILIES,
    household: FAMILIES,
    programReport: REPORTS,
    programSummary: REPORTS,
    socialMixReport: REPORTS,
    settlement: REPORTS,
    users: ['ADMIN'],
    apiKeys: MUNICIPALITY,
    auditEvents: ['ADMIN', 'REVIEWER', 'COORDINATOR'],
    previewCancelEvent: FIELD_WORK,
    previewRecordAttendance: FIELD_WORK,
    previewUpdateOrganization: MUNICIPALITY,
    finalReports: REVIEW,
    // Each type found then needs the audience of its own query: modules/node/node.test.ts.
    node: SIGNED_IN,
    nodes: SIGNED_IN,
    overdueFinalReports: SIGNED_IN,
    notifications: SIGNED_IN,
    retentionReport: ['ADMIN'],
  },
  Mutation: {
    login: WHO,
    logout: SIGNED_IN,
    unlockLogin: ['ADMIN'],
    createProject: MUNICIPALITY,
    updateProject: MUNICIPALITY,
    submitProject: MUNICIPALITY,
    reviewProject: REVIEW,
    closeFundingPeriodReport: REVIEW,
    createFundingPeriod: ['ADMIN'],
    updateFundingPeriod: ['ADMIN'],
    reopenFundingPeriod: ['ADMIN'],
    createOrganization: MUNICIPALITY,
    updateOrganization: MUNICIPALITY,
    createEvent: FIELD_WORK,
    updateEvent: FIELD_WORK,
    cancelEvent: FIELD_WORK,
    registerHousehold: FIELD_WORK,
    updateHousehold: FIELD_WORK,
    withdrawConsent: FIELD_WORK,
    eraseHousehold: FIELD_WORK,
    recordAttendance: FIELD_WORK,
    importAttendances: FIELD_WORK,
    createApiKey: MUNICIPALITY,
    revokeApiKey: MUNICIPALITY,
    createUser: ['ADMIN'],
    updateUser: ['ADMIN'],
    saveFinalReport: MUNICIPALITY,
    submitFinalReport: MUNICIPALITY,
    reviewFinalReport: REVIEW,
    waiveFinalReport: REVIEW,
    grantDeadlineExtension: REVIEW,
    withdrawDeadlineExtension: REVIEW,
    markNotificationsRead: SIGNED_IN,
  },
};

const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** A value of the right type for a required argument: enough to reach the access decision. */
function sample(type: GraphQLInputType, name: string): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType, name);
  if (type instanceof GraphQLList) return [];
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value;
  if (type instanceof GraphQLInputObjectType) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined)
        .map((f) => [f.name, sample(f.type, f.name)]),
    );
  }
  const scalar = type.name;
  if (scalar === 'ID') return SOME_ID;
  if (scalar === 'Int' || scalar === 'Float' || scalar === 'Euro') return 1;
  if (scalar === 'Boolean') return true;
  if (scalar === 'DateTimeISO') return '2025-01-15T18:00:00.000Z';
  if (scalar === 'LocalDate') return '2025-01-15';
  if (name === 'nisCode') return '44021';
  if (name === 'schoolYear') return '2023-2024';
  return 'x';
}

/** The smallest operation that calls one root field with its required arguments. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a: GraphQLArgument) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type, a.name)]));
  const declaration = required.length ? `(${required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = required.length ? `(${required.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { query: `${kind}${declaration} { ${field.name}${call}${selection} }`, variables };
}

describe('the access matrix: every role × every root query and mutation', () => {
  let server: TestServer;
  const headers: Record<Who, Record<string, string>> = {} as never;
  /** Operations that end the session they are called with: each role calls them with a session of its own. */
  const ENDS_SESSION = new Set(['logout']);
  let freshHeaders: () => Promise<Record<Who, Record<string, string>>>;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    const loginAs = async (email: string) => {
      const { login } = await server.data(`mutation($input: LoginInput!) { login(input: $input) { token } }`, { input: { email, password: 'schoolmix-demo' } });
      return { authorization: `Bearer ${login.token}` };
    };
    headers.ANONYMOUS = { authorization: '' };
    headers.ADMIN = await loginAs('admin@schoolmix.demo');
    headers.REVIEWER = await loginAs('reviewer@schoolmix.demo');
    headers.ANALYST = await loginAs('analyst@schoolmix.demo');
    headers.COORDINATOR = await loginAs('coordinator.gent@schoolmix.demo');
    const { municipalityByNisCode } = await server.data(`{ municipalityByNisCode(nisCode: "44021") { id } }`);
    const { createApiKey } = await server.data(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
      input: { name: 'Matrix', municipalityId: municipalityByNisCode.id },
    });
    headers.INTEGRATOR = { authorization: `Bearer ${createApiKey.secret}` };
    freshHeaders = async () => ({
      ...headers,
      ADMIN: await loginAs('admin@schoolmix.demo'),
      REVIEWER: await loginAs('reviewer@schoolmix.demo'),
      ANALYST: await loginAs('analyst@schoolmix.demo'),
      COORDINATOR: await loginAs('coordinator.gent@schoolmix.demo'),
    });
  }, 120_000);

  afterAll(() => server?.close());

  it('has a decision for every root field of the schema, and no decision for a field that is gone', async () => {
    const schema = await getSchema();
    expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual(Object.keys(EXPECTED.Query).sort());
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(EXPECTED.Mutation).sort());
  });

  for (const [typeName, kind] of [['Query', 'query'], ['Mutation', 'mutation']] as const) {
    for (const [field, allowed] of Object.entries(EXPECTED[typeName])) {
      it(`${typeName}.${field}: ${WHO.map((w) => `${w} ${allowed.includes(w) ? 'allowed' : 'refused'}`).join(', ')}`, async () => {
        const schema = await getSchema();
        const definition = (typeName === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[field]!;
        const { query, variables } = operationFor(kind, definition);
        const as = ENDS_SESSION.has(field) ? await freshHeaders() : headers;
        for (const who of WHO) {
          const body = await server.gql(query, variables, as[who]);
          const codes = (body.errors ?? []).map((e) => e.extensions?.code);
          if (allowed.includes(who)) {
            expect(codes, `${who} should be allowed ${field}`).not.toContain('FORBIDDEN');
            expect(codes, `${who} should be allowed ${field}`).not.toContain('UNAUTHENTICATED');
          } else {
            expect(codes, `${who} should be refused ${field}`).toEqual([who === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
            expect(body.data ?? null, `${who} gets no data from ${field}`).toBeNull();
          }
        }
      });
    }
  }
});

import { GraphQLSchema, buildSchema as buildSdl, getIntrospectionQuery, type IntrospectionInputValue, type IntrospectionQuery } from 'graphql';
import pino from 'pino';
import { LIMITS, STRING_INPUTS } from '@schoolmix/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { createFormatError } from './format-error.js';
import { declareInputRules } from './input-rules.js';

/**
 * SPEC §6: string inputs have declared maximum lengths; control characters and malformed ids are
 * refused before any SQL, with an error naming the field. Over real HTTP on the demo data.
 */
describe('input rules', () => {
  let server: TestServer;
  let ids: { municipality: string; period: string; school: string; event: string; eventVersion: number };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    const data = await server.data(`{
      municipalityByNisCode(nisCode: "44021") { id }
      fundingPeriods(first: 1) { nodes { id } }
      schools(first: 1) { nodes { id } }
      events(first: 1, filter: { cancelled: false, startsFrom: "2024-10-01T00:00:00Z" }) { nodes { id version } }
    }`);
    ids = {
      municipality: data.municipalityByNisCode.id,
      period: data.fundingPeriods.nodes[0].id,
      school: data.schools.nodes[0].id,
      event: data.events.nodes[0].id,
      eventVersion: data.events.nodes[0].version,
    };
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  async function post(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions: Record<string, any> }[] };
    return { status: response.status, body, errors: (body.errors ?? []).map((e) => [e.extensions.code, e.extensions.field, e.message]) };
  }

  describe('in queries: one BAD_USER_INPUT naming the argument, before anything runs', () => {
    it('refuses "" and malformed ids, also inside lists and filters', async () => {
      expect(await post(`{ project(id: "") { id } }`)).toMatchObject({ status: 400, errors: [['BAD_USER_INPUT', 'id', '"id": Not an id of this API']] });
      expect((await post(`query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`, { f: { municipalityId: '' } })).errors).toEqual([
        ['BAD_USER_INPUT', 'filter.municipalityId', '"filter.municipalityId": Not an id of this API'],
      ]);
      const { body } = await post(`query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`, { f: { municipalityId: 'x', fundingPeriodId: '1' } });
      expect(body.data).toBeUndefined();
      expect(body.errors![0]!.extensions.problems).toEqual([
        { field: 'filter.fundingPeriodId', message: 'Not an id of this API', code: 'INVALID' },
        { field: 'filter.municipalityId', message: 'Not an id of this API', code: 'INVALID' },
      ]);
    });

    it('refuses NUL and other control characters, lone surrogates and strings over their limit', async () => {
      const search = (value: string) => post(`query($f: EventFilter) { events(filter: $f) { totalCount } }`, { f: { search: value } });
      for (const bad of ['a\u0000b', 'tab\there', 'line\nbreak', '\u001b[31m', '\u0085', '\ud800']) {
        expect((await search(bad)).errors, JSON.stringify(bad)).toEqual([['BAD_USER_INPUT', 'filter.search', '"filter.search": Control characters are not allowed here']]);
      }
      expect((await search('x'.repeat(LIMITS.searchMaxLength + 1))).errors).toEqual([['BAD_USER_INPUT', 'filter.search', `"filter.search": At most ${LIMITS.searchMaxLength} characters`]]);
      // Limits count characters, not UTF-16 units: 100 emoji are 100 characters.
      expect(await search('😀'.repeat(LIMITS.searchMaxLength))).toMatchObject({ status: 200, errors: [] });
      expect(await search('Ω 日本語 العربية')).toMatchObject({ status: 200, errors: [] });
      const nisCodes = await post(`query($f: MunicipalityFilter) { municipalities(filter: $f) { totalCount } }`, { f: { nisCodes: ['44021', '4\u00002'] } });
      expect(nisCodes.errors).toEqual([['BAD_USER_INPUT', 'filter.nisCodes', '"filter.nisCodes": Control characters are not allowed here (item 2)']]);
    });

    it('checks arguments of nested fields before the root field runs', async () => {
      const { status, body } = await post(`{ municipalityByNisCode(nisCode: "44021") { id socialMix(schoolYear: "2023-2024\\u0000") { schoolYear } } }`);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined(); // refused as a whole: no root field ran
      expect(body.errors!.map((e) => [e.extensions.code, e.extensions.field])).toEqual([['BAD_USER_INPUT', 'schoolYear']]);
    });

    it('answers more than 50 bad variable values as BAD_USER_INPUT, not as an internal error', async () => {
      const { status, body } = await post(`query($f: MunicipalityFilter) { municipalities(filter: $f) { totalCount } }`, { f: { nisCodes: Array.from({ length: 60 }, () => ({})) } });
      expect(status).toBe(400);
      const codes = body.errors!.map((e) => e.extensions.code as string);
      expect(codes).toHaveLength(51);
      expect(new Set(codes)).toEqual(new Set(['BAD_USER_INPUT']));
      expect(body.errors!.at(-1)!.message).toMatch(/Too many invalid variable values/);
    });
  });

  describe('in mutations: userErrors naming the input field, nothing written', () => {
    const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } userErrors { field message code } } }`;
    const input = (extra: Record<string, unknown>) => ({
      title: 'Invoerregels',
      leadMunicipalityId: ids.municipality,
      fundingPeriodId: ids.period,
      targetHouseholds: 10,
      baselineHouseholds: 0,
      ...extra,
    });
    const projectCount = async () => (await server.data(`{ projects { totalCount } }`)).projects.totalCount as number;

    it('answers "" in an id list, a control character and a title over its limit as user errors, all at once', async () => {
      const before = await projectCount();
      const { status, body } = await post(CREATE, {
        input: input({ schoolIds: [ids.school, ''], partnerMunicipalityIds: ['not-an-id'], title: `${'t'.repeat(LIMITS.titleMaxLength)}!`, leadMunicipalityId: `${ids.municipality}\u0000` }),
      });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.createProject).toEqual({
        project: null,
        userErrors: [
          { field: ['input', 'title'], message: `At most ${LIMITS.titleMaxLength} characters`, code: 'TOO_LONG' },
          { field: ['input', 'leadMunicipalityId'], message: 'Not an id of this API', code: 'INVALID' },
          { field: ['input', 'partnerMunicipalityIds'], message: 'Not an id of this API (item 1)', code: 'INVALID' },
          { field: ['input', 'schoolIds'], message: 'Not an id of this API (item 2)', code: 'INVALID' },
        ],
      });
      const nul = await post(CREATE, { input: input({ title: 'Met\u0000NUL' }) });
      expect(nul.body.data!.createProject.userErrors).toEqual([{ field: ['input', 'title'], message: 'Control characters are not allowed here', code: 'INVALID' }]);
      expect(await projectCount()).toBe(before);
    });

    it('names the row of an import, and answers its counts as zero', async () => {
      const { body } = await post(
        `mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { created updated unchanged userErrors { field message code } } }`,
        { input: { rows: [{ eventId: ids.event, householdReference: 'ok-1' }, { eventId: '', householdReference: 'r\u0000' }] } },
      );
      expect(body.data!.importAttendances).toEqual({
        created: 0,
        updated: 0,
        unchanged: 0,
        userErrors: [
          { field: ['input', 'rows', '1', 'eventId'], message: 'Not an id of this API', code: 'INVALID' },
          { field: ['input', 'rows', '1', 'householdReference'], message: 'Control characters are not allowed here', code: 'INVALID' },
        ],
      });
    });

    it('lets free text hold line breaks and tabs, but never NUL', async () => {
      const CANCEL = `mutation($input: CancelEventInput!) { cancelEvent(input: $input) { event { id } userErrors { field message code } } }`;
      const nul = await post(CANCEL, { input: { id: ids.event, version: ids.eventVersion, reason: 'storm\u0000' } });
      expect(nul.body.data!.cancelEvent).toEqual({ event: null, userErrors: [{ field: ['input', 'reason'], message: 'Control characters are not allowed here', code: 'INVALID' }] });
      const long = await post(CANCEL, { input: { id: ids.event, version: ids.eventVersion, reason: 'r'.repeat(LIMITS.reasonMaxLength + 1) } });
      expect(long.body.data!.cancelEvent.userErrors).toEqual([{ field: ['input', 'reason'], message: `At most ${LIMITS.reasonMaxLength} characters`, code: 'TOO_LONG' }]);
      const text = await post(CANCEL, { input: { id: ids.event, version: ids.eventVersion, reason: 'Storm.\n\tDe school is dicht.\r\n' } });
      expect(text.body.errors).toBeUndefined();
      expect(text.body.data!.cancelEvent.userErrors).toEqual([]);
      expect(text.body.data!.cancelEvent.event).toEqual({ id: ids.event });
    });
  });

  describe('declared in one place and shown in the schema', () => {
    it('every String argument and input field states its limit in its description, as STRING_INPUTS declares it', async () => {
      const { __schema } = await server.data<IntrospectionQuery>(getIntrospectionQuery());
      const inputs: [string, IntrospectionInputValue][] = [];
      for (const type of __schema.types) {
        if (type.name.startsWith('__')) continue;
        if (type.kind === 'INPUT_OBJECT') for (const f of type.inputFields) inputs.push([`${type.name}.${f.name}`, f]);
        if (type.kind === 'OBJECT') for (const field of type.fields) for (const a of field.args) inputs.push([`${field.name}.${a.name}`, a]);
      }
      const named = (t: IntrospectionInputValue['type']): string => ('ofType' in t && t.ofType ? named(t.ofType) : (t as { name: string }).name);
      const strings = inputs.filter(([, v]) => named(v.type) === 'String');
      expect(strings.length).toBeGreaterThan(30);
      const table: Record<string, { maxLength: number }> = STRING_INPUTS;
      for (const [where, value] of strings) {
        const rule = table[where] ?? table[value.name];
        expect(rule, where).toBeDefined();
        expect(value.description, where).toContain(`at most ${rule!.maxLength} characters`);
      }
      const apiKeyName = strings.find(([where]) => where === 'CreateApiKeyInput.name')![1];
      expect(apiKeyName.description).toBe(`(at most ${LIMITS.apiKeyNameMaxLength} characters)`);
    });

    it('a String input without a declared limit stops the server from starting', () => {
      const schema: GraphQLSchema = buildSdl(`type Query { a(title: String, nickname: String): Int } input X { favouriteColour: String, id: ID }`);
      expect(() => declareInputRules(schema)).toThrow(/Query\.a\(nickname\), X\.favouriteColour/);
    });
  });

  describe('the last line of defence: a value PostgreSQL itself refuses is bad input, not a 500', () => {
    it('maps invalid_text_representation (22P02) from the real database to BAD_USER_INPUT', async () => {
      let refusal: unknown;
      try {
        await server.app.db.orm.em.fork().getConnection().execute(`select ''::uuid`);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeDefined();
      const format = createFormatError(pino({ level: 'silent' }), false);
      const formatted = format({ message: String((refusal as Error).message), extensions: { code: 'INTERNAL_SERVER_ERROR' } }, { originalError: refusal });
      expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', sqlState: '22P02' });
      expect(JSON.stringify(formatted)).not.toMatch(/uuid|select/i);
    });
  });
});

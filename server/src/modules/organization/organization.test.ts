import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { name kind promotesSocialMix municipality { nisCode } } userErrors { field code } }
}`;

describe('createOrganization', () => {
  let server: TestServer;
  let municipalityId: string;
  let nisCode: string;

  beforeAll(async () => {
    server = await startTestServer();
    const m = await f.municipality(f.em(server));
    municipalityId = m.id;
    nisCode = m.nisCode;
  });

  afterAll(() => server?.close());

  const input = (over: Record<string, unknown> = {}) => ({ input: { name: 'LOP Basisonderwijs', kind: 'LOCAL_CONSULTATION_PLATFORM', municipalityId, promotesSocialMix: true, ...over } });

  it('registers a partner organisation in a municipality', async () => {
    const { createOrganization } = await server.data(CREATE, input());
    expect(createOrganization).toEqual({
      organization: { name: 'LOP Basisonderwijs', kind: 'LOCAL_CONSULTATION_PLATFORM', promotesSocialMix: true, municipality: { nisCode } },
      userErrors: [],
    });
  });

  it('refuses the same name twice in one municipality, and writes nothing', async () => {
    const { createOrganization } = await server.data(CREATE, input({ name: ' LOP Basisonderwijs ' }));
    expect(createOrganization.userErrors).toEqual([{ field: ['input', 'name'], code: 'DUPLICATE' }]);
    const { organizations } = await server.data(`query($m: ID!) { organizations(filter: { municipalityId: $m }) { totalCount } }`, { m: municipalityId });
    expect(organizations.totalCount).toBe(1);
  });

  it('names every broken field', async () => {
    const blank = await server.data(CREATE, input({ name: '   ' }));
    expect(blank.createOrganization.userErrors).toEqual([{ field: ['input', 'name'], code: 'REQUIRED' }]);
    const long = await server.data(CREATE, input({ name: 'x'.repeat(201) }));
    expect(long.createOrganization.userErrors).toEqual([{ field: ['input', 'name'], code: 'TOO_LONG' }]);
    const unknown = await server.data(CREATE, input({ municipalityId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.createOrganization.userErrors).toEqual([{ field: ['input', 'municipalityId'], code: 'NOT_FOUND' }]);
    const bad = await server.gql(CREATE, input({ kind: 'CHURCH' }));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

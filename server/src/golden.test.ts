import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.js';

/**
 * The demo data set's published figures, pinned byte for byte: the programme table, every
 * project's KPI and every export, as an administrator and as an analyst (disclosure control on).
 * The hashes in golden.json were recorded before the platform upgrade (Node 20, MikroORM 6) and
 * must not move when the runtime, the ORM or the driver change. A change of a figure on purpose
 * re-records them with `UPDATE_GOLDEN=1 pnpm --filter @schoolmix/server test golden` — and says
 * why in its commit.
 */
const GOLDEN_FILE = new URL('./golden.json', import.meta.url);

// `programSummary` is asked for under its name before the 2026-12 rename (an alias), so the
// recorded hash of the answer stays comparable.
const PROGRAMME_TABLE = `{
  fundingPeriods {
    nodes {
      number label startsOn endsOn reportStatus
      programReport { budget representedLocalGovernments representedLocalGovernments2025 committed realised pending projectCount
        municipalityProgress { municipality { nisCode } projectCount target reached expectedByNow progress onTrack suppressed { field reason } } }
    }
  }
  programmeSummary: programSummary { budget committed periods finalPeriods realised representedLocalGovernments }
}`;

const KPI_PAGE = `query KpiPage($after: String) {
  projects(first: 100, after: $after, orderBy: [{ field: TITLE }]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      title status subsidyGranted
      leadMunicipality { nisCode }
      fundingPeriod { number }
      kpi { target reached progress expectedByNow onTrack earnedSubsidy
        byEventType { type reached }
        families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds }
        suppressed { field reason } }
    }
  }
}`;

const EXPORTS = ['program-report', 'project-kpis', 'events', 'school-compositions', 'social-mix'] as const;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('the demo data set’s published figures (golden)', () => {
  let server: TestServer;
  let analyst: string;
  const actual: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    analyst = await server.tokenFor('ANALYST');
  }, 180_000);

  afterAll(async () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN_FILE, `${JSON.stringify(actual, null, 2)}\n`);
    await server?.close();
  });

  const expected = (): Record<string, string> => JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, string>;
  const check = (key: string, value: string) => {
    actual[key] = value;
    if (process.env.UPDATE_GOLDEN !== '1') expect(value, key).toBe(expected()[key]);
  };

  for (const role of ['admin', 'analyst'] as const) {
    const headers = (): Record<string, string> => (role === 'analyst' ? { authorization: `Bearer ${analyst}` } : {});

    it(`keeps the programme table and programme summary (${role})`, async () => {
      const body = await server.gql(PROGRAMME_TABLE, {}, headers());
      expect(body.errors).toBeUndefined();
      check(`programme-table.${role}`, sha256(JSON.stringify(body.data)));
    });

    it(`keeps every project’s KPI (${role})`, async () => {
      const nodes: unknown[] = [];
      let after: string | null = null;
      let totalCount: number;
      do {
        const body: { data?: any; errors?: unknown[] } = await server.gql(KPI_PAGE, { after }, headers());
        expect(body.errors).toBeUndefined();
        nodes.push(...body.data.projects.nodes);
        totalCount = body.data.projects.totalCount;
        after = body.data.projects.pageInfo.hasNextPage ? body.data.projects.pageInfo.endCursor : null;
      } while (after);
      expect(nodes).toHaveLength(totalCount);
      expect(totalCount).toBeGreaterThanOrEqual(36);
      check(`kpi-list.${role}`, sha256(JSON.stringify(nodes)));
    });

    for (const name of EXPORTS) {
      for (const format of ['csv', 'ndjson'] as const) {
        it(`keeps the ${name}.${format} export byte for byte (${role})`, async () => {
          const token = role === 'analyst' ? analyst : server.adminToken;
          const response = await fetch(`${server.url}/export/${name}.${format}`, { headers: { authorization: `Bearer ${token}` } });
          expect(response.status).toBe(200);
          const bytes = new Uint8Array(await response.arrayBuffer());
          expect(bytes.length).toBeGreaterThan(100);
          check(`export.${name}.${format}.${role}`, sha256(bytes));
        });
      }
    }
  }
});

import { readFileSync, writeFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { brusselsDateTime, dictionaryMarkdown, EXPORT_DICTIONARY } from './export-dictionary.js';
import { EXPORT_REPORTS } from './export-reports.js';

/**
 * Exports for data teams (issue 17, deliverable 6): times in Europe/Brussels with their offset,
 * and a data dictionary at GET /export/schema.json that matches every export column for column,
 * written out in docs/REPORTS.md (UPDATE_DOCS=1 rewrites that section).
 */
const REPORTS_MD = new URL('../../../../docs/REPORTS.md', import.meta.url);
const START = '<!-- export-dictionary:start (generated from server/src/modules/report/export-dictionary.ts) -->';
const END = '<!-- export-dictionary:end -->';

describe('export times and the data dictionary', () => {
  let server: TestServer;
  let em: EntityManager;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
  });

  afterAll(() => server?.close());

  it('writes a moment as Brussels wall-clock time with the offset of that day, across both DST changes', () => {
    expect(brusselsDateTime(new Date('2025-02-10T18:00:00Z'))).toBe('2025-02-10T19:00:00+01:00');
    expect(brusselsDateTime(new Date('2025-07-01T16:30:00Z'))).toBe('2025-07-01T18:30:00+02:00');
    // Last Sunday of March 2025: 01:00 UTC becomes 03:00 local; last Sunday of October: 01:00 UTC becomes 02:00 local again.
    expect(brusselsDateTime(new Date('2025-03-30T00:59:59Z'))).toBe('2025-03-30T01:59:59+01:00');
    expect(brusselsDateTime(new Date('2025-03-30T01:00:00Z'))).toBe('2025-03-30T03:00:00+02:00');
    expect(brusselsDateTime(new Date('2025-10-26T00:30:00Z'))).toBe('2025-10-26T02:30:00+02:00');
    expect(brusselsDateTime(new Date('2025-10-26T01:30:00Z'))).toBe('2025-10-26T02:30:00+01:00');
    // The same instant as the UTC time it came from.
    expect(Date.parse(brusselsDateTime(new Date('2025-07-01T16:30:00Z')))).toBe(Date.parse('2025-07-01T16:30:00Z'));
  });

  it('exports an event’s start in Brussels time (CSV and NDJSON), winter and summer', async () => {
    const m = await f.municipality(em);
    const organizer = await f.organization(em, m);
    const project = await f.project(em, { lead: m, partners: [organizer] });
    const winter = await f.event(em, project, organizer, { startsAt: new Date('2025-02-10T18:00:00Z') });
    const summer = await f.event(em, project, organizer, { startsAt: new Date('2025-06-12T17:00:00Z') });
    const get = async (format: string) => {
      const res = await fetch(`${server.url}/export/events.${format}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const rows = new Map((await get('ndjson')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r.event_id, r]));
    expect(rows.get(winter.id)!.starts_at).toBe('2025-02-10T19:00:00+01:00');
    expect(rows.get(summer.id)!.starts_at).toBe('2025-06-12T19:00:00+02:00');
    const csv = (await get('csv')).replace(/^\uFEFF/, '').split('\r\n').map((l) => l.split(';'));
    const at = csv[0]!.indexOf('starts_at');
    expect(csv.find((r) => r[0] === summer.id)![at]).toBe('2025-06-12T19:00:00+02:00');
  });

  it('serves GET /export/schema.json without sign-in: every export, every column in file order, each with type and description', async () => {
    const res = await fetch(`${server.url}/export/schema.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { reports: Record<string, { url: string; columns: { name: string; type: string; unit?: string; nullable: boolean; description: string; suppression?: string }[] }> };
    expect(Object.keys(body.reports).sort()).toEqual(Object.keys(EXPORT_REPORTS).sort());
    for (const [name, report] of Object.entries(EXPORT_REPORTS)) {
      expect(body.reports[name]!.columns.map((c) => c.name), name).toEqual([...report.columns]);
      expect(Object.keys(EXPORT_DICTIONARY[name]!).sort(), `${name}: the dictionary describes exactly the columns`).toEqual([...report.columns].sort());
      for (const column of body.reports[name]!.columns) {
        expect(['string', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'uuid', 'object'], `${name}.${column.name}`).toContain(column.type);
        expect(column.description.length, `${name}.${column.name}`).toBeGreaterThan(3);
      }
    }
    const kpis = Object.fromEntries(body.reports['project-kpis']!.columns.map((c) => [c.name, c]));
    expect(kpis.earned_subsidy_eur).toMatchObject({ type: 'decimal', unit: 'EUR', nullable: true });
    expect(kpis.reached!.suppression).toMatch(/threshold/);
    expect(body.reports.events!.columns.find((c) => c.name === 'starts_at')).toMatchObject({ type: 'datetime' });
  });

  it('keeps docs/REPORTS.md’s data dictionary equal to the one served', () => {
    const markdown = dictionaryMarkdown((report) => EXPORT_REPORTS[report]!.columns);
    const doc = readFileSync(REPORTS_MD, 'utf8');
    const [before, rest] = doc.split(START);
    const after = rest?.split(END)[1];
    if (process.env.UPDATE_DOCS === '1' && before !== undefined && after !== undefined) {
      writeFileSync(REPORTS_MD, `${before}${START}\n${markdown}\n${END}${after}`);
      return;
    }
    expect(rest, `docs/REPORTS.md has the markers ${START} … ${END}`).toBeDefined();
    expect(rest!.split(END)[0]!.trim()).toBe(markdown);
  });
});

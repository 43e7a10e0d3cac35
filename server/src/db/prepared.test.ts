import type { EntityManager } from '@mikro-orm/sql';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { configProblems, startTestServer, type TestServer } from '../test/harness.js';
import { PreparedReads } from './prepared.js';

/**
 * Repeated reads as named prepared statements (db/prepared.ts): the same rows as through the
 * EntityManager, counted as statements, a name from a text's second run on, at most `max` names,
 * never outside a transaction the read belongs to, and PGlite untouched.
 */
describe('PREPARED_STATEMENTS', () => {
  it('is on by default, can be turned off, and names itself when set to anything else', () => {
    expect([loadConfig({}).preparedStatements, loadConfig({ PREPARED_STATEMENTS: 'off' }).preparedStatements]).toEqual([true, false]);
    expect(configProblems({ PREPARED_STATEMENTS: 'sometimes' })).toEqual(['PREPARED_STATEMENTS must be on or off (got "sometimes")']);
  });
});

describe('PreparedReads', () => {
  let server: TestServer;
  const em = () => server.app.db.orm.em.fork() as EntityManager;
  const COUNT = 'select count(*)::int as n from municipality';

  beforeAll(async () => {
    // The one statement of a read on (CI's PostgreSQL pass turns it off for the other suites).
    server = await startTestServer({ seed: 'demo', env: { GRAPHQL_PUSHDOWN: 'on' } });
  });
  afterAll(() => server?.close());

  it.skipIf(!!process.env.DATABASE_URL)('on the embedded database reads through the EntityManager, naming nothing', async () => {
    const prepared = new PreparedReads(server.app.db);
    const answers = [await prepared.all<{ n: number }>(em(), COUNT), await prepared.all<{ n: number }>(em(), COUNT), await prepared.all<{ n: number }>(em(), COUNT)];
    expect(answers.map(([row]) => row!.n)).toEqual(Array(3).fill(answers[0]![0]!.n));
    expect(answers[0]![0]!.n).toBeGreaterThan(0);
    expect(prepared.size).toBe(0);
  });

  describe.skipIf(!process.env.DATABASE_URL)('on a PostgreSQL server', () => {
    const pool = async () => (server.app.db.orm.driver.getConnection('write') as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient();

    it('names a text from its second run, answers the same rows and counts each run as a statement', async () => {
      const prepared = new PreparedReads(server.app.db);
      const spy = vi.spyOn(await pool(), 'query');
      try {
        const runs = [];
        for (let i = 0; i < 3; i++) {
          const { result, statements } = await server.app.db.statements.capture(() => prepared.all<{ n: number }>(em(), COUNT));
          runs.push({ n: result[0]!.n, statements, named: prepared.size });
        }
        expect(runs.map((r) => r.n)).toEqual(Array(3).fill(runs[0]!.n));
        expect(runs.map((r) => r.statements)).toEqual(Array(3).fill([COUNT]));
        expect(runs.map((r) => r.named)).toEqual([0, 1, 1]);
        const named = spy.mock.calls.map(([config]) => config as unknown).filter((c): c is { name: string; text: string } => typeof c === 'object' && c !== null && 'name' in c);
        expect(named).toEqual([
          expect.objectContaining({ name: expect.stringMatching(/^smx_[0-9a-f]{32}$/), text: COUNT }),
          expect.objectContaining({ name: named[0]!.name, text: COUNT }),
        ]);
      } finally {
        spy.mockRestore();
      }
    });

    it('sends a text with parameters as one named statement, whatever the values', async () => {
      const prepared = new PreparedReads(server.app.db);
      const spy = vi.spyOn(await pool(), 'query');
      const sql = 'select cast(? as int) + cast(? as int) as sum';
      try {
        const sums = [(await prepared.withParams<{ sum: number }>(em(), sql, [1, 2]))[0]!.sum, (await prepared.withParams<{ sum: number }>(em(), sql, [40, 2]))[0]!.sum];
        expect(sums).toEqual([3, 42]);
        const calls = spy.mock.calls.map(([config]) => config as unknown as { name: string; text: string; values: unknown[] });
        expect(calls).toEqual([
          expect.objectContaining({ name: expect.stringMatching(/^smx_/), text: 'select cast($1 as int) + cast($2 as int) as sum', values: [1, 2] }),
          expect.objectContaining({ name: calls[0]!.name, values: [40, 2] }),
        ]);
      } finally {
        spy.mockRestore();
      }
    });

    it('reads inside a transaction on the transaction’s own connection', async () => {
      const prepared = new PreparedReads(server.app.db, { after: 1, max: 10, track: 10 });
      const sql = `select current_setting('application_name') as name`;
      const names = await em().transactional(async (tx) => {
        await tx.execute(`set local application_name = 'inside-the-transaction'`);
        return [await prepared.all<{ name: string }>(tx, sql), await prepared.all<{ name: string }>(tx, sql)];
      });
      expect(names.map(([row]) => row!.name)).toEqual(['inside-the-transaction', 'inside-the-transaction']);
      expect(prepared.size).toBe(0);
    });

    it('names nothing with PREPARED_STATEMENTS=off (a pooler that cannot keep them)', async () => {
      const prepared = new PreparedReads(server.app.db, { after: 1, max: 10, track: 10, enabled: false });
      const spy = vi.spyOn(await pool(), 'query');
      try {
        expect((await prepared.all<{ n: number }>(em(), COUNT))[0]!.n).toBeGreaterThan(0);
        expect((await prepared.withParams<{ k: number }>(em(), 'select cast(? as int) as k', [7]))[0]!.k).toBe(7);
        expect(spy.mock.calls.filter(([config]) => typeof config === 'object' && config !== null && 'name' in config)).toEqual([]);
        expect(prepared.size).toBe(0);
      } finally {
        spy.mockRestore();
      }
    });

    it('serves repeated GraphQL reads (a flat list as arrays of columns, a nested one as JSON) as named statements that check the session themselves, with the same answers', async () => {
      // A new user's session: checked with the first count of its requests (one statement through
      // the EntityManager), then by each read itself (modules/auth/session-check.ts).
      const token = await server.tokenFor('ADMIN');
      const spy = vi.spyOn(await pool(), 'query');
      const flat = '{ municipalities(first: 3, orderBy: [{ field: NIS_CODE }]) { nodes { nisCode name } } }';
      const nested = '{ projects(first: 2, orderBy: [{ field: TITLE }]) { nodes { title leadMunicipality { name } } } }';
      try {
        for (const query of [flat, nested]) {
          const answers = [];
          for (let i = 0; i < 4; i++) answers.push(await server.gql(query, {}, { authorization: `Bearer ${token}` }));
          expect(answers[0]!.errors).toBeUndefined();
          expect(Object.values(answers[0]!.data!)[0]).toMatchObject({ nodes: expect.arrayContaining([expect.any(Object)]) });
          for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
        }
        const calls = spy.mock.calls.map(([config]) => config as unknown as { name?: string; text?: string; rowMode?: string; values?: unknown[] }).filter((c) => typeof c === 'object');
        const checksItself = (c: { text?: string; values?: unknown[] }) => c.text!.includes('from app_user u where u.id = $2') && c.values?.length === 3;
        // Never the session alone.
        expect(calls.filter((c) => c.text!.startsWith('select s.*, s::text as seen'))).toEqual([]);
        // The flat list: its plain read once (through the EntityManager), then its read that checks
        // the session three times, named from the second of them on.
        const flatReads = calls.filter((c) => c.text!.includes('from "municipality" as t1'));
        expect(flatReads).toHaveLength(3);
        expect(flatReads.every((c) => c.rowMode === 'array' && !c.text!.includes('json') && checksItself(c))).toBe(true);
        expect(flatReads.filter((c) => c.name)).toHaveLength(2);
        // The nested list: four reads that check the session, named from the second on.
        const nestedReads = calls.filter((c) => c.text!.startsWith('select json_build_object') && c.text!.includes('"project"'));
        expect(nestedReads).toHaveLength(4);
        expect(nestedReads.every(checksItself)).toBe(true);
        expect(nestedReads.filter((c) => c.name)).toHaveLength(3);
      } finally {
        spy.mockRestore();
      }
    });

    it('sends a read the pooler cannot prepare again unprepared: a lost name turns naming off with one warning, a changed table only retries', async () => {
      const refusals: Error[] = [];
      const prepared = new PreparedReads(server.app.db, { after: 1, max: 10, track: 10, onRefused: (error) => refusals.push(error) });
      const native = await pool();
      const failOnce = (code: string) =>
        vi.spyOn(native, 'query').mockRejectedValueOnce(Object.assign(new Error(`refused ${code}`), { code }));
      const named = () => spy.mock.calls.filter(([config]) => typeof config === 'object' && config !== null && 'name' in config).length;
      let spy = failOnce('0A000');
      try {
        expect((await prepared.all<{ n: number }>(em(), COUNT))[0]!.n).toBeGreaterThan(0);
        expect(refusals).toEqual([]);
        expect((await prepared.all<{ n: number }>(em(), COUNT))[0]!.n).toBeGreaterThan(0);
        expect(named()).toBe(2);
      } finally {
        spy.mockRestore();
      }
      spy = failOnce('26000');
      try {
        expect((await prepared.withParams<{ k: number }>(em(), 'select cast(? as int) as k', [5]))[0]!.k).toBe(5);
        expect(refusals.map((e) => (e as Error & { code: string }).code)).toEqual(['26000']);
        expect((await prepared.all<{ n: number }>(em(), COUNT))[0]!.n).toBeGreaterThan(0);
        expect(named()).toBe(1);
      } finally {
        spy.mockRestore();
      }
    });

    it('refuses values that are not one plain value per placeholder', async () => {
      const prepared = new PreparedReads(server.app.db);
      await expect(prepared.withParams(em(), 'select cast(? as int) as k', [1, 2])).rejects.toThrow(/1 plain values expected, got 2/);
      await expect(prepared.withParams(em(), 'select cast(? as int) as k', [[1]])).rejects.toThrow(/plain values expected/);
    });

    it('names at most `max` texts; the others are still answered', async () => {
      const prepared = new PreparedReads(server.app.db, { after: 1, max: 2, track: 10 });
      const answers = [];
      for (const k of [1, 2, 3]) answers.push((await prepared.all<{ k: number }>(em(), `select ${k}::int as k`))[0]!.k);
      expect(answers).toEqual([1, 2, 3]);
      expect(prepared.size).toBe(2);
    });

    it('rejects with PostgreSQL’s own error when a prepared statement fails', async () => {
      const prepared = new PreparedReads(server.app.db, { after: 1, max: 10, track: 10 });
      await expect(prepared.all(em(), 'select 1 / 0 as x')).rejects.toMatchObject({ code: '22012' });
      // The pool's connection is still good for the next read.
      expect((await prepared.all<{ n: number }>(em(), COUNT))[0]!.n).toBeGreaterThan(0);
    });
  });
});

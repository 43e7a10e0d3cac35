import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import { sqlArray } from '../db/sql.js';
import type { SessionSigner } from '../modules/auth/session.js';
import { ANONYMOUS } from '../modules/auth/viewer.js';
import { Municipality } from '../modules/municipality/municipality.entity.js';
import { School } from '../modules/school/school.entity.js';
import * as f from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { type Context, contextFor } from './context.js';
import { defineLoader, defineLoaderFamily, type LinkTable, Loaders } from './loaders.js';

const PARTNERS: LinkTable = { table: 'project_partner_municipality', parentColumn: 'project_id', childColumn: 'municipality_id' };
const EVENT_SCHOOLS: LinkTable = { table: 'event_school', parentColumn: 'event_id', childColumn: 'school_id' };

/** Counts its batches; answers each key doubled. */
let batches = 0;
const DOUBLE = defineLoader('test.double', (_ctx: Context, keys: readonly number[]) => {
  batches += 1;
  return Promise.resolve(keys.map((k) => k * 2));
});
/** Answers the parameter with the key, and which context ran the batch. */
const TAGGED = defineLoaderFamily('test.tagged', (ctx: Context, keys: readonly string[], tag: string) => Promise.resolve(keys.map((k) => `${tag}:${k}:${ctx.requestId}`)));

describe('the loader registry', () => {
  let server: TestServer;
  let context: (requestId: string) => Context;

  beforeAll(async () => {
    server = await startTestServer();
    context = (requestId) => contextFor(f.em(server), ANONYMOUS, '127.0.0.1', {} as Config, {} as SessionSigner, undefined, requestId);
  });
  afterAll(() => server.close());

  it('gives the same loader for a key within one context, and batches its loads', async () => {
    const ctx = context('a');
    expect(ctx.loaders.get(DOUBLE)).toBe(ctx.loaders.get(DOUBLE));
    batches = 0;
    const values = await Promise.all([ctx.loaders.get(DOUBLE).load(1), ctx.loaders.get(DOUBLE).load(2), ctx.loaders.get(DOUBLE).load(1)]);
    expect(values).toEqual([2, 4, 2]);
    expect(batches).toBe(1);
  });

  it('makes a fresh loader per context: nothing is cached across requests', async () => {
    const [a, b] = [context('a'), context('b')];
    expect(a.loaders.get(DOUBLE)).not.toBe(b.loaders.get(DOUBLE));
    batches = 0;
    await a.loaders.get(DOUBLE).load(7);
    await b.loaders.get(DOUBLE).load(7);
    expect(batches).toBe(2);
    // The batch is given the context that owns the registry.
    expect(await a.loaders.get(TAGGED, 'x').load('k')).toBe('x:k:a');
    expect(await b.loaders.get(TAGGED, 'x').load('k')).toBe('x:k:b');
  });

  it('by id, `read` hands out a row already read with the columns asked, itself (no promise); otherwise it loads', async () => {
    const em = f.em(server);
    const m = await f.municipality(em);
    const ctx = context('read');
    const thin = ctx.loaders.byId(Municipality, ['name']);
    // Not read yet: a promise, and one statement.
    const first = thin.read(m.id);
    expect(first).toBeInstanceOf(Promise);
    expect(((await first) as Municipality).name).toBe(m.name);
    // Read: the row itself.
    const again = thin.read(m.id);
    expect(again).not.toBeInstanceOf(Promise);
    expect((again as Municipality).name).toBe(m.name);
    // A caller who needs every column does not get the thin row: it is read again.
    const { result: whole, statements } = await server.app.db.statements.capture(async () => {
      const value = ctx.loaders.byId(Municipality).read(m.id);
      expect(value).toBeInstanceOf(Promise);
      return value;
    });
    expect(statements).toHaveLength(1);
    expect((whole as Municipality).nisCode).toBe(m.nisCode);
    // An id that is no row: null, remembered too.
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await thin.read(missing)).toBeNull();
    expect(thin.read(missing)).toBeNull();
  });

  it('keeps one loader per parameter value of a family', async () => {
    const ctx = context('c');
    expect(ctx.loaders.get(TAGGED, 'x')).toBe(ctx.loaders.get(TAGGED, 'x'));
    expect(ctx.loaders.get(TAGGED, 'x')).not.toBe(ctx.loaders.get(TAGGED, 'y'));
    expect(await Promise.all([ctx.loaders.get(TAGGED, 'x').load('k'), ctx.loaders.get(TAGGED, 'y').load('k')])).toEqual(['x:k:c', 'y:k:c']);
  });

  it('is typed by its keys', () => {
    const loaders = context('d').loaders;
    // @ts-expect-error a family needs its parameter
    loaders.get(TAGGED);
    // @ts-expect-error of its own type
    loaders.get(TAGGED, 1);
    // @ts-expect-error keys of the key's type only
    void loaders.get(DOUBLE).load('1');
    // @ts-expect-error a registry of another context cannot run a key that needs the request's Context
    new Loaders<{ other: true }>({} as EntityManager, () => ({ other: true as const })).get(DOUBLE);
  });

  describe('manyToMany', () => {
    let em: EntityManager;
    let projects: string[];
    let eventId: string;
    let schoolIds: string[];

    beforeAll(async () => {
      em = f.em(server);
      const ms = [];
      for (let i = 0; i < 4; i++) ms.push(await f.municipality(em));
      // Link rows in an order that is neither by id nor by name.
      const p1 = await f.project(em, { partnerMunicipalities: [ms[2]!, ms[0]!] });
      const p2 = await f.project(em, { partnerMunicipalities: [ms[3]!, ms[1]!, ms[2]!] });
      const p3 = await f.project(em);
      projects = [p1.id, p2.id, p3.id];
      const lead = await f.municipality(em);
      const org = await f.organization(em, lead);
      const schools = [await f.school(em, lead), await f.school(em, lead), await f.school(em, lead)];
      schoolIds = schools.map((s) => s.id);
      const ev = await f.event(em, p1, org);
      ev.schools.set([schools[1]!, schools[2]!, schools[0]!]);
      await em.flush();
      eventId = ev.id;
    });

    it('answers each parent its children in link-row order, in two statements for all parents', async () => {
      const rows = await em.execute<{ parent: string; child: string }[]>(
        `select project_id as parent, municipality_id as child from project_partner_municipality where project_id = any(?::uuid[])`,
        [sqlArray(projects)],
      );
      const ctx = context('e');
      const { result, statements } = await server.app.db.statements.capture(() => Promise.all(projects.map((id) => ctx.loaders.manyToMany(Municipality, PARTNERS).load(id))));
      expect(result.map((list) => list.map((m) => m.id))).toEqual(projects.map((id) => rows.filter((r) => r.parent === id).map((r) => r.child)));
      expect(result[2]).toEqual([]);
      expect(statements).toHaveLength(2);
      expect(statements[0]).toMatch(/from "project_partner_municipality"/);
      expect(statements[1]).toMatch(/from "municipality"/);
    });

    it('serves an event’s schools from the same loader shape', async () => {
      const ctx = context('f');
      const rows = await em.execute<{ school_id: string }[]>('select school_id from event_school where event_id = ?', [eventId]);
      const schools = await ctx.loaders.manyToMany(School, EVENT_SCHOOLS).load(eventId);
      expect(schools.map((s) => s.id)).toEqual(rows.map((r) => r.school_id));
      expect(new Set(schools.map((s) => s.id))).toEqual(new Set(schoolIds));
    });
  });
});

import { Reference, ReferenceKind } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { User } from '../modules/auth/auth.entity.js';
import { Municipality } from '../modules/municipality/municipality.entity.js';
import { Project } from '../modules/project/project.entity.js';
import { projectWhere } from '../modules/project/project.service.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { entities } from './entities.js';
import { entitiesFromRows, findByIds, findForRead } from './read-model.js';

/**
 * The read model (read-model.ts) must give every property the value `em.find` gives it, for every
 * entity, on the demo data set, or the lists and loaders built on it would answer differently.
 */
describe('read-only entities (db/read-model.ts)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => server?.close());

  const fork = () => server.app.db.orm.em.fork();

  it('gives every column property the value em.find gives it, for every entity', async () => {
    const compared: string[] = [];
    for (const entity of entities as unknown as (new () => object)[]) {
      const meta = fork().getMetadata().get(entity);
      const managed = (await fork().find(entity, {}, { orderBy: { id: 'ASC' }, limit: 200 })) as unknown as Record<string, unknown>[];
      const read = (await findForRead(fork(), entity, {}, { orderBy: [{ id: 'ASC' }], limit: 200 })) as Record<string, unknown>[];
      expect(read.map((r) => r.id), entity.name).toEqual(managed.map((m) => m.id));
      if (managed.length > 0) compared.push(entity.name);
      const props = meta.props.filter((p) => (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE) && !p.lazy && p.persist !== false);
      read.forEach((row, i) => {
        expect(row).toBeInstanceOf(entity);
        for (const prop of props) {
          const want = managed[i]![prop.name];
          const got = row[prop.name];
          if (prop.kind === ReferenceKind.MANY_TO_ONE) {
            expect((got as { id?: string } | null)?.id ?? null, `${entity.name}.${prop.name}`).toBe((want as { id?: string } | null)?.id ?? null);
            if (got) expect((got as { unwrap?: () => object }).unwrap?.() ?? got).toBeInstanceOf(prop.targetMeta!.class);
            // A `Ref` property holds a Reference as em.find gives one: MikroORM and the resolvers tell it by these.
            if (got && prop.ref) {
              expect(Reference.isReference(got), `${entity.name}.${prop.name} is a Reference`).toBe(true);
              expect(got).toBeInstanceOf(Reference);
              expect(Reference.unwrapReference(got as Reference<object>)).toBeInstanceOf(prop.targetMeta!.class);
              expect(Object.keys(got).sort()).toEqual(Object.keys(want as object).sort());
            }
          } else {
            expect(got, `${entity.name}.${prop.name}`).toEqual(want);
          }
        }
      });
    }
    // The demo data set holds rows of nearly every entity; a comparison of empty tables proves nothing.
    expect(compared.length).toBeGreaterThanOrEqual(12);
    expect(compared).toEqual(expect.arrayContaining(['Municipality', 'Project', 'Event', 'Household', 'Attendance', 'School', 'FundingPeriod', 'User']));
  });

  it('findByIds (the by-id loaders) reads the same instances as findForRead, and nothing for unknown ids', async () => {
    for (const entity of entities as unknown as (new () => { id: string })[]) {
      const sample = (await findForRead(fork(), entity, {}, { orderBy: [{ id: 'DESC' }], limit: 25 })) as Record<string, unknown>[];
      if (sample.length === 0) continue;
      const ids = [...sample.map((row) => row.id as string), '00000000-0000-4000-8000-000000000000'];
      const byId = new Map(((await findByIds(fork(), entity, ids)) as Record<string, unknown>[]).map((row) => [row.id, row]));
      expect(byId.size, entity.name).toBe(sample.length);
      for (const row of sample) {
        const got = byId.get(row.id)!;
        expect(got).toBeInstanceOf(entity);
        for (const [key, value] of Object.entries(row)) {
          const id = (v: unknown) => (v as { id?: string; unwrap?: () => { id: string } } | null)?.unwrap?.().id ?? (v as { id?: string } | null)?.id;
          if (value && typeof value === 'object' && !(value instanceof Date) && id(value)) expect(id(got[key]), `${entity.name}.${key}`).toBe(id(value));
          else expect(got[key], `${entity.name}.${key}`).toEqual(value);
        }
      }
    }
    expect(await findByIds(fork(), Project, [])).toEqual([]);
  });

  it('writes a list\'s SQL once per filter, order, window and projection, and answers each filter with its own rows', async () => {
    const em = fork();
    const built = vi.spyOn(em, 'createQueryBuilder');
    const list = (where: object, limit = 5, projection?: string[]) => findForRead(em, Municipality, where, { projection, orderBy: [{ nisCode: 'ASC' }], limit });
    const all = await list({}, 500);
    const [a, b] = [all[3]!, all[7]!];
    // The same request again: the statement written the first time (no query builder).
    const first = await list({ name: a.name });
    built.mockClear();
    const again = await list({ name: a.name });
    expect(built).not.toHaveBeenCalled();
    expect(again.map((m) => m.id)).toEqual(first.map((m) => m.id));
    expect(again.map((m) => m.id)).toEqual([a.id]);
    // Another value, another window, another projection: each its own statement and its own rows.
    expect((await list({ name: b.name })).map((m) => m.id)).toEqual([b.id]);
    expect((await list({ name: { $in: [a.name, b.name] } }, 1)).map((m) => m.id)).toHaveLength(1);
    expect((await list({ name: { $in: [a.name, b.name] } }, 2)).map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    const thin = await list({ name: a.name }, 5, ['name']);
    expect(thin[0]!.name).toBe(a.name);
    expect(() => thin[0]!.nisCode).toThrow(/was not read/);
    expect(built).toHaveBeenCalledTimes(4);
    // A number and its text are different filters to the query builder, and to the cache.
    built.mockClear();
    expect(await list({ population: a.population ?? 0 })).toBeDefined();
    expect(await list({ population: String(a.population ?? 0) })).toBeDefined();
    expect(built).toHaveBeenCalledTimes(2);
    // A filter that holds an entity is not kept: written every time, answered right every time.
    const expected = (await list({ $or: [{ id: a.id }, { mergedInto: b.id }] }, 50)).map((m) => m.id);
    expect(expected).toContain(a.id);
    built.mockClear();
    const stub = Object.assign(Object.create(Municipality.prototype) as Municipality, { id: b.id });
    for (let i = 0; i < 2; i += 1) expect((await list({ $or: [{ id: a.id }, { mergedInto: stub }] }, 50)).map((m) => m.id)).toEqual(expected);
    expect(built).toHaveBeenCalledTimes(2);
  });

  it('leaves lazy columns out (the password hash is never read for a list)', async () => {
    const [user] = await findForRead(fork(), User as unknown as new () => Record<string, unknown>, {}, { limit: 1 });
    expect(user).toBeDefined();
    expect(user!.passwordHash).toBeUndefined();
  });

  it('answers a relation filter over a to-many pivot like em.find: same projects, same order, no duplicates', async () => {
    // A project with two partner municipalities, looked up by its lead municipality: the OR (lead or
    // partner) joins the pivot, so the SQL yields that project once per partner.
    const em = fork();
    const partnered = async () =>
      (await em.execute<{ id: string }[]>(`select p.lead_municipality_id as id from project p join project_partner_municipality pm on pm.project_id = p.id group by p.id having count(*) >= 2 limit 1`))[0];
    if (!(await partnered())) {
      await em.execute(
        `insert into project_partner_municipality (project_id, municipality_id)
           select p.id, m.id from (select id, lead_municipality_id from project order by id limit 1) p
             cross join lateral (select id from municipality where id <> p.lead_municipality_id order by id limit 2) m`,
      );
    }
    const municipalityId = (await partnered())!.id;
    const where = projectWhere({ municipalityId });
    const managed = await fork().find(Project, where, { orderBy: [{ title: 'ASC' }, { id: 'ASC' }] });
    const read = await findForRead(fork(), Project, where, { orderBy: [{ title: 'ASC' }, { id: 'ASC' }] });
    expect(managed.length).toBeGreaterThan(0);
    expect(read.map((p) => p.id)).toEqual(managed.map((p) => p.id));
    expect(new Set(read.map((p) => p.id)).size).toBe(read.length);
  });

  it('keeps nothing in the identity map, and shares one reference per target id', async () => {
    const em = fork();
    const projects = await findForRead(em, Project, {}, { limit: 50 });
    expect(projects.length).toBeGreaterThan(1);
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    const rows = await em.execute<Record<string, unknown>[]>('select * from project order by id limit 50');
    const fromRows = entitiesFromRows(em, Project, rows);
    const byPeriod = new Map<string, unknown>();
    for (const p of fromRows) {
      const seen = byPeriod.get(p.fundingPeriod.id);
      if (seen) expect(p.fundingPeriod).toBe(seen);
      byPeriod.set(p.fundingPeriod.id, p.fundingPeriod);
    }
    expect(byPeriod.size).toBeLessThan(fromRows.length);
  });
});

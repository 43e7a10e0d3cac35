import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../test/factories.js';
import { freshDatabase, type FreshDatabase } from '../test/fresh-database.js';
import { tombstoneHouseholds } from '../modules/household/household.service.js';

/**
 * A trigger function that joins its two transition tables in a static statement keeps the plan of
 * its first call on a connection: after a one-row update, a nested loop over old × new rows, which
 * a later update of thousands of rows on that connection cannot finish within the statement timeout
 * (migration 20261207020000_trigger_plans). These tests keep every such join planned per call.
 */

/**
 * A join of `old_rows` and `new_rows` in a function's source, one next to the other: `old_rows o join
 * new_rows n`, with `as`, an inner, outer or cross join, or a comma. (A join with a table between
 * the two is not recognised.)
 */
const PAIRING = /\b(old_rows|new_rows)\b(?:\s+(?:as\s+)?(?!(?:join|inner|left|right|full|cross|natural|on|where)\b)\w+)?\s*(?:,|(?:natural\s+)?(?:inner\s+|(?:left|right|full)(?:\s+outer)?\s+|cross\s+)?join)\s*(new_rows|old_rows)\b/gi;
/** The functions that pair them (migration 20261207020000_trigger_plans). */
const PAIRING_FUNCTIONS = [
  'audit_record', 'event_attendance_after_attendance', 'frozen_after_funding_period', 'frozen_after_household_update', 'frozen_after_organization',
  'frozen_after_project', 'project_kpi_after_attendance', 'project_kpi_after_event', 'project_kpi_after_funding_period', 'project_kpi_after_household',
  'project_kpi_after_organization', 'project_kpi_after_project',
];
/** The texts a function runs through EXECUTE ($q$…$q$), and the rest of its source. */
const EXECUTED = /\$q\$[\s\S]*?\$q\$/g;
/** The branch that keeps a statement planned in place for a few rows only. */
const FEW_ROWS = /if \(select count\(\*\) from new_rows\) <= \d+ then/g;
const count = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].length;

describe('trigger functions and their transition tables', () => {
  let fresh: FreshDatabase;
  const em = (): EntityManager => fresh.db.orm.em.fork();

  beforeAll(async () => {
    fresh = await freshDatabase('triggerplans');
  });
  afterAll(() => fresh?.dispose());

  it('recognises a join of the two transition tables however it is written', () => {
    for (const join of ['old_rows o join new_rows n', 'old_rows as o inner join new_rows as n', 'new_rows n left outer join old_rows o', 'old_rows o, new_rows n', 'old_rows join new_rows', 'old_rows o cross join new_rows n']) {
      expect(count(PAIRING, `select 1 from ${join} on true`), join).toBe(1);
    }
    expect(count(PAIRING, 'select 1 from new_rows n join "event" e on e."id" = n."event_id" except select 1 from old_rows o')).toBe(0);
  });

  it('every function that joins old_rows and new_rows plans that join for the call above a few rows', async () => {
    const functions = await em().execute<{ name: string; source: string }[]>(
      `select p.proname as name, p.prosrc as source from pg_proc p join pg_language l on l.oid = p.prolang
        where l.lanname = 'plpgsql' and p.pronamespace = 'public'::regnamespace and p.prosrc ~* '(old_rows|new_rows)'`,
    );
    // The functions with such a join are there (the migration did not just drop them) …
    const pairing = functions.filter((fn) => count(PAIRING, fn.source) > 0);
    expect(pairing.map((fn) => fn.name).sort()).toEqual(PAIRING_FUNCTIONS);
    // … and in every one, each join planned in place has its twin run through EXECUTE, one per branch for a few rows.
    const unplanned = pairing.filter((fn) => {
      const executed = [...fn.source.matchAll(EXECUTED)].map((m) => m[0]);
      const inPlace = fn.source.replace(EXECUTED, '');
      const statements = executed.filter((text) => count(PAIRING, text) > 0).length;
      return statements === 0 || count(FEW_ROWS, inPlace) !== statements || count(PAIRING, inPlace) !== count(PAIRING, executed.join(' '));
    });
    expect(unplanned.map((fn) => fn.name)).toEqual([]);
  });

  /** A project with `households` households (one statement), in the given period (by default the factories' period 3). */
  async function projectWithHouseholds(e: EntityManager, households: number, periodOf: Parameters<typeof f.period>[1] = {}) {
    const period = await f.period(e, periodOf);
    const lead = await f.municipality(e);
    const organizer = await f.organization(e, lead);
    const project = await f.project(e, { lead, period, partners: [organizer] });
    await e.execute(
      `insert into household (id, created_at, updated_at, version, project_id, reference, residence_nis_code, postcode, children)
       select gen_random_uuid(), now(), now(), 1, ?, 'H-' || g, '44021', '9000', 2 from generate_series(1, ?) g`,
      [project.id, households],
    );
    return { period, organizer, project };
  }

  // The frozen-figures check of households passes its two column lists to the planned statement as $1 and $2.
  it('above 100 rows, refuses a change to the households of a final period and lets their erasure through', async () => {
    const e = em();
    // A period of its own (made final here), so the other tests' projects can still be added to period 3.
    const { period, project } = await projectWithHouseholds(e, 150, { number: 2, label: 'Projectperiode 2 (2023–2024)', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    await e.execute(`update funding_period set report_status = 'FINAL', finalized_at = now() where id = ?`, [period.id]);
    await expect(e.execute(`update household set postcode = '9050' where project_id = ?`, [project.id])).rejects.toThrow(/is final: its figures can no longer change/);
    const ids = (await e.execute<{ id: string }[]>('select id from household where project_id = ?', [project.id])).map((h) => h.id);
    expect(await tombstoneHouseholds(em(), ids, new Date(), null)).toHaveLength(150);
    const [left] = await e.execute<{ n: number }[]>(`select count(*)::int as n from household where project_id = ? and erased_at is null`, [project.id]);
    expect(left!.n).toBe(0);
  });

  // Timed by the statement timeout, with a wide margin both ways: on the PostgreSQL server of CI
  // the update below takes well under a second; with the plans of before it took over 10 s.
  it.runIf(Boolean(process.env.DATABASE_URL?.trim()))(
    'updates 4,000 attendances and their households on a connection whose earlier updates touched one row each, within the statement timeout',
    async () => {
      const e = em();
      const { organizer, project } = await projectWithHouseholds(e, 2000);
      const events = [await f.event(e, project, organizer), await f.event(e, project, organizer)];
      await e.execute(
        `insert into attendance (id, created_at, updated_at, household_id, event_id, status, recorded_at)
         select gen_random_uuid(), now(), now(), h.id, ev.id, 'REGISTERED', now()
           from household h cross join (select unnest(?::uuid[]) as id) ev where h.project_id = ?`,
        [`{${events.map((ev) => ev.id).join(',')}}`, project.id],
      );

      const tx = em();
      await tx.begin();
      try {
        // One connection (a transaction's): the one-row updates plan every trigger function first.
        const some = await tx.execute<{ id: string; household_id: string }[]>('select id, household_id from attendance order by id limit 7');
        for (const row of some) {
          await tx.execute(`update attendance set status = 'ATTENDED' where id = ?`, [row.id]);
          await tx.execute('update household set school_allowance = true where id = ?', [row.household_id]);
        }
        await tx.execute(`set local statement_timeout = '8s'`);
        await tx.execute(`update attendance set status = 'ATTENDED' where event_id in (select id from event where project_id = ?)`, [project.id]);
        await tx.execute('update household set low_educated_mother = true where project_id = ?', [project.id]);
        const [kpi] = await tx.execute<{ reached: number; with_indicator: number }[]>('select reached, with_indicator from project_kpi where project_id = ?', [project.id]);
        const counts = await tx.execute<{ attended: number }[]>('select attended from event_attendance_count where event_id = any(?::uuid[]) order by event_id', [`{${events.map((ev) => ev.id).join(',')}}`]);
        // The counts the triggers keep, from the joined rows: every household reached, each event 2,000 attended.
        expect([kpi!.reached, kpi!.with_indicator, ...counts.map((c) => c.attended)]).toEqual([2000, 2000, 2000, 2000]);
      } finally {
        await tx.rollback();
      }
    },
    60_000,
  );
});

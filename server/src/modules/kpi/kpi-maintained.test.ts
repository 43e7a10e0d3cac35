import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../db/seed/random.js';
import * as f from '../../test/factories.js';
import { freshDatabase, type FreshDatabase } from '../../test/fresh-database.js';
import type { Event } from '../event/event.entity.js';
import type { Household } from '../household/household.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';
import type { PublishedTable } from '../disclosure/suppression.js';
import { reachedAttendancesSql } from './kpi.js';
import { clearPublishedKpiCache, loadPublishedKpi, publishedKpiTableOf } from './kpi-table.js';

/**
 * `project_kpi` is kept by the database in the transaction of every write (migration
 * 20261202000000_project_kpi). This property test applies random sequences of every kind of write
 * that can change a KPI and, after each step, compares every project's maintained row with the
 * KPI computed from scratch by the rule itself (`reachedAttendancesSql`). Deterministic seeds.
 */
const FROM_SCRATCH = `
  with r as (${reachedAttendancesSql('true')}),
  ph as (select r.project_id, r.household_id, array_agg(distinct r.event_type) as types from r group by r.project_id, r.household_id)
  select p.id as project_id,
         coalesce(count(ph.household_id), 0)::int as reached,
         coalesce(count(*) filter (where 'PARENT_EVENING' = any(ph.types)), 0)::int as reached_parent_evening,
         coalesce(count(*) filter (where 'SCHOOL_VISIT' = any(ph.types)), 0)::int as reached_school_visit,
         coalesce(count(*) filter (where (h.low_educated_mother or h.school_allowance or h.home_language_not_dutch) is true), 0)::int as with_indicator,
         coalesce(count(*) filter (where ph.household_id is not null and (h.low_educated_mother or h.school_allowance or h.home_language_not_dutch) is false), 0)::int as without_indicator,
         coalesce(count(*) filter (where ph.household_id is not null and (h.low_educated_mother or h.school_allowance or h.home_language_not_dutch) is null), 0)::int as indicator_unknown,
         coalesce(count(*) filter (where h.child_with_special_needs is true), 0)::int as with_special_needs
    from project p
    left join ph on ph.project_id = p.id
    left join household h on h.id = ph.household_id
   group by p.id
   order by p.id`;

const MAINTAINED = `
  select p.id as project_id, k.reached, k.reached_parent_evening, k.reached_school_visit, k.with_indicator,
         k.without_indicator, k.indicator_unknown, k.with_special_needs
    from project p left join project_kpi k on k.project_id = p.id
   order by p.id`;

/** The counts per event and status, from scratch and as `event_attendance_count` keeps them. */
const EVENT_COUNTS_FROM_SCRATCH = `
  select e.id as event_id,
         (count(a.id) filter (where a.status = 'REGISTERED'))::int as registered,
         (count(a.id) filter (where a.status = 'ATTENDED'))::int as attended,
         (count(a.id) filter (where a.status = 'NO_SHOW'))::int as no_show
    from event e left join attendance a on a.event_id = e.id
   group by e.id order by e.id`;
const EVENT_COUNTS_MAINTAINED = `
  select e.id as event_id, c.registered, c.attended, c.no_show
    from event e left join event_attendance_count c on c.event_id = e.id
   order by e.id`;

/** Each event's project, type and attended households, from the attendances. */
const EVENTS_FROM_SCRATCH = `
  select e.id, e.project_id, e.type, (count(a.id) filter (where a.status = 'ATTENDED'))::int as attended
    from event e left join attendance a on a.event_id = e.id
   group by e.id order by e.id`;

/** A published table as comparable data: every cell's value and every withheld cell's reason. */
const cellsOf = (table: PublishedTable) => ({ values: [...table.values].sort(), withheld: [...table.withheld].sort() });

interface World {
  projects: Project[];
  events: Event[];
  households: Household[];
  organizations: Organization[];
  periodId: string;
}

describe('project_kpi, maintained by the database', () => {
  let fresh: FreshDatabase;
  let world: World;

  const em = (): EntityManager => fresh.db.orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);

  beforeAll(async () => {
    fresh = await freshDatabase('kpi');
    const e = em();
    // The application window closes before the earliest end the random writes give the period (2025-02-15): the database checks it.
    const period = await f.period(e, { applicationsOpenOn: '2024-01-01', applicationsCloseOn: '2025-01-20' });
    const [gent, aalst] = [await f.municipality(e), await f.municipality(e)];
    const organizations = [
      await f.organization(e, gent),
      await f.organization(e, gent),
      await f.organization(e, aalst, { promotesSocialMix: false }),
      await f.organization(e, aalst),
    ];
    const projects = [await f.project(e, { lead: gent, period, partners: organizations }), await f.project(e, { lead: aalst, period, partners: organizations })];
    const events: Event[] = [];
    for (const [i, pr] of projects.entries()) {
      for (let k = 0; k < 4; k++) {
        events.push(
          await f.event(e, pr, organizations[(i + k) % organizations.length]!, {
            type: k % 2 ? 'SCHOOL_VISIT' : 'PARENT_EVENING',
            startsAt: new Date(Date.UTC(2025, k, 10 + i, 17)),
          }),
        );
      }
    }
    const households: Household[] = [];
    const yesNoUnknown = [true, false, null] as const;
    for (const [i, pr] of projects.entries()) {
      for (let k = 0; k < 6; k++) {
        households.push(
          await f.household(e, pr, {
            lowEducatedMother: yesNoUnknown[k % 3]!,
            schoolAllowance: k === 4 ? true : yesNoUnknown[(k + i) % 3] === true ? false : yesNoUnknown[(k + i) % 3]!,
            homeLanguageNotDutch: k % 2 === 0 ? false : null,
            childWithSpecialNeeds: k === 1,
          }),
        );
      }
    }
    world = { projects, events, households, organizations, periodId: period.id };
  });

  afterAll(() => fresh?.dispose());

  /** A household recorded as ATTENDED at an event, as one statement (the triggers fire as for the API's write). */
  const recordAttended = (tx: EntityManager, householdId: string, eventId: string) =>
    tx.execute(
      `insert into attendance (id, created_at, updated_at, household_id, event_id, status, recorded_at) values (gen_random_uuid(), now(), now(), ?, ?, 'ATTENDED', now())`,
      [householdId, eventId],
    );

  /** A project with an organiser of its own, in a period of its own (for the tests of concurrent writes). */
  async function projectOfItsOwn(e: EntityManager): Promise<{ project: Project; organizer: Organization }> {
    const period = await f.period(e, { applicationsOpenOn: '2024-01-01', applicationsCloseOn: '2024-09-01' });
    const town = await f.municipality(e);
    const organizer = await f.organization(e, town);
    return { project: await f.project(e, { lead: town, period, partners: [organizer] }), organizer };
  }

  /** One random write that may change a KPI, as SQL the way the services and scripts write. */
  async function randomWrite(rng: Random): Promise<string> {
    const event = rng.pick(world.events);
    const household = rng.pick(world.households.filter((h) => h.project.id === event.project.id));
    const status = rng.pick(['ATTENDED', 'ATTENDED', 'REGISTERED', 'NO_SHOW'] as const);
    switch (rng.int(0, 14)) {
      case 14: {
        // An event moves to the other project (its cell leaves one published table for the other).
        const other = world.projects.find((p) => p.id !== event.project.id)!;
        await sql('update event set project_id = ? where id = ?', [other.id, event.id]);
        const moved = world.events.find((e) => e.id === event.id)!;
        (moved as unknown as { project: { id: string } }).project = { id: other.id };
        return 'move an event to the other project';
      }
      case 12: {
        // A new event (no attendances yet): a new cell in its project's published table.
        const added = await f.event(em(), rng.pick(world.projects), rng.pick(world.organizations), { type: rng.pick(['PARENT_EVENING', 'SCHOOL_VISIT'] as const) });
        world.events.push(added);
        return 'add an event';
      }
      case 13: {
        // An event goes, with its attendances (the cell and its households leave the table).
        if (world.events.length <= 8) return 'keep the events';
        world.events = world.events.filter((e) => e.id !== event.id);
        await sql('delete from attendance where event_id = ?', [event.id]);
        await sql('delete from event where id = ?', [event.id]);
        return 'delete an event';
      }
      case 0:
      case 1:
      case 2:
        await sql(
          `insert into attendance (id, created_at, updated_at, household_id, event_id, status, recorded_at)
           values (gen_random_uuid(), now(), now(), ?, ?, ?, now())
           on conflict (household_id, event_id) do update set status = excluded.status`,
          [household.id, event.id, status],
        );
        return `record ${status}`;
      case 3: {
        // An import: several rows of one or two projects in one statement.
        const rows = Array.from({ length: rng.int(2, 6) }, () => {
          const ev = rng.pick(world.events);
          return [rng.pick(world.households.filter((h) => h.project.id === ev.project.id)).id, ev.id, rng.pick(['ATTENDED', 'NO_SHOW'] as const)];
        });
        const unique = [...new Map(rows.map((r) => [`${r[0]}:${r[1]}`, r])).values()];
        await sql(
          `insert into attendance (id, created_at, updated_at, household_id, event_id, status, recorded_at)
           select gen_random_uuid(), now(), now(), h::uuid, e::uuid, s, now() from unnest(?::text[], ?::text[], ?::text[]) as t(h, e, s)
           on conflict (household_id, event_id) do update set status = excluded.status`,
          [`{${unique.map((r) => r[0]).join(',')}}`, `{${unique.map((r) => r[1]).join(',')}}`, `{${unique.map((r) => r[2]).join(',')}}`],
        );
        return `import ${unique.length}`;
      }
      case 4:
        await sql('delete from attendance where id in (select id from attendance where event_id = ? order by id limit 1)', [event.id]);
        return 'remove an attendance';
      case 5:
        await sql('update event set cancelled_at = case when cancelled_at is null then now() else null end where id = ?', [event.id]);
        return 'cancel or restore an event';
      case 6: {
        // Moved, sometimes outside the period (2024-10-01 … 2025-09-30), sometimes across midnight in Brussels.
        const moves = ['2025-03-03T18:00:00Z', '2025-10-02T10:00:00Z', '2024-09-30T22:30:00Z', '2025-09-30T21:30:00Z', '2025-09-30T22:30:00Z'];
        const startsAt = rng.pick(moves);
        await sql(`update event set starts_at = ?, ends_at = ?::timestamptz + interval '2 hours' where id = ?`, [startsAt, startsAt, event.id]);
        return 'move an event';
      }
      case 7:
        await sql(`update event set type = case type when 'PARENT_EVENING' then 'SCHOOL_VISIT' else 'PARENT_EVENING' end where id = ?`, [event.id]);
        return 're-type an event';
      case 8:
        await sql('update event set organizer_id = ? where id = ?', [rng.pick(world.organizations).id, event.id]);
        return 'another organiser';
      case 9:
        await sql('update organization set promotes_social_mix = not promotes_social_mix where id = ?', [rng.pick(world.organizations).id]);
        return 'flip an organisation’s flag';
      case 10: {
        const column = rng.pick(['low_educated_mother', 'school_allowance', 'home_language_not_dutch', 'child_with_special_needs']);
        await sql(`update household set ${column} = ? where id = ?`, [rng.pick([true, false, null]), household.id]);
        return `household ${column}`;
      }
      default: {
        const [startsOn, endsOn] = rng.pick([['2024-10-01', '2025-09-30'], ['2024-10-01', '2025-02-15'], ['2025-01-20', '2025-09-30']] as const);
        await sql('update funding_period set starts_on = ?, ends_on = ? where id = ?', [startsOn, endsOn, world.periodId]);
        return `period ${startsOn} … ${endsOn}`;
      }
    }
  }

  for (const seed of [1, 2, 3]) {
    it(`equals the KPI computed from scratch after every step of 80 random writes (seed ${seed})`, async () => {
      const rng = new Random(seed);
      let reachedSomewhere = 0;
      for (let step = 0; step < 80; step++) {
        const what = await randomWrite(rng);
        const expected = await sql(FROM_SCRATCH);
        expect(await sql(MAINTAINED), `step ${step}: ${what}`).toEqual(expected);
        expect(await sql(EVENT_COUNTS_MAINTAINED), `event counts, step ${step}: ${what}`).toEqual(await sql(EVENT_COUNTS_FROM_SCRATCH));
        // The published tables as read (kept across the steps under the database's stamps) are the tables of this state.
        const events = await sql(EVENTS_FROM_SCRATCH);
        const published = await loadPublishedKpi(em(), world.projects.map((p) => p.id));
        expect(published.size).toBe(world.projects.length);
        for (const row of expected) {
          const scratch = publishedKpiTableOf(
            {
              reached: row.reached,
              withIndicator: row.with_indicator,
              withoutIndicator: row.without_indicator,
              indicatorUnknown: row.indicator_unknown,
              withSpecialNeeds: row.with_special_needs,
              byEventType: new Map([['PARENT_EVENING', row.reached_parent_evening], ['SCHOOL_VISIT', row.reached_school_visit]]),
            },
            events.filter((e) => e.project_id === row.project_id).map((e) => ({ id: e.id, type: e.type, attended: Number(e.attended) })),
          );
          expect(cellsOf(published.get(row.project_id)!), `published table, step ${step}: ${what}`).toEqual(cellsOf(scratch));
        }
        reachedSomewhere = Math.max(reachedSomewhere, ...expected.map((r) => Number(r.reached)));
      }
      // The sequence did reach families: the comparison was not between two empty tables.
      expect(reachedSomewhere).toBeGreaterThan(2);
    });
  }

  it('keeps a published table across reads until a write changes one of its inputs, and never one computed in a rolled-back transaction', async () => {
    clearPublishedKpiCache();
    const [project] = world.projects;
    const ids = [project!.id];
    const event = await f.event(em(), project!, world.organizations[0]!, { startsAt: new Date('2025-03-12T18:00:00Z') });
    world.events.push(event);
    const household = world.households.find((h) => h.project.id === project!.id)!;
    const cell = `event:${event.id}`;
    const first = (await loadPublishedKpi(em(), ids)).get(project!.id)!;
    const before = first.values.get(cell)!;
    // Unchanged: the very same table.
    expect((await loadPublishedKpi(em(), ids)).get(project!.id)).toBe(first);

    // A write to an input (the event's attended count): computed again, with the new count.
    await recordAttended(em(), household.id, event.id);
    const second = (await loadPublishedKpi(em(), ids)).get(project!.id)!;
    expect(second).not.toBe(first);
    expect(second.values.get(cell)).toBe(before + 1);

    // A write that changes no input (the event's venue): still the same table.
    await sql(`update event set venue = 'Gemeentehuis' where id = ?`, [event.id]);
    expect((await loadPublishedKpi(em(), ids)).get(project!.id)).toBe(second);

    // Read inside a transaction after a write, then rolled back: the committed table is read afterwards.
    const tx = em();
    await tx.begin();
    await tx.execute('delete from attendance where event_id = ? and household_id = ?', [event.id, household.id]);
    expect((await loadPublishedKpi(tx, ids)).get(project!.id)!.values.get(cell)).toBe(before);
    await tx.rollback();
    expect((await loadPublishedKpi(em(), ids)).get(project!.id)!.values.get(cell)).toBe(before + 1);
  });

  it('renews every stamp past any given before, even after the sequence went back (a restore; pnpm db:recount)', async () => {
    const [before] = await sql('select max(stamp)::text as max from published_stamp');
    expect(BigInt(before!.max)).toBeGreaterThan(0n);
    await sql(`select setval('published_stamp_seq', 1)`);
    await sql('select published_stamp_renew()');
    const stamps = await sql('select p.id, s.stamp::text as stamp from project p left join published_stamp s on s.project_id = p.id');
    expect(stamps.length).toBeGreaterThan(1);
    for (const row of stamps) expect(BigInt(row.stamp ?? '0')).toBeGreaterThan(BigInt(before!.max));
  });

  it('starts a new project at zero and recounts them all with project_kpi_recount (pnpm db:recount)', async () => {
    const e = em();
    const extra = await f.project(e, { period: await f.period(e) });
    expect(await sql('select reached from project_kpi where project_id = ?', [extra.id])).toEqual([{ reached: 0 }]);
    await sql('update project_kpi set reached = 999');
    await sql('select project_kpi_recount(array(select id from project))');
    expect(await sql(MAINTAINED)).toEqual(await sql(FROM_SCRATCH));
  });

  it('starts a new event at zero and recounts them all with event_attendance_recount (pnpm db:recount)', async () => {
    const e = em();
    const extra = await f.event(e, world.projects[0]!, world.organizations[0]!);
    expect(await sql('select registered, attended, no_show from event_attendance_count where event_id = ?', [extra.id])).toEqual([{ registered: 0, attended: 0, no_show: 0 }]);
    await sql('update event_attendance_count set attended = 999');
    await sql('select event_attendance_recount(array(select id from event))');
    const counts = await sql(EVENT_COUNTS_MAINTAINED);
    expect(counts).toEqual(await sql(EVENT_COUNTS_FROM_SCRATCH));
    expect(counts.some((c) => Number(c.attended) > 0)).toBe(true);
  });

  // Two connections are needed, so only on a PostgreSQL server (PGlite has one).
  it.runIf(Boolean(process.env.DATABASE_URL?.trim()))('counts both households when two transactions record attendances of the same project at once', async () => {
    const e = em();
    const { project, organizer } = await projectOfItsOwn(e);
    const [evening, visit] = [await f.event(e, project, organizer), await f.event(e, project, organizer, { type: 'SCHOOL_VISIT' })];
    const families = [await f.household(e, project), await f.household(e, project), await f.household(e, project), await f.household(e, project)];
    /** The first transaction records and stays open while the second records; then both commit. */
    const overlapping = async (first: [string, string], second: [string, string]) => {
      const [t1, t2] = [em(), em()];
      await t1.begin();
      await t2.begin();
      await recordAttended(t1, ...first);
      const pending = recordAttended(t2, ...second);
      await new Promise((done) => setTimeout(done, 300));
      await t1.commit();
      await pending;
      await t2.commit();
    };
    // The same event: its counted row is the contested one.
    await overlapping([families[0]!.id, evening.id], [families[1]!.id, evening.id]);
    expect(await sql('select attended from event_attendance_count where event_id = ?', [evening.id])).toEqual([{ attended: 2 }]);
    // Two events of one project: the project's KPI row is.
    await overlapping([families[2]!.id, evening.id], [families[3]!.id, visit.id]);
    expect(await sql('select reached from project_kpi where project_id = ?', [project.id])).toEqual([{ reached: 4 }]);
    expect(await sql(MAINTAINED)).toEqual(await sql(FROM_SCRATCH));
  });

  // The published stamp is bumped from both sides of the project's lock: recording an attendance
  // reaches it through event_attendance_count before project_kpi_recount locks the project, an
  // event's update after. The bump locks the project first, so neither holds the stamp while it waits.
  it.runIf(Boolean(process.env.DATABASE_URL?.trim()))('records an attendance and re-types another event of the same project at once without a deadlock', async () => {
    const e = em();
    const { project, organizer } = await projectOfItsOwn(e);
    const [evening, visit] = [await f.event(e, project, organizer), await f.event(e, project, organizer)];
    const family = await f.household(e, project);
    const [t1, t2] = [em(), em()];
    await t1.begin();
    await t2.begin();
    // T2 holds the project's row, as any earlier statement of its transaction that recounted the project would.
    await t2.execute('select 1 from project where id = ? for no key update', [project.id]);
    const recorded = recordAttended(t1, family.id, evening.id);
    await new Promise((done) => setTimeout(done, 300));
    // Before the lock order, T1 held the stamp here while waiting for the project: PostgreSQL named one of them the deadlock's victim.
    await t2.execute(`update event set type = 'SCHOOL_VISIT' where id = ?`, [visit.id]);
    await t2.commit();
    await recorded;
    await t1.commit();
    const table = (await loadPublishedKpi(em(), [project.id])).get(project.id)!;
    expect([table.values.get(`event:${evening.id}`), table.values.get(`byEventType.SCHOOL_VISIT`), table.values.get('reached')]).toEqual([1, 0, 1]);
  });
});

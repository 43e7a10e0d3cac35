import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../modules/auth/password.js';
import { freshDatabase, type FreshDatabase } from '../../test/fresh-database.js';
import type { Database } from '../orm.js';
import { residenceProblems } from '../../modules/privacy/privacy.service.js';
import { DEMO_LOGINS, DEMO_PASSWORD, type DemoSummary, seedDemo } from './demo.js';

async function query<T = Record<string, unknown>>(db: Database, sql: string): Promise<T[]> {
  return db.orm.em.fork().getConnection().execute<T[]>(sql);
}

async function scalar(db: Database, sql: string): Promise<number> {
  const [row] = await query<{ value: string | number }>(db, sql);
  return Number(row?.value);
}

/** Every table whose content must be reproducible, with the columns that identify a row. */
const FINGERPRINTED: readonly { table: string; columns: string }[] = [
  { table: 'municipality', columns: 'id, nis_code, valid_to, merged_into_id, population' },
  { table: 'funding_period', columns: 'id, number, starts_on, report_status' },
  { table: 'organization', columns: 'id, name, municipality_id, promotes_social_mix' },
  { table: 'project', columns: 'id, title, lead_municipality_id, funding_period_id, status, target_households, subsidy_granted_cents, created_at' },
  { table: 'project_partner_municipality', columns: 'project_id, municipality_id' },
  { table: 'project_partner_organization', columns: 'project_id, organization_id' },
  { table: 'school', columns: 'id, institution_number, name, municipality_id, latitude' },
  { table: 'project_school', columns: 'project_id, school_id' },
  { table: 'school_composition', columns: 'id, school_id, school_year, pupils, indicator_pupils' },
  { table: 'area_composition', columns: 'id, area_code, school_year, pupils_resident, indicator_pupils_resident' },
  { table: 'event', columns: 'id, project_id, organizer_id, starts_at, ends_at, cancelled_at, languages' },
  { table: 'event_school', columns: 'event_id, school_id' },
  { table: 'household', columns: 'id, reference, project_id, residence_nis_code, low_educated_mother, consent_at' },
  { table: 'attendance', columns: 'id, household_id, event_id, status, recorded_at' },
  { table: 'enrollment', columns: 'id, household_id, school_id, school_year' },
  // The password hash carries a random salt, so it is left out.
  { table: 'app_user', columns: 'id, email, role, municipality_id' },
];

/** One md5 per table over its rows in a fixed order: equal fingerprints mean equal data. */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const { table, columns } of FINGERPRINTED) {
    const [row] = await query<{ rows: string; digest: string | null }>(
      db,
      `select count(*) as rows, md5(string_agg(t::text, '|' order by t::text)) as digest from (select ${columns} from "${table}") t`,
    );
    result[table] = `${row?.rows}:${row?.digest}`;
  }
  return result;
}

describe('seedDemo', () => {
  let first: FreshDatabase;
  let summary: DemoSummary | null;

  beforeAll(async () => {
    first = await freshDatabase('seed');
    summary = await seedDemo(first.db.orm.em.fork());
  });

  afterAll(async () => {
    await first?.dispose();
  });

  it('loads all municipalities, the three periods and plausible volumes', async () => {
    expect(summary).not.toBeNull();
    const db = first.db;
    expect(await scalar(db, 'select count(*) as value from municipality')).toBeGreaterThanOrEqual(300);
    expect(
      await scalar(db, `select count(*) as value from municipality where valid_from <= '2025-01-01' and (valid_to is null or valid_to >= '2025-01-01')`),
    ).toBe(285);
    expect(await query(db, 'select number, starts_on::text as starts_on, ends_on::text as ends_on, report_status from funding_period order by number')).toEqual([
      { number: 1, starts_on: '2022-10-01', ends_on: '2023-09-30', report_status: 'FINAL' },
      { number: 2, starts_on: '2023-10-01', ends_on: '2024-09-30', report_status: 'FINAL' },
      { number: 3, starts_on: '2024-10-01', ends_on: '2025-09-30', report_status: 'OPEN' },
    ]);
    expect(await scalar(db, 'select count(*) as value from school')).toBeGreaterThanOrEqual(200);
    expect(await scalar(db, 'select count(*) as value from household')).toBeGreaterThanOrEqual(2000);
    expect(await scalar(db, 'select count(*) as value from attendance')).toBeGreaterThanOrEqual(2000);
    expect(await scalar(db, 'select count(*) as value from enrollment')).toBeGreaterThan(0);
    const perPeriod = await query<{ number: number; projects: string }>(
      db,
      'select f.number, count(*) as projects from project p join funding_period f on f.id = p.funding_period_id group by f.number order by f.number',
    );
    for (const { projects } of perPeriod) expect(Number(projects)).toBeGreaterThanOrEqual(12);
    expect(summary!.households).toBe(await scalar(db, 'select count(*) as value from household'));
    expect(summary!.eventSchools).toBe(await scalar(db, 'select count(*) as value from event_school'));
  });

  it('gives Gent and Antwerpen a project in every period', async () => {
    const rows = await query<{ nis_code: string; periods: string }>(
      first.db,
      `select m.nis_code, count(distinct p.funding_period_id) as periods
         from project p join municipality m on m.id = p.lead_municipality_id
        where m.nis_code in ('44021', '11002') group by m.nis_code order by m.nis_code`,
    );
    expect(rows.map((r) => [r.nis_code, Number(r.periods)])).toEqual([
      ['11002', 3],
      ['44021', 3],
    ]);
  });

  it('gives every school a composition for each of the three school years, within its pupils', async () => {
    const db = first.db;
    expect(
      await scalar(db, `select count(*) as value from school s where (select count(*) from school_composition c where c.school_id = s.id) <> 3`),
    ).toBe(0);
    expect(await scalar(db, `select count(distinct school_year) as value from school_composition`)).toBe(3);
    expect(await scalar(db, `select count(*) as value from school_composition c join school s on s.id = c.school_id where c.pupils > s.capacity`)).toBe(0);
  });

  it('keeps the domain rules the database cannot enforce on its own', async () => {
    const db = first.db;
    // Every event starts inside its project's funding period.
    expect(
      await scalar(
        db,
        `select count(*) as value from event e join project p on p.id = e.project_id join funding_period f on f.id = p.funding_period_id
          where e.starts_at < f.starts_on::timestamptz or e.starts_at >= (f.ends_on + 1)::timestamptz`,
      ),
    ).toBe(0);
    // No attendance at a cancelled event, and none across projects.
    expect(await scalar(db, `select count(*) as value from attendance a join event e on e.id = a.event_id where e.cancelled_at is not null`)).toBe(0);
    expect(
      await scalar(
        db,
        `select count(*) as value from attendance a join event e on e.id = a.event_id join household h on h.id = a.household_id where h.project_id <> e.project_id`,
      ),
    ).toBe(0);
    // The organiser of an event is a partner of its project; its schools are the project's.
    expect(
      await scalar(
        db,
        `select count(*) as value from event e where not exists
           (select 1 from project_partner_organization ppo where ppo.project_id = e.project_id and ppo.organization_id = e.organizer_id)`,
      ),
    ).toBe(0);
    expect(
      await scalar(
        db,
        `select count(*) as value from event_school es join event e on e.id = es.event_id where not exists
           (select 1 from project_school ps where ps.project_id = e.project_id and ps.school_id = es.school_id)`,
      ),
    ).toBe(0);
    // A partner municipality is never the lead.
    expect(
      await scalar(db, `select count(*) as value from project_partner_municipality pm join project p on p.id = pm.project_id where pm.municipality_id = p.lead_municipality_id`),
    ).toBe(0);
    // Each lead municipality has exactly one organisation that does not promote the social mix,
    // and some of its events exist (they must not count for the KPI).
    expect(
      await scalar(
        db,
        `select count(*) as value from (select distinct lead_municipality_id as id from project) l
          where (select count(*) from organization o where o.municipality_id = l.id and not o.promotes_social_mix) <> 1`,
      ),
    ).toBe(0);
    expect(await scalar(db, `select count(*) as value from event e join organization o on o.id = e.organizer_id where not o.promotes_social_mix`)).toBeGreaterThan(0);
    // Money: requested = target × rate; granted never above requested; the match equals the grant.
    expect(
      await scalar(
        db,
        `select count(*) as value from project p join funding_period f on f.id = p.funding_period_id
          where p.subsidy_requested_cents <> p.target_households * f.rate_per_household_cents
             or p.subsidy_granted_cents > p.subsidy_requested_cents
             or p.co_financing_cents <> coalesce(p.subsidy_granted_cents, p.subsidy_requested_cents)
             or (p.status in ('APPROVED', 'CLOSED')) <> (p.subsidy_granted_cents is not null)`,
      ),
    ).toBe(0);
    // Synthetic records say so.
    expect(await scalar(db, `select count(*) as value from school where name not like '%(synthetisch)'`)).toBe(0);
    expect(await scalar(db, `select count(*) as value from household where reference not like 'SYN-%'`)).toBe(0);
  });

  it('gives every household a residence code the services accept: valid on some day of its period, and at each of its events through the 2025 crosswalk', async () => {
    const em = first.db.orm.em.fork();
    // registerHousehold / updateHousehold: a Brussels code, or a municipality valid on some day of the project's funding period.
    const outside = await query<{ nis: string }>(
      first.db,
      `select h.residence_nis_code as nis from household h join project p on p.id = h.project_id join funding_period f on f.id = p.funding_period_id
         left join municipality m on m.nis_code = h.residence_nis_code
        where h.erased_at is null and h.residence_nis_code not between '21001' and '21019'
          and not coalesce(m.valid_from <= f.ends_on and (m.valid_to is null or m.valid_to >= f.starts_on), false)`,
    );
    expect(outside).toEqual([]);
    // recordAttendance / importAttendances: the code at each event's date (one query for every attendance).
    const pairs = await query<{ nis: string; day: string }>(
      first.db,
      `select h.residence_nis_code as nis, ((e.starts_at at time zone 'Europe/Brussels')::date)::text as day
         from attendance a join household h on h.id = a.household_id join event e on e.id = a.event_id where h.erased_at is null`,
    );
    expect(pairs.length).toBeGreaterThan(1000);
    expect([...(await residenceProblems(em, pairs.map((x) => ({ nisCode: x.nis, day: x.day })))).values()]).toEqual([]);
  });

  it('creates the demo logins with the demo password', async () => {
    const users = await query<{ email: string; role: string; nis_code: string | null; password_hash: string }>(
      first.db,
      `select u.email, u.role, m.nis_code, u.password_hash from app_user u left join municipality m on m.id = u.municipality_id order by u.email`,
    );
    expect(users.map((u) => ({ email: u.email, role: u.role, municipalityNisCode: u.nis_code }))).toEqual(
      [...DEMO_LOGINS].sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(await verifyPassword(DEMO_PASSWORD, users[0]!.password_hash)).toBe(true);
    expect(await verifyPassword('wrong', users[0]!.password_hash)).toBe(false);
  });

  it('does nothing on a database that already holds data', async () => {
    const before = await fingerprint(first.db);
    expect(await seedDemo(first.db.orm.em.fork())).toBeNull();
    expect(await fingerprint(first.db)).toEqual(before);
  });

  it('loads identical data into two fresh databases', async () => {
    const second = await freshDatabase('seed');
    try {
      await seedDemo(second.db.orm.em.fork());
      expect(await fingerprint(second.db)).toEqual(await fingerprint(first.db));
    } finally {
      await second.dispose();
    }
  });
});

import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as generators from './generators.js';
import { generateDemoData } from './demo.js';
import { generateScale, SCALE_SEED, type ScaleSize, type ScaleTables } from './scale.js';

// Every generator, wrapped so that the calls both data sets make can be counted (the wrapped
// function still does the work: the data sets stay what they are).
vi.mock('./generators.js', async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  return Object.fromEntries(Object.entries(original).map(([name, value]) => [name, typeof value === 'function' ? vi.fn(value as (...a: unknown[]) => unknown) : value]));
});

const GENERATOR_NAMES = Object.entries(generators)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

const callsPerGenerator = (): Record<string, number> =>
  Object.fromEntries(GENERATOR_NAMES.map((name) => [name, vi.mocked(generators[name as keyof typeof generators] as (...a: unknown[]) => unknown).mock.calls.length]));

/** A scale set small enough for a unit test (every municipality still hosts three schools). */
const SMALL: ScaleSize = {
  leadsPerPeriod: 20,
  organizationsPerMunicipality: 5,
  schools: 1_000,
  events: 500,
  households: 2_000,
  attendances: 5_000,
  enrollmentShare: 0.3,
};

/** Bulk tables that only count the rows they are given. */
function countingTables(): ScaleTables & Record<string, { written: number }> {
  const names = [
    'municipality', 'fundingPeriod', 'organization', 'project', 'projectPartnerMunicipality', 'projectPartnerOrganization', 'school', 'projectSchool',
    'schoolComposition', 'areaComposition', 'event', 'eventSchool', 'household', 'attendance', 'enrollment', 'user',
  ] as const;
  return Object.fromEntries(
    names.map((name) => {
      const table = {
        written: 0,
        add: () => {
          table.written += 1;
          return Promise.resolve();
        },
      };
      return [name, table];
    }),
  ) as unknown as ScaleTables & Record<string, { written: number }>;
}

describe('the demo and scale data sets are built with the shared generators (generators.ts)', () => {
  beforeEach(() => vi.clearAllMocks());

  it('has generators to share', () => {
    expect(GENERATOR_NAMES.length).toBeGreaterThanOrEqual(20);
  });

  /** Each kind of row is made by its generator: one call per row (per school for its compositions). */
  function expectEveryRowGenerated(rows: Record<'projects' | 'schools' | 'events' | 'households' | 'attendances' | 'enrollments', number>, dataSet: string) {
    const calls = callsPerGenerator();
    expect(GENERATOR_NAMES.filter((name) => calls[name] === 0), `generators the ${dataSet} set does not use`).toEqual([]);
    expect(
      [calls.municipalityRows, calls.fundingPeriodRows, calls.userRows, calls.projectRow, calls.schoolKind, calls.schoolCompositionRows, calls.eventRow, calls.householdRow, calls.attendanceRow, calls.enrollmentRow],
    ).toEqual([1, 1, 1, rows.projects, rows.schools, rows.schools, rows.events, rows.households, rows.attendances, rows.enrollments]);
    expect(rows.enrollments).toBeGreaterThan(0);
    return calls;
  }

  it('makes every row of the demo set with them', () => {
    const data = generateDemoData('hash');
    const { projects, schools, events, households, attendances, enrollments } = data;
    const calls = expectEveryRowGenerated(
      { projects: projects.length, schools: schools.length, events: events.length, households: households.length, attendances: attendances.length, enrollments: enrollments.length },
      'demo',
    );
    // Six candidates per lead municipality, of which the LOP, the parents' committee and one to three others are kept.
    const leads = new Set(data.organizations.map((o) => o.municipality)).size;
    expect([calls.organizationNames, calls.organizationRow]).toEqual([leads, 6 * leads]);
  });

  it('makes every row of the scale set with them, at the size it is given', async () => {
    const t = countingTables();
    await generateScale(t, SCALE_SEED, 'hash', () => undefined, 0, SMALL);
    expect([t.school.written, t.event.written, t.household.written]).toEqual([SMALL.schools, SMALL.events, SMALL.households]);
    // At most twelve distinct events per family: a project with few events falls a little short.
    expect(t.attendance.written).toBeGreaterThan(0.95 * SMALL.attendances);
    const calls = expectEveryRowGenerated(
      { projects: t.project.written, schools: t.school.written, events: t.event.written, households: t.household.written, attendances: t.attendance.written, enrollments: t.enrollment.written },
      'scale',
    );
    expect(calls.organizationRow).toBe(t.organization.written);
  });

  it('leaves no copy of a generator in demo.ts or scale.ts', () => {
    const generatorSource = readFileSync(new URL('./generators.ts', import.meta.url), 'utf8');
    // Lines only a generator writes: the weights, ranges and wording of a row.
    const markers = [
      "'(synthetisch)'",
      "['ATTENDED', 86]",
      "['FREE_SUBSIDISED', 50]",
      "['mirror', 56]",
      'padStart(6,',
      'rng.float(0.72, 0.97)',
      'rng.float(0.9, 1.15)',
      'rng.chance(0.8)',
      '-rng.int(1, 20)',
      '-rng.int(100, 140)',
      '-rng.int(14, 42)',
      "-03-01`",
      "-02-01`",
      'Projectperiode',
      'LOP Basisonderwijs',
      'Vrije Basisschool',
      'HOME_LANGUAGES',
      'TITLE_TEMPLATES',
      'CANCELLATION_REASONS',
    ];
    for (const marker of markers) expect(generatorSource, marker).toContain(marker);
    for (const file of ['demo.ts', 'scale.ts']) {
      const source = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      expect(markers.filter((marker) => source.includes(marker)), `generator code in ${file}`).toEqual([]);
      const declared = [...source.matchAll(/^(?:export )?(?:async )?function (\w+)/gm)].map((m) => m[1]);
      expect(declared.filter((name) => GENERATOR_NAMES.includes(name!)), `generators redefined in ${file}`).toEqual([]);
      expect(source).toMatch(/from '\.\/generators\.js'/);
    }
  });
});

import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { isSchoolYear } from '@schoolmix/shared';
import { sqlArray } from '../../db/sql.js';
import { badInput } from '../../graphql/errors.js';
import { auditExport } from './audit.export.js';
import { eventScope, isScoped, projectScope } from '../auth/policy.js';
import { Event } from '../event/event.entity.js';
import { COUNT_COLUMN } from '../event/event-counts.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { computeKpi, loadKpiCounts } from '../kpi/kpi.js';
import { Project } from '../project/project.entity.js';
import { mirrorOf, type MirrorRow } from '../school/school.service.js';
import { type Cell, cell, cellOfTotal } from '../disclosure/disclosure.js';
import { brusselsDateTime, type ExportContext, type ExportReport, type ExportRow } from './export-dictionary.js';
import { loadProgramReports } from '../kpi/program-report.js';
import { loadReachedPerProject } from '../kpi/reached.js';
import { discloseKpi, loadPublishedKpi } from '../kpi/kpi-table.js';
import { loadPeriodSettlementRows, settlementOf, withheldReach } from './settlement.js';
import { loadPublishedMix, mixKey, type PublishedMix, socialMixIn } from '../school/social-mix.js';

/** One exported row: plain values; a withheld count is null and named in `suppressed`. */
const BATCH = 500;

/** KPI fields as the project-kpis export names its columns. */
const EXPORT_COLUMN: Record<string, string> = {
  progress: 'progress',
  onTrack: 'on_track',
  earnedSubsidy: 'earned_subsidy_eur',
  'byEventType.PARENT_EVENING': 'parent_evening',
  'byEventType.SCHOOL_VISIT': 'school_visit',
  'families.withIndicator': 'with_indicator',
  'families.withoutIndicator': 'without_indicator',
  'families.indicatorUnknown': 'indicator_unknown',
  'families.withSpecialNeeds': 'with_special_needs',
};

/** Puts withheld cells in the row as null and lists why in `suppressed`. */
function withCells(row: Record<string, unknown>, cells: Record<string, Cell>): ExportRow {
  const suppressed: Record<string, string> = {};
  for (const [column, c] of Object.entries(cells)) {
    row[column] = c.value;
    if (c.suppressed) suppressed[column] = c.suppressed;
  }
  return { ...(row as ExportRow), suppressed };
}

function euros(cents: number | null): number | null {
  return cents === null ? null : cents / 100;
}

/** Pages through an entity by id (keyset), `BATCH` rows at a time. */
async function* byId<T extends { id: string }>(em: EntityManager, entity: new () => T, where: FilterQuery<T>): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const page: T[] = await em.find<T>(entity, { $and: [where, after ? { id: { $gt: after } } : {}] } as FilterQuery<T>, { orderBy: { id: 'ASC' } as never, limit: BATCH });
    if (page.length === 0) return;
    yield page;
    em.clear();
    if (page.length < BATCH) return;
    after = page.at(-1)!.id;
  }
}

async function periodFilter(ctx: ExportContext): Promise<FundingPeriod | null> {
  const number = ctx.query.get('fundingPeriod');
  if (number === null) return null;
  const period = /^\d+$/.test(number) ? await ctx.em.findOne(FundingPeriod, { number: Number(number) }) : null;
  if (!period) throw badInput(`"fundingPeriod" must be the number of a funding period, e.g. 3`, 'fundingPeriod');
  return period;
}

function schoolYearFilter(ctx: ExportContext): string | null {
  const year = ctx.query.get('schoolYear');
  if (year !== null && !isSchoolYear(year)) throw badInput('"schoolYear" must be a school year like 2023-2024', 'schoolYear');
  return year;
}

async function namesById<T extends { id: string }>(em: EntityManager, entity: new () => T, ids: string[]): Promise<Map<string, T>> {
  const rows = ids.length ? await em.find<T>(entity, { id: { $in: [...new Set(ids)] } } as unknown as FilterQuery<T>) : [];
  return new Map(rows.map((r) => [r.id, r]));
}

export const EXPORT_REPORTS: Readonly<Record<string, ExportReport>> = {
  'program-report': {
    columns: ['period', 'label', 'starts_on', 'ends_on', 'budget_eur', 'represented_local_governments', 'represented_local_governments_2025', 'committed_households', 'realised_households', 'pending', 'suppressed'],
    async *rows({ em }) {
      const periods = await em.find(FundingPeriod, {}, { orderBy: { number: 'ASC' } });
      const reached = await loadReachedPerProject(em, periods.map((p) => p.id));
      const reports = await loadProgramReports(em, periods, periods.map((p) => reached.get(p.id)!));
      yield reports.map((r) =>
        withCells(
          {
            period: r.fundingPeriod.number,
            label: r.fundingPeriod.label,
            starts_on: r.fundingPeriod.startsOn,
            ends_on: r.fundingPeriod.endsOn,
            budget_eur: euros(r.budget),
            represented_local_governments: r.representedLocalGovernments,
            represented_local_governments_2025: r.representedLocalGovernments2025,
            committed_households: r.committed,
            pending: r.pending,
          },
          { realised_households: r.realised === null ? { value: null, suppressed: null } : cellOfTotal(r.realised, r.reachedParts) },
        ),
      );
    },
  },

  'project-kpis': {
    columns: [
      'project_id', 'title', 'status', 'period', 'lead_nis_code', 'lead_name', 'target', 'reached', 'progress', 'expected_by_now',
      'on_track', 'earned_subsidy_eur', 'subsidy_granted_eur', 'parent_evening', 'school_visit', 'with_indicator',
      'without_indicator', 'indicator_unknown', 'with_special_needs', 'suppressed',
    ],
    async *rows(ctx) {
      const period = await periodFilter(ctx);
      const periods = new Map((await ctx.em.find(FundingPeriod, {})).map((p) => [p.id, p]));
      for await (const projects of byId(ctx.em, Project, { $and: [projectScope(ctx.viewer), period ? { fundingPeriod: period.id } : {}] })) {
        const [counts, leads, published] = await Promise.all([
          loadKpiCounts(ctx.em, projects.map((p) => p.id)),
          namesById(ctx.em, Municipality, projects.map((p) => p.leadMunicipality.id)),
          loadPublishedKpi(ctx.em, projects.map((p) => p.id)),
        ]);
        yield projects.map((p) => {
          const fp = periods.get(p.fundingPeriod.id)!;
          const kpi = discloseKpi(computeKpi(counts.get(p.id)!, p.targetHouseholds, fp, ctx.now), published.get(p.id));
          const type = (t: string) => kpi.byEventType.find((e) => e.type === t)!.reached;
          const round = (value: number | null, digits: number) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);
          return {
            project_id: p.id,
            title: p.title,
            status: p.status,
            period: fp.number,
            lead_nis_code: leads.get(p.leadMunicipality.id)?.nisCode ?? null,
            lead_name: leads.get(p.leadMunicipality.id)?.name ?? null,
            target: p.targetHouseholds,
            reached: kpi.reached,
            progress: round(kpi.progress, 4),
            expected_by_now: round(kpi.expectedByNow, 2),
            on_track: kpi.onTrack,
            earned_subsidy_eur: euros(kpi.earnedSubsidy),
            subsidy_granted_eur: euros(p.subsidyGrantedCents),
            parent_evening: type('PARENT_EVENING'),
            school_visit: type('SCHOOL_VISIT'),
            with_indicator: kpi.families.withIndicator,
            without_indicator: kpi.families.withoutIndicator,
            indicator_unknown: kpi.families.indicatorUnknown,
            with_special_needs: kpi.families.withSpecialNeeds,
            suppressed: Object.fromEntries(kpi.suppressed.map((x) => [EXPORT_COLUMN[x.field] ?? x.field, x.reason])),
          };
        });
      }
    },
  },

  events: {
    columns: ['event_id', 'project_id', 'type', 'starts_at', 'venue', 'organizer', 'cancelled', 'attended', 'registered', 'no_show', 'suppressed'],
    async *rows(ctx) {
      const period = await periodFilter(ctx);
      for await (const events of byId(ctx.em, Event, { $and: [eventScope(ctx.viewer), period ? { project: { fundingPeriod: period.id } } : {}] })) {
        const [counts, attended, organizers] = await Promise.all([
          ctx.em.execute<({ event_id: string } & Record<(typeof COUNT_COLUMN)['REGISTERED' | 'NO_SHOW'], number>)[]>(
            `select event_id, ${COUNT_COLUMN.REGISTERED}, ${COUNT_COLUMN.NO_SHOW} from event_attendance_count where event_id = any(?::uuid[])`,
            [sqlArray(events.map((e) => e.id))],
          ),
          // Attended counts are cells of their project's published table (beside its reach per event type).
          loadPublishedKpi(ctx.em, [...new Set(events.map((e) => e.project.id))]),
          namesById(ctx.em, Organization, events.map((e) => e.organizer.id)),
        ]);
        const byEvent = new Map(counts.map((r) => [r.event_id, r]));
        const count = (id: string, status: 'REGISTERED' | 'NO_SHOW') => Number(byEvent.get(id)?.[COUNT_COLUMN[status]] ?? 0);
        const attendedCell = (e: Event): Cell => attended.get(e.project.id)!.cell(`event:${e.id}`);
        yield events.map((e) =>
          withCells(
            {
              event_id: e.id,
              project_id: e.project.id,
              type: e.type,
              starts_at: brusselsDateTime(e.startsAt),
              venue: e.venue,
              organizer: organizers.get(e.organizer.id)?.name ?? null,
              cancelled: e.cancelledAt !== null,
            },
            { attended: attendedCell(e), registered: cell(count(e.id, 'REGISTERED')), no_show: cell(count(e.id, 'NO_SHOW')) },
          ),
        );
      }
    },
  },

  'school-compositions': {
    columns: [
      'institution_number', 'school_name', 'municipality_nis_code', 'school_year', 'pupils', 'indicator_pupils', 'indicator_share',
      'area_share', 'gap', 'mirrors', 'low_educated_mother', 'school_allowance', 'home_language_not_dutch', 'pupils_with_special_needs', 'suppressed',
    ],
    async *rows(ctx) {
      const schoolYear = schoolYearFilter(ctx);
      let after = '00000000-0000-0000-0000-000000000000';
      // The published social-mix tables (one per 2025 municipality), computed once for the file.
      const published = new Map<string, Map<string, PublishedMix>>();
      for (;;) {
        const rows = await ctx.em.execute<(MirrorRow & { id: string; institution_number: string; name: string; nis_code: string; target: string; school_year: string; low_educated_mother: number; school_allowance: number; home_language_not_dutch: number; pupils_with_special_needs: number })[]>(
          `select sc.id, s.institution_number, s.name, m.nis_code, coalesce(m.merged_into_id, m.id) as target, sc.school_year, sc.school_id as "schoolId", sc.pupils, sc.indicator_pupils as "indicatorPupils",
                  sc.low_educated_mother, sc.school_allowance, sc.home_language_not_dutch, sc.pupils_with_special_needs,
                  ac.area_code as "areaCode", ac.pupils_resident as "pupilsResident", ac.indicator_pupils_resident as "indicatorPupilsResident"
             from school_composition sc
             join school s on s.id = sc.school_id
             join municipality m on m.id = s.municipality_id
             left join area_composition ac on ac.school_year = sc.school_year and ac.area_code = m.nis_code
            where sc.id > ?::uuid and (?::text is null or sc.school_year = ?::text)
            order by sc.id limit ${BATCH}`,
          [after, schoolYear, schoolYear],
        );
        if (rows.length === 0) return;
        const missing = [...new Set(rows.map((r) => r.target))].filter((t) => !published.has(t));
        if (missing.length) for (const [t, byYear] of await loadPublishedMix(ctx.em, missing)) published.set(t, byYear);
        yield rows.map((r) => {
          const table = published.get(r.target)!.get(r.school_year)!.table;
          const key = (c: 'pupils' | 'ind' | 'oth') => mixKey.school(r.schoolId, c);
          const groups = { total: table.cell(key('pupils')), parts: [table.cell(key('ind'))] };
          const mirror = table.allShown(key('pupils'), key('ind'), key('oth')) ? mirrorOf(r, r.school_year, 0.1, table) : null;
          const share = (value: number | null | undefined): Cell => (mirror ? { value: value == null ? null : Math.round(value * 10_000) / 10_000, suppressed: null } : { value: null, suppressed: 'SECONDARY' });
          return withCells(
            { institution_number: r.institution_number, school_name: r.name, municipality_nis_code: r.nis_code, school_year: r.school_year, mirrors: mirror?.mirrors ?? null },
            {
              pupils: groups.total,
              indicator_pupils: groups.parts[0]!,
              indicator_share: share(mirror?.indicatorShare),
              area_share: share(mirror?.areaShare),
              gap: share(mirror?.gap),
              low_educated_mother: cell(r.low_educated_mother),
              school_allowance: cell(r.school_allowance),
              home_language_not_dutch: cell(r.home_language_not_dutch),
              pupils_with_special_needs: cell(r.pupils_with_special_needs),
            },
          );
        });
        if (rows.length < BATCH) return;
        after = rows.at(-1)!.id;
      }
    },
  },

  'social-mix': {
    columns: ['nis_code', 'name', 'school_year', 'schools', 'pupils', 'indicator_share', 'dissimilarity', 'isolation', 'exposure', 'mutual_information', 'theil_h', 'suppressed'],
    async *rows(ctx) {
      const schoolYear = schoolYearFilter(ctx);
      for await (const municipalities of byId(ctx.em, Municipality, { validTo: null })) {
        const tables = await loadPublishedMix(ctx.em, municipalities.map((m) => m.id));
        yield municipalities.flatMap((m) => {
          const byYear = tables.get(m.id)!;
          const years = [...byYear.keys()].filter((year) => schoolYear === null || year === schoolYear);
          return years.map((year) => {
            const mix = socialMixIn(byYear.get(year), m.id, year);
            const row: ExportRow = {
              nis_code: m.nisCode,
              name: m.name,
              school_year: year,
              schools: mix.schoolCount,
              pupils: mix.pupils,
              indicator_share: mix.indicatorShare,
              dissimilarity: mix.dissimilarity,
              isolation: mix.isolation,
              exposure: mix.exposure,
              mutual_information: mix.mutualInformation,
              theil_h: mix.theilH,
              suppressed: mix.suppressedReason ? { indices: mix.suppressedReason } : {},
            };
            return row;
          });
        });
      }
    },
  },
  audit: auditExport,

  /**
   * The settlement table (SPA /periodes/:id/afrekening): every funded project the viewer may see, per
   * period; earned / to pay / to recover withheld with a withheld reach, whoever downloads it.
   */
  settlement: {
    columns: [
      'period', 'project_id', 'title', 'status', 'lead_nis_code', 'lead_name', 'target', 'reached', 'rate_eur', 'advance_share_percent',
      'granted_eur', 'advance_eur', 'earned_eur', 'to_pay_eur', 'to_recover_eur', 'suppressed',
    ],
    async *rows(ctx) {
      const only = await periodFilter(ctx);
      const periods = only ? [only] : await ctx.em.find(FundingPeriod, {}, { orderBy: { number: 'ASC' } });
      const scope = isScoped(ctx.viewer) ? [...ctx.viewer.ownedMunicipalityIds] : null;
      for (const period of periods) {
        const rows = await loadPeriodSettlementRows(ctx.em, period.id, scope);
        if (rows.length === 0) continue;
        // A file is published: disclosure control for every role (docs/PRIVACY.md), as project-kpis.
        const withheld = await withheldReach(ctx.em, rows.map((r) => r.projectId));
        const projects = await namesById(ctx.em, Project, rows.map((r) => r.projectId));
        const leads = await namesById(ctx.em, Municipality, [...projects.values()].map((p) => p.leadMunicipality.id));
        yield rows.map((r) => {
          const p = projects.get(r.projectId)!;
          const s = settlementOf(r, p, withheld.has(r.projectId));
          const lead = leads.get(p.leadMunicipality.id);
          const reason: Record<string, string> = s.withheld ? { reached: withheld.get(r.projectId)!, earned_eur: 'SECONDARY', to_pay_eur: 'SECONDARY', to_recover_eur: 'SECONDARY' } : {};
          return {
            period: period.number,
            project_id: p.id,
            title: p.title,
            status: p.status,
            lead_nis_code: lead?.nisCode ?? null,
            lead_name: lead?.name ?? null,
            target: s.target,
            reached: s.reached,
            rate_eur: euros(s.ratePerHousehold),
            advance_share_percent: s.advanceShare,
            granted_eur: euros(s.granted),
            advance_eur: euros(s.advance),
            earned_eur: euros(s.earned),
            to_pay_eur: euros(s.toPay),
            to_recover_eur: euros(s.toRecover),
            suppressed: reason,
          };
        });
      }
    },
  },
};

import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { EVENT_TYPES, FINAL_REPORT_SETTLED, FUNDED_PROJECT_STATUSES, LIMITS, type EventType, type FinalReportStatus } from '@schoolmix/shared';
import { sqlArray } from '../../db/sql.js';
import { assertId } from '../../graphql/errors.js';
import { findById } from '../../graphql/lookup.js';
import { Problems } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { assertOwnsProject } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { checkNoIdentifier } from '../privacy/privacy.service.js';
import { frozenReason } from '../project/frozen.js';
import { loadKpiCounts } from '../kpi/kpi.js';
import { earnedCents } from '../project/money.js';
import { Project } from '../project/project.entity.js';
import { recordTransition } from '../project/transitions.js';
import { FinalReport, type FinalReportDifference, type FiguresData } from './final-report.entity.js';
import type { ReviewFinalReportInput, SaveFinalReportInput, SubmitFinalReportInput, WaiveFinalReportInput } from './final-report.inputs.js';

/**
 * The live figures of many projects, as a final report states them: the KPI counts (project_kpi,
 * THE reach rule), the events held (not cancelled, started inside the period and not after `now`)
 * and the earned subsidy (money.ts: min(reached, target) × rate, capped at granted). Three statements.
 */
export async function liveFigures(em: EntityManager, projectIds: readonly string[], now: Date): Promise<Map<string, FiguresData>> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return new Map();
  const [counts, rows, events] = await Promise.all([
    loadKpiCounts(em, ids),
    em.execute<{ id: string; target_households: number; subsidy_granted_cents: number | null; rate_per_household_cents: number }[]>(
      `select p.id, p.target_households, p.subsidy_granted_cents, fp.rate_per_household_cents
         from project p join funding_period fp on fp.id = p.funding_period_id where p.id = any(?::uuid[])`,
      [sqlArray(ids)],
    ),
    em.execute<{ project_id: string; type: EventType; held: number }[]>(
      `select e.project_id, e.type, count(*)::int as held
         from event e join project p on p.id = e.project_id join funding_period fp on fp.id = p.funding_period_id
        where e.project_id = any(?::uuid[]) and e.cancelled_at is null and e.starts_at <= ?
          and (e.starts_at at time zone 'Europe/Brussels')::date between fp.starts_on and fp.ends_on
        group by e.project_id, e.type`,
      [sqlArray(ids), now],
    ),
  ]);
  const result = new Map<string, FiguresData>();
  for (const row of rows) {
    const c = counts.get(row.id)!;
    const held = Object.fromEntries(EVENT_TYPES.map((t) => [t, Number(events.find((e) => e.project_id === row.id && e.type === t)?.held ?? 0)])) as Record<EventType, number>;
    const granted = row.subsidy_granted_cents == null ? 0 : Number(row.subsidy_granted_cents);
    const rate = Number(row.rate_per_household_cents);
    const target = Number(row.target_households);
    result.set(row.id, {
      reached: c.reached,
      target,
      byEventType: Object.fromEntries(EVENT_TYPES.map((t) => [t, c.byEventType.get(t) ?? 0])) as Record<EventType, number>,
      eventsHeld: EVENT_TYPES.reduce((n, t) => n + held[t], 0),
      eventsHeldByType: held,
      families: { withIndicator: c.withIndicator, withoutIndicator: c.withoutIndicator, indicatorUnknown: c.indicatorUnknown, withSpecialNeeds: c.withSpecialNeeds },
      grantedCents: granted,
      ratePerHouseholdCents: rate,
      earnedCents: earnedCents({ reached: c.reached, target, ratePerHouseholdCents: rate, grantedCents: granted }),
    });
  }
  return result;
}

/** Every figure as a flat key → value list (money in euro), in a fixed order. */
function flatten(d: FiguresData): [figure: string, value: number, money: boolean][] {
  return [
    ['reached', d.reached, false],
    ['target', d.target, false],
    ...EVENT_TYPES.map((t): [string, number, boolean] => [`byEventType.${t}.reached`, d.byEventType[t] ?? 0, false]),
    ['eventsHeld', d.eventsHeld, false],
    ...EVENT_TYPES.map((t): [string, number, boolean] => [`byEventType.${t}.eventsHeld`, d.eventsHeldByType[t] ?? 0, false]),
    ['families.withIndicator', d.families.withIndicator, false],
    ['families.withoutIndicator', d.families.withoutIndicator, false],
    ['families.indicatorUnknown', d.families.indicatorUnknown, false],
    ['families.withSpecialNeeds', d.families.withSpecialNeeds, false],
    ['subsidyGranted', d.grantedCents / 100, true],
    ['earnedSubsidy', d.earnedCents / 100, true],
  ];
}

/** Every figure where the live value differs from the snapshot; the snapshot itself is never touched. */
export function differences(snapshot: FiguresData, live: FiguresData): FinalReportDifference[] {
  const now = new Map(flatten(live).map(([k, v]) => [k, v]));
  return flatten(snapshot)
    .filter(([k, v]) => now.get(k) !== v)
    .map(([figure, value, money]) => ({ figure, snapshot: value, live: now.get(figure)!, money }));
}

export interface FinalReportListArgs {
  fundingPeriodId?: string | null;
  status?: FinalReportStatus | null;
}

export function finalReportWhere(args: FinalReportListArgs): FilterQuery<FinalReport> {
  const and: FilterQuery<FinalReport>[] = [];
  if (args.fundingPeriodId) and.push({ project: { fundingPeriod: assertId(args.fundingPeriodId, 'fundingPeriodId') } });
  if (args.status) and.push({ status: args.status });
  return and.length > 0 ? { $and: and } : {};
}

/**
 * How many funded projects (APPROVED or CLOSED) of a period have no ACCEPTED or WAIVED final
 * report: closeFundingPeriodReport refuses while this is not 0.
 */
export async function outstandingFinalReports(em: EntityManager, fundingPeriodId: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n
       from project p left join final_report r on r.project_id = p.id
      where p.funding_period_id = ? and p.status = any(?::text[])
        and (r.id is null or r.status <> all(?::text[]))`,
    [fundingPeriodId, sqlArray([...FUNDED_PROJECT_STATUSES]), sqlArray([...FINAL_REPORT_SETTLED])],
  );
  return Number(row?.n ?? 0);
}

interface Loaded {
  project: Project;
  period: FundingPeriod;
  report: FinalReport | null;
}

/** The project (on `projectId`) with its period and report; checks the report's version when it exists. */
async function load(em: EntityManager, p: Problems, projectId: string, version: number | null | undefined): Promise<Loaded> {
  const project = await findById(em, p, Project, 'projectId', projectId, 'Project');
  p.throwIfAny();
  const period = await em.findOneOrFail(FundingPeriod, project!.fundingPeriod.id);
  const report = await em.findOne(FinalReport, { project: project!.id });
  if (report && version != null && report.version !== version) {
    p.add('version', `The final report changed since you loaded it (version ${version}, now ${report.version}); reload and try again`, 'STALE_VERSION').throwIfAny();
  }
  if (report && version == null) p.add('version', 'Send the version of the final report your change is based on', 'REQUIRED').throwIfAny();
  return { project: project!, period, report };
}

const WRITABLE: readonly FinalReportStatus[] = ['DRAFT', 'CHANGES_REQUESTED'];

/** The coordinator's (or an administrator's) checks: an APPROVED project of their own, a period not final, a report still open for writing. */
function checkWritable(p: Problems, viewer: Viewer, { project, period, report }: Loaded): void {
  assertOwnsProject(viewer, project);
  const frozen = frozenReason(project, period);
  if (frozen) p.add('projectId', frozen, 'PERIOD_CLOSED').throwIfAny();
  if (project.status !== 'APPROVED') p.add('projectId', `Only an approved project reports; this one is ${project.status}`, 'INVALID_TRANSITION').throwIfAny();
  if (report && !WRITABLE.includes(report.status)) {
    p.add('projectId', `A ${report.status} final report can no longer be changed`, 'INVALID_TRANSITION').throwIfAny();
  }
}

type Narrative = Pick<SaveFinalReportInput, 'whatWasDone' | 'whatWorked' | 'obstacles'>;
const NARRATIVE = ['whatWasDone', 'whatWorked', 'obstacles'] as const;

function applyNarrative(p: Problems, report: FinalReport, input: Narrative): void {
  for (const field of NARRATIVE) {
    const value = input[field];
    if (value == null) continue;
    if (check.text(p, field, value, LIMITS.narrativeMaxLength, false)) checkNoIdentifier(p, field, value);
    report[field] = value.trim();
  }
}

function ensure(em: EntityManager, loaded: Loaded): FinalReport {
  return loaded.report ?? em.create(FinalReport, { project: loaded.project });
}

/** Creates or changes the narrative (DRAFT or CHANGES_REQUESTED). */
export async function saveFinalReport(em: EntityManager, input: SaveFinalReportInput, viewer: Viewer): Promise<FinalReport> {
  const p = new Problems();
  const loaded = await load(em, p, input.projectId, input.version);
  checkWritable(p, viewer, loaded);
  const report = ensure(em, loaded);
  applyNarrative(p, report, input);
  p.throwIfAny();
  report.updatedAt = new Date();
  await em.flush();
  return report;
}

/** DRAFT / CHANGES_REQUESTED → SUBMITTED: the narrative must be complete; the live figures are frozen into the snapshot. */
export async function submitFinalReport(em: EntityManager, input: SubmitFinalReportInput, viewer: Viewer, now: Date): Promise<FinalReport> {
  const p = new Problems();
  const loaded = await load(em, p, input.projectId, input.version);
  checkWritable(p, viewer, loaded);
  const report = ensure(em, loaded);
  applyNarrative(p, report, input);
  for (const field of NARRATIVE) if (!report[field].trim()) p.add(field, 'Fill this in before submitting', 'REQUIRED');
  p.throwIfAny();
  report.snapshot = (await liveFigures(em, [loaded.project.id], now)).get(loaded.project.id)!;
  report.status = 'SUBMITTED';
  report.submittedAt = now;
  report.submittedById = viewer.kind === 'user' ? viewer.id : null;
  report.submittedByLabel = viewer.label;
  report.updatedAt = new Date();
  await em.flush();
  return report;
}

/**
 * SUBMITTED → ACCEPTED (the project APPROVED → CLOSED, in its history) or CHANGES_REQUESTED
 * (with a required note), by a reviewer.
 */
export async function reviewFinalReport(em: EntityManager, input: ReviewFinalReportInput, viewer: Viewer, now: Date): Promise<FinalReport> {
  const p = new Problems();
  const loaded = await load(em, p, input.projectId, input.version);
  const { project, period, report } = loaded;
  if (!report || report.status !== 'SUBMITTED') {
    p.add('projectId', `Only a submitted final report can be reviewed; this one is ${report?.status ?? 'not written yet'}`, 'INVALID_TRANSITION').throwIfAny();
  }
  const frozen = frozenReason(project, period);
  if (frozen) p.add('projectId', frozen, 'PERIOD_CLOSED').throwIfAny();
  if (input.note != null && check.text(p, 'note', input.note, LIMITS.noteMaxLength, false)) checkNoIdentifier(p, 'note', input.note);
  if (input.decision === 'REQUEST_CHANGES' && !input.note?.trim()) p.add('note', 'Say what must change in the report', 'REQUIRED');
  if (input.decision === 'ACCEPT' && project.status !== 'APPROVED') p.add('projectId', `A ${project.status} project cannot be closed`, 'INVALID_TRANSITION');
  p.throwIfAny();
  const r = report!;
  r.status = input.decision === 'ACCEPT' ? 'ACCEPTED' : 'CHANGES_REQUESTED';
  r.reviewNote = input.note?.trim() || null;
  r.reviewedAt = now;
  r.reviewedById = viewer.kind === 'user' ? viewer.id : null;
  r.reviewedByLabel = viewer.label;
  r.updatedAt = new Date();
  if (input.decision === 'ACCEPT') {
    project.status = 'CLOSED';
    project.updatedAt = new Date();
    recordTransition(em, project, 'APPROVED', input.note?.trim() || 'Eindrapport aanvaard', viewer, now);
  }
  await em.flush();
  return r;
}

/** Any report not yet ACCEPTED or WAIVED (or none at all) of a funded project → WAIVED, with a reason. */
export async function waiveFinalReport(em: EntityManager, input: WaiveFinalReportInput, viewer: Viewer, now: Date): Promise<FinalReport> {
  const p = new Problems();
  const loaded = await load(em, p, input.projectId, input.version);
  const { project, period, report } = loaded;
  if (period.reportStatus === 'FINAL') p.add('projectId', `${period.label} is final: its reports can no longer change`, 'PERIOD_CLOSED').throwIfAny();
  if (!FUNDED_PROJECT_STATUSES.includes(project.status)) p.add('projectId', `Only a funded project reports; this one is ${project.status}`, 'INVALID_TRANSITION');
  if (report && FINAL_REPORT_SETTLED.includes(report.status)) p.add('projectId', `The final report is already ${report.status}`, 'INVALID_TRANSITION');
  if (check.text(p, 'reason', input.reason, LIMITS.reasonMaxLength)) checkNoIdentifier(p, 'reason', input.reason);
  p.throwIfAny();
  const r = ensure(em, loaded);
  r.status = 'WAIVED';
  r.waiverReason = input.reason.trim();
  r.reviewedAt = now;
  r.reviewedById = viewer.kind === 'user' ? viewer.id : null;
  r.reviewedByLabel = viewer.label;
  r.updatedAt = new Date();
  await em.flush();
  return r;
}

/** The final reports of these projects (at most one each), in one statement. */
export function finalReportsOfProjects(em: EntityManager, projectIds: readonly string[]): Promise<FinalReport[]> {
  return em.find(FinalReport, { project: { $in: [...projectIds] } });
}

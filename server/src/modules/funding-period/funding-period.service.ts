import type { EntityManager } from '@mikro-orm/sql';
import { brusselsDate, FUNDED_PROJECT_STATUSES, LIMITS } from '@schoolmix/shared';
import { Problems } from '../../graphql/user-errors.js';
import { findById } from '../../graphql/lookup.js';
import { check } from '../../graphql/validate.js';
import type { Viewer } from '../auth/viewer.js';
import { Project } from '../project/project.entity.js';
import { recordTransition } from '../project/transitions.js';
import { outstandingFinalReports } from '../final-report/final-report.service.js';
import { FundingPeriod } from './funding-period.entity.js';
import type { CloseFundingPeriodReportInput, CreateFundingPeriodInput, ReopenFundingPeriodInput, UpdateFundingPeriodInput } from './funding-period.inputs.js';

// The Brussels calendar day lives in shared (format/date.ts); kept importable from here for its importers.
export { brusselsDate };

/**
 * Closes a period's report once the period is over and every funded project's final report is
 * ACCEPTED or WAIVED (FINAL_REPORTS_OUTSTANDING names how many are not): its approved projects (the
 * waived ones) become CLOSED and the realised figure of the programme report becomes final and published.
 */
export async function closeFundingPeriodReport(em: EntityManager, input: CloseFundingPeriodReportInput, viewer: Viewer, now: Date): Promise<FundingPeriod> {
  const problems = new Problems();
  const period = await findById(em, problems, FundingPeriod, 'fundingPeriodId', input.fundingPeriodId, 'Funding period');
  problems.throwIfAny();
  const p = period!;
  if (p.reportStatus === 'FINAL') problems.add('fundingPeriodId', 'This period’s report is already final', 'PERIOD_FINAL').throwIfAny();
  if (p.version !== input.version) problems.add('version', 'The period changed since you loaded it; reload and try again', 'STALE_VERSION');
  if (brusselsDate(now) <= p.endsOn) problems.add('fundingPeriodId', `The period runs until ${p.endsOn}; its report can be closed afterwards`, 'CONFLICT');
  problems.throwIfAny();
  const outstanding = await outstandingFinalReports(em, p.id);
  if (outstanding > 0) {
    problems
      .add('fundingPeriodId', `${outstanding} funded project(s) of ${p.label} have no accepted or waived final report yet`, 'FINAL_REPORTS_OUTSTANDING')
      .throwIfAny();
  }
  p.reportStatus = 'FINAL';
  // The settlement: household retention (HOUSEHOLD_RETENTION_MONTHS) counts from it.
  p.finalizedAt = now;
  for (const project of await em.find(Project, { fundingPeriod: p, status: 'APPROVED' })) {
    project.status = 'CLOSED';
    recordTransition(em, project, 'APPROVED', `${p.label}: report closed`, viewer, now);
  }
  await em.flush();
  return p;
}

/** The period's fields as the rules see them (money in cents, share in percent); the seeds write them too. */
export interface PeriodFields {
  number: number;
  label: string;
  startsOn: string;
  endsOn: string;
  ratePerHouseholdCents: number;
  maxHouseholds: number;
  applicationsOpenOn: string;
  applicationsCloseOn: string;
  finalReportDueOn: string;
  advanceSharePercent: number;
}

/** Input field name → entity property, for the fields an update may carry. */
const INPUT_FIELDS = {
  number: 'number',
  label: 'label',
  startsOn: 'startsOn',
  endsOn: 'endsOn',
  ratePerHousehold: 'ratePerHouseholdCents',
  maxHouseholds: 'maxHouseholds',
  applicationsOpenOn: 'applicationsOpenOn',
  applicationsCloseOn: 'applicationsCloseOn',
  finalReportDueOn: 'finalReportDueOn',
  advanceShare: 'advanceSharePercent',
} as const satisfies Record<string, keyof PeriodFields>;
type InputField = keyof typeof INPUT_FIELDS;

/**
 * What may still change once a period has granted money (APPROVED or CLOSED projects): the label,
 * the application window and the final-report deadline. The others decide a granted amount or
 * the KPI: dates move events in or out of the period (reached households), the rate and the
 * maximum households set maxSubsidy and earned = min(reached, target) × rate, the advance share
 * sets advances already due or paid, and the number names the period in published tables.
 */
const WHY_LOCKED: Partial<Record<InputField, string>> = {
  number: 'the number names the period in the published programme table',
  startsOn: 'the dates decide which events count for the KPI of its approved projects',
  endsOn: 'the dates decide which events count for the KPI of its approved projects',
  ratePerHousehold: 'the rate decides the maximum and the earned subsidy of its approved projects',
  maxHouseholds: 'the maximum households decide the maximum subsidy its projects were granted under',
  advanceShare: 'the advance share decides the advances already due on its granted subsidies',
};

/** Every rule of a period's fields, each answered on its input field. */
async function checkPeriod(em: EntityManager, p: Problems, f: PeriodFields, id: string | null): Promise<void> {
  check.int(p, 'number', f.number, 1, 999);
  check.text(p, 'label', f.label, LIMITS.nameMaxLength);
  if (f.startsOn >= f.endsOn) p.add('endsOn', 'The period ends after it starts', 'INVALID');
  if (!Number.isInteger(f.ratePerHouseholdCents) || f.ratePerHouseholdCents <= 0) p.add('ratePerHousehold', 'Must be more than € 0', 'OUT_OF_RANGE');
  check.int(p, 'maxHouseholds', f.maxHouseholds, 1, 100_000);
  if (f.ratePerHouseholdCents * f.maxHouseholds > 2_000_000_000) p.add('maxHouseholds', 'Rate × maximum households is too large', 'OUT_OF_RANGE');
  if (f.applicationsOpenOn > f.applicationsCloseOn) p.add('applicationsCloseOn', 'Applications close on or after the day they open', 'INVALID');
  if (f.applicationsCloseOn > f.endsOn) p.add('applicationsCloseOn', `Applications close at the latest on the period’s last day (${f.endsOn})`, 'INVALID');
  if (f.finalReportDueOn <= f.endsOn) p.add('finalReportDueOn', `The final report is due after the period ends (${f.endsOn})`, 'INVALID');
  check.int(p, 'advanceShare', f.advanceSharePercent, 0, 100);
  const notMe = id ? { id: { $ne: id } } : {};
  if (Number.isInteger(f.number) && (await em.count(FundingPeriod, { number: f.number, ...notMe }))) p.add('number', `Period ${f.number} already exists`, 'DUPLICATE');
  if (f.startsOn < f.endsOn) {
    const overlap = await em.findOne(FundingPeriod, { startsOn: { $lte: f.endsOn }, endsOn: { $gte: f.startsOn }, ...notMe });
    if (overlap) p.add('startsOn', `Overlaps ${overlap.label} (${overlap.startsOn} – ${overlap.endsOn}); periods do not overlap`, 'CONFLICT');
  }
}

/** A new period (administrators): maxSubsidy = rate × maximum households, computed here. */
export async function createFundingPeriod(em: EntityManager, input: CreateFundingPeriodInput): Promise<FundingPeriod> {
  const p = new Problems();
  const f: PeriodFields = {
    number: input.number,
    label: input.label.trim(),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    ratePerHouseholdCents: input.ratePerHousehold,
    maxHouseholds: input.maxHouseholds,
    applicationsOpenOn: input.applicationsOpenOn,
    applicationsCloseOn: input.applicationsCloseOn,
    finalReportDueOn: input.finalReportDueOn,
    advanceSharePercent: input.advanceShare,
  };
  await checkPeriod(em, p, f, null);
  p.throwIfAny();
  const period = em.create(FundingPeriod, { ...f, maxSubsidyCents: f.ratePerHouseholdCents * f.maxHouseholds });
  await em.flush();
  return period;
}

/**
 * Changes a period (administrators). Once it has approved or closed projects, only the fields
 * that cannot change a granted amount or the KPI may change (WHY_LOCKED says why for the rest).
 */
export async function updateFundingPeriod(em: EntityManager, input: UpdateFundingPeriodInput): Promise<FundingPeriod> {
  const p = new Problems();
  const period = (await findById(em, p, FundingPeriod, 'id', input.id, 'Funding period'))!;
  p.throwIfAny();
  if (period.version !== input.version) {
    p.add('version', `The period changed since you loaded it (version ${input.version}, now ${period.version}); reload and try again`, 'STALE_VERSION').throwIfAny();
  }
  const changed = (Object.keys(INPUT_FIELDS) as InputField[]).filter((k) => input[k] != null && input[k] !== period[INPUT_FIELDS[k]]);
  const locked = changed.filter((k) => WHY_LOCKED[k]);
  if (locked.length > 0) {
    const funded = await em.count(Project, { fundingPeriod: period, status: { $in: [...FUNDED_PROJECT_STATUSES] } });
    if (funded > 0) {
      for (const k of locked) p.add(k, `Cannot change: ${period.label} has ${funded} approved or closed project(s), and ${WHY_LOCKED[k]}`, 'CONFLICT');
      p.throwIfAny();
    }
  }
  const f = Object.fromEntries(Object.entries(INPUT_FIELDS).map(([k, prop]) => [prop, input[k as InputField] ?? period[prop]])) as unknown as PeriodFields;
  f.label = f.label.trim();
  await checkPeriod(em, p, f, period.id);
  p.throwIfAny();
  if (changed.length === 0) return period;
  Object.assign(period, f, { maxSubsidyCents: f.ratePerHouseholdCents * f.maxHouseholds });
  period.updatedAt = new Date();
  await em.flush();
  return period;
}

/**
 * FINAL → OPEN (administrators), with a required reason kept on the period. Its CLOSED projects
 * go back to APPROVED (each with the reason in its history), so their figures can be corrected;
 * closing the report again closes them again.
 */
export async function reopenFundingPeriod(em: EntityManager, input: ReopenFundingPeriodInput, viewer: Viewer, now: Date): Promise<FundingPeriod> {
  const p = new Problems();
  const period = (await findById(em, p, FundingPeriod, 'id', input.id, 'Funding period'))!;
  check.text(p, 'reason', input.reason, LIMITS.reasonMaxLength);
  p.throwIfAny();
  if (period.version !== input.version) {
    p.add('version', `The period changed since you loaded it (version ${input.version}, now ${period.version}); reload and try again`, 'STALE_VERSION');
  }
  if (period.reportStatus !== 'FINAL') p.add('id', 'Only a period whose report is final can be reopened', 'INVALID_TRANSITION');
  p.throwIfAny();
  const reason = input.reason.trim();
  period.reportStatus = 'OPEN';
  period.finalizedAt = null;
  period.reopenedAt = now;
  period.reopenReason = reason;
  // The period first, so database rules that look at the period see it open when its projects move.
  await em.flush();
  for (const project of await em.find(Project, { fundingPeriod: period, status: 'CLOSED' })) {
    project.status = 'APPROVED';
    recordTransition(em, project, 'CLOSED', reason, viewer, now);
  }
  await em.flush();
  return period;
}

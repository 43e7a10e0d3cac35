import type { EntityManager } from '@mikro-orm/sql';
import { Problems } from '../../graphql/user-errors.js';
import { findById } from '../../graphql/lookup.js';
import { Project } from '../project/project.entity.js';
import { FundingPeriod } from './funding-period.entity.js';
import type { CloseFundingPeriodReportInput } from './funding-period.inputs.js';

const DAY_MS = 86_400_000;

/**
 * Elapsed fraction of a period on `now`, 0 before it starts and 1 after its last day. Periods
 * are whole Belgian calendar days; the fraction counts days so "expected by now" moves daily.
 */
export function elapsedFraction(period: { startsOn: string; endsOn: string }, now: Date): number {
  const start = Date.parse(`${period.startsOn}T00:00:00Z`);
  const end = Date.parse(`${period.endsOn}T00:00:00Z`) + DAY_MS;
  const today = Date.parse(`${brusselsDate(now)}T00:00:00Z`) + DAY_MS;
  return Math.min(1, Math.max(0, (today - start) / (end - start)));
}

/** The calendar day it is in Brussels at `instant`, YYYY-MM-DD. */
export function brusselsDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(instant);
}

/**
 * Closes a period's report once the period is over: its approved projects become CLOSED and the
 * realised figure of the programme report becomes final and published.
 */
export async function closeFundingPeriodReport(em: EntityManager, input: CloseFundingPeriodReportInput, now: Date): Promise<FundingPeriod> {
  const problems = new Problems();
  const period = await findById(em, problems, FundingPeriod, 'fundingPeriodId', input.fundingPeriodId, 'Funding period');
  problems.throwIfAny();
  const p = period!;
  if (p.reportStatus === 'FINAL') problems.add('fundingPeriodId', 'This period’s report is already final', 'PERIOD_FINAL').throwIfAny();
  if (p.version !== input.version) problems.add('version', 'The period changed since you loaded it; reload and try again', 'STALE_VERSION');
  if (brusselsDate(now) <= p.endsOn) problems.add('fundingPeriodId', `The period runs until ${p.endsOn}; its report can be closed afterwards`, 'CONFLICT');
  problems.throwIfAny();
  p.reportStatus = 'FINAL';
  for (const project of await em.find(Project, { fundingPeriod: p, status: 'APPROVED' })) project.status = 'CLOSED';
  await em.flush();
  return p;
}

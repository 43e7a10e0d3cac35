import type { ReportStatus } from '@schoolmix/shared';

/** The programme facts both seed data sets share: the three real periods and their money rules. */
export interface PeriodPlan {
  number: 1 | 2 | 3;
  startsOn: string;
  endsOn: string;
  reportStatus: ReportStatus;
}

/** Periods 1–2 have their final report; period 3 is still open, so "realised" shows as pending. */
export const PERIODS: readonly PeriodPlan[] = [
  { number: 1, startsOn: '2022-10-01', endsOn: '2023-09-30', reportStatus: 'FINAL' },
  { number: 2, startsOn: '2023-10-01', endsOn: '2024-09-30', reportStatus: 'FINAL' },
  { number: 3, startsOn: '2024-10-01', endsOn: '2025-09-30', reportStatus: 'OPEN' },
];

export const RATE_PER_HOUSEHOLD_CENTS = 17_000;
/** Share of the granted subsidy paid as an advance, in percent (as back-filled by the applications migration). */
export const ADVANCE_SHARE_PERCENT = 60;

/**
 * A period's schedule as the applications migration back-fills it: the call runs from 1 March to
 * 31 August before a period starting 1 October (7 and 1 month before), the final report is due
 * the last day of the month after the period ends (31 October).
 */
export function periodSchedule(startsOn: string, endsOn: string): { applicationsOpenOn: string; applicationsCloseOn: string; finalReportDueOn: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const start = new Date(`${startsOn}T00:00:00Z`);
  const end = new Date(`${endsOn}T00:00:00Z`);
  return {
    applicationsOpenOn: day(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 7, start.getUTCDate()))),
    applicationsCloseOn: day(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, start.getUTCDate() - 1))),
    finalReportDueOn: day(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 2, 0))),
  };
}
export const MAX_HOUSEHOLDS = 300;
export const SCHOOL_YEARS = ['2022-2023', '2023-2024', '2024-2025'] as const;
/** When the reference data and the accounts were loaded: a fixed instant, never the clock. */
export const LOADED_AT = new Date('2022-04-01T08:00:00Z');

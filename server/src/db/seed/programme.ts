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
export const MAX_HOUSEHOLDS = 300;
export const SCHOOL_YEARS = ['2022-2023', '2023-2024', '2024-2025'] as const;
/** When the reference data and the accounts were loaded: a fixed instant, never the clock. */
export const LOADED_AT = new Date('2022-04-01T08:00:00Z');

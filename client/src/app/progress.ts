import { useT } from '../i18n';
import { fmt } from '../ui/format';
import './progress.i18n';

/**
 * The state of a funding period, said the same way on every screen (issue 18):
 * - upcoming: before its first day;
 * - running ("lopend"): from its first to its last day;
 * - ended ("afgelopen"): after its last day, final report still open (report pending);
 * - final ("afgesloten"): its report is closed (reportStatus FINAL), the figures are frozen.
 */
export type PeriodPhase = 'upcoming' | 'running' | 'ended' | 'final';

export interface PeriodDates {
  startsOn: string;
  endsOn: string;
  /** OPEN or FINAL; a screen that does not ask it gets running/ended from the dates alone. */
  reportStatus?: string | null;
}

/** Today's date in Brussels (yyyy-mm-dd): the programme's days are Belgian days. */
export function todayInBrussels(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(now);
}

export function periodPhase(period: PeriodDates, today: string = todayInBrussels()): PeriodPhase {
  if (period.reportStatus === 'FINAL') return 'final';
  if (today > period.endsOn) return 'ended';
  if (today < period.startsOn) return 'upcoming';
  return 'running';
}

/** A forecast ("verwacht tegen nu", "op schema") means something only while a period has not ended. */
export function hasForecast(phase: PeriodPhase): boolean {
  return phase === 'running' || phase === 'upcoming';
}

export type ProgressVerdict = 'onTrack' | 'behind' | 'targetMet' | 'targetMissed' | 'notApplicable' | 'withheld';

/**
 * One verdict for a project's (or municipality's) progress: against "expected by now" while the
 * period runs, against the target once it has ended. Not funded: not applicable; reached
 * withheld (disclosure control): withheld.
 */
export function progressVerdict(kpi: { reached: number | null; target: number; expectedByNow: number }, phase: PeriodPhase, funded = true): ProgressVerdict {
  if (!funded) return 'notApplicable';
  if (kpi.reached === null) return 'withheld';
  if (!hasForecast(phase)) return kpi.target > 0 && kpi.reached >= kpi.target ? 'targetMet' : 'targetMissed';
  return kpi.reached >= kpi.expectedByNow ? 'onTrack' : 'behind';
}

/** The words of the vocabulary, for a component. */
export function useProgressWords() {
  const { t } = useT('progress');
  return {
    phase: (phase: PeriodPhase) => t(`phase.${phase}`),
    phaseLong: (phase: PeriodPhase, period: PeriodDates) => t(`phaseLong.${phase}`, { startsOn: fmt.date(period.startsOn), endsOn: fmt.date(period.endsOn) }),
    /** The verdict in words; withheld is left to the caller (it shows the shared "afgeschermd"). */
    verdict: (verdict: Exclude<ProgressVerdict, 'withheld'>) => t(`verdict.${verdict}`),
    caption: (phase: PeriodPhase) => t(hasForecast(phase) ? 'verdictCaption.forecast' : 'verdictCaption.result'),
    expectedByNow: () => t('expectedByNow'),
    legend: (key: 'reached' | 'behind' | 'short' | 'expected' | 'target') => t(`legend.${key}`),
    t,
  };
}

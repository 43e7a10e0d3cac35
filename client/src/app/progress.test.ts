import { describe, expect, it } from 'vitest';
import { hasForecast, periodPhase, progressVerdict, todayInBrussels } from './progress';

const period3 = { startsOn: '2024-10-01', endsOn: '2025-09-30' };

describe('the progress vocabulary', () => {
  it('names a period’s phase from its dates and report status (Belgian days)', () => {
    expect(periodPhase(period3, '2024-09-30')).toBe('upcoming');
    expect(periodPhase(period3, '2024-10-01')).toBe('running');
    expect(periodPhase(period3, '2025-09-30')).toBe('running');
    expect(periodPhase(period3, '2025-10-01')).toBe('ended');
    expect(periodPhase({ ...period3, reportStatus: 'OPEN' }, '2025-10-01')).toBe('ended');
    expect(periodPhase({ ...period3, reportStatus: 'FINAL' }, '2025-10-01')).toBe('final');
    // 30 September 23:30 UTC is already 1 October in Brussels.
    expect(todayInBrussels(new Date('2025-09-30T23:30:00Z'))).toBe('2025-10-01');
  });

  it('forecasts only while a period has not ended', () => {
    expect(['upcoming', 'running', 'ended', 'final'].map((p) => hasForecast(p as never))).toEqual([true, true, false, false]);
  });

  it('gives one verdict: against expected-by-now while running, against the target after', () => {
    const kpi = { reached: 202, target: 281, expectedByNow: 140.5 };
    expect(progressVerdict(kpi, 'running')).toBe('onTrack');
    expect(progressVerdict({ ...kpi, reached: 100 }, 'running')).toBe('behind');
    // Ahead of the forecast while running, yet short of the target once the period ended.
    expect(progressVerdict(kpi, 'ended')).toBe('targetMissed');
    expect(progressVerdict({ ...kpi, reached: 281 }, 'final')).toBe('targetMet');
    expect(progressVerdict(kpi, 'running', false)).toBe('notApplicable');
    expect(progressVerdict({ ...kpi, reached: null }, 'ended')).toBe('withheld');
  });
});

/** How far a municipality is, as the map colours it and the table explains it. */
export type ProgressBand = 'none' | 'withheld' | 'far' | 'behind' | 'onTrack' | 'done';

export const BANDS: readonly ProgressBand[] = ['far', 'behind', 'onTrack', 'done', 'withheld', 'none'];

/** Colour-blind-safe (PuOr), each band also named in the legend, the tooltip and (visually hidden, beside the swatch) the table. */
export const BAND_COLOURS: Record<ProgressBand, string> = {
  none: '#ececec',
  withheld: '#bdbdbd',
  far: '#b35806',
  behind: '#f1a340',
  onTrack: '#998ec3',
  done: '#542788',
};

/**
 * `forecast` false once the period has ended (app/progress.ts hasForecast): measured against the
 * target only, so a municipality short of its target is never "op schema" after the period.
 */
export function progressBand(row: { reached: number | null; target: number; expectedByNow: number } | undefined, forecast = true): ProgressBand {
  if (!row) return 'none';
  if (row.reached === null) return 'withheld';
  if (row.target > 0 && row.reached >= row.target) return 'done';
  const expected = forecast ? row.expectedByNow : row.target;
  if (row.reached >= expected) return 'onTrack';
  return row.reached >= expected * 0.5 ? 'behind' : 'far';
}

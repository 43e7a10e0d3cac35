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

export function progressBand(row: { reached: number | null; target: number; expectedByNow: number } | undefined): ProgressBand {
  if (!row) return 'none';
  if (row.reached === null) return 'withheld';
  if (row.target > 0 && row.reached >= row.target) return 'done';
  if (row.reached >= row.expectedByNow) return 'onTrack';
  return row.reached >= row.expectedByNow * 0.5 ? 'behind' : 'far';
}

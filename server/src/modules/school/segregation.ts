/**
 * Segregation indices of SPEC section 3 over the schools of one area, for two groups: pupils
 * with an SES indicator (x) and the others (y). Natural logarithms, as Elbers' `segregation`
 * R package. Pure functions: the SQL only gathers the counts.
 */
export interface SchoolCounts {
  /** Pupils with an indicator. */
  x: number;
  /** Pupils without. */
  y: number;
}

export interface Indices {
  /** D = ½ Σ |x_u/X − y_u/Y|, 0 (even) … 1 (fully separated). */
  dissimilarity: number;
  /** xPx = Σ (x_u/X)(x_u/t_u): the indicator share in the school of the average indicator pupil. */
  isolation: number;
  /** xPy = Σ (x_u/X)(y_u/t_u); isolation + exposure = 1. */
  exposure: number;
  /** M = Σ_u Σ_g p_ug ln(p_ug / (p_u· p_·g)). */
  mutualInformation: number;
  /** H = M / E with E = −Σ_g p_·g ln p_·g, 0 … 1. */
  theilH: number;
}

/** The indices, or null when they are undefined (a group is empty: nobody to segregate). */
export function segregationIndices(schools: readonly SchoolCounts[]): Indices | null {
  const units = schools.filter((s) => s.x + s.y > 0);
  const X = units.reduce((n, s) => n + s.x, 0);
  const Y = units.reduce((n, s) => n + s.y, 0);
  const T = X + Y;
  if (X === 0 || Y === 0) return null;
  let dissimilarity = 0;
  let isolation = 0;
  let exposure = 0;
  let mutualInformation = 0;
  for (const { x, y } of units) {
    const t = x + y;
    dissimilarity += Math.abs(x / X - y / Y) / 2;
    isolation += (x / X) * (x / t);
    exposure += (x / X) * (y / t);
    for (const [count, group] of [[x, X], [y, Y]] as const) {
      if (count > 0) mutualInformation += (count / T) * Math.log(count / T / ((t / T) * (group / T)));
    }
  }
  const entropy = -[X, Y].reduce((e, g) => e + (g / T) * Math.log(g / T), 0);
  // Rounding can leave −1e-17 where the exact answer is 0.
  mutualInformation = Math.max(0, mutualInformation);
  return { dissimilarity, isolation, exposure, mutualInformation, theilH: mutualInformation / entropy };
}

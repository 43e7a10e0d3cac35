import { describe, expect, it } from 'vitest';
import { segregationIndices } from './segregation.js';

describe('segregation indices', () => {
  it('match a small case computed by hand', () => {
    // School A: 30 indicator, 70 others; school B: 10 and 90. X = 40, Y = 160, T = 200.
    const r = segregationIndices([{ x: 30, y: 70 }, { x: 10, y: 90 }])!;
    // D = ½ (|30/40 − 70/160| + |10/40 − 90/160|) = ½ (0.3125 + 0.3125)
    expect(r.dissimilarity).toBeCloseTo(0.3125, 12);
    // xPx = 0.75·0.3 + 0.25·0.1 = 0.25; xPy = 0.75·0.7 + 0.25·0.9 = 0.75
    expect(r.isolation).toBeCloseTo(0.25, 12);
    expect(r.exposure).toBeCloseTo(0.75, 12);
    // M = 0.15 ln(0.15/0.1) + 0.35 ln(0.35/0.4) + 0.05 ln(0.05/0.1) + 0.45 ln(0.45/0.4)
    const M = 0.15 * Math.log(1.5) + 0.35 * Math.log(0.875) + 0.05 * Math.log(0.5) + 0.45 * Math.log(1.125);
    expect(r.mutualInformation).toBeCloseTo(M, 12);
    // = 0.0608198 − 0.0467359 − 0.0346574 + 0.0530024
    expect(r.mutualInformation).toBeCloseTo(0.0324288, 6);
    // E = −(0.2 ln 0.2 + 0.8 ln 0.8) = 0.5004024; H = M / E
    expect(r.theilH).toBeCloseTo(M / 0.5004024235381879, 10);
    expect(r.theilH).toBeCloseTo(0.0648055, 6);
  });

  it('gives D = 0 and H = 0 when every school has the same share', () => {
    const r = segregationIndices([{ x: 10, y: 40 }, { x: 20, y: 80 }, { x: 3, y: 12 }])!;
    expect(r.dissimilarity).toBeCloseTo(0, 12);
    expect(r.theilH).toBeCloseTo(0, 12);
    expect(r.isolation).toBeCloseTo(0.2, 12);
  });

  it('gives D = 1 and H = 1 when the groups are fully separated', () => {
    const r = segregationIndices([{ x: 25, y: 0 }, { x: 0, y: 75 }, { x: 5, y: 0 }])!;
    expect(r.dissimilarity).toBeCloseTo(1, 12);
    expect(r.theilH).toBeCloseTo(1, 12);
    expect(r.isolation).toBeCloseTo(1, 12);
    expect(r.exposure).toBeCloseTo(0, 12);
  });

  it('stays in range and does not change when every count is scaled', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 50; trial++) {
      const schools = Array.from({ length: 2 + Math.floor(rand() * 8) }, () => ({ x: Math.floor(rand() * 60), y: 1 + Math.floor(rand() * 300) }));
      const r = segregationIndices(schools);
      if (!r) continue;
      for (const v of [r.dissimilarity, r.isolation, r.exposure, r.theilH]) {
        expect(v).toBeGreaterThanOrEqual(-1e-12);
        expect(v).toBeLessThanOrEqual(1 + 1e-12);
      }
      expect(r.isolation + r.exposure).toBeCloseTo(1, 12);
      const scaled = segregationIndices(schools.map((s) => ({ x: s.x * 7, y: s.y * 7 })))!;
      expect(scaled.dissimilarity).toBeCloseTo(r.dissimilarity, 12);
      expect(scaled.theilH).toBeCloseTo(r.theilH, 12);
      expect(scaled.mutualInformation).toBeCloseTo(r.mutualInformation, 12);
    }
  });

  it('is undefined when a group is empty', () => {
    expect(segregationIndices([{ x: 0, y: 10 }, { x: 0, y: 5 }])).toBeNull();
    expect(segregationIndices([])).toBeNull();
  });
});

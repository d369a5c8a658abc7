import { describe, expect, it } from 'vitest';
import { Z95, Z998, byarLower, byarRateInterval, byarUpper, countControlLimits } from '../../src/domain/poisson';
import { exactPoisson } from '../helpers/exact-poisson';

describe("Byar's approximation", () => {
  it('gives the values its formula gives for O = 10 (95%)', () => {
    // lower = 10(1 - 1/90 - 1.959964/(3√10))^3, upper = 11(1 - 1/99 + 1.959964/(3√11))^3.
    expect(byarLower(10)).toBeCloseTo(4.78745, 5);
    expect(byarUpper(10)).toBeCloseTo(18.39146, 5);
  });

  it('is within 0.2% of the exact interval for O >= 10 at 95% (PHE Technical Guide: Confidence Intervals, 2018)', () => {
    for (let o = 10; o <= 2000; o += o < 100 ? 1 : 37) {
      const exact = exactPoisson(o);
      expect(Math.abs(byarLower(o) / exact.lower - 1)).toBeLessThan(0.002);
      expect(Math.abs(byarUpper(o) / exact.upper - 1)).toBeLessThan(0.002);
    }
  });

  it('handles O = 0 and small counts without going negative', () => {
    expect(byarLower(0)).toBe(0);
    expect(byarUpper(0)).toBeCloseTo(3.668, 3); // exact: 3.689
    for (const o of [0.1, 0.3, 0.5, 1, 2]) expect(byarLower(o)).toBeGreaterThanOrEqual(0);
  });

  it('scales to a rate per 100,000', () => {
    expect(byarRateInterval(10, 200_000)).toEqual({ lower: byarLower(10) / 2, upper: byarUpper(10) / 2 });
  });
});

describe('countControlLimits', () => {
  it('are the counts whose Byar interval just reaches the expected count', () => {
    for (const e of [0.5, 3, 10, 57.3, 400, 12_000]) {
      for (const z of [Z95, Z998]) {
        const { lower, upper } = countControlLimits(e, z);
        expect(byarLower(upper, z)).toBeCloseTo(e, 6);
        if (lower > 0) expect(byarUpper(lower, z)).toBeCloseTo(e, 6);
        else expect(byarUpper(0, z)).toBeGreaterThanOrEqual(e);
        expect(lower).toBeLessThan(e);
        expect(upper).toBeGreaterThan(e);
      }
    }
  });

  it('99.8% limits lie outside 95% limits', () => {
    for (const e of [5, 50, 500]) {
      expect(countControlLimits(e, Z998).upper).toBeGreaterThan(countControlLimits(e, Z95).upper);
      expect(countControlLimits(e, Z998).lower).toBeLessThan(countControlLimits(e, Z95).lower);
    }
  });

  it('are 0 around an expected count of 0', () => {
    expect(countControlLimits(0)).toEqual({ lower: 0, upper: 0 });
  });
});

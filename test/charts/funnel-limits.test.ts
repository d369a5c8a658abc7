import { describe, expect, it } from 'vitest';
import { funnelLimits } from '../../src/charts/funnel-limits';
import { gammaQuantile } from '../helpers/exact-poisson';

const Z = 1.959964;
// Byar's limits written out afresh, and the significance rule the SQL applies (compile.test.ts checks the SQL).
const byarLo = (o: number) => (o === 0 ? 0 : Math.max(0, o * (1 - 1 / (9 * o) - Z / (3 * Math.sqrt(o))) ** 3));
const byarHi = (o: number) => (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * Math.sqrt(o + 1))) ** 3;
const significance = (o: number, pop: number, ref: number) =>
  (byarLo(o) * 1e5) / pop > ref ? 'above' : (byarHi(o) * 1e5) / pop < ref ? 'below' : 'not significant';

describe('funnelLimits', () => {
  it('a point is outside the 95% funnel exactly when its 95% interval excludes the reference', () => {
    const ref = 5.4;
    let checked = 0;
    for (const pop of [8_600, 50_000, 300_000, 1_000_000, 9_000_000]) {
      const [limit] = funnelLimits(ref, pop, pop, 1);
      for (let o = 0; o <= (ref * pop) / 1e5 * 3 + 10; o++) {
        const rate = (o * 1e5) / pop;
        const outside = rate > limit.upper95 ? 'above' : rate < limit.lower95 ? 'below' : 'not significant';
        expect(outside, `O=${o}, population ${pop}`).toBe(significance(o, pop, ref));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('narrows towards the reference as population grows, 99.8% outside 95%', () => {
    const limits = funnelLimits(5.4, 10_000, 10_000_000, 50);
    expect(limits).toHaveLength(50);
    expect(limits[0].population).toBeCloseTo(10_000, 6);
    expect(limits[49].population).toBeCloseTo(10_000_000, 3);
    for (let i = 1; i < limits.length; i++) {
      expect(limits[i].upper95).toBeLessThan(limits[i - 1].upper95);
      expect(limits[i].lower95).toBeGreaterThanOrEqual(limits[i - 1].lower95);
    }
    for (const l of limits) {
      expect(l.upper998).toBeGreaterThan(l.upper95);
      expect(l.lower998).toBeLessThanOrEqual(l.lower95);
      expect(l.lower998).toBeGreaterThanOrEqual(0);
      expect(l.upper95).toBeGreaterThan(5.4);
      expect(l.lower95).toBeLessThan(5.4);
    }
    expect(limits[49].upper95 / 5.4).toBeLessThan(1.1); // E = 540: about ±1.96√540 = ±8.6%
  });

  it('agree with limits from exact Poisson intervals within 0.5% once 20 or more are expected', () => {
    // Exact: the count U whose exact lower limit, Gamma⁻¹(0.025; U), equals the expected count E.
    const ref = 10;
    for (const pop of [200_000, 1_000_000, 5_000_000]) {
      const e = (ref * pop) / 1e5;
      let lo = e;
      let hi = e * 3 + 20;
      for (let i = 0; i < 100; i++) {
        const mid = (lo + hi) / 2;
        if (gammaQuantile(0.025, mid) < e) lo = mid;
        else hi = mid;
      }
      const [limit] = funnelLimits(ref, pop, pop, 1);
      expect(Math.abs(limit.upper95 / ((lo * 1e5) / pop) - 1)).toBeLessThan(0.005);
    }
  });

  it('returns nothing for impossible input', () => {
    expect(funnelLimits(NaN, 1, 2)).toEqual([]);
    expect(funnelLimits(5, 0, 2)).toEqual([]);
    expect(funnelLimits(5, 3, 2)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { XMR_RULES_NOTE, xmr, xmrSegments, type Xmr, type XmrRule } from '../../src/domain/xmr';

/** Indices of the points carrying a rule. */
const flagged = (x: Xmr, rule: XmrRule) => x.points.flatMap((p, i) => (p.flags.includes(rule) ? [i] : []));
const anyFlag = (x: Xmr) => x.points.flatMap((p, i) => (p.flags.length ? [i] : []));
const limits = (x: Xmr) => {
  if (!x.ok) throw new Error(x.why);
  return x;
};

describe('xmr limits and rules, computed by hand', () => {
  it('a point beyond the upper limit', () => {
    // Sum 232 → mean 23.2. Moving ranges 2, 3, 4, 2, 24, 25, 2, 3, 2 (sum 67) → mrBar 67 / 9 = 7.4444.
    // Upper 23.2 + 2.66 × 7.4444 = 43.0022; lower 23.2 − 19.8022 = 3.3978. Only 45 is beyond.
    // Sides of the mean: five below, 45 above, four below: no run of 7. Steps alternate: no trend.
    // 2σ = 2 × 7.4444 / 1.128 = 13.199, so mean + 2σ = 36.40: 45 alone is near a limit, so no two-of-three.
    const x = limits(xmr([20, 22, 19, 23, 21, 45, 20, 22, 19, 21]));
    expect(x.mean).toBeCloseTo(23.2, 10);
    expect(x.mrBar).toBeCloseTo(67 / 9, 10);
    expect(x.upper).toBeCloseTo(43.0022, 4);
    expect(x.lower).toBeCloseTo(3.3978, 4);
    expect(x.sigma).toBeCloseTo(67 / 9 / 1.128, 10);
    expect(x.points.map((p) => p.movingRange)).toEqual([null, 2, 3, 4, 2, 24, 25, 2, 3, 2]);
    expect(flagged(x, 'beyond-limit')).toEqual([5]);
    expect(anyFlag(x)).toEqual([5]);
  });

  it('a run of 7 above the mean flags all seven; six are not enough', () => {
    // Sum 54 → mean 5.4; sides − + − then seven 6s above. Moving ranges 6, 6, 4, then 0s: mrBar 16 / 9 = 1.7778.
    // Limits 5.4 ± 4.7289 = 0.6711 to 10.1289: none beyond. mean − 2σ = 5.4 − 3.152 = 2.248: both 2s are near, but
    // the 8 between them is above the mean, so no two-of-three. Steps + − + 0 …: no trend.
    const x = limits(xmr([2, 8, 2, 6, 6, 6, 6, 6, 6, 6]));
    expect(x.mean).toBeCloseTo(5.4, 10);
    expect(x.mrBar).toBeCloseTo(16 / 9, 10);
    expect(x.upper).toBeCloseTo(10.1289, 4);
    expect(x.lower).toBeCloseTo(0.6711, 4);
    expect(flagged(x, 'run')).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(anyFlag(x)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // Six 6s: mean 48 / 9 = 5.333, mrBar 16 / 8 = 2, limits 0.013 to 10.65. A run of six is no signal.
    const six = limits(xmr([2, 8, 2, 6, 6, 6, 6, 6, 6]));
    expect(six.lower).toBeCloseTo(48 / 9 - 5.32, 10);
    expect(anyFlag(six)).toEqual([]);
  });

  it('a point on the mean breaks a run', () => {
    // Sum 70 over 14 points → mean 5, so both 5s sit on it: above 3 + 3 (the 5 between), below six 4s. No run of 7.
    const x = limits(xmr([6, 6, 6, 5, 6, 6, 6, 4, 4, 4, 4, 4, 4, 5]));
    expect(x.mean).toBe(5);
    expect(flagged(x, 'run')).toEqual([]);
    // With 7 and 6 in place of the 5s, the first seven are above the mean (73 / 14 = 5.214) and only six below.
    expect(flagged(limits(xmr([6, 6, 6, 7, 6, 6, 6, 4, 4, 4, 4, 4, 4, 6])), 'run')).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('a trend of 7 rising points flags all seven; a tie ends a trend', () => {
    // Sum 116 → mean 11.6. Moving ranges 4, 4, 3, then six 1s: mrBar 17 / 9 = 1.8889; limits 11.6 ± 5.0244 =
    // 6.5756 to 16.6244, none beyond. 9 → 15 is six rises, seven points. Sides + − + − − − + + + +: no run of 7.
    // 2σ = 3.349: 8 (below 8.251) and 15 (above 14.949) are near a limit, each alone in its three.
    const x = limits(xmr([12, 8, 12, 9, 10, 11, 12, 13, 14, 15]));
    expect(x.mean).toBeCloseTo(11.6, 10);
    expect(x.mrBar).toBeCloseTo(17 / 9, 10);
    expect(x.upper).toBeCloseTo(16.6244, 4);
    expect(flagged(x, 'trend')).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(anyFlag(x)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // Ending 14, 14: the tie stops the trend at six points (9 to 14), which is no signal.
    expect(anyFlag(limits(xmr([12, 8, 12, 9, 10, 11, 12, 13, 14, 14])))).toEqual([]);
    // Falling counts too.
    expect(flagged(limits(xmr([12, 8, 12, 9, 10, 11, 12, 13, 14, 15].reverse())), 'trend')).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('two of three points beyond two sigma on the same side', () => {
    // Twelve points alternating 10, 12, then three more. Their moving ranges: eleven 2s (22).
    const steady = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12];
    // Then 17, 12, 17: sum 132 + 46 = 178 → mean 11.8667, and all three are above it. Moving ranges 22 + 5 + 5 + 5
    // = 37 → mrBar 37 / 14 = 2.6429; upper 11.8667 + 7.0300 = 18.897, so no 17 is beyond. σ = 2.3430 and
    // mean + 2σ = 16.553: both 17s are near the upper limit → both flagged, not the 12 between them.
    const near = limits(xmr([...steady, 17, 12, 17]));
    expect(near.mean).toBeCloseTo(178 / 15, 10);
    expect(near.mrBar).toBeCloseTo(37 / 14, 10);
    expect(near.upper).toBeCloseTo(18.897, 3);
    expect(near.mean + 2 * near.sigma).toBeCloseTo(16.553, 3);
    expect(flagged(near, 'beyond-limit')).toEqual([]);
    expect(flagged(near, 'two-of-three-near-limit')).toEqual([12, 14]);
    // Then 17, 11.5, 17: sum 177.5 → mean 11.8333, and 11.5 is below it: the three are not on one side, no signal.
    const split = limits(xmr([...steady, 17, 11.5, 17]));
    expect(split.mean).toBeCloseTo(177.5 / 15, 10);
    expect(split.mean + 2 * split.sigma).toBeLessThan(17);
    expect(flagged(split, 'two-of-three-near-limit')).toEqual([]);
  });
});

describe('a step change: limits from all points, then recalculated from the step', () => {
  // Eight points at about 11, then eight at about 21.
  const low = [10, 12, 11, 10, 12, 11, 10, 12];
  const high = [20, 22, 21, 20, 22, 21, 20, 22];
  const values = [...low, ...high];

  it('from all points: the mean falls between the levels, so both halves are runs', () => {
    // Sum 88 + 168 = 256 → mean 16. Moving ranges 10 + 8 (the step) + 10 = 28 → mrBar 28 / 15 = 1.8667.
    // Limits 16 ± 4.9653 = 11.0347 to 20.9653: the 10s and 11s below, the 21s and 22s above.
    const x = limits(xmr(values));
    expect(x.mean).toBe(16);
    expect(x.mrBar).toBeCloseTo(28 / 15, 10);
    expect(x.lower).toBeCloseTo(11.0347, 4);
    expect(x.upper).toBeCloseTo(20.9653, 4);
    expect(flagged(x, 'run')).toEqual(values.map((_, i) => i));
    expect(flagged(x, 'beyond-limit')).toEqual([0, 2, 3, 5, 6, 9, 10, 12, 13, 15]);
  });

  it('recalculated at the step: each half has its own mean and limits, and the run flags disappear', () => {
    // Each half: mean 88 / 8 = 11 (and 21), moving ranges 2, 1, 1, 2, 1, 1, 2 → mrBar 10 / 7 = 1.4286,
    // limits ± 3.8 (7.2 to 14.8, and 17.2 to 24.8). The 11s sit on the mean and break any run.
    const [before, after] = xmrSegments(values, [8]);
    expect([before.start, before.end, after.start, after.end]).toEqual([0, 8, 8, 16]);
    const [b, a] = [limits(before.chart), limits(after.chart)];
    expect(b.mean).toBe(11);
    expect(a.mean).toBe(21);
    expect(b.mrBar).toBeCloseTo(10 / 7, 10);
    expect(a.upper).toBeCloseTo(21 + 2.66 * (10 / 7), 10);
    expect(anyFlag(b)).toEqual([]);
    expect(anyFlag(a)).toEqual([]);
    // The step's moving range stays on the first point after it.
    expect(after.chart.points[0].movingRange).toBe(8);
  });

  it('a baseline from the step, applied to every point, puts the earlier points beyond the lower limit', () => {
    // Same limits as the second half (17.2 to 24.8), but judged on all 16 points.
    const x = limits(xmr(values, { baselineFrom: 8 }));
    expect(x.mean).toBe(21);
    expect(x.mrBar).toBeCloseTo(10 / 7, 10);
    expect(flagged(x, 'beyond-limit')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('breaks outside the series are ignored', () => {
    expect(xmrSegments(values, [0, 16, 99]).map((s) => [s.start, s.end])).toEqual([[0, 16]]);
  });
});

describe('edge cases', () => {
  it('one point, or none: no limits, and why', () => {
    const one = xmr([42]);
    expect(one.ok).toBe(false);
    expect(one.ok ? '' : one.why).toMatch(/at least two points .* has one/);
    expect(one.points).toEqual([{ value: 42, movingRange: null, flags: [] }]);
    expect(xmr([]).ok ? '' : (xmr([]) as { why: string }).why).toMatch(/has none/);
    // A one-point baseline in a longer series.
    const x = xmr([1, 2, 3], { baselineFrom: 2 });
    expect(x.ok ? '' : x.why).toMatch(/baseline has one/);
  });

  it('a constant series: mrBar 0, limits on the mean, nothing flagged', () => {
    const x = limits(xmr([5, 5, 5, 5, 5, 5, 5, 5]));
    expect([x.mean, x.mrBar, x.upper, x.lower]).toEqual([5, 0, 5, 5]);
    expect(anyFlag(x)).toEqual([]);
    // 0.1 × 8 sums to a mean a hair off 0.1: the points still sit on it and on the limits, so nothing is flagged.
    expect(anyFlag(limits(xmr(Array(8).fill(0.1))))).toEqual([]);
  });

  it('keeps a lower limit below zero', () => {
    // Sum 13 → mean 1.625; moving ranges 3, 3, 4, 3, 1, 5, 5 → 24 / 7 = 3.4286; lower 1.625 − 9.12 = −7.495.
    const x = limits(xmr([0, 3, 0, 4, 1, 0, 5, 0]));
    expect(x.lower).toBeCloseTo(1.625 - 2.66 * (24 / 7), 10);
    expect(x.lower).toBeLessThan(0);
  });

  it('refuses a bad baseline or value, showing it', () => {
    expect(() => xmr([1, 2, 3], { baselineFrom: 5 })).toThrow('invalid baseline: 5 to 3 (in a series of 3)');
    expect(() => xmr([1, Number.NaN])).toThrow('invalid value: NaN at 1');
  });

  it('the rules note cites Making Data Count', () => {
    expect(XMR_RULES_NOTE).toContain('NHS England, Making Data Count');
  });
});

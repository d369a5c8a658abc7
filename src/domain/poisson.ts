/**
 * Confidence intervals for a Poisson count by Byar's approximation, as Public Health England / OHID's Fingertips
 * use for rates of counts (PHE, "Technical Guide: Confidence Intervals", 2018, Appendix 1; Breslow and Day 1987):
 *
 *   lower = O * (1 - 1/(9*O) - z/(3*sqrt(O)))^3
 *   upper = (O + 1) * (1 - 1/(9*(O + 1)) + z/(3*sqrt(O + 1)))^3
 *
 * with z the standard normal quantile (1.959964 for 95%, 3.090232 for 99.8%) and lower = 0 when O = 0. It is within
 * 0.2% of the exact (chi-square) interval for O >= 10 (same guide). The SQL compiler writes the same formula
 * (src/query/rates.ts); tests check the two agree and compare both with exact limits.
 */

/** Standard normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959964;
/** Standard normal quantile for a two-sided 99.8% interval (funnel plots' outer limits). */
export const Z998 = 3.090232;

/** Byar's lower confidence limit for an observed count O (0 for O = 0; never negative). */
export function byarLower(observed: number, z = Z95): number {
  if (observed <= 0) return 0;
  const o = observed;
  return Math.max(0, o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3);
}

/** Byar's upper confidence limit for an observed count O. */
export function byarUpper(observed: number, z = Z95): number {
  const o1 = Math.max(0, observed) + 1;
  return o1 * (1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1))) ** 3;
}

/** Byar's interval for a rate: count limits × perUnit / population. */
export function byarRateInterval(observed: number, population: number, perUnit = 100_000, z = Z95): { lower: number; upper: number } {
  return { lower: (byarLower(observed, z) * perUnit) / population, upper: (byarUpper(observed, z) * perUnit) / population };
}

// Bisection on a function increasing on [lo, hi]; 200 halvings reach double precision for any bracket here.
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  while (f(hi) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Control limits on a count for a unit whose expected count is E: the counts at which the unit's own Byar interval
 * just stops including E. So a point lies outside the funnel exactly when its interval excludes the reference rate,
 * and the funnel and the `significance` flag never disagree.
 */
export function countControlLimits(expected: number, z = Z95): { lower: number; upper: number } {
  if (!(expected > 0)) return { lower: 0, upper: expected === 0 ? 0 : NaN };
  // Upper: the O whose lower limit equals E (O > E, where byarLower increases).
  const upper = solveIncreasing((o) => byarLower(o, z), expected, expected, expected * 2 + 10);
  // Lower: the O whose upper limit equals E; none above zero when even O = 0 is consistent with E.
  const lower = byarUpper(0, z) >= expected ? 0 : solveIncreasing((o) => byarUpper(o, z), expected, 0, expected);
  return { lower, upper };
}

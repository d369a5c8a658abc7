/** Funnel-plot control limits around a reference rate, as a function of population (pure; see domain/poisson.ts). */
import { Z95, Z998, countControlLimits } from '../domain';

/** One point on the four limit lines. */
export interface FunnelLimitPoint {
  population: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * Limits on the rate per `perUnit` for populations from `min` to `max` (log-spaced, `steps` points): around the
 * reference rate R, the expected count is E = R × population / perUnit, and the limits are the counts whose Byar
 * interval just excludes E (95%: z = 1.959964; 99.8%: z = 3.090232), turned back into rates.
 */
export function funnelLimits(reference: number, min: number, max: number, steps = 100, perUnit = 100_000): FunnelLimitPoint[] {
  if (!(reference >= 0) || !(min > 0) || !(max >= min)) return [];
  const out: FunnelLimitPoint[] = [];
  const n = max === min ? 1 : steps;
  for (let i = 0; i < n; i++) {
    const population = n === 1 ? min : min * (max / min) ** (i / (n - 1));
    const expected = (reference * population) / perUnit;
    const l95 = countControlLimits(expected, Z95);
    const l998 = countControlLimits(expected, Z998);
    const rate = (count: number) => (count * perUnit) / population;
    out.push({ population, lower95: rate(l95.lower), upper95: rate(l95.upper), lower998: rate(l998.lower), upper998: rate(l998.upper) });
  }
  return out;
}

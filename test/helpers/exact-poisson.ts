/**
 * Exact Poisson confidence limits, computed here from first principles so tests don't trust the code they check:
 * lower = Gamma⁻¹(α/2; O), upper = Gamma⁻¹(1 − α/2; O + 1) (equivalently chi-square quantiles χ²(α/2, 2O)/2 and
 * χ²(1 − α/2, 2O + 2)/2; Garwood 1936). The regularised incomplete gamma function follows Numerical Recipes
 * (Press et al., 3rd ed., §6.2: series for x < a + 1, continued fraction otherwise).
 */

function lnGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~15 significant digits for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const xx = x - 1;
  let a = c[0];
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(a, x): the regularised lower incomplete gamma function. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPre = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(lnPre);
  }
  // Lentz's continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(lnPre) * h;
}

/** The p-quantile of a Gamma(shape, 1) distribution, by bisection on gammaP. */
export function gammaQuantile(p: number, shape: number): number {
  let lo = 0;
  let hi = Math.max(10, shape * 3 + 50);
  for (let i = 0; i < 300; i++) {
    const mid = (lo + hi) / 2;
    if (gammaP(shape, mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Exact (Garwood) two-sided limits for an observed Poisson count at the given confidence. */
export function exactPoisson(observed: number, confidence = 0.95): { lower: number; upper: number } {
  const alpha = 1 - confidence;
  return {
    lower: observed === 0 ? 0 : gammaQuantile(alpha / 2, observed),
    upper: gammaQuantile(1 - alpha / 2, observed + 1),
  };
}

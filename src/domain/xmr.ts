/**
 * XmR (individuals and moving range) control charts as NHS England's "Making Data Count" draws them: the mean,
 * process limits at the mean ± 2.66 × the mean moving range, and four rules for special-cause variation.
 * (NHS England and NHS Improvement, "Making Data Count", 2019) — the same rules as NHS-R's NHSRplotthedots
 * (R/ptd_calculate_point_type.R): every point of a qualifying run, trend or two-of-three is flagged.
 */

/** A rule for special-cause variation. */
export type XmrRule = 'beyond-limit' | 'run' | 'trend' | 'two-of-three-near-limit';

/** One value, its moving range from the value before (null for the first), and the rules it is part of. */
export interface XmrPoint {
  value: number;
  movingRange: number | null;
  flags: XmrRule[];
}

/** Limits from at least two baseline points, applied to every point; or no limits, and why. */
export type Xmr =
  | {
      ok: true;
      mean: number;
      /** Mean moving range over the baseline. */
      mrBar: number;
      /** mean + 2.66 × mrBar (3σ, with σ = mrBar / 1.128). */
      upper: number;
      /** mean − 2.66 × mrBar; may be below zero, which xmr() keeps (a chart of counts may leave it out). */
      lower: number;
      /** σ estimated from the moving range: mrBar / 1.128 (d2 for ranges of two). */
      sigma: number;
      points: XmrPoint[];
    }
  | { ok: false; why: string; points: XmrPoint[] };

/** Points in a run above or below the mean, or in a trend, that make a signal. */
export const XMR_RUN = 7;
/** 3 / d2, with d2 = 1.128 for moving ranges of two points. */
export const XMR_LIMIT_FACTOR = 2.66;
const D2 = 1.128;

/** The rules in words, for a chart's caption. */
export const XMR_RULES_NOTE =
  `Special cause (NHS England, Making Data Count): a point beyond a process limit (mean ± ${XMR_LIMIT_FACTOR} × mean moving range); ` +
  `a run of ${XMR_RUN} or more points above or below the mean; a trend of ${XMR_RUN} or more points each higher or each lower than the last; ` +
  `two of three points beyond two sigma on the same side.`;

/** What each rule is called in a tooltip or caption. */
export const XMR_RULE_LABEL: Readonly<Record<XmrRule, string>> = {
  'beyond-limit': 'beyond a process limit',
  run: `in a run of ${XMR_RUN} or more on one side of the mean`,
  trend: `in a trend of ${XMR_RUN} or more rising or falling`,
  'two-of-three-near-limit': 'in two of three near a limit',
};

/**
 * The XmR chart of a series: limits from the baseline points (`baselineFrom` up to, not including, `baselineTo`;
 * by default all), applied to every point. Fewer than two baseline points give no limits (`ok: false`, with why).
 */
export function xmr(values: readonly number[], opts: { baselineFrom?: number; baselineTo?: number } = {}): Xmr {
  const from = opts.baselineFrom ?? 0;
  const to = opts.baselineTo ?? values.length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > values.length || from > to) {
    throw new RangeError(`invalid baseline: ${from} to ${to} (in a series of ${values.length})`);
  }
  const bad = values.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(`invalid value: ${values[bad]} at ${bad}`);
  const points: XmrPoint[] = values.map((value, i) => ({ value, movingRange: i === 0 ? null : Math.abs(value - values[i - 1]), flags: [] }));
  const n = to - from;
  if (n < 2) {
    const why = values.length < 2
      ? `a control chart needs at least two points for a moving range; this series has ${values.length === 0 ? 'none' : 'one'}`
      : `the limits need at least two points to start from; the baseline has ${n === 0 ? 'none' : 'one'}`;
    return { ok: false, why, points };
  }
  const base = values.slice(from, to);
  const mean = base.reduce((a, b) => a + b, 0) / n;
  // Only moving ranges within the baseline: the step into it belongs to the earlier process.
  const mrBar = points.slice(from + 1, to).reduce((a, p) => a + (p.movingRange ?? 0), 0) / (n - 1);
  const sigma = mrBar / D2;
  const upper = mean + XMR_LIMIT_FACTOR * mrBar;
  const lower = mean - XMR_LIMIT_FACTOR * mrBar;
  flag(points, mean, sigma, upper, lower);
  return { ok: true, mean, mrBar, upper, lower, sigma, points };
}

/** A part of a series with its own limits: points `start` up to, not including, `end`. */
export interface XmrSegment {
  start: number;
  end: number;
  chart: Xmr;
}

/**
 * Limits recalculated at each break (an index where a new process starts, as after a step change): every segment
 * has its own mean and limits and its own rules, so a run does not span a break.
 */
export function xmrSegments(values: readonly number[], breaks: readonly number[]): XmrSegment[] {
  const cuts = [...new Set(breaks.filter((b) => b > 0 && b < values.length))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, values.length];
  const out: XmrSegment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [start, end] = [bounds[i], bounds[i + 1]];
    const chart = xmr(values.slice(start, end));
    // The first point of a later segment keeps its moving range from the point before the break.
    if (start > 0) chart.points[0].movingRange = Math.abs(values[start] - values[start - 1]);
    out.push({ start, end, chart });
  }
  return out;
}

/** Which side of a line: 1 above, −1 below, 0 on it (within float noise, so a constant series sits on its mean). */
function side(x: number, line: number): -1 | 0 | 1 {
  const d = x - line;
  if (Math.abs(d) <= 1e-9 * Math.max(1, Math.abs(line))) return 0;
  return d > 0 ? 1 : -1;
}

function flag(points: XmrPoint[], mean: number, sigma: number, upper: number, lower: number): void {
  const mark = (i: number, rule: XmrRule) => {
    if (!points[i].flags.includes(rule)) points[i].flags.push(rule);
  };
  points.forEach((p, i) => {
    if (side(p.value, upper) > 0 || side(p.value, lower) < 0) mark(i, 'beyond-limit');
  });
  // Runs: maximal stretches on one side of the mean; a point on the mean ends the run.
  const sides = points.map((p) => side(p.value, mean));
  markStretches(sides, (s) => s !== 0, XMR_RUN, (i) => mark(i, 'run'));
  // Trends: each step up (or each down) from the one before; an equal value ends the trend. A stretch of k steps
  // covers k + 1 points.
  const steps = points.map((p, i) => (i === 0 ? 0 : Math.sign(p.value - points[i - 1].value)));
  let start = 1;
  for (let i = 1; i <= points.length; i++) {
    if (i < points.length && steps[i] !== 0 && steps[i] === steps[start]) continue;
    if (i - start >= XMR_RUN - 1 && steps[start] !== 0) for (let j = start - 1; j < i; j++) mark(j, 'trend');
    start = i;
  }
  // Two of three consecutive points beyond 2σ on the same side, all three on that side: the two (or three) are flagged.
  const near = points.map((p) => (side(p.value, mean + 2 * sigma) > 0 ? 1 : side(p.value, mean - 2 * sigma) < 0 ? -1 : 0));
  for (let i = 0; i + 2 < points.length; i++) {
    const s = sides[i];
    if (s === 0 || sides[i + 1] !== s || sides[i + 2] !== s) continue;
    const w = [i, i + 1, i + 2].filter((j) => near[j] === s);
    if (w.length >= 2) w.forEach((j) => mark(j, 'two-of-three-near-limit'));
  }
}

/** Call `hit` for every index of each maximal stretch of equal values passing `ok`, `min` long or more. */
function markStretches(xs: readonly number[], ok: (x: number) => boolean, min: number, hit: (i: number) => void): void {
  let start = 0;
  for (let i = 1; i <= xs.length; i++) {
    if (i < xs.length && xs[i] === xs[start]) continue;
    if (ok(xs[start]) && i - start >= min) for (let j = start; j < i; j++) hit(j);
    start = i;
  }
}

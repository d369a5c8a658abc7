/** What every chart builder shares: result rows as plain objects, the view's columns, highlight, sizes and formats. */
import {
  COMPUTED_COLUMNS as N,
  REGIONS,
  SUPPRESSED_MARK,
  isSuppressed,
  matchForce,
  regionOf,
  resolveDimension,
  valueLabel,
  type ResolvedDimension,
  type ViewSpec,
} from '../domain';
import { groupDigits, plainRows } from '../arrow';

/** A result row as a plain object. */
export type Row = Record<string, unknown>;

/** An Arrow table as a query hands it back, or rows already plain: what a chart is drawn from. */
export type Rows = readonly Row[] | ArrowTable;

type ArrowTable = Parameters<typeof plainRows>[0];

/**
 * Rows as plain objects with numbers: an Arrow table's BIGINT, HUGEINT and DECIMAL become numbers (arrow/read.ts),
 * and so does a bigint in rows given plain.
 */
export function toRows(rows: Rows): Row[] {
  if (!Array.isArray(rows)) return plainRows(rows as ArrowTable);
  return (rows as readonly Row[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/** What a chart builder needs from the view and its result. */
export interface ChartContext {
  spec: ViewSpec;
  rows: Row[];
  compareBy: ResolvedDimension;
  series: ResolvedDimension | undefined;
  /** The column plotted on the value axis (`value`, or `measure_value` for rank). */
  y: string;
  yLabel: string;
  highlighted: (row: Row) => boolean;
  highlightName: string | undefined;
  leftOut: string[];
  /** Sentences a builder adds to the caption (a control chart's rules and signals). */
  notes: string[];
  /** Rows whose plotted value was suppressed to protect small numbers (not in `rows`). */
  suppressed: Row[];
  /** A builder that draws the suppressed rows (as [c]) sets this; otherwise they are listed as not shown. */
  suppressedDrawn?: boolean;
}

/** The label in the highlighted row: the force itself, or its region when the view compares regions. */
function highlightValue(spec: ViewSpec, d: ResolvedDimension | undefined): string | undefined {
  const force = spec.highlight.force;
  if (!force || !d) return undefined;
  if (d.role === 'force') return force;
  if (d.role === 'region') {
    const f = matchForce(force);
    const region = f && regionOf(f.id);
    return REGIONS.find((r) => r.id === region)?.name;
  }
  return undefined;
}

/**
 * Build the context; rows whose plotted value is missing are left out, and said so. `suppressed` (cells as
 * protectRows lists them, by index into `raw`) marks the values hidden to protect small numbers: those rows are
 * kept apart, not reported as having no value.
 */
export function chartContext(spec: ViewSpec, raw: Row[], suppressed: ReadonlySet<string> = new Set()): ChartContext {
  const compareBy = resolveDimension(spec, spec.compareBy);
  const series = spec.series && resolveDimension(spec, spec.series);
  const y = spec.comparison.kind === 'rank' ? N.measureValue : N.value;
  const yLabel = spec.comparison.kind === 'rank' ? valueLabel({ ...spec, comparison: { kind: spec.comparison.of === 'rate' ? 'rate_per_100k' : 'total' } }) : valueLabel(spec);
  const leftOut: string[] = [];
  const rows = raw.filter((r) => typeof r[y] === 'number' && Number.isFinite(r[y]));
  const hidden = raw.filter((r, i) => !rows.includes(r) && isSuppressed(suppressed, i, y));
  const missing = raw.filter((r) => !rows.includes(r) && !hidden.includes(r));
  const nameOf = (r: Row) => [r[compareBy.name], ...(series ? [r[series.name]] : [])].map(String).join(' – ');
  if (missing.length) leftOut.push(`${missing.length} with no value (${listSome(missing.map(nameOf))})`);
  const hv = highlightValue(spec, compareBy) ?? highlightValue(spec, series);
  const hcol = highlightValue(spec, compareBy) !== undefined ? compareBy.name : series?.name;
  return {
    spec,
    rows,
    compareBy,
    series,
    y,
    yLabel,
    highlighted: (row) => hv !== undefined && hcol !== undefined && row[hcol] === hv,
    highlightName: hv,
    leftOut,
    notes: [],
    suppressed: hidden,
  };
}

/**
 * Suppressed rows the chart could not draw, named in its "Not shown" (as protected, not as having no value). A chart
 * that draws them marks each with [c] itself, and the protection caption already counts them.
 */
export function sayProtected(ctx: ChartContext): void {
  if (!ctx.suppressed.length || ctx.suppressedDrawn) return;
  const names = listSome(ctx.suppressed.map((r) => [r[ctx.compareBy.name], ...(ctx.series ? [r[ctx.series.name]] : [])].map(String).join(' – ')));
  ctx.leftOut.push(`${names} (${SUPPRESSED_MARK}: protected as small numbers)`);
}

/** "a, b, c and 4 more". */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Distinct values of a column in first-seen order. */
export function distinct(rows: readonly Row[], col: string): unknown[] {
  return [...new Set(rows.map((r) => r[col]))];
}

/** Left margin that fits the longest category label at Plot's 10px sans-serif (about 6.2px a character). */
export function marginFor(labels: readonly unknown[], min = 40, max = 320): number {
  const longest = Math.max(0, ...labels.map((l) => String(l ?? '').length));
  return Math.round(Math.min(max, Math.max(min, longest * 6.2 + 16)));
}

/** Height of a chart with one band per category: 18px a band plus room for axes. */
export function bandHeight(n: number, extra = 70): number {
  return Math.max(120, n * 18 + extra);
}

/** A number for tooltips and labels, locale-free: `12,345`, `5.4`, `-3.2`. */
export function formatNumber(v: unknown, decimals?: number): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  // Below 1, two significant figures: a rate per 1,000 is often 0.23, which one decimal would show as 0.2.
  const small = Math.abs(v) < 1 && v !== 0 ? Math.min(6, 1 - Math.floor(Math.log10(Math.abs(v)))) : 1;
  const d = decimals ?? (Number.isInteger(v) ? 0 : Math.abs(v) >= 100 ? 0 : small);
  const [int, frac] = Math.abs(v).toFixed(d).split('.');
  return `${v < 0 && Number(v.toFixed(d)) !== 0 ? '−' : ''}${groupDigits(int)}${frac ? `.${frac}` : ''}`;
}

/** A rate with one decimal, or two significant figures below 1 (rates per 1,000 are often 0.2-something). */
export function formatRate(v: unknown): string {
  return formatNumber(v, typeof v === 'number' && Math.abs(v) < 1 ? undefined : 1);
}

/** A column name as an axis label: `financial_year` → "Financial year". */
export function axisLabel(name: string): string {
  // "_canonical" is the suffix normalisation gives its own column when the table has one of that name ("Force" →
  // force_canonical): the reader's word is still "force".
  const t = name.replace(/_canonical(_\d+)?$/i, '').replace(/_+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Extreme categories (up to three) that would flatten the rest: each more than OUTLIER_RATIO times the next. */
export const OUTLIER_RATIO = 4;

/**
 * The keys whose largest value is more than OUTLIER_RATIO times the next key's (at most three, and only with at
 * least four others left), and the largest value among the rest. The charts then cut their axis above the rest,
 * draw the outliers at the edge with their value, and say so: City of London's per-resident rates are the case.
 */
export function outliers(rows: readonly Row[], key: string, value: string): { keys: unknown[]; rest: number } | undefined {
  const max = new Map<unknown, number>();
  for (const r of rows) {
    const v = r[value];
    if (typeof v === 'number') max.set(r[key], Math.max(max.get(r[key]) ?? -Infinity, v));
  }
  const sorted = [...max].sort((a, b) => b[1] - a[1]);
  for (let k = 1; k <= 3 && sorted.length >= k + 4; k++) {
    const next = sorted[k][1];
    if (next > 0 && sorted[k - 1][1] > OUTLIER_RATIO * next) return { keys: sorted.slice(0, k).map((e) => e[0]), rest: next };
  }
  return undefined;
}

/** The axis maximum once outliers are cut: the largest other value (or reference, or interval end), plus 8%. */
export function capAbove(rows: readonly Row[], key: string, cut: unknown[], cols: readonly string[]): number {
  let top = 0;
  for (const r of rows) {
    for (const c of cols) {
      const v = r[c];
      if (typeof v !== 'number') continue;
      if (cut.includes(r[key]) && c !== N.reference && c !== N.peerRate) continue;
      top = Math.max(top, v);
    }
  }
  return top * 1.08;
}

/** "City of London (2,626.5)": the cut keys with their largest value. */
export function cutNames(rows: readonly Row[], key: string, value: string, cut: readonly unknown[]): string {
  return cut
    .map((k) => `${String(k)} (${formatNumber(Math.max(...rows.filter((r) => r[key] === k).map((r) => r[value] as number)))})`)
    .join(', ');
}

/** The leftOut sentence for keys whose marks are cut at the edge of the value axis. */
export function cutSentence(rows: readonly Row[], key: string, value: string, cut: readonly unknown[], what: string): string {
  const one = cut.length === 1;
  return `${cutNames(rows, key, value, cut)} ${one ? 'runs' : 'run'} beyond the axis, so ${one ? 'its' : 'their'} ${what} ${one ? 'is' : 'are'} cut at the edge`;
}

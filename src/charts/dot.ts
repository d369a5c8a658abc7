/** Dot plot with 95% confidence-interval whiskers against the England-and-Wales (or peer) reference. */
import * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N } from '../domain';
import { axisLabel, bandHeight, cutNames, distinct, marginFor, type ChartContext, type Row } from './common';
import { cutRight, orderByValue, referenceMarks } from './bar';
import { ACCENT, SIGNIFICANCE, SIGNIFICANCE_SYMBOL } from './palette';
import { tipChannels, tipFormat } from './tips';

/** What each significance category is called in legends, tips and screen-reader labels. */
export const SIGNIFICANCE_LABELS: Record<string, string> = {
  above: 'Significantly higher',
  below: 'Significantly lower',
  'not significant': 'Not significantly different',
  'no interval': 'No interval',
};

/** The significance category of a row, 'no interval' when there is none. */
export function significanceOf(d: Row): string {
  return typeof d[N.significance] === 'string' ? (d[N.significance] as string) : 'no interval';
}

const CATEGORIES = ['above', 'not significant', 'below', 'no interval'] as const;
const present = (rows: readonly Row[]) => CATEGORIES.filter((k) => rows.some((r) => significanceOf(r) === k));

/** Colour scale for significance, listing only the categories present; its legend is the symbol scale's. */
export function significanceScale(rows: readonly Row[]): Plot.ScaleOptions {
  const colour = (k: string) => SIGNIFICANCE[k as keyof typeof SIGNIFICANCE] ?? '#777777';
  return { type: 'ordinal', domain: present(rows), range: present(rows).map(colour) };
}

/** Shape for significance (with the colour, never instead of it): one legend shows both, shape in its colour. */
export function significanceSymbols(rows: readonly Row[]): Plot.ScaleOptions {
  const domain = present(rows);
  return { domain, range: domain.map((k) => SIGNIFICANCE_SYMBOL[k]), legend: true, tickFormat: (k: string) => SIGNIFICANCE_LABELS[k] ?? k };
}

/** Plot options for the dot plot. */
export function dotOptions(ctx: ChartContext): Plot.PlotOptions {
  const cat = ctx.compareBy.name;
  const fx = ctx.series?.name;
  const order = orderByValue(ctx, cat);
  const hasCi = ctx.rows.some((r) => typeof r[N.lower] === 'number');
  const cut = cutRight(ctx, [ctx.y, N.upper, N.reference, N.peerRate], 'dot and interval', false);
  const whiskers = cut ? undefined : whiskerCap(ctx);
  const clip = cut !== undefined || whiskers !== undefined;
  const max = cut?.max ?? whiskers;
  const marks: Plot.Markish[] = [
    ...referenceMarks(ctx, 'x'),
    ...(hasCi ? [Plot.ruleY(ctx.rows, { y: cat, fx, x1: N.lower, x2: N.upper, stroke: '#777777', strokeWidth: 1.5, clip })] : []),
    Plot.dot(ctx.rows, { y: cat, x: ctx.y, fx, fill: significanceOf, symbol: significanceOf, r: 4.5, stroke: 'white', strokeWidth: 0.5, channels: tipChannels(ctx), tip: tipFormat('x'), clip }),
    Plot.dot(ctx.rows.filter(ctx.highlighted), { y: cat, x: ctx.y, fx, r: 7.5, stroke: ACCENT, strokeWidth: 2.5, fill: 'none', clip }),
    ...(cut?.marks ?? []),
  ];
  return {
    height: bandHeight(order.length, 90),
    marginLeft: marginFor(order),
    marginRight: 24,
    marginTop: 40,
    x: { label: ctx.yLabel, grid: true, zero: true, ...(max !== undefined ? { domain: [0, max] } : {}) },
    y: { label: axisLabel(cat), domain: order },
    fx: fx ? { label: null, domain: distinct(ctx.rows, fx) } : undefined,
    color: significanceScale(ctx.rows),
    symbol: significanceSymbols(ctx.rows),
    marks,
  };
}

/** How far past the largest dot (or reference) an interval may reach before the axis stops at that multiple. */
const WHISKER_REACH = 3;

/**
 * The axis end when some intervals reach far past every dot: a small force with no events (City of London, about
 * 8,000 people) has an upper limit of about 46 per 100,000 where every rate is under 1, and drawn whole it squeezes
 * every dot against zero. The axis then ends at three times the largest dot, those whiskers are cut at the edge, and
 * the chart says so with their upper limits. Undefined when every interval fits.
 */
function whiskerCap(ctx: ChartContext): number | undefined {
  const finite = (cols: readonly string[]) => ctx.rows.flatMap((r) => cols.map((c) => r[c]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const top = Math.max(0, ...finite([ctx.y, N.reference, N.peerRate]));
  if (top <= 0) return undefined;
  const cap = WHISKER_REACH * top;
  const cat = ctx.compareBy.name;
  const past = ctx.rows.filter((r) => typeof r[N.upper] === 'number' && (r[N.upper] as number) > cap);
  if (past.length === 0) return undefined;
  const keys = [...new Set(past.map((r) => r[cat]))];
  const one = keys.length === 1;
  ctx.leftOut.push(`The 95% interval${one ? ' of' : 's of'} ${cutNames(ctx.rows, cat, N.upper, keys)} ${one ? 'reaches' : 'reach'} past the axis (upper limit in brackets), so ${one ? 'it is' : 'they are'} cut at the edge`);
  return cap;
}

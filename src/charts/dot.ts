/** Dot plot with 95% confidence-interval whiskers against the England-and-Wales (or peer) reference. */
import * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N } from '../domain';
import { axisLabel, bandHeight, distinct, marginFor, type ChartContext, type Row } from './common';
import { cutRight, orderByValue, referenceMarks } from './bar';
import { ACCENT, SIGNIFICANCE } from './palette';
import { tipChannels, tipFormat } from './tips';

const LABELS: Record<string, string> = {
  above: 'Significantly higher',
  below: 'Significantly lower',
  'not significant': 'Not significantly different',
  'no interval': 'No interval',
};

/** The significance category of a row, 'no interval' when there is none. */
export function significanceOf(d: Row): string {
  return typeof d[N.significance] === 'string' ? (d[N.significance] as string) : 'no interval';
}

/** Colour scale for significance, listing only the categories present. */
export function significanceScale(rows: readonly Row[]): Plot.ScaleOptions {
  const present = ['above', 'not significant', 'below', 'no interval'].filter((k) => rows.some((r) => significanceOf(r) === k));
  const colour = (k: string) => SIGNIFICANCE[k as keyof typeof SIGNIFICANCE] ?? '#777777';
  return { type: 'ordinal', domain: present, range: present.map(colour), legend: true, tickFormat: (k: string) => LABELS[k] ?? k };
}

/** Plot options for the dot plot. */
export function dotOptions(ctx: ChartContext): Plot.PlotOptions {
  const cat = ctx.compareBy.name;
  const fx = ctx.series?.name;
  const order = orderByValue(ctx, cat);
  const hasCi = ctx.rows.some((r) => typeof r[N.lower] === 'number');
  const cut = cutRight(ctx, [ctx.y, N.upper, N.reference, N.peerRate], 'dot and interval', false);
  const clip = cut !== undefined;
  const marks: Plot.Markish[] = [
    ...referenceMarks(ctx, 'x'),
    ...(hasCi ? [Plot.ruleY(ctx.rows, { y: cat, fx, x1: N.lower, x2: N.upper, stroke: '#777777', strokeWidth: 1.5, clip })] : []),
    Plot.dot(ctx.rows, { y: cat, x: ctx.y, fx, fill: significanceOf, r: 4, stroke: 'white', strokeWidth: 0.5, channels: tipChannels(ctx), tip: tipFormat('x'), clip }),
    Plot.dot(ctx.rows.filter(ctx.highlighted), { y: cat, x: ctx.y, fx, r: 7.5, stroke: ACCENT, strokeWidth: 2.5, fill: 'none', clip }),
    ...(cut?.marks ?? []),
  ];
  return {
    height: bandHeight(order.length, 90),
    marginLeft: marginFor(order),
    marginRight: 24,
    marginTop: 40,
    x: { label: ctx.yLabel, grid: true, zero: true, ...(cut ? { domain: [0, cut.max] } : {}) },
    y: { label: axisLabel(cat), domain: order },
    fx: fx ? { label: null, domain: distinct(ctx.rows, fx) } : undefined,
    color: significanceScale(ctx.rows),
    marks,
  };
}

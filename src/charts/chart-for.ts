/**
 * View spec + result rows → the options object for Plot.plot, the chart type chosen, and what was left out.
 * Pure: no DOM. A component mounts `Plot.plot(chart.options)`; tests pass `{...options, document}`.
 */
import { textAlternative } from './text-alternative';
import type * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N, hasIntervals, matchForce, perWords, ratePer, type ChartType, type ViewSpec } from '../domain';
import { barOptions } from './bar';
import { chartContext, distinct, sayProtected, toRows, type ChartContext, type Rows } from './common';
import { controlOptions } from './control';
import { dotOptions } from './dot';
import { funnelOptions } from './funnel';
import { heatmapOptions } from './heatmap';
import { lineOptions, periodAndOther } from './line';
import { mapOptions } from './map';
import { stackedOptions } from './stacked';
import { noteParagraphs, words } from './words';

/** A chart type other than `auto`. */
export type ConcreteChartType = Exclude<ChartType, 'auto'>;

/** A chart ready for Plot.plot, with the reasons behind it and what it could not show. */
export interface Chart {
  type: ConcreteChartType;
  /** Why this type: the auto rule that fired, or "chosen". */
  reason: string;
  options: Plot.PlotOptions;
  /** Values or categories the chart does not show, in words (empty when nothing was left out). */
  leftOut: string[];
  /** What the chart shows in words: its text alternative (text-alternative.ts). */
  description: string;
  /** The view's note, as paragraphs of plain text to set under the chart (empty when it has none). */
  note: string[];
}

/** Above this many areas, lines over periods without a highlighted force become a heatmap. */
export const MAX_LINES = 12;

/** Why a chart type can't show this view, or undefined when it can. */
export function unsuitable(type: ConcreteChartType, ctx: ChartContext): string | undefined {
  const { spec } = ctx;
  const additive = (spec.measure.aggregate === 'sum' || spec.measure.aggregate === 'count') && (spec.comparison.kind === 'total' || spec.comparison.kind === 'share');
  switch (type) {
    case 'bar':
    case 'dot':
      return undefined;
    case 'line':
      return periodAndOther(ctx) ? undefined : 'lines need the period as the compare-by dimension or the series';
    case 'heatmap':
      return ctx.series ? undefined : 'a heatmap needs a second dimension (the series)';
    case 'stacked':
      if (!ctx.series) return 'stacked bars need a series to stack';
      return additive ? undefined : 'only totals and shares of counts or sums add up in a stack';
    case 'funnel':
      if (spec.comparison.kind !== 'rate_per_100k') return `a funnel plot shows a rate ${perWords(ratePer(spec))}`;
      if (ctx.compareBy.role !== 'force' && ctx.compareBy.role !== 'region') return 'a funnel plot compares forces or regions';
      if (ctx.series) return 'a funnel plot shows one comparison at a time: remove the series';
      return ctx.rows.some((r) => typeof r[N.reference] === 'number') ? undefined : 'a funnel plot needs the England and Wales rate';
    case 'map': {
      if (ctx.compareBy.role !== 'force') return 'a map has one hexagon per force: compare by force';
      if (ctx.series) return ctx.series.role === 'period' ? 'a map shows one period: remove the series and filter to one period' : 'a map shows one value per force: remove the series';
      const key = ctx.compareBy.name;
      const placed = ctx.rows.some((r) => typeof r[key] === 'string' && matchForce(r[key] as string)?.territorial === true);
      return placed ? undefined : 'a map needs values for some of the 43 territorial forces, and no row names one';
    }
    case 'control': {
      if (ctx.compareBy.role !== 'period') return 'a control chart follows one series over periods: compare by period and filter to one force';
      if (ctx.series && distinct(ctx.rows, ctx.series.name).length > 1) return 'a control chart follows one line: remove the series, or filter it to one value';
      const k = spec.comparison.kind;
      if (k === 'change' || k === 'pct_change' || k === 'rank') return "a control chart plots each period's value, not a change between two periods or a rank";
      const n = distinct(ctx.rows, ctx.compareBy.name).length;
      return n >= 2 ? undefined : `a control chart needs at least two periods for its limits; this view has ${n === 0 ? 'none' : 'one'}`;
    }
  }
}

/** The auto choice: shares with a series stack; periods make lines (or a heatmap for many areas); rates with intervals make dots; else bars. */
export function autoType(ctx: ChartContext): { type: ConcreteChartType; reason: string } {
  const { spec } = ctx;
  if (spec.comparison.kind === 'share' && ctx.series) return { type: 'stacked', reason: 'shares split by a series stack' };
  const po = periodAndOther(ctx);
  if (po && distinct(ctx.rows, po.period).length > 1) {
    const many = po.other ? distinct(ctx.rows, po.other.name).length : 0;
    if (many > MAX_LINES && !ctx.highlightName) return { type: 'heatmap', reason: `periods with ${many} areas and none highlighted` };
    return { type: 'line', reason: 'periods run along the x axis' };
  }
  if (hasIntervals(spec) && (ctx.compareBy.role === 'force' || ctx.compareBy.role === 'region')) {
    return { type: 'dot', reason: 'rates with confidence intervals' };
  }
  return { type: 'bar', reason: 'one period, compared across categories' };
}

const BUILD: Record<ConcreteChartType, (ctx: ChartContext) => Plot.PlotOptions> = {
  bar: barOptions,
  dot: dotOptions,
  funnel: funnelOptions,
  line: lineOptions,
  heatmap: heatmapOptions,
  stacked: stackedOptions,
  map: mapOptions,
  control: controlOptions,
};

/**
 * The chart for a view and its result (plain rows or an Arrow table). `notes` join the caption (the population);
 * `leftOut` names rows the data layer left out (totals, regions, other bodies), first in the caption's "Not shown";
 * `suppressed` lists the cells protected as small numbers (`${row}:${column}`), which the chart marks as [c].
 */
export function chartFor(spec: ViewSpec, result: Rows, opts: { notes?: readonly string[]; leftOut?: readonly string[]; suppressed?: ReadonlySet<string> } = {}): Chart {
  const notes = opts.notes ?? [];
  const ctx = chartContext(spec, toRows(result), opts.suppressed);
  // What the data layer left out (totals, regions, other bodies) comes first in the caption's "Not shown".
  ctx.leftOut.unshift(...(opts.leftOut ?? []));
  let type: ConcreteChartType;
  let reason: string;
  const wanted = spec.chart.type;
  const why = wanted === 'auto' ? undefined : unsuitable(wanted, ctx);
  if (wanted !== 'auto' && why === undefined) {
    type = wanted;
    reason = 'chosen';
  } else {
    ({ type, reason } = autoType(ctx));
    if (why) {
      ctx.leftOut.push(`the ${wanted} chart was not drawn (${why}); showing ${type === 'bar' ? 'bars' : `a ${type} chart`} instead`);
      reason = `${wanted} unsuitable: ${why}`;
    }
  }
  const options = BUILD[type](ctx);
  sayProtected(ctx);
  const w = words(spec, ctx, type);
  const caption = [w.caption, ...notes, ...ctx.notes].join(' ');
  return {
    type,
    reason,
    options: {
      ...options,
      title: w.title,
      subtitle: w.subtitle,
      caption: ctx.leftOut.length ? `${caption} Not shown: ${ctx.leftOut.join('; ')}.` : caption,
      style: { fontFamily: 'system-ui, sans-serif', fontSize: '10px', overflow: 'visible' },
    },
    leftOut: ctx.leftOut,
    description: textAlternative(w.title, ctx.rows, {
      keys: [ctx.compareBy.name, ...(ctx.series ? [ctx.series.name] : [])],
      value: ctx.y,
      highlighted: ctx.highlightName ? ctx.highlighted : undefined,
    }),
    note: noteParagraphs(spec),
  };
}

/** Heatmap: one dimension across (periods where there are), the other down, colour for the value. */
import * as Plot from '@observablehq/plot';
import { axisLabel, capAbove, cutNames, distinct, formatNumber, marginFor, outliers, type ChartContext } from './common';
import { periodAndOther } from './line';
import { ACCENT } from './palette';
import { tipChannels, tipFormat } from './tips';

/** Plot options for a heatmap of compareBy × series (periods along x when one of them is the period). */
export function heatmapOptions(ctx: ChartContext): Plot.PlotOptions {
  const po = periodAndOther(ctx);
  const x = po ? po.period : (ctx.series?.name as string);
  const y = po ? (po.other?.name as string) : ctx.compareBy.name;
  const xs = distinct(ctx.rows, x).sort((a, b) => String(a).localeCompare(String(b)));
  const ys = distinct(ctx.rows, y).sort((a, b) => String(a).localeCompare(String(b)));
  const kind = ctx.spec.comparison.kind;
  const diverging = kind === 'change' || kind === 'pct_change' || kind === 'index';
  // One row far above the rest would leave every other cell pale: clamp it to the darkest colour and say so.
  const out = diverging ? undefined : outliers(ctx.rows, y, ctx.y);
  const top = out ? capAbove(ctx.rows, y, out.keys, [ctx.y]) : undefined;
  if (out && top !== undefined) {
    const one = out.keys.length === 1;
    ctx.leftOut.push(`${cutNames(ctx.rows, y, ctx.y, out.keys)} ${one ? 'goes' : 'go'} past the end of the colour scale (${formatNumber(top)}), so ${one ? 'it shows' : 'they show'} in the darkest colour`);
  }
  return {
    height: ys.length * 16 + 110,
    marginLeft: marginFor(ys),
    marginTop: 30,
    x: { label: axisLabel(x), domain: xs },
    y: { label: axisLabel(y), domain: ys },
    color: diverging
      ? { type: 'diverging', scheme: 'PuOr', pivot: kind === 'index' ? 100 : 0, legend: true, label: ctx.yLabel }
      : { type: 'linear', scheme: 'Blues', zero: true, legend: true, label: ctx.yLabel, ...(top !== undefined ? { domain: [0, top], clamp: true } : {}) },
    marks: [
      Plot.cell(ctx.rows, { x, y, fill: ctx.y, inset: 0.5, channels: tipChannels(ctx), tip: tipFormat('fill') }),
      Plot.cell(ctx.rows.filter(ctx.highlighted), { x, y, fill: 'none', stroke: ACCENT, strokeWidth: 2 }),
    ],
  };
}

/** Stacked horizontal bars for shares (or additive totals) split by the series. */
import * as Plot from '@observablehq/plot';
import { axisLabel, bandHeight, distinct, listSome, marginFor, type ChartContext, type Row } from './common';
import { categorical } from './palette';
import { tipChannels, tipFormat } from './tips';

/** The most categories a stack shows in colour; the rest are grouped as "Other". */
export const MAX_STACK = 10;

/** Plot options for stacked bars; more than MAX_STACK series values are grouped as "Other" and listed in leftOut. */
export function stackedOptions(ctx: ChartContext): Plot.PlotOptions {
  const cat = ctx.compareBy.name;
  const s = ctx.series?.name as string;
  const totals = new Map<unknown, number>();
  for (const r of ctx.rows) totals.set(r[s], (totals.get(r[s]) ?? 0) + (r[ctx.y] as number));
  let keys = [...totals.keys()].sort((a, b) => (totals.get(b) as number) - (totals.get(a) as number) || String(a).localeCompare(String(b)));
  let rows = ctx.rows;
  if (keys.length > MAX_STACK) {
    const kept = new Set(keys.slice(0, MAX_STACK - 1));
    const grouped = keys.slice(MAX_STACK - 1);
    const other = `${grouped.length} more`;
    ctx.leftOut.push(`the ${grouped.length} smallest ${axisLabel(s).toLowerCase()} values are stacked together as "${other}": ${listSome(grouped.map(String), 8)}`);
    const sums = new Map<unknown, Row>();
    const out: Row[] = [];
    for (const r of rows) {
      if (kept.has(r[s])) out.push(r);
      else {
        const row = sums.get(r[cat]) ?? { [cat]: r[cat], [s]: other, [ctx.y]: 0 };
        row[ctx.y] = (row[ctx.y] as number) + (r[ctx.y] as number);
        if (!sums.has(r[cat])) out.push(row);
        sums.set(r[cat], row);
      }
    }
    rows = out;
    keys = [...keys.slice(0, MAX_STACK - 1), other];
  }
  // Bars ordered by their largest part, so the stack reads as a ranking.
  const first = keys[0];
  const share = new Map(distinct(rows, cat).map((c) => [c, 0]));
  for (const r of rows) if (r[s] === first) share.set(r[cat], r[ctx.y] as number);
  const order = [...share.keys()].sort((a, b) => (share.get(b) as number) - (share.get(a) as number) || String(a).localeCompare(String(b)));
  const within = ctx.spec.comparison.kind === 'share' && ctx.spec.comparison.within === 'compareBy';
  return {
    height: bandHeight(order.length, 100),
    marginLeft: marginFor(order),
    marginRight: 24,
    marginTop: 30,
    x: { label: ctx.yLabel, grid: true, zero: true, ...(within ? { domain: [0, 100] } : {}) },
    y: { label: axisLabel(cat), domain: order },
    color: { type: 'ordinal', domain: keys, range: [...categorical(keys.length)], legend: true },
    marks: [
      Plot.barX(rows, { y: cat, x: ctx.y, fill: s, order: keys, channels: tipChannels({ ...ctx, rows }), tip: tipFormat('x') }),
      Plot.ruleX([0]),
    ],
  };
}

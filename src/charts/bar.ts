/** Sorted horizontal bars ("ski slope"), with England-and-Wales and peer averages as reference rules. */
import * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N, SUPPRESSED_MARK } from '../domain';
import { axisLabel, bandHeight, capAbove, cutSentence, distinct, formatNumber, formatRate, marginFor, outliers, type ChartContext, type Row } from './common';
import { ACCENT, BASE, PEER, REFERENCE } from './palette';
import { tipChannels, tipFormat } from './tips';

/** Categories ordered by value, largest first (smallest first for rank ascending); with a series, by their sum. */
export function orderByValue(ctx: ChartContext, col: string): unknown[] {
  const total = new Map<unknown, number>();
  for (const r of ctx.rows) total.set(r[col], (total.get(r[col]) ?? 0) + (r[ctx.y] as number));
  const asc = ctx.spec.comparison.kind === 'rank' && ctx.spec.comparison.order === 'asc';
  return [...total.keys()].sort((a, b) => (asc ? 1 : -1) * ((total.get(a) as number) - (total.get(b) as number)) || String(a).localeCompare(String(b)));
}

/** One row per series value that carries the column: where a reference rule is drawn. */
export function referenceRows(ctx: ChartContext, col: string): Row[] {
  const seen = new Map<unknown, Row>();
  for (const r of ctx.rows) {
    const key = ctx.series ? r[ctx.series.name] : '';
    if (typeof r[col] === 'number' && !seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** Reference rules on the value axis (x for horizontal charts), labelled at the top. */
export function referenceMarks(ctx: ChartContext, axis: 'x' | 'y'): Plot.Markish[] {
  const fx = ctx.series?.name;
  const marks: Plot.Markish[] = [];
  const add = (col: string, label: string, stroke: string, dy: number, dash?: string) => {
    const refs = referenceRows(ctx, col);
    if (!refs.length) return;
    const rule = axis === 'x' ? Plot.ruleX : Plot.ruleY;
    marks.push(rule(refs, { [axis]: col, fx, stroke, strokeWidth: 1.5, strokeDasharray: dash }));
    if (axis === 'x') {
      marks.push(
        Plot.text(refs, { x: col, fx, text: (d: Row) => `${label} ${formatRate(d[col])}`, frameAnchor: 'top', lineAnchor: 'bottom', textAnchor: 'start', dx: 3, dy, fill: stroke }),
      );
    }
  };
  // Labels on two rows above the frame, so close values don't overprint.
  add(N.reference, 'England and Wales', REFERENCE, -15);
  add(N.peerRate, 'Peer group', PEER, -3, '4,3');
  return marks;
}

/**
 * Outliers cut at the right edge of a horizontal chart: the x-domain maximum, and a label at the edge giving each
 * cut value. Undefined when nothing needs cutting.
 */
export function cutRight(
  ctx: ChartContext,
  cols: readonly string[],
  what: string,
  onBar: boolean,
  prefix: (d: Row) => string = () => '',
): { max: number; marks: Plot.Markish[] } | undefined {
  const cat = ctx.compareBy.name;
  const out = outliers(ctx.rows, cat, ctx.y);
  if (!out) return undefined;
  const max = capAbove(ctx.rows, cat, out.keys, cols);
  const cut = ctx.rows.filter((r) => out.keys.includes(r[cat]));
  ctx.leftOut.push(cutSentence(ctx.rows, cat, ctx.y, out.keys, what));
  const text = (d: Row) => `${prefix(d)}${formatNumber(d[ctx.y])} →`;
  // On a bar: white on the bar's colour; on a dot plot: dark on a white halo.
  const style = onBar
    ? { fill: 'white', stroke: (d: Row) => (ctx.highlighted(d) ? ACCENT : BASE) }
    : { fill: '#333333', stroke: 'white' };
  const label = Plot.text(cut, { y: cat, x: () => max, fx: ctx.series?.name, text, textAnchor: 'end', dx: -4, strokeWidth: 3, paintOrder: 'stroke', ...style });
  return { max, marks: [label] };
}

/** Plot options for sorted bars. */
export function barOptions(ctx: ChartContext): Plot.PlotOptions {
  const cat = ctx.compareBy.name;
  const fx = ctx.series?.name;
  // Suppressed categories keep their place on the axis, after the others (their value is not known, so not sorted).
  const order = [...new Set([...orderByValue(ctx, cat), ...ctx.suppressed.map((r) => r[cat])])];
  ctx.suppressedDrawn = ctx.suppressed.length > 0;
  const rank = ctx.spec.comparison.kind === 'rank';
  const rankText = (d: Row) => `${d[N.tied] ? '=' : ''}${d[N.value]}`;
  const cut = cutRight(ctx, [ctx.y, N.reference, N.peerRate], 'bar', true, rank ? (d) => `${rankText(d)} · ` : undefined);
  const marks: Plot.Markish[] = [
    Plot.barX(ctx.rows, {
      y: cat,
      x: ctx.y,
      fx,
      fill: (d: Row) => (ctx.highlighted(d) ? ACCENT : BASE),
      channels: tipChannels(ctx),
      tip: tipFormat('x'),
      clip: cut !== undefined,
    }),
    Plot.ruleX([0]),
    ...referenceMarks(ctx, 'x'),
    ...(cut?.marks ?? []),
    ...(ctx.suppressed.length ? [Plot.text(ctx.suppressed, { y: cat, x: () => 0, fx, text: () => SUPPRESSED_MARK, textAnchor: 'start', dx: 3, fill: '#555555' })] : []),
  ];
  if (rank) {
    const shown = cut ? ctx.rows.filter((r) => (r[ctx.y] as number) <= cut.max) : ctx.rows;
    marks.push(Plot.text(shown, { y: cat, x: ctx.y, fx, text: rankText, textAnchor: 'start', dx: 3 }));
  }
  return {
    height: bandHeight(order.length),
    marginLeft: marginFor(order),
    // Reference labels start at their rule and read rightwards: leave room when a rule can sit near the right edge.
    marginRight: [N.reference, N.peerRate].some((c) => ctx.rows.some((r) => typeof r[c] === 'number')) ? 120 : 24,
    marginTop: 40,
    x: { label: ctx.yLabel, grid: true, zero: true, ...(cut ? { domain: [Math.min(0, ...ctx.rows.map((r) => r[ctx.y] as number)), cut.max] } : {}) },
    y: { label: axisLabel(cat), domain: order },
    fx: fx ? { label: null, domain: distinct([...ctx.rows, ...ctx.suppressed], fx) } : undefined,
    color: { type: 'identity' },
    marks,
  };
}

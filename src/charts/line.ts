/** Lines over periods: one line, several coloured lines, the highlighted force against the rest, or small multiples. */
import * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N } from '../domain';
import { axisLabel, capAbove, cutSentence, distinct, formatNumber, outliers, type ChartContext, type Row } from './common';
import { referenceRows } from './bar';
import { ACCENT, BASE, MUTED, PEER, REFERENCE, categorical } from './palette';
import { tipChannels, tipFormat } from './tips';

/** The period dimension's column and the other one, if any. */
export function periodAndOther(ctx: ChartContext): { period: string; other: ChartContext['series'] } | undefined {
  if (ctx.compareBy.role === 'period') return { period: ctx.compareBy.name, other: ctx.series };
  if (ctx.series?.role === 'period') return { period: ctx.series.name, other: ctx.compareBy };
  return undefined;
}

/** Plot options for lines over periods. */
export function lineOptions(ctx: ChartContext): Plot.PlotOptions {
  const po = periodAndOther(ctx);
  if (!po) throw new Error('lineOptions needs a period dimension');
  const x = po.period;
  const z = po.other?.name;
  const periods = distinct(ctx.rows, x).sort((a, b) => String(a).localeCompare(String(b)));
  const others = z ? distinct(ctx.rows, z) : [];
  const kind = ctx.spec.comparison.kind;
  const baseline = kind === 'index' ? 100 : 0;
  const common = { x, y: ctx.y, z, channels: tipChannels(ctx) };
  const marks: Plot.Markish[] = [Plot.ruleY([baseline], { stroke: '#999999' })];
  let fy: string | undefined;
  let color: Plot.ScaleOptions = { type: 'identity' };
  let height = 360;
  let top: number | undefined;
  if (!z) {
    marks.push(Plot.lineY(ctx.rows, { ...common, stroke: BASE, strokeWidth: 2, tip: tipFormat('y') }), Plot.dot(ctx.rows, { x, y: ctx.y, fill: BASE, r: 2.5 }));
  } else if (po.other?.role === 'force') {
    // Every force in grey, the highlighted force on top in the accent colour, labelled at its last period.
    // A force far above the rest (City of London's per-resident rates) runs off the top rather than flatten them.
    const out = ctx.highlightName === undefined || !outliers(ctx.rows, z, ctx.y)?.keys.includes(ctx.highlightName) ? outliers(ctx.rows, z, ctx.y) : undefined;
    if (out) {
      top = capAbove(ctx.rows, z, out.keys, [ctx.y, N.reference, N.peerRate]);
      ctx.leftOut.push(cutSentence(ctx.rows, z, ctx.y, out.keys, 'line'));
    }
    const clip = out !== undefined;
    const mine = ctx.rows.filter(ctx.highlighted);
    marks.push(
      Plot.lineY(ctx.rows, { ...common, stroke: (d: Row) => (ctx.highlighted(d) ? ACCENT : MUTED), strokeWidth: 1, tip: tipFormat('y'), clip }),
      Plot.lineY(mine, { x, y: ctx.y, z, stroke: ACCENT, strokeWidth: 2.5, clip }),
      Plot.text(mine, Plot.selectLast({ x, y: ctx.y, z, text: z, textAnchor: 'start', dx: 5, fill: ACCENT, fontWeight: 'bold', clip })),
    );
  } else if (po.other?.role === 'threat' || po.other?.role === 'region' || others.length > 8) {
    // Small multiples: one panel per threat type or region (Plot's fy facet), each named at its top left.
    fy = z;
    height = Math.max(240, others.length * 90 + 60);
    marks.push(
      Plot.lineY(ctx.rows, { ...common, fy: z, stroke: (d: Row) => (ctx.highlighted(d) ? ACCENT : BASE), strokeWidth: 2, tip: tipFormat('y') }),
      Plot.dot(ctx.rows, { x, y: ctx.y, fy: z, fill: (d: Row) => (ctx.highlighted(d) ? ACCENT : BASE), r: 2 }),
      Plot.text(others, { fy: (d: unknown) => d, text: (d: unknown) => String(d), frameAnchor: 'top-left', lineAnchor: 'top', dx: 4, dy: 2, fontWeight: 'bold', fill: '#333333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
    );
  } else {
    color = { type: 'ordinal', domain: others, range: [...categorical(others.length)], legend: true };
    marks.push(Plot.lineY(ctx.rows, { ...common, stroke: z, strokeWidth: 2, tip: tipFormat('y') }), Plot.dot(ctx.rows, { x, y: ctx.y, fill: z, r: 2.5 }));
  }
  // England and Wales and peers, per period, when the lines are areas.
  const refLine = (col: string, stroke: string, label: string) => {
    const refs = referenceRows({ ...ctx, series: { role: 'period', source: x, name: x } }, col);
    if (!refs.length) return;
    marks.push(
      Plot.lineY(refs, { x, y: col, stroke, strokeWidth: 1.5, strokeDasharray: '5,3' }),
      Plot.text(refs, Plot.selectLast({ x, y: col, text: () => label, textAnchor: 'start', dx: 5, fill: stroke })),
    );
  };
  if (po.other && (po.other.role === 'force' || po.other.role === 'region') && !fy) {
    refLine(N.reference, REFERENCE, 'England and Wales');
    refLine(N.peerRate, PEER, 'Peers');
  }
  return {
    height,
    marginLeft: 56,
    marginRight: z && !fy ? 120 : 24,
    marginTop: 30,
    x: { type: 'point', domain: periods, label: axisLabel(x), padding: 0.3 },
    y: {
      label: ctx.yLabel,
      grid: true,
      zero: kind === 'total' || kind === 'rate_per_100k',
      tickFormat: (v: number) => formatNumber(v),
      ...(top !== undefined ? { domain: [Math.min(0, ...ctx.rows.map((r) => r[ctx.y] as number)), top] } : {}),
    },
    fy: fy ? { axis: null, domain: others, padding: 0.15 } : undefined,
    color,
    marks,
  };
}

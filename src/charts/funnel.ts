/** Funnel plot: rate against population, with 95% and 99.8% control limits around the England-and-Wales rate. */
import * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N, ratePer } from '../domain';
import { capAbove, cutSentence, formatNumber, outliers, type ChartContext, type Row } from './common';
import { significanceOf, significanceScale, significanceSymbols } from './dot';
import { funnelLimits } from './funnel-limits';
import { ACCENT, LIMIT, REFERENCE } from './palette';
import { tipChannels, tipFormat } from './tips';

/** Powers of ten (and their doubles and fives) within [min, max], for a log axis whose labels don't collide. */
export function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** p;
      if (v >= min && v <= max) out.push(v);
    }
  }
  return out.length > 8 ? out.filter((v) => /^1/.test(String(v))) : out;
}

/** 8,600 → "8.6k", 1,500,000 → "1.5M". */
export function compactNumber(v: number): string {
  if (v >= 1e6) return `${formatNumber(v / 1e6)}M`;
  if (v >= 1e3) return `${formatNumber(v / 1e3)}k`;
  return formatNumber(v);
}

/** Plot options for the funnel plot; needs population and reference columns (a rate per 100,000 or per 1,000 by area). */
export function funnelOptions(ctx: ChartContext): Plot.PlotOptions {
  const cat = ctx.compareBy.name;
  const rows = ctx.rows.filter((r) => typeof r[N.population] === 'number' && (r[N.population] as number) > 0);
  const reference = rows.find((r) => typeof r[N.reference] === 'number')?.[N.reference] as number | undefined;
  const pops = rows.map((r) => r[N.population] as number);
  const min = Math.min(...pops) * 0.8;
  const max = Math.max(...pops) * 1.25;
  const limits = reference === undefined ? [] : funnelLimits(reference, min, max, 100, ratePer(ctx.spec));
  // A tiny population's extreme rate (City of London's) would flatten the funnel: cut the axis above the rest.
  const out = outliers(rows, cat, ctx.y);
  const top = out ? capAbove(rows, cat, out.keys, [ctx.y, N.reference]) : Math.max(...rows.map((r) => r[ctx.y] as number), reference ?? 0) * 1.08;
  const cut = out ? rows.filter((r) => out.keys.includes(r[cat])) : [];
  if (out) ctx.leftOut.push(cutSentence(rows, cat, ctx.y, out.keys, 'point'));
  const line = (y: string, dash?: string) => Plot.line(limits, { x: 'population', y, stroke: LIMIT, strokeWidth: 1, strokeDasharray: dash, clip: true });
  const label = (d: Row) => String(d[cat]);
  const marks: Plot.Markish[] = [
    line('lower95', '4,3'),
    line('upper95', '4,3'),
    line('lower998'),
    line('upper998'),
    ...(reference === undefined ? [] : [Plot.ruleY([reference], { stroke: REFERENCE, strokeWidth: 1.5 })]),
    Plot.dot(rows, { x: N.population, y: ctx.y, fill: significanceOf, symbol: significanceOf, r: 4.5, stroke: 'white', strokeWidth: 0.5, channels: { [cat]: { value: label, label: cat }, ...tipChannels(ctx) }, tip: tipFormat('y'), clip: true }),
    Plot.dot(rows.filter(ctx.highlighted), { x: N.population, y: ctx.y, r: 7.5, stroke: ACCENT, strokeWidth: 2.5, fill: 'none', clip: true }),
    Plot.text(rows.filter(ctx.highlighted), { x: N.population, y: ctx.y, text: label, dx: 10, textAnchor: 'start', fill: ACCENT, fontWeight: 'bold', clip: true }),
    Plot.text(cut, { x: N.population, y: () => top, text: (d: Row) => `↑ ${label(d)} ${formatNumber(d[ctx.y])}`, textAnchor: 'start', lineAnchor: 'top', dx: 4, fill: '#333333' }),
  ];
  if (limits.length) {
    const last = limits[limits.length - 1];
    marks.push(
      Plot.text([last], { x: 'population', y: 'upper95', text: () => '95%', textAnchor: 'end', lineAnchor: 'bottom', dy: -3, fill: LIMIT }),
      Plot.text([last], { x: 'population', y: 'upper998', text: () => '99.8%', textAnchor: 'end', lineAnchor: 'bottom', dy: -3, fill: LIMIT }),
    );
  }
  return {
    height: 460,
    marginLeft: 56,
    marginRight: 48,
    marginTop: 30,
    x: { type: 'log', label: 'Population (log scale) →', domain: [min, max], ticks: decades(min, max), tickFormat: compactNumber },
    y: { label: ctx.yLabel, grid: true, zero: true, domain: [0, top] },
    color: significanceScale(rows),
    symbol: significanceSymbols(rows),
    marks,
  };
}

/**
 * A control chart (XmR, individuals chart) of one line over periods, as NHS England's "Making Data Count" draws it:
 * the values, their mean as a solid line, the process limits dashed, and special-cause points in one colour.
 */
import * as Plot from '@observablehq/plot';
import { comparePeriods } from '../domain';
import { XMR_RULE_LABEL, XMR_RULES_NOTE, xmrSegments, type XmrRule } from '../domain/xmr';
import { axisLabel, formatNumber, type ChartContext, type Row } from './common';
import { ACCENT, BASE, LIMIT } from './palette';
import { tipChannels } from './tips';

/** One point as drawn: its period, value, the rules it breaks, and its segment's mean and limits. */
interface ControlPoint {
  period: unknown;
  value: number;
  movingRange: number | null;
  flags: XmrRule[];
  segment: number;
  mean?: number;
  upper?: number;
  /** Undefined when the limit is below zero for values that can't be negative: not drawn. */
  lower?: number;
  row: Row;
}

/** Plot options for a control chart; the caption's rules and signals go to `ctx.notes`. */
export function controlOptions(ctx: ChartContext): Plot.PlotOptions {
  const x = ctx.compareBy.name;
  const rows = [...ctx.rows].sort((a, b) => comparePeriods(String(a[x]), String(b[x])));
  const periods = rows.map((r) => r[x]);
  const values = rows.map((r) => r[ctx.y] as number);
  const from = ctx.spec.chart.controlFrom;
  const at = from === undefined ? -1 : periods.findIndex((p) => String(p) === from);
  if (from !== undefined && at < 0) ctx.notes.push(`Limits from ${from} were asked for, but the chart has no such period: the limits use every period.`);
  const segments = xmrSegments(values, at > 0 ? [at] : []);
  // A series with no value below zero is taken for counts or rates, which can't fall below zero: a lower limit
  // under zero is then no limit at all, so it is not drawn and the caption says so. xmr() keeps the number.
  const nonNegative = values.every((v) => v >= 0);
  const points: ControlPoint[] = [];
  segments.forEach((s, k) => {
    const c = s.chart;
    if (!c.ok) {
      const before = k === 0 && segments.length > 1 ? ` before ${String(periods[segments[1].start])}` : '';
      ctx.notes.push(before ? `No limits${before}: one period is too few for a moving range.` : `No limits: ${c.why}.`);
    }
    c.points.forEach((p, i) => {
      const row = rows[s.start + i];
      points.push({
        period: row[x],
        ...p,
        segment: k,
        ...(c.ok ? { mean: c.mean, upper: c.upper, lower: nonNegative && c.lower < 0 ? undefined : c.lower } : {}),
        row,
      });
    });
  });
  ctx.notes.push(...captionNotes(segments, periods, nonNegative));

  const limited = points.filter((p) => p.mean !== undefined);
  const last = limited.filter((p) => p.segment === limited[limited.length - 1]?.segment);
  const special = points.filter((p) => p.flags.length > 0);
  const label = (y: 'mean' | 'upper' | 'lower', text: string) =>
    Plot.text(last.slice(-1).filter((p) => p[y] !== undefined), { x: 'period', y, text: (p: ControlPoint) => `${text} ${formatNumber(p[y])}`, textAnchor: 'start', dx: 8, fill: y === 'mean' ? '#333333' : LIMIT });
  const channels = Object.fromEntries(Object.entries(tipChannels(ctx)).map(([k, c]) => [k, { value: (p: ControlPoint) => c.value(p.row), label: c.label }]));
  return {
    height: 360,
    marginLeft: 56,
    marginRight: 110,
    marginTop: 30,
    x: { type: 'point', domain: periods, ticks: everyNth(periods), label: axisLabel(x), padding: 0.3 },
    // Inset, so a limit at the edge of the domain does not sit on the x axis.
    y: { label: ctx.yLabel, grid: true, inset: 12, tickFormat: (v: number) => formatNumber(v) },
    marks: [
      Plot.lineY(limited, { x: 'period', y: 'mean', z: 'segment', stroke: '#333333', strokeWidth: 1.5 }),
      Plot.lineY(limited, { x: 'period', y: 'upper', z: 'segment', stroke: LIMIT, strokeWidth: 1.2, strokeDasharray: '6,4' }),
      Plot.lineY(limited.filter((p) => p.lower !== undefined), { x: 'period', y: 'lower', z: 'segment', stroke: LIMIT, strokeWidth: 1.2, strokeDasharray: '6,4' }),
      Plot.lineY(points, { x: 'period', y: 'value', stroke: BASE, strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'period',
        y: 'value',
        fill: BASE,
        r: 2.5,
        channels: {
          ...channels,
          movingRange: { value: (p: ControlPoint) => (p.movingRange === null ? '–' : formatNumber(p.movingRange)), label: 'Moving range' },
          limits: { value: limitsText, label: 'Process limits' },
          cause: { value: (p: ControlPoint) => (p.flags.length ? `special: ${p.flags.map((f) => XMR_RULE_LABEL[f]).join('; ')}` : 'common cause'), label: 'Variation' },
        },
        tip: { format: { y: (v: unknown) => formatNumber(v) } },
      }),
      Plot.dot(special, { x: 'period', y: 'value', fill: ACCENT, stroke: 'white', strokeWidth: 1, r: 5 }),
      label('upper', 'Upper limit'),
      label('mean', 'Mean'),
      label('lower', 'Lower limit'),
    ],
  };
}

/** Every nth period as a tick, so labels don't overlap in the ~480px the chart has (6.2px a character). */
function everyNth(periods: readonly unknown[]): unknown[] {
  const longest = Math.max(1, ...periods.map((p) => String(p).length));
  const step = Math.max(1, Math.ceil((periods.length * (longest * 6.2 + 12)) / 480));
  return periods.filter((_, i) => i % step === 0);
}

function limitsText(p: ControlPoint): string {
  if (p.mean === undefined) return 'none';
  return `${p.lower === undefined ? 'below zero' : formatNumber(p.lower)} to ${formatNumber(p.upper)}, mean ${formatNumber(p.mean)}`;
}

/** The rules, what the orange points mean and how many there are, and the limits of any earlier segment. */
function captionNotes(segments: ReturnType<typeof xmrSegments>, periods: readonly unknown[], nonNegative: boolean): string[] {
  const all = segments.flatMap((s) => s.chart.points);
  const special = all.filter((p) => p.flags.length > 0);
  const byRule = (Object.keys(XMR_RULE_LABEL) as XmrRule[])
    .map((r) => [r, special.filter((p) => p.flags.includes(r)).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${XMR_RULE_LABEL[r]}`);
  const notes = [
    special.length === 0
      ? `No point of ${all.length} shows special-cause variation.`
      : `Large orange points: ${special.length} of ${all.length} ${special.length === 1 ? 'shows' : 'show'} special-cause variation (${byRule.join('; ')}), an unusual pattern, not in itself better or worse.`,
    XMR_RULES_NOTE,
  ];
  const fewest = Math.min(...segments.filter((s) => s.chart.ok).map((s) => s.end - s.start));
  if (fewest < 12) notes.push(`Limits from ${fewest} points are provisional: more periods steady them.`);
  if (segments.length > 1) {
    const [b, a] = segments;
    const period = String(periods[a.start]);
    if (b.chart.ok) notes.push(`Limits recalculated from ${period}; before it: mean ${formatNumber(b.chart.mean)}, limits ${formatNumber(b.chart.lower)} to ${formatNumber(b.chart.upper)}.`);
  }
  for (const s of segments) {
    const c = s.chart;
    if (nonNegative && c.ok && c.lower < 0) {
      notes.push(`The lower limit${segments.length > 1 ? ` from ${String(periods[s.start])}` : ''} (${formatNumber(c.lower)}) is below zero, which no value can reach, so it is not drawn.`);
    }
  }
  return notes;
}

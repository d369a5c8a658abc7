/**
 * Chart any SQL result: the user picks x, y, colour and facet from the result's columns, and gets the same kinds of
 * chart the builder draws, with the same honesty rules — bars start at zero, and rows with no value are counted and
 * said, never dropped silently. Pure: rows and column types in, Plot options out.
 */
import { textAlternative } from './text-alternative';
import * as Plot from '@observablehq/plot';
import type { Chart } from './chart-for';
import { axisLabel, bandHeight, formatNumber, listSome, marginFor, type Row } from './common';
import { BASE, categorical } from './palette';

/** The chart kinds offered for a SQL result. */
export type ResultChartType = 'auto' | 'bar' | 'line' | 'dot';

/** What the user picked. `y` must be a numeric column; the others are optional. */
export interface ResultChartSpec {
  x: string;
  y: string;
  color?: string;
  facet?: string;
  type: ResultChartType;
  title?: string;
}

/** A result column: name and DuckDB type. */
export interface ResultColumnType {
  name: string;
  type: string;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*|INT\d*|Int\d+|Uint\d+|Float\d+|Decimal.*)$/i;
const TEMPORAL = /^(DATE|TIMESTAMP.*|TIME|Date.*|Timestamp.*)$/i;
const PERIODISH = /^(\d{4}(\/\d{2}|-\d{2})?|\d{4} Q[1-4]|Q[1-4] \d{4})$/;

/** Whether a result column holds numbers (DuckDB or Arrow type names). */
export function isNumericColumn(type: string): boolean {
  return NUMERIC.test(type.trim());
}

/** A first guess at x and y for a result: the first text or date column, then the first numeric column after it. */
export function guessResultChart(columns: readonly ResultColumnType[]): ResultChartSpec | undefined {
  const y = [...columns].reverse().find((c) => isNumericColumn(c.type));
  const x = columns.find((c) => c !== y && !isNumericColumn(c.type)) ?? columns.find((c) => c !== y);
  if (!x || !y) return undefined;
  return { x: x.name, y: y.name, type: 'auto' };
}

/** Which chart `auto` means: lines over dates or periods, dots for two numbers, else sorted bars. */
export function resultChartType(spec: ResultChartSpec, columns: readonly ResultColumnType[], rows: readonly Row[]): Exclude<ResultChartType, 'auto'> {
  if (spec.type !== 'auto') return spec.type;
  const xType = columns.find((c) => c.name === spec.x)?.type ?? '';
  if (TEMPORAL.test(xType) || (rows.length > 0 && rows.every((r) => PERIODISH.test(String(r[spec.x]))))) return 'line';
  if (isNumericColumn(xType)) return 'dot';
  return 'bar';
}

/** Plot options for a SQL result, with the chart type, the reason and what was left out. */
export function resultChart(spec: ResultChartSpec, columns: readonly ResultColumnType[], raw: readonly Row[], source = 'SQL result'): Chart {
  const names = columns.map((c) => c.name);
  for (const k of ['x', 'y', 'color', 'facet'] as const) {
    const col = spec[k];
    if (col !== undefined && !names.includes(col)) throw new RangeError(`${k}: "${col}" is not a column of the result (columns: ${names.join(', ')})`);
  }
  const yType = columns.find((c) => c.name === spec.y)?.type ?? '';
  if (!isNumericColumn(yType)) throw new RangeError(`y: "${spec.y}" is ${yType}, not a number; choose a numeric column for y`);
  const leftOut: string[] = [];
  const rows = raw.filter((r) => typeof r[spec.y] === 'number' && Number.isFinite(r[spec.y] as number));
  if (rows.length < raw.length) {
    const missing = raw.filter((r) => !rows.includes(r)).map((r) => String(r[spec.x]));
    leftOut.push(`${raw.length - rows.length} rows with no ${spec.y} (${listSome(missing)})`);
  }
  const type = resultChartType(spec, columns, rows);
  const { x, y, color, facet } = spec;
  const colours = color ? [...new Set(rows.map((r) => r[color]))] : [];
  const colorScale = color ? { type: 'ordinal' as const, domain: colours, range: [...categorical(Math.min(colours.length, 10))], legend: true } : undefined;
  const fy = facet ? { fy: facet } : {};
  const tip = { format: { [type === 'bar' ? 'x' : 'y']: (v: unknown) => formatNumber(v) } };
  let options: Plot.PlotOptions;
  if (type === 'bar') {
    // Horizontal bars sorted largest first, starting at zero; stacked when coloured.
    const totals = new Map<unknown, number>();
    for (const r of rows) totals.set(r[x], (totals.get(r[x]) ?? 0) + (r[y] as number));
    const order = [...totals.keys()].sort((a, b) => (totals.get(b) as number) - (totals.get(a) as number));
    options = {
      height: bandHeight(order.length * (facet ? new Set(rows.map((r) => r[facet])).size : 1)),
      marginLeft: marginFor(order),
      x: { label: axisLabel(y), grid: true, zero: true },
      y: { label: axisLabel(x), domain: order },
      ...(colorScale ? { color: colorScale } : {}),
      marks: [Plot.barX(rows, { y: x, x: y, fill: color ?? BASE, ...fy, tip }), Plot.ruleX([0])],
    };
  } else if (type === 'line') {
    options = {
      marginLeft: 60,
      y: { label: axisLabel(y), grid: true, zero: rows.every((r) => (r[y] as number) >= 0) },
      x: { label: axisLabel(x), ...(TEMPORAL.test(columns.find((c) => c.name === x)?.type ?? '') ? {} : { type: 'point' as const }) },
      ...(colorScale ? { color: colorScale } : {}),
      marks: [
        Plot.lineY(rows, { x, y, stroke: color ?? BASE, ...fy, sort: { x: 'x' } as never }),
        Plot.dot(rows, { x, y, fill: color ?? BASE, r: 2.5, ...fy, tip }),
      ],
    };
  } else {
    options = {
      marginLeft: 60,
      grid: true,
      x: { label: axisLabel(x) },
      y: { label: axisLabel(y) },
      ...(colorScale ? { color: colorScale } : {}),
      marks: [Plot.dot(rows, { x, y, fill: color ?? BASE, r: 3, ...fy, tip })],
    };
  }
  const title = spec.title || `${axisLabel(y)} by ${axisLabel(x).toLowerCase()}${color ? ` and ${axisLabel(color).toLowerCase()}` : ''}`;
  const caption = `Source: ${source}.${leftOut.length ? ` Not shown: ${leftOut.join('; ')}.` : ''}`;
  return {
    type: type === 'dot' ? 'dot' : type,
    reason: spec.type === 'auto' ? `automatic: ${type}` : 'chosen',
    options: { ...options, title, caption, style: { fontFamily: 'system-ui, sans-serif', fontSize: '10px', overflow: 'visible' } },
    leftOut,
    description: textAlternative(title, rows, { keys: [x, ...(color ? [color] : []), ...(facet ? [facet] : [])], value: y }),
    note: [],
  };
}

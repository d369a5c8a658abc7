/** Tooltip channels and formats shared by the chart builders (Plot's `tip` with extra `channels`). */
import { COMPUTED_COLUMNS as N, measureLabel } from '../domain';
import { formatNumber, formatRate, type ChartContext, type Row } from './common';

/** Extra channels a tooltip lists: counts, population, interval, rank — whichever the result has. */
export function tipChannels(ctx: ChartContext): Record<string, { value: (d: Row) => unknown; label: string }> {
  const has = (col: string) => ctx.rows.some((r) => r[col] !== undefined && r[col] !== null);
  const out: Record<string, { value: (d: Row) => unknown; label: string }> = {};
  const num = (col: string, label: string, decimals?: number) => {
    if (has(col)) out[col] = { value: (d) => formatNumber(d[col], decimals), label };
  };
  if (ctx.spec.comparison.kind === 'rank') out.rank = { value: (d) => `${d[N.tied] ? '=' : ''}${formatNumber(d[N.value], 0)}`, label: 'Rank' };
  num(N.numerator, measureLabel(ctx.spec), 0);
  num(N.population, 'Population', 0);
  if (has(N.lower)) out.interval = { value: (d) => `${formatRate(d[N.lower])} to ${formatRate(d[N.upper])}`, label: '95% CI' };
  if (has(N.significance)) out.significance = { value: (d) => d[N.significance], label: 'Compared with reference' };
  num(N.fromValue, 'From');
  num(N.toValue, 'To');
  num(N.baseValue, 'Base period');
  return out;
}

/** Tip options formatting the value channel like the axis. */
export function tipFormat(valueChannel: 'x' | 'y' | 'fill'): { format: Record<string, (v: unknown) => string> } {
  return { format: { [valueChannel]: (v: unknown) => formatNumber(v) } };
}

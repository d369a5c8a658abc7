/** A chart's words: title, subtitle and the caption with source, note and the synthetic-data warning. */
import { basisLabel, peerForces, perWords, ratePer, resolveDimension, type ViewSpec } from '../domain';
import { axisLabel, formatNumber, type ChartContext } from './common';

/** The period the view covers, when it is one period or a range: "2023/24", "2019/20 to 2023/24". */
export function periodPhrase(spec: ViewSpec): string | undefined {
  const p = spec.roles.period;
  if (!p) return undefined;
  const c = spec.comparison;
  if (c.kind === 'change' || c.kind === 'pct_change') return undefined; // already in the value label
  const only = spec.filters.filter((f) => f.column === p).flatMap((f) => f.values);
  if (only.length === 1 && only[0] !== null) return String(only[0]);
  const r = spec.periodRange;
  if (r?.from && r.to) return r.from === r.to ? r.from : `${r.from} to ${r.to}`;
  return undefined;
}

/** The default title: "Disruptions per 100,000 population by force, 2023/24" (or per 1,000). */
export function defaultTitle(spec: ViewSpec): string {
  const dims = [spec.compareBy, ...(spec.series ? [spec.series] : [])].map((d) => axisLabel(resolveDimension(spec, d).name).toLowerCase());
  const by = `by ${dims.join(' and ')}`;
  const basis = basisLabel(spec);
  const lower = basis.charAt(0).toLowerCase() + basis.slice(1);
  const c = spec.comparison;
  let head: string;
  switch (c.kind) {
    case 'total':
    case 'rate_per_100k':
      head = `${basis} ${by}`;
      break;
    case 'change':
      head = `Change in ${lower} ${by}, ${c.from} to ${c.to}`;
      break;
    case 'pct_change':
      head = `% change in ${lower} ${by}, ${c.from} to ${c.to}`;
      break;
    case 'index':
      head = `${basis} ${by}, indexed to ${c.base} = 100`;
      break;
    case 'share':
      head = `Share of ${lower} ${by}`;
      break;
    case 'rank':
      head = `${basis} ${by}, ranked`;
      break;
  }
  const period = periodPhrase(spec);
  return period ? `${head}, ${period}` : head;
}

function filterPhrase(spec: ViewSpec): string | undefined {
  const parts = spec.filters
    .filter((f) => f.column !== spec.roles.period || f.values.length > 1)
    .map((f) => `${axisLabel(f.column)}: ${f.values.map((v) => (v === null ? '(blank)' : String(v))).join(', ')}`);
  return parts.length ? `${parts.join('; ')}.` : undefined;
}

function highlightPhrase(spec: ViewSpec, ctx: ChartContext): string | undefined {
  const h = spec.highlight;
  if (!h.force && !h.peerGroup) return undefined;
  // My force is not among what is drawn (a file of Cumbria's crimes): saying "Kent highlighted" would mislead.
  if (ctx.highlightName !== undefined && ctx.rows.length > 0 && !ctx.rows.some(ctx.highlighted)) return undefined;
  const peers = peerForces(spec);
  const group = h.peerGroup === 'region' ? 'its region' : h.peerGroup ? `peer group "${h.peerGroup.name}"` : undefined;
  const bits: string[] = [];
  if (h.force) bits.push(`${h.force} highlighted`);
  if (group && peers) bits.push(`compared with ${group} (${peers.length} forces${h.limitToPeers ? ', shown alone' : ''})`);
  return `${bits.join(', ')}.`;
}

/** The default subtitle: what is compared and how, in a sentence or three. */
export function defaultSubtitle(spec: ViewSpec, ctx: ChartContext, type: string): string {
  const bits: string[] = [];
  const c = spec.comparison;
  if (c.kind === 'rate_per_100k') {
    const ref = ctx.rows.find((r) => typeof r.reference === 'number')?.reference;
    bits.push(`Rate ${perWords(ratePer(spec))} population: summed counts over summed population.`);
    if (spec.uncertainty.ci === 95 && (type === 'dot' || type === 'funnel')) {
      const against = spec.uncertainty.against === 'peers' ? 'the peer group' : 'England and Wales';
      bits.push(
        type === 'funnel'
          ? `Lines are 95% and 99.8% control limits around the England and Wales rate (Byar's method); points outside them differ by more than chance.`
          : `Whiskers are 95% confidence intervals (Byar's method); colour and shape show whether a rate is significantly different from ${against} (▲ higher, ▼ lower, ● not significantly).`,
      );
    }
    if (typeof ref === 'number' && ctx.series === undefined) bits.push(`England and Wales: ${formatNumber(ref, Math.abs(ref) < 1 ? undefined : 1)}.`);
    // HMICFRS-style: the peer average with and without the highlighted force, both population-weighted.
    const peer = ctx.rows.find((r) => typeof r.peer_rate === 'number');
    if (peer && ctx.series === undefined) {
      const excl = typeof peer.peer_rate_excl === 'number' && spec.highlight.force ? ` (${formatNumber(peer.peer_rate_excl, Math.abs(peer.peer_rate_excl) < 1 ? undefined : 1)} without ${spec.highlight.force})` : '';
      bits.push(`Peer group: ${formatNumber(peer.peer_rate, Math.abs(Number(peer.peer_rate)) < 1 ? undefined : 1)}${excl}, population-weighted.`);
    }
  } else if (c.kind === 'index') bits.push(`Each line is scaled so that ${c.base} = 100.`);
  else if (c.kind === 'share') bits.push(c.within === 'compareBy' ? 'Each bar adds up to 100%.' : 'Shares of the total shown.');
  else if (c.kind === 'rank') bits.push('Ties share a rank (marked =), and the next rank is skipped.');
  for (const p of [filterPhrase(spec), highlightPhrase(spec, ctx)]) if (p) bits.push(p);
  // A tile map is read as a map: say that the tiles are equal, not the forces' areas.
  if (type === 'map') bits.push('Each force is one equal hexagon, roughly in its place: sizes are not areas.');
  return bits.join(' ');
}

/** Whether the data are the synthetic samples (or any table named as synthetic). */
export function isSynthetic(spec: ViewSpec): boolean {
  return [spec.table, spec.denominator?.table].some((t) => t !== undefined && /synthetic/i.test(t));
}

/**
 * The view's note as paragraphs (blank lines part them; single line breaks join): the user's own words, shown under
 * the chart, in exports and on its slide, always as text. Empty when the view has no note.
 */
export function noteParagraphs(spec: ViewSpec): string[] {
  return (spec.chart.note ?? '')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

/**
 * The caption: source, and "Synthetic data" when the tables are synthetic. The view's note is not part of it: a note
 * can run to paragraphs, so it is set under the chart on its own (noteParagraphs).
 */
export function caption(spec: ViewSpec): string {
  // The views the domain layer reads a table through (`x_norm`, `x_long_norm`) are named for the table.
  const tables = [spec.table, ...(spec.denominator ? [spec.denominator.table] : [])].map((t) => t.replace(/(?:_long)?_norm$/i, ''));
  const parts = [`Source: ${spec.chart.source?.trim() || tables.join(', ')}.`];
  if (isSynthetic(spec)) parts.push('Synthetic data — not official statistics.');
  return parts.join(' ');
}

/** Title, subtitle and caption, the user's words first. */
export function words(spec: ViewSpec, ctx: ChartContext, type: string): { title: string; subtitle: string; caption: string } {
  return {
    title: spec.chart.title?.trim() || defaultTitle(spec),
    subtitle: spec.chart.subtitle?.trim() || defaultSubtitle(spec, ctx, type),
    caption: caption(spec),
  };
}

/**
 * Small-number protection of a view's result, as official statistics do before release (ONS/GSS: a count below a
 * threshold is shown as "[c]", confidential). Pure: a compiled view's rows in, protected copies out.
 *
 * Decisions, each as a statistician releasing the table would take it:
 * - Only counts are protected: a measure aggregated by count, count_distinct or sum (the spec cannot say whether a
 *   summed column counts events; the workbench offers rates only for counts, and hiding a small sum of money costs
 *   little). Averages, lowest and highest values are left as they are, and the caption says so.
 * - Primary: a count c with 0 < c < threshold. Zeros are shown: a zero names no one, so it is usually not
 *   disclosive (ONS practice varies; a zero is sensitive only when it says something about everyone in a group).
 *   Zeros are hidden as partners only as a last resort (suppression-cells.ts says why).
 * - Suppressed cells are null in the returned rows and listed in `suppressed`; charts and exports draw SUPPRESSED_MARK
 *   there. Null keeps every numeric column numeric, so sums and scales never meet the string "[c]".
 * - Whatever is computed from a suppressed count is suppressed with it: a rate, its interval and its significance
 *   (the population is shown, so the rate gives the count back), a change, a share, an index, a rank.
 * - Secondary: a suppressed count must not be recoverable from a total. Groups whose total is known: the whole table,
 *   each compare-by value and each series value (conservative: their totals are published, or read off a stacked
 *   bar), each share's `total_value`, the England and Wales `reference` rate (times the populations shown) and the
 *   peer-group rates. The shown totals stay and more cells are hidden instead: the England and Wales figure is
 *   published by ONS and the Home Office anyway, so hiding it here would not stop the subtraction. Only when no cell
 *   can protect a count (a one-cell share group, the peer rate with and without the highlighted force) is the total
 *   itself hidden.
 * - Rounding to 5 rounds every shown count (half up) and recomputes rates, intervals, shares, changes and indices
 *   from the rounded counts: a rate from the exact count beside its population would give the exact count back.
 *   Ranks stay those of the exact counts; references and peer rates (large counts) stay as computed.
 */
import { matchForce } from './forces';
import { byarRateInterval } from './poisson';
import { hiddenCells, type CellGroup } from './suppression-cells';
import { COMPUTED_COLUMNS as N, areaDimension, hasReferences, ratePer, resolveDimension } from './view-result';
import { dimensionRole } from './view-semantics';
import { peerForces, type Dimension, type ViewSpec } from './view-spec';

type Row = Record<string, unknown>;

/** How small numbers are protected: counts below `threshold` are suppressed; `roundTo5` rounds the rest. */
export interface Protection {
  /** A whole number from 3 to 10; 10 is the GSS default for counts of people. */
  threshold: number;
  roundTo5: boolean;
}

/** Counts below 10 suppressed, the rest exact. */
export const DEFAULT_PROTECTION: Protection = { threshold: 10, roundTo5: false };

/** What charts and exports show in a suppressed cell: GSS's "confidential". */
export const SUPPRESSED_MARK = '[c]';

/** Check a protection setting from anywhere (URL, file): missing fields take the default; throws RangeError. */
export function parseProtection(x: unknown): Protection {
  if (x === undefined) return { ...DEFAULT_PROTECTION };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new RangeError(`invalid protection: ${JSON.stringify(x)} (an object)`);
  const { threshold = DEFAULT_PROTECTION.threshold, roundTo5 = DEFAULT_PROTECTION.roundTo5 } = x as Record<string, unknown>;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 3 || threshold > 10) {
    throw new RangeError(`invalid threshold: ${JSON.stringify(threshold)} (a whole number from 3 to 10)`);
  }
  if (typeof roundTo5 !== 'boolean') throw new RangeError(`invalid roundTo5: ${JSON.stringify(roundTo5)} (true or false)`);
  return { threshold, roundTo5 };
}

/** Whether the cell at `rowIndex`, `column` of a protected result is suppressed. */
export function isSuppressed(suppressed: ReadonlySet<string>, rowIndex: number, column: string): boolean {
  return suppressed.has(`${rowIndex}:${column}`);
}

/** A protected result: copied rows with suppressed cells null, which cells those are, and the caption to show. */
export interface ProtectedRows {
  rows: Row[];
  /** `${rowIndex}:${column}` of every nulled cell: counts, what was computed from them, and any hidden total. */
  suppressed: Set<string>;
  /** One sentence for the chart's notes; empty when nothing was changed. */
  caption: string;
  /** Counts suppressed for being small. */
  primary: number;
  /** Counts suppressed so that the small ones cannot be worked out from totals. */
  secondary: number;
}

const FIGURES: Record<string, string> = { avg: 'averages', min: 'lowest values', max: 'highest values' };

/** The result columns holding counts, or why the view has none to protect. */
function countColumns(spec: ViewSpec): string[] | { reason: string } {
  const { column, aggregate } = spec.measure;
  if (column !== null && FIGURES[aggregate]) {
    return { reason: `Protect small numbers applies to counts; this view shows ${FIGURES[aggregate]}, left as they are.` };
  }
  const c = spec.comparison;
  const rate = 'of' in c && c.of === 'rate';
  switch (c.kind) {
    case 'total':
      return [N.value];
    case 'rate_per_100k':
      return [N.numerator];
    case 'change':
    case 'pct_change':
      // The result carries the two rates but not their counts, so there is nothing to test against the threshold.
      if (rate) return { reason: 'Protect small numbers needs the counts behind the rates; this view shows changes in rates without them, left as they are.' };
      return [N.fromValue, N.toValue];
    case 'index':
    case 'rank':
      return [rate ? N.numerator : N.measureValue];
    case 'share':
      return [N.measureValue];
  }
}

interface Cell {
  row: number;
  column: string;
  count: number;
}

const keyOf = (v: unknown) => `${typeof v}:${String(v)}`;

function partition(cells: readonly number[], key: (cell: number) => string): number[][] {
  const parts = new Map<string, number[]>();
  for (const i of cells) parts.set(key(i), [...(parts.get(key(i)) ?? []), i]);
  return [...parts.values()];
}

/** Every group of count cells whose total a reader knows or can work out, each with the shown cells that say it. */
function knownTotals(spec: ViewSpec, rows: readonly Row[], cells: readonly Cell[], columns: readonly string[]): CellGroup[] {
  const out: CellGroup[] = [];
  const name = (d: Dimension | undefined) => (d ? resolveDimension(spec, d).name : undefined);
  const cb = name(spec.compareBy)!;
  const se = name(spec.series);
  const by = (col: string | undefined) => (i: number) => (col === undefined ? '' : keyOf(rows[cells[i].row][col]));
  const shows = (part: readonly number[], ...cols: string[]) => [...new Set(part.map((i) => cells[i].row))].flatMap((r) => cols.map((c) => ({ row: r, column: c })));
  for (const column of columns) {
    const layer = cells.flatMap((c, i) => (c.column === column ? [i] : []));
    out.push({ cells: layer });
    if (se !== undefined) for (const part of [...partition(layer, by(cb)), ...partition(layer, by(se))]) out.push({ cells: part });
    const c = spec.comparison;
    if (c.kind === 'share') {
      const within = c.within === 'compareBy' ? cb : se;
      // total_value is on every row of the group; with it hidden, a shown share and its count would give it back.
      for (const part of partition(layer, by(within))) out.push({ cells: part, shows: shows(part, N.totalValue, N.value) });
    }
    if (hasReferences(spec)) {
      const areaIsCompareBy = areaDimension(spec) === 'compareBy';
      const area = areaIsCompareBy ? cb : se!;
      const other = areaIsCompareBy ? se : cb;
      const peers = dimensionRole(spec, areaIsCompareBy ? spec.compareBy : spec.series!) === 'force' && spec.highlight.peerGroup ? peerForces(spec) : undefined;
      const forceId = (i: number) => matchForce(String(rows[cells[i].row][area] ?? ''))?.id;
      const peerIds = new Set((peers ?? []).map((p) => matchForce(p)?.id ?? p));
      const self = matchForce(spec.highlight.force ?? '')?.id;
      for (const part of partition(layer, by(other))) {
        out.push({ cells: part, shows: shows(part, N.reference) });
        if (!peers) continue;
        const inPeers = part.filter((i) => peerIds.has(forceId(i) ?? ''));
        out.push({ cells: inPeers, shows: shows(part, N.peerRate) });
        out.push({ cells: inPeers.filter((i) => forceId(i) !== self), shows: shows(part, N.peerRateExcl) });
      }
    }
  }
  return out;
}

/** Cells computed from each row's counts, and (for index) from the base period's count of its line. */
function dependents(spec: ViewSpec, rows: readonly Row[], cells: readonly Cell[], hidden: ReadonlySet<number>, add: (row: number, column: string) => void): void {
  const c = spec.comparison;
  const rate = 'of' in c && c.of === 'rate';
  const derived: Record<string, string[]> = {
    total: [],
    rate_per_100k: [N.value, N.lower, N.upper, N.significance],
    change: [N.value],
    pct_change: [N.value, N.change],
    index: rate ? [N.value, N.measureValue] : [N.value],
    share: [N.value],
    rank: rate ? [N.value, N.measureValue, N.tied] : [N.value, N.tied],
  };
  for (const i of hidden) for (const col of derived[c.kind]) if (col in rows[cells[i].row]) add(cells[i].row, col);
  if (c.kind !== 'index') return;
  // base_value repeats the base period's count (or rate) on every row of its line, and value × base_value / 100 is
  // the row's own figure: with the base hidden, both go on the whole line.
  const { line, isBase } = indexLines(spec, rows);
  const baseHidden = new Set<string>();
  for (const i of hidden) if (isBase(cells[i].row) || !rows.some((_, r) => line(r) === line(cells[i].row) && isBase(r))) baseHidden.add(line(cells[i].row));
  rows.forEach((_, r) => {
    if (baseHidden.has(line(r))) for (const col of [N.baseValue, N.value]) add(r, col);
  });
}

function indexLines(spec: ViewSpec, rows: readonly Row[]): { line: (r: number) => string; isBase: (r: number) => boolean } {
  const c = spec.comparison;
  const periodIsCompareBy = dimensionRole(spec, spec.compareBy) === 'period';
  const periodDim = periodIsCompareBy ? spec.compareBy : spec.series;
  const lineDim = periodIsCompareBy ? spec.series : spec.compareBy;
  const period = periodDim && resolveDimension(spec, periodDim).name;
  const lineCol = lineDim && resolveDimension(spec, lineDim).name;
  return {
    line: (r) => (lineCol === undefined ? '' : keyOf(rows[r][lineCol])),
    isBase: (r) => c.kind === 'index' && period !== undefined && String(rows[r][period]) === c.base,
  };
}

const round5 = (x: number) => Math.round(x / 5) * 5;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Round the shown counts to 5 and recompute from them what the compiler computed from the exact counts. */
function roundCounts(spec: ViewSpec, rows: Row[], cells: readonly Cell[], hidden: ReadonlySet<number>): void {
  cells.forEach((cell, i) => {
    if (!hidden.has(i)) rows[cell.row][cell.column] = round5(cell.count);
  });
  const per = ratePer(spec);
  const rateOf = (row: Row) => {
    const n = num(row[N.numerator]);
    const pop = num(row[N.population]);
    return n === null || !pop ? null : (n * per) / pop;
  };
  const ratio = (a: number | null, b: number | null) => (a === null || !b ? null : (100 * a) / b);
  const c = spec.comparison;
  const rate = 'of' in c && c.of === 'rate';
  for (const row of rows) {
    if (c.kind === 'rate_per_100k') {
      row[N.value] = rateOf(row);
      const n = num(row[N.numerator]);
      const pop = num(row[N.population]);
      if (N.lower in row && n !== null && pop) Object.assign(row, byarRateInterval(n, pop, per));
      if (N.significance in row) row[N.significance] = significance(row, spec.uncertainty.against === 'peers' ? N.peerRate : N.reference);
    } else if (c.kind === 'change' || c.kind === 'pct_change') {
      const from = num(row[N.fromValue]);
      const to = num(row[N.toValue]);
      const diff = from === null || to === null ? null : to - from;
      row[N.value] = c.kind === 'change' ? diff : ratio(diff, from);
      if (c.kind === 'pct_change') row[N.change] = diff;
    } else if (c.kind === 'share') {
      const total = num(row[N.totalValue]);
      if (total !== null) row[N.totalValue] = round5(total);
      row[N.value] = ratio(num(row[N.measureValue]), num(row[N.totalValue]));
    } else if ((c.kind === 'index' || c.kind === 'rank') && rate) {
      row[N.measureValue] = rateOf(row);
    }
  }
  if (c.kind !== 'index') return;
  const { line, isBase } = indexLines(spec, rows);
  const base = new Map<string, unknown>();
  rows.forEach((row, r) => isBase(r) && base.set(line(r), row[N.measureValue]));
  rows.forEach((row, r) => {
    const bv = num(row[N.baseValue]);
    if (base.has(line(r))) row[N.baseValue] = base.get(line(r));
    else if (!rate && bv !== null) row[N.baseValue] = round5(bv);
    row[N.value] = ratio(num(row[N.measureValue]), num(row[N.baseValue]));
  });
}

/** As the compiler writes it: 'above' or 'below' when the interval lies wholly to one side of the reference. */
function significance(row: Row, against: string): string | null {
  const [lower, upper, ref] = [num(row[N.lower]), num(row[N.upper]), num(row[against])];
  if (lower === null || ref === null) return null;
  if (lower > ref) return 'above';
  if (upper !== null && upper < ref) return 'below';
  return 'not significant';
}

const TOTAL_WORDS: Record<string, string> = {
  [N.totalValue]: 'a total',
  [N.reference]: 'the England and Wales rate',
  [N.peerRate]: 'the peer group rate',
  [N.peerRateExcl]: 'the peer group rate without the highlighted force',
};

const ROUNDING_WORDS: Record<ViewSpec['comparison']['kind'], string> = {
  total: 'counts rounded to the nearest 5',
  rate_per_100k: 'counts rounded to the nearest 5 and rates worked out from the rounded counts',
  change: 'counts rounded to the nearest 5 and changes worked out from the rounded counts',
  pct_change: 'counts rounded to the nearest 5 and changes worked out from the rounded counts',
  index: 'counts rounded to the nearest 5 and indices worked out from the rounded counts',
  share: 'counts rounded to the nearest 5 and shares worked out from the rounded counts',
  rank: 'counts rounded to the nearest 5 (ranks are of the exact counts)',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Protect the small counts of a view's result: primary and secondary suppression, then rounding if asked. */
export function protectRows(spec: ViewSpec, rows: readonly Row[], p: Protection): ProtectedRows {
  const out = rows.map((r) => ({ ...r }));
  const columns = countColumns(spec);
  if (!Array.isArray(columns)) return { rows: out, suppressed: new Set(), caption: columns.reason, primary: 0, secondary: 0 };
  const cells: Cell[] = [];
  rows.forEach((row, r) => {
    for (const column of columns) {
      const count = num(row[column]);
      if (count !== null) cells.push({ row: r, column, count });
    }
  });
  const primary = new Set(cells.flatMap((c, i) => (c.count > 0 && c.count < p.threshold ? [i] : [])));
  const { hidden, withheld } = hiddenCells(
    cells.map((c) => c.count),
    knownTotals(spec, rows, cells, columns),
    primary,
  );
  if (p.roundTo5) roundCounts(spec, out, cells, hidden);
  const suppressed = new Set<string>();
  const add = (row: number, column: string) => {
    suppressed.add(`${row}:${column}`);
    out[row][column] = null;
  };
  for (const i of hidden) add(cells[i].row, cells[i].column);
  dependents(spec, rows, cells, hidden, add);
  for (const g of withheld) for (const s of g.shows ?? []) if (s.column in out[s.row]) add(s.row, s.column);

  const parts: string[] = [];
  if (hidden.size > 0) {
    const secondary = hidden.size - primary.size;
    let s = `counts below ${p.threshold} shown as ${SUPPRESSED_MARK} (${plural(primary.size, 'cell')})`;
    if (secondary > 0) s += `, and ${secondary} more so they cannot be worked out from totals`;
    parts.push(s);
    const totals = [...new Set(withheld.flatMap((g) => (g.shows ?? []).map((x) => TOTAL_WORDS[x.column]).filter(Boolean)))];
    if (totals.length) parts.push(`${totals.join(' and ')} hidden where it would give one away`);
    if (cells.some((c) => c.count === 0)) parts.push('zeros shown as they are');
  }
  if (p.roundTo5 && cells.length > hidden.size) parts.push(ROUNDING_WORDS[spec.comparison.kind]);
  const caption = parts.length ? `Small numbers protected: ${parts.join('; ')}.` : '';
  return { rows: out, suppressed, caption, primary: primary.size, secondary: hidden.size - primary.size };
}

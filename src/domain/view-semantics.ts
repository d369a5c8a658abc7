/** Checks a view spec's fields against each other (no schema needed): what valibot's shape check can't see. */
import { matchForce } from './forces';
import { regionOf } from './regions';
import { SpecError } from './view-migrate';
import type { Dimension, ViewSpec } from './view-spec';

function at(prefix: string, rel: string): string {
  return prefix === '' ? rel : `${prefix}.${rel}`;
}

/** Whether the view needs a rate per 100,000 (and so a population table). */
export function needsRate(spec: ViewSpec): boolean {
  const c = spec.comparison;
  return c.kind === 'rate_per_100k' || ((c.kind === 'change' || c.kind === 'pct_change' || c.kind === 'index' || c.kind === 'rank') && c.of === 'rate');
}

/** The domain role a dimension plays, if any: `{by: 'column', column: 'force'}` plays force when roles.force is "force". */
export function dimensionRole(spec: ViewSpec, d: Dimension): 'force' | 'region' | 'period' | 'threat' | undefined {
  if (d.by !== 'column') return d.by;
  for (const role of ['force', 'region', 'period', 'threat'] as const) if (spec.roles[role] === d.column) return role;
  return undefined;
}

function sameDimension(spec: ViewSpec, a: Dimension, b: Dimension): boolean {
  const col = (d: Dimension) => (d.by === 'column' ? d.column : (spec.roles[d.by] ?? `<${d.by}>`));
  return col(a) === col(b);
}

function checkDimension(spec: ViewSpec, d: Dimension, path: string): void {
  if (d.by === 'column') return;
  if (d.by === 'region' && !spec.roles.region && spec.roles.force) return; // derived from the force's SOC region
  if (!spec.roles[d.by]) {
    throw new SpecError(path, `"${d.by}" needs roles.${d.by}: say which column of ${spec.table} holds the ${d.by}`);
  }
}

/** Throws SpecError at the first field that contradicts another. */
export function checkSemantics(spec: ViewSpec, prefix: string): void {
  const fail = (rel: string, detail: string): never => {
    throw new SpecError(at(prefix, rel), detail);
  };
  const { measure, comparison: c, highlight: h } = spec;
  if (measure.column === null && measure.aggregate !== 'count') fail('measure.aggregate', `"${measure.aggregate}" needs a column; with no column, use count (rows)`);

  checkDimension(spec, spec.compareBy, at(prefix, 'compareBy.by'));
  if (spec.series) {
    checkDimension(spec, spec.series, at(prefix, 'series.by'));
    if (sameDimension(spec, spec.compareBy, spec.series)) fail('series', 'is the same column as compareBy; pick a different second dimension or none');
  }
  spec.filters.forEach((f, i) => {
    if (f.values.length === 0) fail(`filters[${i}].values`, `is empty, so nothing would be shown; remove the filter on "${f.column}" to keep every value`);
  });

  if (needsRate(spec)) {
    if (!spec.denominator) fail('denominator', 'is missing: a rate per 100,000 needs a population table');
    if (!spec.roles.force) fail('roles.force', 'is missing: a rate per 100,000 joins population by force, so say which column holds the force');
    if (measure.aggregate !== 'sum' && measure.aggregate !== 'count') {
      fail('measure.aggregate', `a rate per 100,000 needs counts (sum or count), not ${measure.aggregate}: rates are never averaged`);
    }
  }
  if (spec.denominator?.period && !spec.roles.period) fail('denominator.period', 'needs roles.period: the column of the table to join it to');
  if (spec.denominator?.period && spec.denominator.midYear) fail('denominator.midYear', 'cannot be used with denominator.period: join by period or by mid-year, not both');

  const dims = [spec.compareBy, ...(spec.series ? [spec.series] : [])].map((d) => dimensionRole(spec, d));
  const range = spec.periodRange;
  if (range) {
    if (!spec.roles.period) fail('periodRange', 'needs roles.period: say which column holds the period');
    if (range.from && range.to && range.from > range.to) fail('periodRange', `from "${range.from}" is after to "${range.to}"`);
  }
  const inRange = (p: string, rel: string) => {
    if (range?.from && p < range.from) fail(rel, `"${p}" is before the period range (from "${range.from}")`);
    if (range?.to && p > range.to) fail(rel, `"${p}" is after the period range (to "${range.to}")`);
  };
  if (c.kind === 'change' || c.kind === 'pct_change' || c.kind === 'index') {
    if (!spec.roles.period) fail('comparison.kind', `"${c.kind}" compares periods, so it needs roles.period`);
  }
  if (c.kind === 'change' || c.kind === 'pct_change') {
    if (dims.includes('period')) fail('compareBy', `"${c.kind}" already compares two periods, so compare by something other than the period`);
    if (c.from === c.to) fail('comparison.to', `is the same period as comparison.from ("${c.from}")`);
    inRange(c.from, 'comparison.from');
    inRange(c.to, 'comparison.to');
  }
  if (c.kind === 'index') {
    if (!dims.includes('period')) fail('comparison.kind', '"index" shows change over periods, so compare by the period (or use it as the series)');
    inRange(c.base, 'comparison.base');
  }

  if (c.kind === 'share') {
    if (measure.aggregate !== 'sum' && measure.aggregate !== 'count') fail('measure.aggregate', `shares need parts that add up (sum or count), not ${measure.aggregate}`);
    if (c.within === 'compareBy' && !spec.series) fail('comparison.within', '"compareBy" splits each bar by the series, so a series is needed');
  }

  if (h.peerGroup === 'region') {
    if (!h.force) fail('highlight.peerGroup', '"region" means the highlighted force\'s region, so highlight.force is needed');
    const f = matchForce(h.force ?? '');
    if (!f || !regionOf(f.id)) fail('highlight.force', `"${h.force}" is not a force in a SOC region, so it has no region to compare with`);
  } else if (h.peerGroup && h.peerGroup.forces.length === 0) {
    fail('highlight.peerGroup.forces', `is empty: peer group "${h.peerGroup.name}" needs at least one force`);
  }
  if (h.limitToPeers && !h.peerGroup) fail('highlight.limitToPeers', 'needs highlight.peerGroup (a region or a named group)');
  if (spec.uncertainty.against === 'peers' && !h.peerGroup) fail('uncertainty.against', '"peers" needs highlight.peerGroup');
}

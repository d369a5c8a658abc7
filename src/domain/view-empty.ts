/**
 * Why a view came back empty, found by relaxing it: each relaxation drops one thing the view asks for (a filter, the
 * period range, the population join, the rule that only forces are counted), and the first relaxation that brings
 * rows back names the cause and the change that fixes it. Pure: the caller runs each relaxed spec.
 */
import type { ViewSpec } from './view-spec';

/** A relaxed spec, and what to tell the user if it is the one that brings rows back. */
export interface Relaxation {
  spec: ViewSpec;
  /** The cause and the fix, as a sentence. */
  reason: string;
}

function describeValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 3).map((v) => (v === null ? '(blank)' : `"${String(v)}"`));
  return values.length > 3 ? `${shown.join(', ')} and ${values.length - 3} more` : shown.join(' or ');
}

/** Relaxations of `spec`, in the order they are tried: one filter at a time, the period range, all filters, the population, every row. */
export function relaxations(spec: ViewSpec): Relaxation[] {
  const out: Relaxation[] = [];
  spec.filters.forEach((f, i) => {
    out.push({
      spec: { ...spec, filters: spec.filters.filter((_, j) => j !== i) },
      reason: `No row has ${f.column} ${describeValues(f.values)} among the rows the view keeps. Clear or change the ${f.column} filter.`,
    });
  });
  if (spec.periodRange) {
    const { from, to } = spec.periodRange;
    out.push({ spec: { ...spec, periodRange: undefined }, reason: `No row falls in the period range ${from ?? 'first'} to ${to ?? 'last'}. Widen the range.` });
  }
  if (spec.filters.length > 1) {
    out.push({ spec: { ...spec, filters: [], periodRange: undefined }, reason: 'Each filter keeps some rows, but together they keep none. Clear one of them.' });
  }
  const bare = { ...spec, filters: [], periodRange: undefined };
  if (spec.denominator || spec.comparison.kind !== 'total') {
    const { denominator: _, ...rest } = bare;
    out.push({
      spec: { ...rest, comparison: { kind: 'total' }, uncertainty: { ...spec.uncertainty, ci: 'none' } },
      reason: spec.denominator
        ? `No row found a population in ${spec.denominator.table} (matched by force${spec.denominator.period ? ' and period' : ''}). Choose another population, or compare the totals.`
        : 'The comparison has nothing to compare (it needs two periods, or a base period, that the table has). Choose another comparison.',
    });
  }
  if (spec.totals === 'exclude') {
    out.push({
      spec: { ...bare, totals: 'include', comparison: { kind: 'total' }, denominator: undefined, uncertainty: { ...spec.uncertainty, ci: 'none' } },
      reason: 'Every row is a total, a region or a body other than the 43 territorial forces. Map the force names in Details, or show every row as published.',
    });
  }
  return out;
}

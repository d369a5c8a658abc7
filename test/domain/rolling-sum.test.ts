import { describe, expect, it } from 'vitest';
import { parseViewSpec, rollingSumProblem, VIEW_SPEC_VERSION, type ViewSpec } from '../../src/domain';

// Home Office recorded crime by police force area: rolling 12-month totals, published quarterly.
const periods = ['12 months ending 31-03-2017', '12 months ending 30-06-2017', '12 months ending 30-09-2017'];
const base = (over: Partial<ViewSpec>): ViewSpec =>
  parseViewSpec({
    version: VIEW_SPEC_VERSION,
    table: 'crime',
    roles: { force: 'PFA', period: '12 months ending' },
    measure: { column: 'Rolling year total number of offences', aggregate: 'sum' },
    compareBy: { by: 'force' },
    filters: [],
    comparison: { kind: 'total' },
    uncertainty: { ci: 'none', method: 'byar', against: 'england-and-wales' },
    highlight: { limitToPeers: false },
    chart: { type: 'auto' },
    ...over,
  });

describe('rollingSumProblem', () => {
  it('refuses a by-force view over several periods of a rolling total', () => {
    expect(rollingSumProblem(base({}), periods)).toMatch(/rolling total/);
    expect(rollingSumProblem(base({ filters: [{ column: '12 months ending', values: periods.slice(0, 2) }] }), periods)).toMatch(/rolling total/);
  });
  it('lets one period, or a view split by period, through', () => {
    expect(rollingSumProblem(base({ filters: [{ column: '12 months ending', values: [periods[2]] }] }), periods)).toBeUndefined();
    expect(rollingSumProblem(base({ compareBy: { by: 'period' } }), periods)).toBeUndefined();
    expect(rollingSumProblem(base({ series: { by: 'period' } }), periods)).toBeUndefined();
  });
  it('says nothing of a measure that is not rolling', () => {
    expect(rollingSumProblem(base({ roles: { force: 'PFA', period: 'financial_year' }, measure: { column: 'offences', aggregate: 'sum' } }), ['2019/20', '2020/21'])).toBeUndefined();
  });
});

import { describe, expect, test } from 'vitest';
import type { ColumnRole } from '../../src/domain/roles';
import type { TableShape } from '../../src/domain/view-defaults';
import { defaultView } from '../../src/domain/view-defaults';
import { withAggregate, withBasis, withCompareBy, withComparison, withDenominator, withFilter, withMeasure, withPeers, withPer, withPeriodRange, withSeries } from '../../src/domain/view-edits';
import { parseViewSpec } from '../../src/domain/view-spec';

const role = (name: string, type: string, r: Partial<ColumnRole> & { role: ColumnRole['role'] }): ColumnRole =>
  ({ name, type, confidence: 0.9, reason: 'test', totals: false, ...r }) as ColumnRole;

const facts: TableShape = {
  name: 'facts',
  columns: [
    { name: 'force', type: 'VARCHAR' }, { name: 'year', type: 'VARCHAR' }, { name: 'threat', type: 'VARCHAR' },
    { name: 'n', type: 'BIGINT' }, { name: 'pct_solved', type: 'DOUBLE' },
  ],
  roles: [
    role('force', 'VARCHAR', { role: 'force' }),
    role('year', 'VARCHAR', { role: 'period', periodType: 'financial-year', mixed: false, periodTypes: ['financial-year'] } as Partial<ColumnRole> & { role: 'period' }),
    role('threat', 'VARCHAR', { role: 'threat' }),
    role('n', 'BIGINT', { role: 'measure', unit: 'count', aggregation: 'sum' } as Partial<ColumnRole> & { role: 'measure' }),
    role('pct_solved', 'DOUBLE', { role: 'measure', unit: 'percentage', aggregation: 'avg' } as Partial<ColumnRole> & { role: 'measure' }),
  ],
};
const pop: TableShape = {
  name: 'pop',
  columns: [{ name: 'force', type: 'VARCHAR' }, { name: 'year', type: 'VARCHAR' }, { name: 'population', type: 'BIGINT' }],
  roles: [
    role('force', 'VARCHAR', { role: 'force' }),
    role('year', 'VARCHAR', { role: 'period', periodType: 'financial-year', mixed: false, periodTypes: ['financial-year'] } as Partial<ColumnRole> & { role: 'period' }),
    role('population', 'BIGINT', { role: 'measure', unit: 'count', aggregation: 'sum' } as Partial<ColumnRole> & { role: 'measure' }),
  ],
};
const YEARS = ['2021/22', '2022/23', '2023/24'];
const start = () => parseViewSpec(defaultView(facts, [facts, pop], { periods: YEARS, force: 'Kent' }));
// Every edit must leave a spec that validates: parseViewSpec throws on any contradiction.
const valid = (x: unknown) => parseViewSpec(x);

describe('builder edits keep the view valid', () => {
  test('the default view: rate of n by force for the latest year, joined by force and year', () => {
    const s = start();
    expect(s.comparison.kind).toBe('rate_per_100k');
    expect(s.denominator).toEqual({ table: 'pop', population: 'population', force: 'force', period: 'year' });
    expect(s.filters).toEqual([{ column: 'year', values: ['2023/24'] }]);
  });

  test('a percentage measure is averaged and drops the rate (rates are never averaged)', () => {
    const s = valid(withMeasure(start(), facts, 'pct_solved'));
    expect(s.measure).toEqual({ column: 'pct_solved', aggregate: 'avg' });
    expect(s.comparison.kind).toBe('total');
    expect(s.uncertainty.ci).toBe('none');
    expect(valid(withAggregate(start(), 'max')).comparison.kind).toBe('total');
  });

  test('change takes the latest two periods, drops the one-year filter and leaves the period axis', () => {
    const byYear = valid(withCompareBy(start(), { by: 'period' }));
    const s = valid(withComparison(byYear, facts, [facts, pop], 'pct_change', YEARS));
    expect(s.comparison).toEqual({ kind: 'pct_change', from: '2022/23', to: '2023/24', of: 'rate' });
    expect(s.filters).toEqual([]);
    expect(s.compareBy).toEqual({ by: 'force' });
  });

  test('index puts periods on the axis and the forces in the series, based on the first period', () => {
    const s = valid(withComparison(start(), facts, [facts, pop], 'index', YEARS));
    expect(s.comparison).toEqual({ kind: 'index', base: '2021/22', of: 'rate' });
    expect(s.compareBy).toEqual({ by: 'period' });
    expect(s.series).toEqual({ by: 'force' });
  });

  test('a series equal to compare-by is dropped; share within bars needs a series', () => {
    const split = valid(withSeries(start(), { by: 'threat' }));
    const share = valid({ ...withComparison(split, facts, [facts, pop], 'share', YEARS), comparison: { kind: 'share', within: 'compareBy' } });
    const unsplit = valid(withSeries(share, undefined));
    expect(unsplit.comparison).toEqual({ kind: 'share', within: 'all' });
    expect(valid(withCompareBy(split, { by: 'threat' })).series).toBeUndefined();
  });

  test('choosing every value removes the filter; none removes it too', () => {
    const s = start();
    expect(withFilter(s, 'year', YEARS, YEARS).filters).toEqual([]);
    expect(withFilter(s, 'year', [], YEARS).filters).toEqual([]);
    expect(withFilter(s, 'threat', ['Drugs'], ['Drugs', 'Fraud']).filters).toEqual([{ column: 'year', values: ['2023/24'] }, { column: 'threat', values: ['Drugs'] }]);
  });

  test('dropping the peer group also drops limit-to-peers and significance against peers', () => {
    const s = valid({ ...start(), highlight: { force: 'Kent', peerGroup: 'region', limitToPeers: true }, uncertainty: { ci: 95, method: 'byar', against: 'peers' } });
    const none = valid(withPeers(s, undefined));
    expect(none.highlight).toEqual({ force: 'Kent', limitToPeers: false });
    expect(none.uncertainty.against).toBe('england-and-wales');
  });

  test('back from a change to a rank, total, share or rate: one period again, the latest, never every period added up', () => {
    const change = valid(withComparison(start(), facts, [facts, pop], 'change', YEARS));
    expect(change.filters).toEqual([]);
    for (const kind of ['rank', 'total', 'share', 'rate_per_100k'] as const) {
      expect(valid(withComparison(change, facts, [facts, pop], kind, YEARS)).filters, kind).toEqual([{ column: 'year', values: ['2023/24'] }]);
    }
    // Within a period range, its latest period.
    const ranged = valid(withPeriodRange(change, { from: '2021/22', to: '2022/23' }));
    expect(valid(withComparison(ranged, facts, [facts, pop], 'rank', YEARS)).filters).toEqual([{ column: 'year', values: ['2022/23'] }]);
    // Over periods (lines by year), every period stays: the periods are the axis.
    const byYear = valid(withCompareBy(change, { by: 'period' }));
    expect(valid(withComparison(byYear, facts, [facts, pop], 'total', YEARS)).filters).toEqual([]);
    // A period filter the user chose is kept as it is.
    const chosen = valid(withFilter(start(), 'year', ['2021/22'], YEARS));
    expect(valid(withComparison(chosen, facts, [facts, pop], 'rank', YEARS)).filters).toEqual([{ column: 'year', values: ['2021/22'] }]);
  });

  test('a period range keeps a change inside it, and swaps a reversed range', () => {
    const change = valid(withComparison(start(), facts, [facts, pop], 'change', YEARS));
    const ranged = valid(withPeriodRange(change, { from: '2022/23', to: '2021/22' }));
    expect(ranged.periodRange).toEqual({ from: '2021/22', to: '2022/23' });
    // The change was 2022/23 → 2023/24; clamped into the range both ends would be 2022/23, so the range's ends are used.
    expect(ranged.comparison).toMatchObject({ kind: 'change', from: '2021/22', to: '2022/23' });
    expect(valid(withPeriodRange(ranged, {})).periodRange).toBeUndefined();
  });
});

describe('per 1,000 or per 100,000', () => {
  test('withPer writes per: 1000, and per 100,000 by leaving the field out (as older specs have it)', () => {
    const k = valid(withPer(start(), 1000));
    expect(k.denominator).toEqual({ table: 'pop', population: 'population', force: 'force', period: 'year', per: 1000 });
    expect(valid(withPer(k, 100000)).denominator).toEqual({ table: 'pop', population: 'population', force: 'force', period: 'year' });
  });

  test('the choice survives choosing another population table, leaving the rate and coming back to it', () => {
    const k = valid(withPer(start(), 1000));
    expect(withDenominator(k, { table: 'other', population: 'people', force: 'pfa', midYear: 'year' }).denominator).toEqual({ table: 'other', population: 'people', force: 'pfa', midYear: 'year', per: 1000 });
    const total = valid(withComparison(k, facts, [facts, pop], 'total', YEARS));
    const back = valid(withComparison(total, facts, [facts, pop], 'rate_per_100k', YEARS));
    expect(back.denominator?.per).toBe(1000);
    const rank = valid(withBasis(valid(withComparison(k, facts, [facts, pop], 'rank', YEARS)), facts, [facts, pop], 'rate'));
    expect(rank.denominator?.per).toBe(1000);
  });
});

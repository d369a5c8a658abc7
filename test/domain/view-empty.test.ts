import { describe, expect, it } from 'vitest';
import { parseViewSpec, relaxations, VIEW_SPEC_VERSION } from '../../src/domain';

const spec = parseViewSpec({
  version: VIEW_SPEC_VERSION,
  table: 't',
  roles: { force: 'force', period: 'year' },
  measure: { column: 'n', aggregate: 'sum' },
  compareBy: { by: 'force' },
  filters: [{ column: 'year', values: ['2023/24'] }, { column: 'level', values: ['regional'] }],
  comparison: { kind: 'rate_per_100k' },
  denominator: { table: 'pop', population: 'population', force: 'force' },
  uncertainty: { ci: 95, method: 'byar', against: 'england-and-wales' },
  highlight: { limitToPeers: false },
  chart: { type: 'auto' },
});

describe('relaxations', () => {
  it('drops one filter at a time, then all, then the population, then the forces-only rule, each a valid spec', () => {
    const r = relaxations(spec);
    expect(r.map((x) => x.reason.split(' ').slice(0, 3).join(' '))).toEqual([
      'No row has', 'No row has', 'Each filter keeps', 'No row found', 'Every row is',
    ]);
    expect(r[0].spec.filters).toEqual([{ column: 'level', values: ['regional'] }]);
    expect(r[0].reason).toContain('"2023/24"');
    expect(r[3].spec.comparison).toEqual({ kind: 'total' });
    expect(r[3].spec.denominator).toBeUndefined();
    expect(r[4].spec.totals).toBe('include');
    for (const x of r) expect(() => parseViewSpec(x.spec)).not.toThrow();
  });
});

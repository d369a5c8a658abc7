import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SpecError,
  checkSpecAgainstSchema,
  migrate,
  parseViewSpec,
  peerForces,
  type SpecSchema,
  type ViewSpec,
} from '../../src/domain/view-spec';
import { ratePer, resultColumns, valueLabel } from '../../src/domain/view-result';

const minimal = {
  version: 1,
  table: 'disruptions',
  roles: { force: 'force', period: 'financial_year', threat: 'threat_type' },
  measure: { column: 'disruptions', aggregate: 'sum' },
  compareBy: { by: 'force' },
  comparison: { kind: 'total' },
};
const rate = {
  ...minimal,
  denominator: { table: 'population', population: 'population', force: 'force', period: 'financial_year' },
  comparison: { kind: 'rate_per_100k' },
};

/** The message parseViewSpec throws for a spec, or undefined when it parses. */
function problem(x: unknown, path?: string): string | undefined {
  try {
    parseViewSpec(x, { path });
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
}

describe('parseViewSpec: good specs', () => {
  it('fills defaults and keeps what was given', () => {
    const spec = parseViewSpec(minimal);
    expect(spec).toEqual({
      ...minimal,
      filters: [],
      totals: 'exclude',
      uncertainty: { ci: 'none', method: 'byar', against: 'england-and-wales' },
      highlight: { limitToPeers: false },
      chart: { type: 'auto' },
    });
  });

  it('reads a full spec, and its JSON round trip is the same spec', () => {
    const full = {
      ...rate,
      roles: { ...rate.roles, region: 'region', total: 'is_total' },
      measure: { column: 'disruptions', aggregate: 'sum', label: 'Disruptions' },
      series: { by: 'column', column: 'level' },
      filters: [
        { column: 'threat_type', values: ['County lines', "O'Brien"] },
        { column: 'level', values: ['major', null] },
      ],
      periodRange: { from: '2019/20', to: '2023/24' },
      totals: 'exclude',
      uncertainty: { ci: 95, method: 'byar', against: 'peers' },
      highlight: { force: 'Kent', peerGroup: { name: 'Most similar', forces: ['Kent', 'Essex'] }, limitToPeers: true },
      chart: { type: 'dot', title: 'T', subtitle: 'S', source: 'Home Office', note: 'N' },
    };
    const spec = parseViewSpec(full);
    expect(spec).toEqual(full);
    expect(parseViewSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it.each([
    ['change', { kind: 'change', from: '2019/20', to: '2023/24' }, { of: 'value' }],
    ['pct_change of rate', { kind: 'pct_change', from: '2019/20', to: '2023/24', of: 'rate' }, { of: 'rate' }],
    ['rank', { kind: 'rank' }, { order: 'desc', of: 'value' }],
    ['share', { kind: 'share' }, { within: 'all' }],
  ])('comparison %s gets its defaults', (_, comparison, defaults) => {
    expect(parseViewSpec({ ...rate, comparison }).comparison).toEqual({ ...comparison, ...defaults });
  });

  it('index needs the period as a dimension', () => {
    expect(parseViewSpec({ ...minimal, compareBy: { by: 'period' }, comparison: { kind: 'index', base: '2019/20' } }).comparison).toEqual({ kind: 'index', base: '2019/20', of: 'value' });
  });

  it('region peers resolve from the domain data', () => {
    const spec = parseViewSpec({ ...rate, highlight: { force: 'Kent', peerGroup: 'region' } });
    expect(peerForces(spec)).toEqual(['Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk']);
    expect(peerForces(parseViewSpec(minimal))).toBeUndefined();
  });
});

describe('parseViewSpec: bad specs name the path', () => {
  it.each<[string, unknown, string]>([
    ['not an object', 'chart please', 'a view spec must be a JSON object, got "chart please"'],
    ['an array', [], 'a view spec must be a JSON object, got an array'],
    ['no version', { ...minimal, version: undefined }, 'version: is missing (this workbench writes version 1)'],
    ['a newer version', { ...minimal, version: 2 }, 'version: 2 is newer than this workbench understands (1); open it in a newer version'],
    ['a fractional version', { ...minimal, version: 1.5 }, 'version: expected a whole number, got 1.5'],
    ['no table', { ...minimal, table: undefined }, 'table: is missing'],
    ['an empty table', { ...minimal, table: '' }, 'table: must not be empty'],
    ['an unknown field', { ...minimal, colour: 'red' }, 'colour: is not a field of a view spec'],
    ['an unknown chart field', { ...minimal, chart: { titel: 'x' } }, 'chart.titel: is not a field of a view spec'],
    ['an unknown aggregate', { ...minimal, measure: { column: 'disruptions', aggregate: 'median' } }, 'measure.aggregate: expected ("sum" | "count" | "avg" | "min" | "max" | "count_distinct"), got "median"'],
    ['an unknown comparison', { ...minimal, comparison: { kind: 'ratio' } }, 'comparison.kind: expected ("total" | "rate_per_100k" | "change" | "pct_change" | "index" | "share" | "rank"), got "ratio"'],
    ['change without periods', { ...minimal, comparison: { kind: 'change', from: '2019/20' } }, 'comparison.to: is missing'],
    ['a column dimension without its column', { ...minimal, compareBy: { by: 'column' } }, 'compareBy.column: is missing'],
    ['a filter value that is an object', { ...minimal, filters: [{ column: 'level', values: [{}] }] }, 'filters[0].values[0]: expected (string | number | boolean | null), got Object'],
    ['ci 90', { ...minimal, uncertainty: { ci: 90 } }, 'uncertainty.ci: expected (95 | "none"), got 90'],
    ['an empty filter', { ...minimal, filters: [{ column: 'level', values: [] }] }, 'filters[0].values: is empty, so nothing would be shown; remove the filter on "level" to keep every value'],
    ['a rate without population', { ...minimal, comparison: { kind: 'rate_per_100k' } }, 'denominator: is missing: a rate per 100,000 needs a population table'],
    ['a rate of averages', { ...rate, measure: { column: 'disruptions', aggregate: 'avg' } }, 'measure.aggregate: a rate per 100,000 needs counts (sum or count), not avg: rates are never averaged'],
    ['a rate with no force column', { ...rate, roles: { period: 'financial_year' }, compareBy: { by: 'period' } }, 'roles.force: is missing: a rate per 100,000 joins population by force, so say which column holds the force'],
    ['a sum of nothing', { ...minimal, measure: { column: null, aggregate: 'sum' } }, 'measure.aggregate: "sum" needs a column; with no column, use count (rows)'],
    ['a role with no column', { ...minimal, compareBy: { by: 'region' }, roles: { period: 'financial_year' } }, 'compareBy.by: "region" needs roles.region: say which column of disruptions holds the region'],
    ['the same dimension twice', { ...minimal, series: { by: 'column', column: 'force' } }, 'series: is the same column as compareBy; pick a different second dimension or none'],
    ['change by period', { ...minimal, compareBy: { by: 'period' }, comparison: { kind: 'change', from: '2019/20', to: '2023/24' } }, 'compareBy: "change" already compares two periods, so compare by something other than the period'],
    ['change to itself', { ...minimal, comparison: { kind: 'change', from: '2019/20', to: '2019/20' } }, 'comparison.to: is the same period as comparison.from ("2019/20")'],
    ['change outside the range', { ...minimal, periodRange: { from: '2020/21' }, comparison: { kind: 'change', from: '2019/20', to: '2023/24' } }, 'comparison.from: "2019/20" is before the period range (from "2020/21")'],
    ['an index with no period dimension', { ...minimal, comparison: { kind: 'index', base: '2019/20' } }, 'comparison.kind: "index" shows change over periods, so compare by the period (or use it as the series)'],
    ['a backwards range', { ...minimal, periodRange: { from: '2023/24', to: '2019/20' } }, 'periodRange: from "2023/24" is after to "2019/20"'],
    ['shares of averages', { ...minimal, measure: { column: 'disruptions', aggregate: 'avg' }, comparison: { kind: 'share' } }, 'measure.aggregate: shares need parts that add up (sum or count), not avg'],
    ['region peers with no force', { ...rate, highlight: { peerGroup: 'region' } }, 'highlight.peerGroup: "region" means the highlighted force\'s region, so highlight.force is needed'],
    ['region peers of BTP', { ...rate, highlight: { force: 'BTP', peerGroup: 'region' } }, 'highlight.force: "BTP" is not a force in a SOC region, so it has no region to compare with'],
    ['an empty peer group', { ...rate, highlight: { force: 'Kent', peerGroup: { name: 'Mine', forces: [] } } }, 'highlight.peerGroup.forces: is empty: peer group "Mine" needs at least one force'],
    ['peers only without peers', { ...rate, highlight: { force: 'Kent', limitToPeers: true } }, 'highlight.limitToPeers: needs highlight.peerGroup (a region or a named group)'],
    ['significance against no peers', { ...rate, uncertainty: { ci: 95, against: 'peers' } }, 'uncertainty.against: "peers" needs highlight.peerGroup'],
  ])('%s', (_, spec, message) => {
    expect(problem(spec)).toBe(message);
  });

  it('prefixes the path of a spec inside a workbook', () => {
    expect(problem({ ...minimal, measure: { column: 'disruptions', aggregate: 'median' } }, 'views[2]')).toMatch(/^views\[2\]\.measure\.aggregate: expected/);
    expect(problem({ ...minimal, version: 9 }, 'views[0]')).toMatch(/^views\[0\]\.version: 9 is newer/);
    expect(problem({ ...minimal, filters: [{ column: 'level', values: [] }] }, 'views[1]')).toMatch(/^views\[1\]\.filters\[0\]\.values: is empty/);
  });

  it('SpecError keeps the path and the detail apart', () => {
    try {
      parseViewSpec({ ...minimal, table: '' }, { path: 'views[3]' });
    } catch (e) {
      expect(e).toMatchObject({ name: 'SpecError', path: 'views[3].table', detail: 'must not be empty' });
    }
  });
});

describe('checkSpecAgainstSchema', () => {
  const schema: SpecSchema = {
    tables: [
      {
        name: 'disruptions',
        columns: [
          { name: 'force', type: 'VARCHAR' },
          { name: 'region', type: 'VARCHAR' },
          { name: 'financial_year', type: 'VARCHAR' },
          { name: 'year', type: 'INTEGER' },
          { name: 'threat_type', type: 'VARCHAR' },
          { name: 'level', type: 'VARCHAR' },
          { name: 'disruptions', type: 'BIGINT' },
          { name: 'value', type: 'VARCHAR' },
          { name: 'is_total', type: 'BOOLEAN' },
        ],
      },
      { name: 'population', columns: [{ name: 'force', type: 'VARCHAR' }, { name: 'financial_year', type: 'VARCHAR' }, { name: 'population', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }] },
    ],
  };
  const check = (x: object, path?: string): string | undefined => {
    try {
      checkSpecAgainstSchema(parseViewSpec(x), schema, path);
      return undefined;
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return (e as Error).message;
    }
  };

  it('accepts a spec whose tables and columns exist', () => {
    expect(check(rate)).toBeUndefined();
    expect(check({ ...minimal, filters: [{ column: 'year', values: [2023, '2024'] }] })).toBeUndefined();
  });

  it.each<[string, object, string]>([
    ['a missing table', { ...minimal, table: 'disruption' }, 'table: "disruption" is not a loaded table'],
    ['a table in the wrong case', { ...minimal, table: 'Disruptions' }, 'table: "Disruptions" is not a loaded table (did you mean "disruptions"?)'],
    ['a missing measure column', { ...minimal, measure: { column: 'Year', aggregate: 'sum' } }, 'measure.column: "Year" is not a column of disruptions (did you mean "year"?)'],
    ['summing text', { ...minimal, measure: { column: 'level', aggregate: 'sum' } }, 'measure.column: "level" is VARCHAR, so it can\'t be summed; count it, or pick a numeric column'],
    ['a missing role column', { ...minimal, roles: { force: 'force_name' } }, 'roles.force: "force_name" is not a column of disruptions'],
    ['a missing filter column', { ...minimal, filters: [{ column: 'lvl', values: ['major'] }] }, 'filters[0].column: "lvl" is not a column of disruptions'],
    ['text in a numeric filter', { ...minimal, filters: [{ column: 'year', values: [2023, 'last year'] }] }, 'filters[0].values[1]: "last year" is not a number, but year is INTEGER'],
    ['a missing series column', { ...minimal, series: { by: 'column', column: 'grade' } }, 'series.column: "grade" is not a column of disruptions'],
    ['a computed name clash', { ...minimal, compareBy: { by: 'column', column: 'value' } }, 'compareBy: the column "value" has the name of a computed result column; rename it (in SQL, with AS) to compare by it'],
    ['a missing population table', { ...rate, denominator: { ...rate.denominator, table: 'pop' } }, 'denominator.table: "pop" is not a loaded table'],
    ['a text population', { ...rate, denominator: { ...rate.denominator, population: 'label' } }, 'denominator.population: "label" is VARCHAR; a population must be numeric'],
    ['a missing population key', { ...rate, denominator: { ...rate.denominator, period: 'year' } }, 'denominator.period: "year" is not a column of population'],
    ['a total role that is not boolean', { ...minimal, roles: { ...minimal.roles, total: 'level' } }, 'roles.total: "level" is VARCHAR, but marking total rows needs a BOOLEAN column'],
  ])('%s', (_, spec, message) => {
    expect(check(spec)).toBe(message);
  });

  it('prefixes the path, as a workbook does', () => {
    expect(check({ ...minimal, measure: { column: 'Year', aggregate: 'sum' } }, 'views[2]')).toBe('views[2].measure.column: "Year" is not a column of disruptions (did you mean "year"?)');
  });

  it('accepts query\'s SchemaInfo as it is', () => {
    const info: import('../../src/query/schema').SchemaInfo = { tables: schema.tables.map((t) => ({ ...t, kind: 'table' as const, columns: [...t.columns] })) };
    expect(() => checkSpecAgainstSchema(parseViewSpec(rate), info)).not.toThrow();
  });
});

describe('migrate', () => {
  // A fake version 0, as a future version 2 would arrive: `y` held the measure column and `x` the force column.
  const fromV0 = {
    0: (old: Record<string, unknown>) => ({
      version: 1,
      table: old.table,
      roles: { force: old.x },
      measure: { column: old.y, aggregate: 'sum' },
      compareBy: { by: 'force' },
      comparison: { kind: 'total' },
    }),
  };

  it('upgrades an old spec step by step, then validates it', () => {
    const spec: ViewSpec = parseViewSpec({ version: 0, table: 'disruptions', x: 'force', y: 'disruptions' }, { migrations: fromV0 });
    expect(spec).toMatchObject({ version: 1, roles: { force: 'force' }, measure: { column: 'disruptions', aggregate: 'sum' } });
  });

  it('says when there is no migration, or when a migration forgets the version', () => {
    expect(() => migrate({ version: 0 })).toThrow('version: 0 can\'t be read: there is no migration from version 0');
    expect(() => migrate({ version: 0 }, { 0: (x) => x })).toThrow('version: migration from 0 gave version 0, expected 1');
    expect(MIGRATIONS).toEqual({});
  });

  it('passes the current version through untouched', () => {
    const x = { ...minimal };
    expect(migrate(x)).toBe(x);
  });
});

describe('resultColumns', () => {
  it('lists dimensions, then the comparison\'s values, with labels and units', () => {
    const spec = parseViewSpec({ ...rate, uncertainty: { ci: 95 }, highlight: { force: 'Kent', peerGroup: 'region' } });
    expect(resultColumns(spec).map((c) => c.name)).toEqual(['force', 'value', 'numerator', 'population', 'lower', 'upper', 'reference', 'peer_rate', 'peer_rate_excl', 'significance']);
    expect(valueLabel(spec)).toBe('Disruptions per 100,000 population');
    const change = parseViewSpec({ ...minimal, comparison: { kind: 'pct_change', from: '2019/20', to: '2023/24' } });
    expect(valueLabel(change)).toBe('Change in disruptions, 2019/20 to 2023/24 (%)');
    expect(resultColumns(change).map((c) => c.name)).toEqual(['force', 'value', 'from_value', 'to_value', 'change']);
  });
});

describe('rates per 1,000 or per 100,000 (denominator.per)', () => {
  it('a spec without per (every view saved before the choice) parses as per 100,000, unchanged', () => {
    const s = parseViewSpec(rate);
    expect(s.denominator).toEqual(rate.denominator);
    expect('per' in s.denominator!).toBe(false);
    expect(ratePer(s)).toBe(100000);
    expect(valueLabel(s)).toBe('Disruptions per 100,000 population');
  });

  it('per: 1000 parses and labels the value per 1,000; per: 100000 is the same as leaving it out', () => {
    const k = parseViewSpec({ ...rate, denominator: { ...rate.denominator, per: 1000 } });
    expect(ratePer(k)).toBe(1000);
    expect(valueLabel(k)).toBe('Disruptions per 1,000 population');
    expect(resultColumns(k).find((c) => c.role === 'value')?.label).toBe('Disruptions per 1,000 population');
    const change = parseViewSpec({ ...k, comparison: { kind: 'change', from: '2022/23', to: '2023/24', of: 'rate' } });
    expect(valueLabel(change)).toBe('Change in disruptions per 1,000 population, 2022/23 to 2023/24');
    expect(ratePer(parseViewSpec({ ...rate, denominator: { ...rate.denominator, per: 100000 } }))).toBe(100000);
  });

  it('any other base is refused, naming the field', () => {
    expect(problem({ ...rate, denominator: { ...rate.denominator, per: 10000 } })).toBe('denominator.per: expected (1000 | 100000), got 10000');
    expect(problem({ ...rate, denominator: { ...rate.denominator, per: '1000' } })).toMatch(/^denominator\.per: expected/);
  });
});

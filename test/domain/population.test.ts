// Which population a rate opens with (issue 12 item 4, issue 14): the user's own real population first, then the
// built-in ref_population, never a synthetic one for real data; lookups whose periods cannot be matched are not
// offered (summing their years would multiply the population).
import { describe, expect, test } from 'vitest';
import { recogniseRoles } from '../../src/domain/roles';
import { defaultPopulation, defaultView, populationLookups, type TableShape } from '../../src/domain/view-defaults';
import { isSyntheticName } from '../../src/domain/population';

const FORCES = ['Kent', 'Essex', 'Avon & Somerset', 'Metropolitan', 'Surrey', 'Dorset', 'Cumbria', 'Gwent'];
function shape(name: string, cols: Record<string, { type: string; sample: unknown[] }>): TableShape {
  const columns = Object.entries(cols).map(([n, c]) => ({ name: n, type: c.type }));
  return { name, columns, roles: recogniseRoles(Object.entries(cols).map(([n, c]) => ({ name: n, type: c.type, sample: c.sample }))) };
}
const force = { type: 'VARCHAR', sample: FORCES };
const fy = { type: 'VARCHAR', sample: ['2019/20', '2020/21', '2021/22', '2022/23', '2019/20', '2020/21', '2021/22', '2022/23'] };
const years = { type: 'BIGINT', sample: [2019, 2020, 2021, 2022, 2019, 2020, 2021, 2022] };
const count = { type: 'BIGINT', sample: [12, 40, 7, 3, 9, 14, 22, 5] };
const pop = { type: 'BIGINT', sample: [1_800_000, 1_900_000, 1_700_000, 8_900_000, 1_200_000, 780_000, 500_000, 600_000] };

const facts = shape('arrests_2019', { Force: force, Year: fy, Arrests: count });
const factsNoPeriod = shape('arrests_latest', { Force: force, Arrests: count });
const ref = shape('ref_population', { force, force_code: { type: 'VARCHAR', sample: ['E23000032'] }, year: { type: 'INTEGER', sample: years.sample }, population: pop, source: { type: 'VARCHAR', sample: ['ONS'] } });
const synthetic = shape('force_population_synthetic', { force, financial_year: fy, population: pop });
const ownByFy = shape('my_population', { Force: force, Year: fy, population: pop });
const ownByYear = shape('pop_by_calendar_year', { Force: force, Year: years, population: pop });
const ownByQuarter = shape('pop_by_quarter', { Force: force, Quarter: { type: 'VARCHAR', sample: ['2019 Q1', '2019 Q2', '2019 Q3', '2019 Q4', '2020 Q1', '2020 Q2', '2020 Q3', '2020 Q4'] }, population: pop });
const REF = { table: 'ref_population', population: 'population', force: 'force', midYear: 'year' };

describe('the population a rate opens with', () => {
  test('real data and only the synthetic sample population: ref_population, never the synthetic one', () => {
    expect(defaultPopulation(facts, [facts, synthetic, ref])).toEqual(REF);
    expect(defaultView(facts, [facts, synthetic, ref], { periods: ['2022/23'] }).denominator).toEqual(REF);
  });

  test('without ref_population, real data gets no synthetic default: the total, with the rate one click away', () => {
    expect(defaultPopulation(facts, [facts, synthetic])).toBeUndefined();
    const v = defaultView(facts, [facts, synthetic], { periods: ['2022/23'] });
    expect(v.comparison).toEqual({ kind: 'total' });
    expect(v.denominator).toBeUndefined();
    // Still offered, last, for a user who chooses it (the chart then warns).
    expect(populationLookups([facts, synthetic], facts).map((d) => d.table)).toEqual(['force_population_synthetic']);
  });

  test("the user's own real population wins over ref_population; joined by period when the types agree", () => {
    expect(defaultPopulation(facts, [facts, ref, synthetic, ownByFy])).toEqual({ table: 'my_population', population: 'population', force: 'Force', period: 'Year' });
  });

  test('a population by calendar year is matched by mid-year to a financial-year table', () => {
    expect(defaultPopulation(facts, [facts, ref, ownByYear])).toEqual({ table: 'pop_by_calendar_year', population: 'population', force: 'Force', midYear: 'Year' });
  });

  test('a population whose periods can be matched neither way is not offered (its years would be summed)', () => {
    expect(populationLookups([facts, ownByQuarter, ref], facts).map((d) => d.table)).toEqual(['ref_population']);
  });

  test('a table with no period still gets ref_population (its latest mid-year)', () => {
    expect(defaultPopulation(factsNoPeriod, [factsNoPeriod, ref])).toEqual(REF);
  });

  test('the synthetic samples keep their own population, joined by period', () => {
    const sample = shape('disruptions_synthetic', { force, financial_year: fy, disruptions: count });
    expect(defaultPopulation(sample, [sample, ref, synthetic])).toEqual({ table: 'force_population_synthetic', population: 'population', force: 'force', period: 'financial_year' });
  });

  test('synthetic is read from the name', () => {
    expect([isSyntheticName('force_population_synthetic'), isSyntheticName('Synthetic_pop'), isSyntheticName('ref_population')]).toEqual([true, true, false]);
  });
});

// What a rate's caption says about its population (issue 12 item 4, issue 14).
import { describe, expect, test } from 'vitest';
import { noPopulationMessage, populationCaption, type PopulationMatch } from '../../src/charts/population-words';
import { parseViewSpec, type ViewSpec } from '../../src/domain/view-spec';

const spec = (over: Record<string, unknown> = {}): ViewSpec =>
  parseViewSpec({
    version: 1,
    table: 'taser',
    roles: { force: 'Police force', period: 'ytd' },
    measure: { column: 'Total', aggregate: 'sum' },
    denominator: { table: 'ref_population', population: 'population', force: 'force', midYear: 'year' },
    compareBy: { by: 'force' },
    comparison: { kind: 'rate_per_100k' },
    ...over,
  });
const m = (force: string, period: string | null, wanted: number | null, year: number | null, matched = true): PopulationMatch => ({ force, period, wanted, year, matched });

describe('population caption', () => {
  test('names the population and the one mid-year used', () => {
    expect(populationCaption(spec(), [m('Kent', '2020-03-31', 2019, 2019), m('Essex', '2020-03-31', 2019, 2019)])).toEqual([
      "Population: ONS mid-2019 estimates (the last 30 June on or before the period's end).",
    ]);
  });

  test('a span of years, and the rounded Home Office years said so', () => {
    expect(populationCaption(spec(), [m('Kent', '2009/10', 2009, 2009), m('Kent', '2012/13', 2012, 2012)])[0]).toBe(
      'Population: ONS mid-2009 to mid-2012 estimates (to mid-2010 rounded to the nearest hundred) (for each period, the last 30 June on or before its end).',
    );
  });

  test('periods after the latest estimate use it, with a warning; periods before 2001 and unknown forces are named', () => {
    const words = populationCaption(spec(), [
      m('Kent', '2025/26', 2025, 2023),
      m('Kent', '1999/00', 1999, null, false),
      m('Atlantis', '2025/26', 2025, 2023, false),
      m('Hampshire', 'sometime', null, null, false),
    ]);
    expect(words).toEqual([
      "Population: ONS mid-2023 estimates (the last 30 June on or before the period's end).",
      'Warning: 2025/26 is after the latest population estimate (mid-2023), which is used instead.',
      'No population before mid-2001: 1999/00 left out of the rates.',
      'Not read as periods, so no population: sometime.',
      'No population for Atlantis: left out of the rates.',
    ]);
  });

  test('a synthetic population beside real counts is warned about in the chart', () => {
    const s = spec({ denominator: { table: 'force_population_synthetic', population: 'population', force: 'force', period: 'financial_year' } });
    expect(populationCaption(s, [m('Hampshire', '2019/20', null, null, false)])).toEqual([
      'Warning: the population (force_population_synthetic) is synthetic, made up for the samples, so these rates are not real.',
      'Population: force_population_synthetic, by financial_year.',
      'No population for Hampshire: left out of the rates.',
    ]);
    expect(populationCaption({ ...s, table: 'disruptions_synthetic' }, [])[0]).not.toMatch(/Warning/);
  });

  test('when nothing before 2001 can be matched, the message names the periods and what to do', () => {
    expect(noPopulationMessage(spec(), [m('Kent', '1999/00', 1999, null, false)])).toMatch(/^No population for 1999\/00: the built-in population \(ref_population\) starts at mid-2001\./);
  });
});

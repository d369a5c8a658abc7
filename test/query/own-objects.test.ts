import { describe, expect, it } from 'vitest';
import { MAPPING_TABLES, longViewName, normalisedViewName, objectKind, panelOrder, placeOf, sourceTableIn, stagingTableName } from '../../src/query';

// What a session with the samples, a user's soc_returns and its views holds.
const LOADED = ['disruptions_synthetic', 'soc_returns', 'wide_by_year', 'ref_population'];
const MADE = [...Object.values(MAPPING_TABLES), normalisedViewName('disruptions_synthetic'), normalisedViewName('soc_returns'), longViewName('wide_by_year'), stagingTableName('messy')];
const ALL = [...LOADED, ...MADE];

describe('the workbench\'s own objects: one rule (issue 13)', () => {
  it('a user table called soc_returns is the user\'s: listed, offered by the builder and recognised', () => {
    expect(placeOf('soc_returns', ALL)).toEqual({ kind: 'user', panel: 'data', builder: true, recognised: true });
  });

  it('lookup tables, normalised views and staging tables are the workbench\'s: not listed, not offered, not recognised', () => {
    for (const name of [...Object.values(MAPPING_TABLES), 'disruptions_synthetic_norm', 'soc_returns_norm', 'messy__raw']) {
      expect([name, placeOf(name, ALL)]).toEqual([name, { kind: objectKind(name, ALL), panel: null, builder: false, recognised: false }]);
    }
    expect(['soc_force_map', 'soc_returns_norm', 'messy__raw'].map((n) => objectKind(n, ALL))).toEqual(['lookup', 'normalised', 'staging']);
  });

  it('a long view is the user\'s to use; reference tables are listed under Reference', () => {
    expect(placeOf('wide_by_year_long', ALL)).toEqual({ kind: 'long', panel: 'data', builder: true, recognised: true });
    expect(placeOf('ref_population', ALL)).toEqual({ kind: 'reference', panel: 'reference', builder: true, recognised: true });
  });

  it('names match exactly: a _norm or _long with no table beside it, or a name that only starts like a lookup, is the user\'s', () => {
    for (const name of ['survey_norm', 'survey_long', 'soc_force_map_2024', 'SOC_FORCE', 'ref_population_2020']) expect([name, objectKind(name, [name])]).toEqual([name, 'user']);
    expect(objectKind('SOC_FORCE_MAP', [])).toBe('lookup');
    expect(objectKind('Disruptions_Synthetic_NORM', ALL)).toBe('normalised');
  });

  it('the data panel lists the user\'s tables, then the reference ones, and none of the workbench\'s own', () => {
    const tables = ALL.map((name) => ({ name, kind: 'table' as const, columns: [], rows: 0 }));
    expect(panelOrder(tables).map((t) => t.name)).toEqual(['disruptions_synthetic', 'soc_returns', 'wide_by_year', 'wide_by_year_long', 'ref_population']);
  });

  it('lists a workbook\'s tables in its sheets\' order: table_2 before table_10, a table\'s long view after it', () => {
    const sheets = ['uof_table_10', 'uof_table_2', 'uof_table_1_long', 'uof_table_1', 'uof_contents'].map((name) => ({ name }));
    expect(panelOrder(sheets).map((t) => t.name)).toEqual(['uof_contents', 'uof_table_1', 'uof_table_1_long', 'uof_table_2', 'uof_table_10']);
  });
  it('finds the source table a workbench view is made from, and no other', () => {
    const tables = ['fte', 'Returns'];
    expect(['fte', 'fte_norm', 'fte_long', 'fte_long_norm'].map((r) => sourceTableIn(r, tables))).toEqual(['fte', 'fte', 'fte', 'fte']);
    expect(sourceTableIn('returns_norm', tables)).toBe('Returns');
    expect([sourceTableIn('fte_x_norm', tables), sourceTableIn('ref_population', tables), sourceTableIn('norm', tables)]).toEqual([undefined, undefined, undefined]);
  });
});

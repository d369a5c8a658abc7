import { describe, expect, it } from 'vitest';
import { sheetTableName, tableNameFromFile, uniqueName } from '../../src/engine/table-names';

describe('tableNameFromFile', () => {
  it.each([
    ['disruptions_synthetic.csv', 'disruptions_synthetic'],
    ['Disruptions 2019-2024 (v2).CSV', 'disruptions_2019_2024_v2'],
    ['2023-24 outcomes.parquet', 't_2023_24_outcomes'],
    ['select.csv', 'select_table'],
    ['Opération Café.json', 'operation_cafe'],
    ['data.csv.gz', 'data'],
    ['C:\\Users\\me\\Downloads\\force pop.tsv', 'force_pop'],
    ['¬¬¬.csv', 'data'],
    ['日本.csv', 'data'],
  ])('%s → %s', (file, expected) => expect(tableNameFromFile(file)).toBe(expected));
});

describe('uniqueName', () => {
  it('keeps a free name', () => expect(uniqueName('a', ['b'])).toBe('a'));
  it('numbers a taken name, case-insensitively', () => {
    expect(uniqueName('a', ['A'])).toBe('a_2');
    expect(uniqueName('a', ['a', 'a_2', 'A_3'])).toBe('a_4');
  });
});

describe('sheetTableName', () => {
  it.each([
    ['ho_police_workforce_sep19_tables.ods', 'Table_1', 'ho_police_workforce_sep19_tables_table_1'],
    ['ons_pfa_tables_ye_mar2018.xlsx', 'Table P1 ', 'ons_pfa_tables_ye_mar2018_table_p1'],
    ['2019 returns.xlsm', 'Data', 't_2019_returns_data'],
    ['x.xls', 'select', 'x_select'],
  ])('%s + %s → %s', (file, sheet, expected) => expect(sheetTableName(file, sheet)).toBe(expected));

  it('shortens the file part, never the sheet part, to stay within 63 characters', () => {
    const name = sheetTableName(`${'very long publication name '.repeat(4)}.ods`, 'Table_13');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('_table_13')).toBe(true);
    expect(name.startsWith('very_long_publication')).toBe(true);
  });
});

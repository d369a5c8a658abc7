import { describe, expect, it } from 'vitest';
import { tableNameFromFile, uniqueName } from '../../src/engine/table-names';

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

import { describe, expect, test } from 'vitest';
import { isMissingMarker, oneLine, splitFootnote, splitNumberFootnote, NUMBER_FOOTNOTE_PATTERN } from '../../src/domain/cells';

describe('splitFootnote: labels and periods', () => {
  test.each([
    ['Greater Manchester10,11', 'Greater Manchester', '10,11'],
    ['Humberside [note 4]', 'Humberside', '[note 4]'],
    ['10/11*', '10/11', '*'],
    ['15/16**', '15/16', '**'],
    ['17~', '17', '~'],
    ['Home Office^', 'Home Office', '^'],
    ['ENGLAND AND WALES8', 'ENGLAND AND WALES', '8'],
    ['North West9', 'North West', '9'],
    ['London10', 'London', '10'],
    ['City of London14', 'City of London', '14'],
    ['Kent [note 2][note 3]', 'Kent', '[note 2] [note 3]'],
    ['2019/20 [Note 5]', '2019/20', '[Note 5]'],
    ['Dyfed-Powys†', 'Dyfed-Powys', '†'],
  ])('%s → %s, note %s', (cell, value, note) => {
    expect(splitFootnote(cell)).toEqual({ value, note });
  });

  test.each([
    'Total 43 forces', 'E23000001', 'Q1 2020', 'Mid-2019', '04/05', 'FY 2019/20', '12 months ending 31-03-2003', 'Sep-18',
    'Area 51', 'Unit7', '*Total Tactics', '*Total England and Wales', 'Room 101', 'Cleveland', '', '  ', '..', '[x]', '[c]', '*', 'x', 'No data', 'Stalking and harassment5',
  ])('%j is left as it is', (cell) => {
    expect(splitFootnote(cell)).toEqual({ value: cell });
  });
});

describe('splitFootnote: header cells', () => {
  test.each([
    ['Stalking and harassment5', 'Stalking and harassment', '5'],
    ['Residential burglary6,7', 'Residential burglary', '6,7'],
    ['Total recorded crime (excluding fraud4)', 'Total recorded crime (excluding fraud)', '4'],
    ['Residential burglary (households) 7,8,10', 'Residential burglary (households)', '7,8,10'],
    ['2023/24 [note 3]', '2023/24', '[note 3]'],
  ])('%s → %s, note %s', (cell, value, note) => {
    expect(splitFootnote(cell, { header: true })).toEqual({ value, note });
  });
  test.each(['Rate per 1,000 population', 'Q1 2020', 'Population aged 16', 'Area Code', 'PM10', 'co2', 'Mid-2019', 'text1', 'bitwidth0', 'value10', 'Total 2019'])('%j is left as it is', (cell) => {
    expect(splitFootnote(cell, { header: true })).toEqual({ value: cell });
  });
});

describe('splitNumberFootnote', () => {
  test.each([
    ['1,234*', '1,234', '*'],
    ['56 [note 2]', '56', '[note 2]'],
    ['12.5%~', '12.5%', '~'],
    ['"170,002 "'.slice(1, -1), '170,002 ', undefined],
    ['..', '..', undefined],
    ['*', '*', undefined],
  ])('%j → %j, note %j', (cell, value, note) => {
    expect(splitNumberFootnote(cell)).toEqual(note ? { value, note } : { value });
  });
  test('the SQL pattern strips what the function strips', () => {
    const re = new RegExp(NUMBER_FOOTNOTE_PATTERN);
    for (const cell of ['1,234*', '56 [note 2]', '12.5%~', '7^', '9‡', '3 [Note 1]']) expect(cell.replace(re, '')).toBe(splitNumberFootnote(cell).value);
    for (const cell of ['170,002', '12.5%', '..']) expect(cell.replace(re, '')).toBe(cell);
  });
});

describe('isMissingMarker', () => {
  test.each(['..', '-', '*', ':', 'x', 'X', '[x]', '[c]', '[z]', 'N/A', 'n/a', 'No data', ' no  data ', '~', '–'])('%j is shorthand', (cell) => {
    expect(isMissingMarker(cell)).toBe(true);
  });
  test.each(['0', '', 'nil?', 'none', 'Kent', '1,234'])('%j is not', (cell) => expect(isMissingMarker(cell)).toBe(false));
});

test('oneLine joins a header cell written over several lines', () => {
  expect(oneLine('Total recorded crime\n(excluding fraud)')).toBe('Total recorded crime (excluding fraud)');
  expect(oneLine('Population figures\r\n (mid-2016)4  rounded to 100')).toBe('Population figures (mid-2016)4 rounded to 100');
});

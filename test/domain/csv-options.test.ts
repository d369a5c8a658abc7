import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkCsvOptions, dropLines, shouldClean } from '../../src/domain/csv-options';
import { detectMessyCsv } from '../../src/domain/messy-csv';
import { testdataPath } from '../helpers/testdata';

describe('dropLines', () => {
  test.each([
    ['a\nb\nc\n', 1, 0, 'b\nc\n'],
    ['a\r\nb\r\nc', 0, 1, 'a\nb\n'],
    ['a\nb\nc\n', 1, 1, 'b\n'],
    ['a\nb\n', 5, 0, '\n'],
    ['a\nb\n', 0, 0, 'a\nb\n'],
  ])('%j without %i top and %i bottom lines is %j', (text, top, bottom, want) => {
    expect(dropLines(text, top, bottom)).toBe(want);
  });
});

describe('checkCsvOptions', () => {
  test('accepts a whole, partial or empty set', () => {
    expect(checkCsvOptions({})).toEqual({});
    expect(checkCsvOptions({ delimiter: ';', skipTop: 2, clean: false })).toEqual({ delimiter: ';', skipTop: 2, clean: false });
  });
  test.each([
    [{ skipTop: -1 }, /invalid skipTop: -1/],
    [{ skipBottom: 1.5 }, /invalid skipBottom: 1.5/],
    [{ delimiter: ';;' }, /invalid delimiter: ";;"/],
  ])('refuses %j, naming the field and value', (o, msg) => {
    expect(() => checkCsvOptions(o)).toThrow(msg);
  });
});

describe('shouldClean', () => {
  const read = (rel: string) => readFileSync(testdataPath(rel), 'utf8');
  test.each([
    // DuckDB's own files: a blank first line; a first value spanning lines above a two-cell row.
    ['csv/duckdb/empty_header.csv', false],
    ['csv/duckdb/quoted_newline_tweets.csv', false],
    ['csv/duckdb/preamble_rows.csv', true],
    ['csv/duckdb/thousands_separator_quoted.csv', true],
    ['csv/duckdb/latin1.csv', false],
  ])('%s → %s', (rel, want) => {
    const text = read(rel);
    expect(shouldClean(detectMessyCsv(text), text)).toBe(want);
  });

  test('the messy sample is cleaned', () => {
    const text = new TextDecoder('windows-1252').decode(readFileSync(new URL('../../samples/messy_export_synthetic.csv', import.meta.url)));
    expect(shouldClean(detectMessyCsv(text), text)).toBe(true);
  });

  test('year headers are headers', () => {
    const text = 'Force,2019,2020\nKent,1,2\n\nSource: Home Office\n';
    expect(shouldClean(detectMessyCsv(text), text)).toBe(true);
  });
});

describe('shouldClean and footnote markers (issue 12)', () => {
  test('labels or numbers with footnote markers are cleaned even when nothing else is messy', () => {
    for (const text of ['Force,Count\nKent*,1\nEssex,2\n', 'Force,Count\nKent,1*\nEssex,2\n', 'Force,Count\nHumberside [note 4],1\nEssex,2\n']) {
      const plan = detectMessyCsv(text);
      expect({ text, clean: shouldClean(plan, text) }).toEqual({ text, clean: true });
    }
    const plain = 'Force,Count\nKent,1\nEssex,2\n';
    expect(shouldClean(detectMessyCsv(plain), plain)).toBe(false);
  });
});

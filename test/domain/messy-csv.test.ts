import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { detectMessyCsv, isMissingMarker, type CsvColumnPlan } from '../../src/domain/messy-csv';
import { testdataPath } from '../helpers/testdata';

const samples = new URL('../../samples/', import.meta.url).pathname;
const text = (col: Partial<CsvColumnPlan> & { name: string; index: number }): CsvColumnPlan => ({
  kind: 'text', placeholders: [], strip: [], integer: false, ...col,
});

describe('detectMessyCsv on the messy sample (Windows-1252, decoded)', () => {
  const csv = new TextDecoder('windows-1252').decode(readFileSync(samples + 'messy_export_synthetic.csv'));
  test('the whole plan', () => {
    expect(detectMessyCsv(csv)).toEqual({
      delimiter: ',',
      skipTop: 2,
      headerLines: 1,
      skipBottom: 4,
      width: 6,
      columns: [
        text({ name: 'Force', index: 0, relabel: { 'Kent*': 'Kent' } }),
        text({ name: 'Financial year', index: 1 }),
        { name: 'Disruptions', index: 2, kind: 'number', placeholders: ['..'], strip: [','], integer: true },
        { name: 'Cash seized (£)', index: 3, kind: 'number', placeholders: ['-', '..'], strip: ['£', ','], integer: true, unit: 'gbp' },
        { name: 'Change on previous year', index: 4, kind: 'percentage', placeholders: ['n/a'], strip: ['%'], integer: false, unit: 'percentage' },
        text({ name: 'Notes', index: 5 }),
      ],
      messy: true,
      report: [
        'Skipped 1 title row and 1 blank row above the header, and 3 footnote rows and 1 blank row below the data',
        '2 columns read as numbers after removing £ and ,: Disruptions, Cash seized (£)',
        '1 column read as percentages after removing %: Change on previous year',
        'Footnote markers split off and kept as notes: "Kent*" → "Kent" (*)',
        'Missing-value markers read as empty, by column: Disruptions: ".." ×3; Cash seized (£): ".." ×6, "-" ×3; Change on previous year: "n/a" ×4',
      ],
      notes: [{ column: 'Force', row: 'data', written: 'Kent*', value: 'Kent', note: '*' }],
    });
  });
});

describe('detectMessyCsv on DuckDB’s CSV fixtures', () => {
  test('preamble_rows.csv: two note rows above the header', () => {
    const plan = detectMessyCsv(readFileSync(testdataPath('csv/duckdb/preamble_rows.csv'), 'utf8'));
    expect(plan).toEqual({
      delimiter: ',', skipTop: 2, headerLines: 1, skipBottom: 0, width: 3, messy: true,
      columns: [
        { name: 'number', index: 0, kind: 'number', placeholders: [], strip: [], integer: true },
        text({ name: 'text', index: 1 }),
        text({ name: 'date', index: 2 }),
      ],
      report: ['Skipped 2 title rows above the header'],
    });
  });
  test('thousands_separator_quoted.csv: quoted numbers with "," grouping', () => {
    const plan = detectMessyCsv(readFileSync(testdataPath('csv/duckdb/thousands_separator_quoted.csv'), 'utf8'));
    expect(plan).toEqual({
      delimiter: ',', skipTop: 0, headerLines: 1, skipBottom: 0, width: 3, messy: true,
      columns: [
        text({ name: 'name', index: 0 }),
        { name: 'money', index: 1, kind: 'number', placeholders: [], strip: [','], integer: false },
        text({ name: 'city', index: 2 }),
      ],
      report: ['1 column read as numbers after removing ,: money'],
    });
  });
});

// None of the real police files has title or footnote rows (police/SOURCES.md): the detector must not invent any.
describe('detectMessyCsv on the real police files', () => {
  const files: [string, string[], string][] = [
    ['home-office/officer_fte_by_force_region_2019.csv', ['text', 'number', 'number', 'number'], 'Force/Region'],
    ['home-office/use_of_force_incidents_2019-20.csv', ['text', 'text', 'number'], 'Region'],
    ['home-office/use_of_force_by_ethnicity_force_2019-20.csv', ['text', 'text', 'text', 'number', 'number', 'number', 'number', 'number', 'number', 'number'], 'Police Force'],
    ['home-office/taser_use_by_force_by_year.csv', ['text', ...Array(11).fill('number'), 'text'], 'Police force'],
    ['iopc/deaths_in_custody_by_force_fy.csv', ['text', ...Array(17).fill('number')], 'Authority'],
    ['lookups/forces_population_2010.csv', ['text', 'text', 'number'], 'id'],
    ['lookups/lad16_csp16_pfa16_lookup.csv', ['text', 'text', 'text', 'text', 'text', 'text', 'number'], 'LAD16CD'],
    ['street/2019-06-city-of-london-street.csv', ['text', 'text', 'text', 'text', 'number', 'number', 'text', 'text', 'text', 'text', 'text', 'text'], 'Crime ID'],
    ['stop-and-search/2019-08-city-of-london-stop-and-search.csv', ['text', 'text', 'text', 'text', 'number', 'number', ...Array(9).fill('text')], 'Type'],
  ];
  test.each(files)('%s', (file, kinds, first) => {
    const plan = detectMessyCsv(readFileSync(testdataPath(`police/${file}`), 'utf8'));
    expect([plan.skipTop, plan.skipBottom, plan.delimiter, plan.columns[0].name]).toEqual([0, 0, ',', first]);
    expect(plan.columns.map((c) => c.kind)).toEqual(kinds);
    expect(plan.messy).toBe(false);
    expect(plan.report).toEqual([]);
  });
});

describe('detectMessyCsv on written cases', () => {
  test('footnotes: Source, Note, *, ¹, numbered; ONS markers; a UTF-8 BOM and CRLF', () => {
    const csv = '\uFEFFTable 1: Seizures,,\r\nForce,Seizures,Rate\r\nKent,"1,200",[x]\r\nEssex,[c],4.5\r\nSurrey,:,3.1\r\n' +
      'Source: Home Office,,\r\nNote: figures are provisional,,\r\n* estimated,,\r\n¹ excludes BTP,,\r\n1. Revised,,\r\n';
    const plan = detectMessyCsv(csv);
    expect([plan.skipTop, plan.skipBottom]).toEqual([1, 5]);
    expect(plan.columns.map((c) => [c.name, c.kind, c.placeholders, c.integer])).toEqual([
      ['Force', 'text', [], false], ['Seizures', 'number', [':', '[c]'], true], ['Rate', 'number', ['[x]'], false],
    ]);
    expect(plan.report[0]).toBe('Skipped 1 title row above the header, and 5 footnote rows below the data');
  });
  test('a data row with one short cell at the end is data, not a footnote', () => {
    const plan = detectMessyCsv('Force,Arrests,Charges\nKent,1,2\nEssex,,\n');
    expect(plan.skipBottom).toBe(0);
  });
  test('every row looking like a footnote leaves the data alone', () => {
    expect(detectMessyCsv('Notes,,\nSource: x,,\n').skipBottom).toBe(0);
  });
  test('issue 17 fuzz (seed 17, csv-3): quoted line breaks holding commas do not outvote semicolons', () => {
    // Read with commas, the quoted "p, q⏎r, s" fields split into more lines of two cells each than there are rows.
    const text = 'force;note;count\n' + [1, 2, 3].map((i) => `Kent ${i};"p, q\nr, s";${i}`).join('\n') + '\n';
    expect(detectMessyCsv(text).delimiter).toBe(';');
  });
  test('semicolons, a header cell with a line break, leading zeros, duplicate names', () => {
    const plan = detectMessyCsv('Code;"Cash\n(£)";code\n007;£1;2\n010;£2;3\n');
    expect([plan.delimiter, plan.skipTop, plan.headerLines]).toEqual([';', 0, 2]);
    // A header cell written over two lines (Alt+Enter in Excel) is one name, joined with a space.
    expect(plan.columns.map((c) => [c.name, c.kind])).toEqual([['Code', 'text'], ['Cash (£)', 'number'], ['code_2', 'number']]);
    expect(plan.report).toEqual([
      'Header cells written over several lines were joined with a space',
      'Columns are separated by semicolons',
      '1 column read as numbers after removing £: Cash (£)',
    ]);
  });
  test('one stray word in ten does not make a number column text; more does', () => {
    const rows = (bad: number) => 'a,b\n' + Array.from({ length: 10 }, (_, i) => `x,${i < bad ? 'oops' : i}`).join('\n');
    expect(detectMessyCsv(rows(1)).columns[1].kind).toBe('number');
    expect(detectMessyCsv(rows(2)).columns[1].kind).toBe('text');
  });
  test('Excel’s trailing empty columns are dropped from the plan but not from the raw width', () => {
    const plan = detectMessyCsv('a,b,,\n1,2,,\n3,4,,\n');
    expect([plan.width, plan.columns.map((c) => c.name)]).toEqual([4, ['a', 'b']]);
  });
  test.each([['-', true], [' N/A ', true], ['[c]', true], ['..', true], ['x', true], ['0', false], ['-1', false], ['nil', false]])(
    'isMissingMarker(%j) = %s',
    (cell, expected) => expect(isMissingMarker(cell)).toBe(expected),
  );
});

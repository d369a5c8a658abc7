/**
 * Telling a workbook saved as plain `.json` from a JSON data file by the start of its text (issue 17 item 6): the
 * workbook's own `format` field, at the top level of an object, decides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, claimsWorkbook } from '../../src/workbook';
import { testdataPath } from '../helpers/testdata';

const WORKBOOKS = resolve('test/fixtures/workbooks');
const head = (path: string) => readFileSync(path).subarray(0, SNIFF_BYTES).toString('utf8');

describe('claimsWorkbook', () => {
  it('recognises every fixture whose top-level format is soc-workbench-workbook, and no other', () => {
    for (const f of readdirSync(WORKBOOKS).filter((n) => n.endsWith('.json'))) {
      const text = readFileSync(join(WORKBOOKS, f), 'utf8');
      let expected = false;
      try {
        const x = JSON.parse(text.replace(/^\uFEFF/, ''));
        expected = !!x && typeof x === 'object' && !Array.isArray(x) && x.format === 'soc-workbench-workbook';
      } catch {
        // A file cut short or not JSON is judged by the test below, from its text.
      }
      if (expected) expect(claimsWorkbook(head(join(WORKBOOKS, f))), f).toBe(true);
    }
    expect(claimsWorkbook(head(join(WORKBOOKS, 'valid.workbook.json')))).toBe(true);
    expect(claimsWorkbook(head(join(WORKBOOKS, 'wrong-format.workbook.json')))).toBe(false);
    // Cut short after its format field, it still claims to be a workbook, so it is refused as one (not read as data).
    expect(claimsWorkbook(head(join(WORKBOOKS, 'truncated.workbook.json')))).toBe(true);
  });

  it('reads JSON and GeoJSON data files as data', () => {
    const dir = testdataPath('json');
    const files = readdirSync(dir).filter((f) => /\.(json|geojson)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(claimsWorkbook(head(join(dir, f))), f).toBe(false);
  });

  it.each([
    ['format first, as the workbench writes it', '{\n  "format": "soc-workbench-workbook",\n  "version": 2', true],
    ['format after other keys, compact', '{"version":2,"title":"x","views":[],"format":"soc-workbench-workbook"}', true],
    ['a BOM and spaces first', '\uFEFF  { "format" : "soc-workbench-workbook" }', true],
    ['format nested in a row, not the top level', '{"rows":[{"format":"soc-workbench-workbook"}]}', false],
    ['format nested in an object value', '{"meta":{"format":"soc-workbench-workbook"}}', false],
    ['an array of rows carrying the field', '[{"format":"soc-workbench-workbook"}]', false],
    ['the words inside a string value', '{"note":"\\"format\\": \\"soc-workbench-workbook\\""}', false],
    ['format as a value, not a key', '{"kind":"format","x":"soc-workbench-workbook"}', false],
    ['another format', '{"format":"soc-workbench-workbook-2"}', false],
    ['escaped key text', '{"form\\u0061t":"soc-workbench-workbook"}', true],
    ['not JSON', 'force,count\nKent,3\n', false],
    ['empty', '', false],
  ])('%s', (_, text, expected) => {
    expect(claimsWorkbook(text)).toBe(expected);
  });
});

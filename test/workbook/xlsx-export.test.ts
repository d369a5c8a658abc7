/**
 * Issue 15, export to Excel: rows written as .xlsx and read back by the test's own XML reader (helpers/sheet-xml.ts),
 * by the library, and — through a CSV of the same rows — by native DuckDB, with equal sums. Formula-like text stays a
 * string cell: the sheet XML has no formula element at all.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { dateDayVector, float64Vector, int64Vector, utf8Vector } from '../../src/engine/arrow-columns';
import { readWorkbook } from '../../src/engine/spreadsheet/read-workbook';
import { writeWorkbook } from '../../src/engine/spreadsheet/write-workbook';
import { tableToCsv } from '../../src/workbook/csv-export';
import { tableToSheets } from '../../src/workbook/xlsx-rows';
import { decimalVector } from '../helpers/arrow-vectors';
import { nativeRows, pathLiteral } from '../helpers/native';
import { num, txt, unzip, xlsxSheets } from '../helpers/sheet-xml';

const FORMULA = '=HYPERLINK("http://example.invalid","click")';

// A result as DuckDB-WASM hands it over: text, DOUBLE, BIGINT, a HUGEINT sum (decimal 38,0), a DATE.
const table = new arrow.Table({
  force: utf8Vector(['Kent', 'Essex', FORMULA, null]),
  rate: float64Vector([12.5, 7.25, null, 0.1]),
  officers: int64Vector([3547n, 3351n, 0n, null]),
  incidents: decimalVector([491984n, 12n, null, 5n], 38, 0),
  as_at: dateDayVector([new Date('2019-09-30T00:00:00Z'), new Date('2019-03-31T00:00:00Z'), null, new Date('2018-09-30T00:00:00Z')]),
});
const notes = { title: 'Officers by force, Sep-19', sources: ['ho_police_workforce_sep19_tables.ods'], provenance: 'Data: ho_police_workforce_sep19_tables.ods. Exported 2026-12-05 07:50 UTC.' };

async function written(): Promise<{ path: string; bytes: Uint8Array }> {
  const bytes = await writeWorkbook(tableToSheets(table, notes));
  const path = join(mkdtempSync(join(tmpdir(), 'socwb-xlsx-')), 'export.xlsx');
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('export to .xlsx', () => {
  it('writes numbers as numbers, dates as date serials, a header row, and a Notes sheet (own XML reading)', async () => {
    const { path } = await written();
    const sheets = xlsxSheets(path);
    expect([...sheets.keys()]).toEqual(['Data', 'Notes']);
    const data = sheets.get('Data')!;
    expect(data[0].map(txt)).toEqual(['force', 'rate', 'officers', 'incidents', 'as_at']);
    expect(data.slice(1).map((r) => txt(r[0]))).toEqual(['Kent', 'Essex', FORMULA, '']);
    expect(data.slice(1).map((r) => num(r[1]) ?? null)).toEqual([12.5, 7.25, null, 0.1]);
    expect(data.slice(1).map((r) => num(r[2]) ?? null)).toEqual([3547, 3351, 0, null]);
    expect(data.slice(1).map((r) => num(r[3]) ?? null)).toEqual([491984, 12, null, 5]);
    // Excel's serial day numbers (days since 1899-12-30): 30 September 2019 is 43738.
    expect(data.slice(1).map((r) => num(r[4]) ?? null)).toEqual([43738, 43555, null, 43373]);
    const notesSheet = sheets.get('Notes')!;
    expect(notesSheet.map((r) => r.map(txt))).toEqual([
      ['Title', notes.title],
      ['Sources', 'ho_police_workforce_sep19_tables.ods'],
      ['Provenance', notes.provenance],
      ['Rows', '4'],
    ]);
  });

  it("carries the view's note on the Notes sheet, a row per paragraph, as text", async () => {
    const note = ['Provisional figures.', '=SUM(A1) is a formula-like paragraph.'];
    const path = join(mkdtempSync(join(tmpdir(), 'socwb-xlsx-')), 'noted.xlsx');
    writeFileSync(path, await writeWorkbook(tableToSheets(table, { ...notes, note })));
    const rows = xlsxSheets(path).get('Notes')!.map((r) => r.map(txt));
    expect(rows.slice(4)).toEqual([['Note', note[0]], ['', note[1]]]);
  });

  it('writes protected small numbers as the text [c], and says what was done on the Notes sheet', async () => {
    const protection = 'Small numbers protected: counts below 10 shown as [c] (1 cell), and 1 more so they cannot be worked out from totals.';
    const path = join(mkdtempSync(join(tmpdir(), 'socwb-xlsx-')), 'protected.xlsx');
    writeFileSync(path, await writeWorkbook(tableToSheets(table, { ...notes, protection }, new Set(['1:officers', '3:incidents', '1:rate']))));
    const sheets = xlsxSheets(path);
    const data = sheets.get('Data')!;
    expect(data.slice(1).map((r) => (r[2]?.type === 'string' ? txt(r[2]) : (num(r[2]) ?? null)))).toEqual([3547, '[c]', 0, null]);
    expect(txt(data[2][1])).toBe('[c]');
    expect(num(data[2][1])).toBeUndefined();
    expect(txt(data[4][3])).toBe('[c]');
    expect(sheets.get('Notes')!.map((r) => r.map(txt))).toContainEqual(['Small numbers', protection]);
  });

  it('stores formula-like text as text: no formula anywhere in the sheet XML', async () => {
    const { bytes } = await written();
    const files = unzip(bytes);
    const sheetXml = [...files].filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name)).map(([, b]) => b.toString('utf8'));
    expect(sheetXml).toHaveLength(2);
    for (const xml of sheetXml) expect(xml).not.toMatch(/<f[\s>]/);
  });

  it('re-reads through the app’s own reader with the same values', async () => {
    const { bytes } = await written();
    const reading = await readWorkbook(bytes, 'export.xlsx');
    const data = reading.sheets.find((s) => s.sheet === 'Data');
    expect(data?.kind).toBe('data');
    const block = data!.kind === 'data' ? data!.blocks[0] : undefined;
    expect(block!.columns.map((c) => [c.name, c.kind])).toEqual([
      ['force', 'text'],
      ['rate', 'number'],
      ['officers', 'number'],
      ['incidents', 'number'],
      ['as_at', 'date'],
    ]);
    expect(block!.rows.map((r) => r[2])).toEqual([3547, 3351, 0, null]);
    expect(reading.sheets.find((s) => s.sheet === 'Notes')?.kind).toBe('notes');
  });

  it('sums as native DuckDB sums a CSV of the same rows', async () => {
    const { path } = await written();
    const data = xlsxSheets(path).get('Data')!;
    const fromXlsx = data.slice(1).reduce((s, r) => s + (num(r[3]) ?? 0), 0);
    const csv = join(mkdtempSync(join(tmpdir(), 'socwb-csv-')), 'export.csv');
    writeFileSync(csv, tableToCsv(table, { bom: false }));
    const [row] = await nativeRows(`SELECT sum(incidents)::DOUBLE AS s FROM read_csv(${pathLiteral(csv)}, header = true)`);
    expect(row.s).toBe(fromXlsx);
    expect(fromXlsx).toBe(492001);
  });
});

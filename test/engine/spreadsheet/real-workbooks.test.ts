/**
 * Issue 15 on the real workbooks in ../shared/testdata: every sheet is a table or listed as not data, and the numbers
 * equal the test's own reading of the sheet XML (helpers/sheet-xml.ts), never the library under test.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/engine/errors';
import { planWorkbook, workbookOf } from '../../../src/engine/load-spreadsheet';
import { readWorkbook, type WorkbookReading } from '../../../src/engine/spreadsheet/read-workbook';
import type { SheetBlock } from '../../../src/engine/spreadsheet/sheet-blocks';
import { territorial } from '../../helpers/published';
import { num, odsSheets, txt, unzip, xlsxSheets, zipStored, type XmlCell } from '../../helpers/sheet-xml';
import { encryptedXlsx, millionRowOds, minimalOds, sheetlessOds, workbookBytes } from '../../helpers/workbook-fixtures';
import { testdataPath } from '../../helpers/testdata';

const WORKFORCE = testdataPath('spreadsheets/ho_police_workforce_sep19_tables.ods');
const USE_OF_FORCE = testdataPath('spreadsheets/ho_police_use_of_force_apr2019_mar2020_tables.ods');
const ONS_PFA = testdataPath('spreadsheets/ons_pfa_tables_ye_mar2018.xlsx');
const MYE = testdataPath('reference/ons_mye_ew_mid2023_lad23_2011_to_2023.xlsx');

type Rows = (XmlCell | undefined)[][];
const read = (path: string) => readWorkbook(new Uint8Array(readFileSync(path)), path);

function block(reading: WorkbookReading, sheet: string, index = 0): SheetBlock {
  const s = reading.sheets.find((x) => x.sheet === sheet);
  if (s?.kind !== 'data') throw new Error(`sheet ${sheet} was not read as data (${s?.kind})`);
  return s.blocks[index];
}

/** The block's values of one column keyed by the joined values of others, in row order (keys may repeat: "West Midlands"). */
function byKey(b: SheetBlock, keys: string[], value: string | ((name: string) => boolean)): [string, unknown][] {
  const names = b.columns.map((c) => c.name);
  const k = keys.map((n) => names.indexOf(n));
  const v = typeof value === 'string' ? names.indexOf(value) : names.findIndex(value);
  expect(k.concat(v).every((i) => i >= 0), `columns ${keys.join(', ')} in ${names.join(' | ')}`).toBe(true);
  return b.rows.map((r) => [k.map((i) => r[i]).join('|'), r[v]]);
}

/** The sheet's own cells: every row under the header row that has a key, keyed as byKey does. */
function fromXml(rows: Rows, headerAt: number, keyCols: number[], valueCol: number, isKey: (label: string) => boolean): [string, number | null][] {
  const out: [string, number | null][] = [];
  for (const row of rows.slice(headerAt + 1)) {
    const key = keyCols.map((i) => txt(row[i]));
    if (!isKey(key[key.length - 1]) || key.some((x) => x === '')) continue;
    out.push([key.join('|'), num(row[valueCol]) ?? null]);
  }
  return out;
}

const cellCount = (sheets: Map<string, Rows>, text: string) => [...sheets.values()].flat(2).filter((c) => c && c.type === 'string' && txt(c) === text).length;

describe('workforce .ods (Home Office, September 2019)', () => {
  let reading: WorkbookReading;
  let xml: Map<string, Rows>;
  beforeAll(async () => {
    reading = await read(WORKFORCE);
    xml = odsSheets(WORKFORCE);
  });

  it('lists every sheet in order: Index as contents, Table_1 … Table_13 as data', () => {
    expect(reading.sheets.map((s) => s.sheet)).toEqual([...xml.keys()]);
    expect(reading.sheets.map((s) => s.kind)).toEqual(['contents', ...Array(13).fill('data')]);
  });

  it('Table_1: officer FTE at 30 September 2019 for every row — 43 forces, region rows and totals — as stored', () => {
    const rows = xml.get('Table_1')!;
    const headerAt = rows.findIndex((r) => r.some((c) => c?.type === 'date' && c.value?.startsWith('2019-09-30')));
    const col = rows[headerAt].findIndex((c) => c?.type === 'date' && c.value?.startsWith('2019-09-30'));
    const expected = fromXml(rows, headerAt, [0], col, (l) => l !== '' && !/^\d+\.|denotes|source/i.test(l));
    const b = block(reading, 'Table_1');
    const got = byKey(b, ['Force'], 'Sep-19');
    expect(got).toEqual(expected);
    expect(got).toHaveLength(57);
    const labels = got.map(([l]) => l);
    // This table writes "London, City of" (the ONS order of words), which helpers/published.ts does not list.
    expect(new Set(labels.map((l) => (l === 'London, City of' ? 'City of London' : l)).filter((l) => territorial(l))).size).toBe(43);
    // "West Midlands" twice: the region row, then the force.
    expect(labels.filter((l) => l === 'West Midlands')).toHaveLength(2);
    for (const aggregate of ['North East', 'North West', 'Wales', 'Total 43 forces', 'Central Service Secondments', 'British Transport Police', 'Total']) expect(labels).toContain(aggregate);
    expect(b.unit).toBe('Full-time equivalents');
    expect(b.title).toMatch(/^Table 1: Police officers by police force area/);
  });

  it('keeps the stored value, not the displayed text (North East, Sep-19: 5,435 shown)', () => {
    const rows = xml.get('Table_1')!;
    const ne = rows.find((r) => txt(r[0]) === 'North East')!;
    const col = rows.flat().length && rows.find((r) => r.some((c) => c?.value?.startsWith('2019-09-30')))!.findIndex((c) => c?.value?.startsWith('2019-09-30'));
    expect(ne[col]!.text).toBe('5,435');
    expect(new Map(byKey(block(reading, 'Table_1'), ['Force'], 'Sep-19')).get('North East')).toBe(Number(ne[col]!.value));
  });

  it('counts every shorthand cell of the file: ".." and "*"', () => {
    const counted: Record<string, number> = {};
    for (const s of reading.sheets) if (s.kind === 'data') for (const b of s.blocks) for (const m of Object.values(b.markers)) for (const [k, n] of Object.entries(m)) counted[k] = (counted[k] ?? 0) + n;
    expect(counted).toEqual({ '..': cellCount(xml, '..'), '*': cellCount(xml, '*') });
    expect(counted).toEqual({ '..': 156, '*': 2 });
  });

  it('names the tables <file>_<sheet> and keeps Index out, listed', () => {
    const plan = planWorkbook('ho_police_workforce_sep19_tables.ods', reading, ['ho_police_workforce_sep19_tables_table_2']);
    expect(plan.tables[0].table).toBe('ho_police_workforce_sep19_tables_table_1');
    expect(plan.tables[1].table).toBe('ho_police_workforce_sep19_tables_table_2_2');
    expect(plan.tables).toHaveLength(13);
    // With the cells "Load anyway" reads: first to last filled row and column, by our own reading of the XML.
    const index = odsSheets(WORKFORCE).get('Index')!;
    const filledRows = index.flatMap((r, i) => (r.some((c) => txt(c) !== '') ? [i] : []));
    const filledCols = index.flatMap((r) => r.flatMap((c, j) => (txt(c) !== '' ? [j] : [])));
    const letter = (j: number) => String.fromCharCode(65 + j); // the Index sheet is narrower than 26 columns
    const cells = `${letter(Math.min(...filledCols))}${filledRows[0] + 1}:${letter(Math.max(...filledCols))}${filledRows.at(-1)! + 1}`;
    expect(plan.notLoaded).toEqual([{ sheet: 'Index', kind: 'contents', cells }]);
    expect(plan.description[0]).toBe('Police Workforce, England and Wales, 30 September 2019');
  });
});

describe('use-of-force .ods (Home Office, 2019/20)', () => {
  let reading: WorkbookReading;
  let xml: Map<string, Rows>;
  beforeAll(async () => {
    reading = await read(USE_OF_FORCE);
    xml = odsSheets(USE_OF_FORCE);
  }, 30_000);

  it('lists every sheet: Cover_sheet and Contents as not data, Table_1 … Table_17 as data', () => {
    expect(reading.sheets.map((s) => s.sheet)).toEqual([...xml.keys()]);
    expect(reading.sheets.slice(0, 2).map((s) => s.kind)).toEqual(['cover', 'contents']);
    expect(reading.sheets.slice(2).every((s) => s.kind === 'data')).toBe(true);
  });

  it('Table_13: CED use (Total) by financial year and force, every row as the sheet stores it', () => {
    const rows = xml.get('Table_13')!;
    const headerAt = rows.findIndex((r) => txt(r[0]) === 'Financial year');
    const header = rows[headerAt].map(txt);
    const expected = fromXml(rows, headerAt, [0, header.indexOf('Police force')], header.indexOf('Total'), (l) => l !== '');
    const got = byKey(block(reading, 'Table_13'), ['Financial year', 'Police force'], 'Total');
    // The sheet's force labels keep their trailing spaces ("*Total North East "); the table's are trimmed.
    expect(got).toEqual(expected.filter(([k]) => /^\d{4}\/\d{2}\|/.test(k)).map(([k, v]) => [k.trim(), v]));
    expect(got).toHaveLength(162);
    expect(new Map(got).get('2019/20|*Total England and Wales')).toBe(num(rows.find((r) => txt(r[0]) === '2019/20' && txt(r[2]) === '*Total England and Wales')![3]));
  });

  it('Table_2 … Table_9: one table each, the totals row between the column names and "Type of force | Tactic" left out of the data, not a table of its own', () => {
    for (let n = 2; n <= 9; n++) {
      const sheet = reading.sheets.find((x) => x.sheet === `Table_${n}`)!;
      expect(sheet.kind === 'data' && sheet.blocks.length, `Table_${n}`).toBe(1);
    }
    const rows = xml.get('Table_2')!;
    // The sheet as the test reads it: column names on the row holding "Under 11 years", labels on "Type of force"'s row.
    const namesAt = rows.findIndex((r) => r.some((c) => txt(c) === 'Under 11 years'));
    const labelsAt = rows.findIndex((r) => txt(r[0]) === 'Type of force');
    const totalsAt = namesAt + 1;
    expect(labelsAt).toBe(namesAt + 2);
    const names = rows[namesAt].map(txt);
    const b = block(reading, 'Table_2');
    expect(b.columns.map((c) => c.name)).toEqual([
      'Type of force',
      'Tactic',
      ...names.slice(2, -1),
      txt(rows[labelsAt][names.length - 1]), // the lowest header cell: "Number of times tactic reported", not "Total number of incidents"
    ]);
    const expected = fromXml(rows, labelsAt, [0, 1], names.indexOf('Under 11 years'), (l) => l !== '').filter(([, v]) => v !== null);
    expect(byKey(b, ['Type of force', 'Tactic'], 'Under 11 years').filter(([, v]) => v !== null)).toEqual(expected);
    expect(b.inHeaderRows).toEqual([totalsAt + 1]);
    expect(b.notes[0]).toMatch(new RegExp(`^Row ${totalsAt + 1}, between the header rows: ${txt(rows[totalsAt][2])} `));
  });

  it('counts every ":" of the file as shorthand', () => {
    let counted = 0;
    for (const s of reading.sheets) if (s.kind === 'data') for (const b of s.blocks) for (const m of Object.values(b.markers)) counted += m[':'] ?? 0;
    expect(counted).toBe(cellCount(xml, ':'));
    expect(counted).toBe(1378);
  });
});

describe('ONS police force area tables .xlsx (year ending March 2018)', () => {
  let reading: WorkbookReading;
  let xml: Map<string, Rows>;
  beforeAll(async () => {
    reading = await read(ONS_PFA);
    xml = xlsxSheets(ONS_PFA);
  });

  it('lists every sheet, trailing spaces and all: Notes as notes, Table P1 … P10 as data', () => {
    expect(reading.sheets.map((s) => s.sheet)).toEqual([...xml.keys()]);
    expect(reading.sheets.map((s) => s.kind)).toEqual(['notes', ...Array(10).fill('data')]);
  });

  it('Table P3: mid-2016 population per area code, 43 forces and the aggregates, with footnotes off the names', () => {
    const rows = xml.get('Table P3')!;
    const headerAt = rows.findIndex((r) => txt(r[0]) === 'Area Code');
    const col = rows[headerAt].findIndex((c) => txt(c).startsWith('Population figures'));
    const expected = fromXml(rows, headerAt, [0], col, (code) => /^[EKW]\d{8}$/.test(code));
    const b = block(reading, 'Table P3');
    const got = byKey(b, ['Area Code'], (n) => n.startsWith('Population figures'));
    expect(got).toEqual(expected);
    expect(got.filter(([c]) => /^E23|^W15/.test(c))).toHaveLength(43);
    const names = new Map(byKey(b, ['Area Code'], 'Area Name'));
    expect(names.get('K04000001')).toBe('ENGLAND AND WALES');
    expect(names.get('E12000007')).toBe('London');
    expect(b.unit).toBe('Rate per 1,000 population');
  });
});

describe('ONS mid-year estimates .xlsx (reference)', () => {
  it('MYE4: mid-2023 population of every area as stored; cover, contents and notes listed', async () => {
    const reading = await read(MYE);
    const xml = xlsxSheets(MYE);
    expect(reading.sheets.map((s) => s.sheet)).toEqual([...xml.keys()]);
    expect(reading.sheets.filter((s) => s.kind !== 'data').map((s) => s.kind)).toEqual(['cover', 'contents', 'notes', 'no-table', 'no-table']);
    const rows = xml.get('MYE4')!;
    const headerAt = rows.findIndex((r) => txt(r[0]) === 'Code');
    const col = rows[headerAt].findIndex((c) => txt(c) === 'Mid-2023');
    const expected = fromXml(rows, headerAt, [0], col, (code) => /^[EKW]\d{8}$/.test(code));
    const got = byKey(block(reading, 'MYE4'), ['Code'], 'Mid-2023');
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(300);
  }, 30_000);
});

describe('bad input: a clear message naming the file', () => {
  const load = (name: string, bytes: Uint8Array) => workbookOf({ name, blob: new Blob([bytes as BlobPart]) });

  it.each([
    ['empty.xlsx', new Uint8Array(0), /empty\.xlsx: the file is empty/],
    ['notes.xlsx', zipStored({ 'readme.txt': 'not a workbook' }), /notes\.xlsx: this zip file is not a workbook/],
    ['locked.xlsx', encryptedXlsx(), /^locked\.xlsx: the workbook is password-protected \(encrypted\) — open it in Excel, remove the password \(File → Info → Protect Workbook\), save it and load it again$/],
    ['nothing.ods', sheetlessOds(), /^nothing\.ods: the workbook has no sheets/],
    ['table.ods', new TextEncoder().encode('Force,Count\nKent,1\n'), /table\.ods: this is not a \.ods workbook/],
  ])('%s', async (name, bytes, message) => {
    const err = await load(name, bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).file).toBe(name);
    expect((err as LoadError).message).toMatch(message);
  });

  it('a truncated .xlsx', async () => {
    const bytes = new Uint8Array(readFileSync(ONS_PFA));
    const err = await load('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.6))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).message).toMatch(/^cut\.xlsx: the workbook is damaged or cut short/);
  });

  it('an Excel 97–2003 file saved under an .xlsx name is read, not called password-protected', async () => {
    const reading = await load('old.xlsx', workbookBytes({ Arrests: [['Force', 'Arrests'], ['Kent', 10], ['Essex', 20]] }, 'biff8'));
    const b = block(reading, 'Arrests');
    expect(b.rows).toEqual([
      ['Kent', 10],
      ['Essex', 20],
    ]);
  });

  it('a large .xlsx whose workbook part lies past the first 4 MB is read, not refused as "not a workbook"', async () => {
    // A real workbook's parts, after 9 MB of picture (as a workbook with images, or a large sheet written first, has).
    const parts = Object.fromEntries(unzip(workbookBytes({ Arrests: [['Force', 'Arrests'], ['Kent', 10], ['Essex', 20]] })));
    const bytes = zipStored({ 'xl/media/image1.png': new Uint8Array(9_000_000).fill(0x89), ...parts });
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 4_000_000))).not.toMatch(/xl\/workbook\.xml/);
    expect(block(await load('pictures.xlsx', bytes), 'Arrests').rows).toEqual([
      ['Kent', 10],
      ['Essex', 20],
    ]);
  });

  it('a workbook whose only sheet is empty gives no table and says so', async () => {
    const reading = await load('blank.ods', minimalOds('<table:table-row><table:table-cell/></table:table-row>'));
    expect(reading.sheets).toEqual([{ sheet: 'Sheet1', kind: 'empty', text: [] }]);
    expect(planWorkbook('blank.ods', reading, []).tables).toEqual([]);
  });

  it('an ODS declaring a million repeated empty rows of 16,384 columns loads at once (as LibreOffice writes them)', async () => {
    const t0 = performance.now();
    const reading = await load('big.ods', millionRowOds());
    expect(performance.now() - t0).toBeLessThan(5_000);
    const s = reading.sheets[0];
    expect(s.kind === 'data' && s.blocks[0].rows).toEqual([
      ['Kent', 1],
      ['Essex', 2],
    ]);
  });
});

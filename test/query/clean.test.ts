/**
 * Issue 12: the cleaning SQL for real ONS tables runs in DuckDB-WASM 1.28.0 (DuckDB 0.9.1). Before, one statement per
 * table grew past what 1.28.0 takes and crashed the engine ("memory access out of bounds").
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { detectMessyCsv } from '../../src/domain/messy-csv';
import { CleanTooWideError, MAX_STATEMENT_CHARS, cleanCsvSql, readUnconverted } from '../../src/query/clean';
import { openWasm, type Wasm } from '../helpers/wasm';

const fixtures = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));

/** A wide table: a title row, `n` number columns written "12,345" with some "..", a footnote. */
function wideCsv(n: number, rows = 20): string {
  const lines = ['A wide table made up for this test', `Force,${Array.from({ length: n }, (_, i) => `P${i}`).join(',')}`];
  for (let r = 0; r < rows; r++) lines.push(`Force ${r},${Array.from({ length: n }, (_, i) => ((r + i) % 7 === 0 ? '..' : `"${(1000 + r * n + i).toLocaleString('en-GB')}"`)).join(',')}`);
  lines.push('Source: made up');
  return lines.join('\n') + '\n';
}

describe('cleaning in DuckDB-WASM 1.28.0', () => {
  let wasm: Wasm;
  beforeAll(async () => {
    wasm = await openWasm();
  }, 120_000);
  afterAll(() => wasm?.close());

  async function clean(name: string, text: string) {
    const plan = detectMessyCsv(text);
    wasm.registerText(name, text);
    const sql = cleanCsvSql(name, 't', plan);
    for (const s of [...sql.setup, sql.raw, sql.clean, ...sql.unconverted]) expect(s.length).toBeLessThanOrEqual(MAX_STATEMENT_CHARS);
    for (const s of [...sql.setup, sql.raw, sql.clean]) await wasm.run(s);
    const counts: Record<string, unknown> = {};
    for (const s of sql.unconverted) Object.assign(counts, (await wasm.rows(s))[0]);
    await wasm.run(sql.dropRaw);
    return { plan, conversions: readUnconverted(plan, counts) };
  }

  test.each(['ons_pfa_p1_ye_mar2018.csv', 'ons_pfa_p3_ye_mar2018.csv'])('%s cleans without a crash', async (file) => {
    const text = readFileSync(fixtures + file, 'utf8');
    const { plan } = await clean(file, text);
    // The rows with an area code in the file, counted here from the text: every one is in the table.
    const coded = text.split('\r\n').filter((l) => /^[EKW]\d{8},/.test(l)).length;
    const [{ n }] = await wasm.rows(`SELECT count(*) FILTER (WHERE "Area Code" IS NOT NULL)::INT AS n FROM t`);
    expect(n).toBe(coded);
    expect(plan.columns.filter((c) => c.kind !== 'text').length).toBeGreaterThan(20);
  }, 180_000);

  test('the CSP-shaped table: numbers, relabelled forces, shorthand counted per column', async () => {
    const { conversions } = await clean('csp.csv', readFileSync(fixtures + 'ons_csp_shape.csv', 'utf8'));
    const rows = await wasm.rows(`SELECT "Police force area name" AS f, sum("Total recorded crime (excluding fraud)")::INT AS n FROM t WHERE "Community safety partnership name" IS NOT NULL GROUP BY f ORDER BY f`);
    // The CSP rows of each force, added up by hand from the file.
    expect(rows).toEqual([
      { f: 'Cleveland', n: 9812 + 21455 + 12730 + 17101 + 12 },
      { f: 'Greater Manchester', n: 30511 + 98770 + 28004 + 12717 + 0 },
      { f: 'Humberside', n: 18222 + 34960 + 15410 + 13008 + 5 },
    ]);
    expect(conversions.filter((c) => c.placeholders > 0)).toEqual([
      { column: 'Theft offences', placeholders: 1, unconverted: 0, examples: [] },
      { column: 'Percentage change from previous year', placeholders: 4, unconverted: 0, examples: [] },
      { column: 'Rate per 1,000 population', placeholders: 4, unconverted: 0, examples: [] },
    ]);
  }, 180_000);

  test('footnote markers after numbers are removed, and a lone "*" is still a missing value', async () => {
    const { conversions } = await clean('marks.csv', 'Force,Count\nKent,"1,234*"\nEssex,56 [note 2]\nSurrey,*\nDorset,7~\n');
    expect(await wasm.rows(`SELECT "Force" AS f, "Count" AS n FROM t`)).toEqual([
      { f: 'Kent', n: '1234' }, { f: 'Essex', n: '56' }, { f: 'Surrey', n: null }, { f: 'Dorset', n: '7' },
    ]);
    expect(conversions).toEqual([{ column: 'Count', placeholders: 1, unconverted: 0, examples: [] }]);
  }, 180_000);

  test('120 number columns clean without a crash (one statement of them crashed 1.28.0)', async () => {
    const { conversions } = await clean('wide.csv', wideCsv(120));
    const [{ n, p0, p119 }] = await wasm.rows(`SELECT count(*)::INT AS n, sum(P0)::BIGINT AS p0, sum(P119)::BIGINT AS p119 FROM t`);
    // Column i of row r is 1000 + 120r + i, except ".." where (r + i) % 7 == 0.
    const sum = (i: number) => Array.from({ length: 20 }, (_, r) => ((r + i) % 7 === 0 ? 0 : 1000 + 120 * r + i)).reduce((a, b) => a + b, 0);
    expect({ n, p0: Number(p0), p119: Number(p119) }).toEqual({ n: 20, p0: sum(0), p119: sum(119) });
    expect(conversions).toHaveLength(120);
    expect(conversions.every((c) => c.unconverted === 0)).toBe(true);
  }, 300_000);
});

test('a table too wide to clean in one statement is refused with a message, not sent to the engine', () => {
  const plan = detectMessyCsv(wideCsv(400, 3));
  expect(() => cleanCsvSql('w.csv', 'w', plan)).toThrow(CleanTooWideError);
  expect(() => cleanCsvSql('w.csv', 'w', plan)).toThrow(/too wide to clean in the browser \(401 columns, 400 of them numbers\)/);
});

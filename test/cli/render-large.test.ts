/**
 * `soc-workbench render` on 10 million rows (a Parquet file of 43 forces × 5 years × 6 threat types, written here by
 * native DuckDB): it completes, and its numbers are the test's own GROUP BY over the same file. The time it takes is
 * printed here and measured beside the browser's in the bench (bench/phase-cli.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { parseRows } from '../../src/domain/csv-rows';
import { TERRITORIAL_FORCES, THREAT_TYPES, VIEW_SPEC_VERSION, financialYear, type ViewSpec } from '../../src/domain';
import { serializeWorkbook, type Workbook } from '../../src/workbook';

const ROWS = 10_000_000;
const tmp = mkdtempSync(join(tmpdir(), 'render-large-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ')}]`;
const YEARS = [2019, 2020, 2021, 2022, 2023].map((y) => financialYear(y).label);

describe('soc-workbench render on 10 million rows', { timeout: 600_000 }, () => {
  it('completes, with every force\'s total for the latest year as the file gives it', async () => {
    const file = join(tmp, 'big.parquet');
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(
      `COPY (SELECT ${list(TERRITORIAL_FORCES.map((f) => f.name))}[i % 43 + 1] AS force, ${list(YEARS)}[(i // 43) % 5 + 1] AS financial_year,
         ${list(THREAT_TYPES.slice(0, 6).map((t) => t.name))}[(i // 215) % 6 + 1] AS threat_type, (hash(i) % 50)::INTEGER AS disruptions
       FROM range(${ROWS}) t(i)) TO '${file}' (FORMAT PARQUET)`,
    );
    const expected = new Map(
      (await conn.runAndReadAll(`SELECT force, sum(disruptions)::DOUBLE AS n FROM read_parquet('${file}') WHERE financial_year = '2023/24' GROUP BY force`))
        .getRowObjectsJS()
        .map((r) => [String(r.force), Number(r.n)]),
    );
    conn.closeSync();
    const spec: ViewSpec = {
      version: VIEW_SPEC_VERSION,
      table: 'big',
      roles: { force: 'force', period: 'financial_year', threat: 'threat_type' },
      measure: { column: 'disruptions', aggregate: 'sum' },
      compareBy: { by: 'force' },
      filters: [{ column: 'financial_year', values: ['2023/24'] }],
      totals: 'exclude',
      comparison: { kind: 'total' },
      uncertainty: { ci: 'none', method: 'byar', against: 'england-and-wales' },
      highlight: { limitToPeers: false },
      chart: { type: 'auto' },
    };
    const w: Workbook = {
      format: 'soc-workbench-workbook',
      version: 3,
      title: 'Ten million rows',
      views: [{ id: 'v1', name: 'Disruptions by force', spec }],
      queries: [],
      roleCorrections: [],
      valueMappings: [],
      peerGroups: [],
      sources: [{ table: 'big', file: 'big.parquet', size: null, kind: 'parquet' }],
    };
    writeFileSync(join(tmp, 'big.workbook.json'), serializeWorkbook(w));
    const lines: string[] = [];
    const t0 = performance.now();
    const status = await main(['render', join(tmp, 'big.workbook.json'), '--data', tmp, '--out', join(tmp, 'out')], (l) => lines.push(l), (l) => lines.push(l));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`render of 10M rows: ${seconds.toFixed(1)} s\n${lines.join('\n')}`);
    expect(status, lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/Loaded big from .*big\.parquet: 10,000,000 rows/);
    const [head, ...rows] = parseRows(readFileSync(join(tmp, 'out', '01-Disruptions by force.csv'), 'utf8').replace(/^\uFEFF/, ''), ',').filter((r) => !r.empty);
    expect(head.cells).toEqual(['force', 'value']);
    expect(new Map(rows.map((r) => [r.cells[0], Number(r.cells[1])]))).toEqual(expected);
    expect(expected.size).toBe(43);
  });
});

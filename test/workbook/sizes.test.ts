/**
 * Sizes of a real workbook: the three-view briefing on the samples, without data and with every sample table
 * embedded as Parquet (written by native DuckDB with its default codec, Snappy, as the app's COPY … FORMAT PARQUET
 * writes). The figures are quoted in docs/workbook-format.md; the bounds here catch a format change that bloats them.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { parseViewSpec } from '../../src/domain/view-spec';
import { addView, embedParquet, embeddedParquet, emptyWorkbook, parseWorkbookFile, serializeWorkbook, type Source } from '../../src/workbook';
import { pathLiteral } from '../helpers/native';
import { GOLDEN } from '../query/golden-specs';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));

it('a three-view workbook on the samples: sizes without and with embedded data', async () => {
  const csvs = readdirSync(samples).filter((f) => f.endsWith('.csv') && !f.startsWith('messy'));
  const sources: Source[] = csvs.map((f) => ({ table: f.replace(/\.csv$/, ''), file: f, size: statSync(join(samples, f)).size, kind: 'csv' }));
  let w = { ...emptyWorkbook('County lines briefing (synthetic)'), sources };
  for (const [name, g] of [['Totals by force', GOLDEN.total_by_force], ['Rates with 95% CIs', GOLDEN.rate_by_force_ci], ['Index by year', GOLDEN.index_by_year_threat]] as const) {
    w = addView(w, name, parseViewSpec(g)).workbook;
  }
  const bare = serializeWorkbook(w);

  const dir = mkdtempSync(join(tmpdir(), 'wb-sizes-'));
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    let parquetBytes = 0;
    for (const s of sources) {
      const out = join(dir, `${s.table}.parquet`);
      await conn.run(`COPY (SELECT * FROM read_csv_auto(${pathLiteral(join(samples, s.file))})) TO ${pathLiteral(out)} (FORMAT PARQUET)`);
      const bytes = new Uint8Array(readFileSync(out));
      parquetBytes += bytes.length;
      w = embedParquet(w, s.table, bytes);
    }
    const t0 = performance.now();
    const full = serializeWorkbook(w);
    const writeMs = performance.now() - t0;
    const t1 = performance.now();
    const back = parseWorkbookFile(full);
    for (const s of sources) embeddedParquet(back, s.table);
    const readMs = performance.now() - t1;
    const csvBytes = sources.reduce((a, s) => a + (s.size ?? 0), 0);
    const report = {
      tables: sources.length,
      csvBytes,
      parquetBytes,
      workbookWithoutData: bare.length,
      workbookWithData: full.length,
      gzipWithData: gzipSync(full).length,
      writeMs: Math.round(writeMs),
      readAndDecodeMs: Math.round(readMs),
    };
    console.log(JSON.stringify(report));
    expect(bare.length).toBeLessThan(20_000);
    // Base64 is 4/3 of the bytes; the JSON around it is small.
    expect(full.length).toBeLessThan(bare.length + Math.ceil((parquetBytes * 4) / 3) + 2_000);
    expect(back.views).toEqual(w.views);
  } finally {
    conn.closeSync();
    rmSync(dir, { recursive: true });
  }
});

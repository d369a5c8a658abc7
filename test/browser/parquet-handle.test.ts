/**
 * A Parquet file read through a file handle goes through the engine worker's read-ahead (src/engine/read-ahead.ts):
 * DuckDB's small reads are served from cached multi-MB blocks. The numbers must be exactly native DuckDB's, and a
 * file replaced under the same name must give its new numbers, never the old file's cached bytes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadAheadStats } from '../../src/engine/read-ahead';
import { WAIT, closeBrowser, engineRows, openApp, pickFiles, type AppSession } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';

let s: AppSession;
const tmp = mkdtempSync(join(tmpdir(), 'socwb-handle-'));
const file = join(tmp, 'handle_reads.parquet');

/** Rows of hashes zstd cannot shrink: about 8 bytes a row, so 1.5M rows span two 8 MiB blocks and a part. */
async function writeParquet(rows: number, seed: number): Promise<void> {
  await nativeRows(
    `COPY (SELECT (i * 31 + ${seed}) % 97 AS grp, hash(i + ${seed}) AS noise, (i * 7919 + ${seed}) % 100003 AS v FROM range(${rows}) t(i)) TO ${pathLiteral(file)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
  );
}

const GROUP_BY = (from: string) =>
  `SELECT grp, count(*)::BIGINT AS n, sum(v)::BIGINT AS total, min(noise)::VARCHAR AS low, max(noise)::VARCHAR AS top, count(DISTINCT noise)::BIGINT AS distinct_noise FROM ${from} GROUP BY grp ORDER BY grp`;

async function readAheadStats(): Promise<ReadAheadStats> {
  const worker = s.page.workers().at(-1);
  if (!worker) throw new Error('the engine has no worker');
  return worker.evaluate(() => (globalThis as any).__socReadAhead.stats());
}

beforeAll(async () => {
  s = await openApp();
  // The default limit copies files below 256 MB in; this one must take the file-handle path.
  await s.page.evaluate(() => ((globalThis as any).socWorkbench.engine.options.bufferLimitBytes = 1024 * 1024));
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('Parquet through a file handle', () => {
  it('gives native DuckDB’s GROUP BY exactly, read in blocks, and a replaced file’s new numbers', { timeout: WAIT.load * 4 }, async () => {
    await writeParquet(1_500_000, 1);
    const first = await nativeRows(GROUP_BY(`read_parquet(${pathLiteral(file)})`));
    await pickFiles(s.page, [file]);
    const mode = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.tables.find((t: any) => t.name === 'handle_reads')?.source?.mode);
    expect(mode).toBe('file-handle');
    expect(await engineRows(s.page, GROUP_BY('handle_reads'))).toEqual(first);
    const read = await readAheadStats();
    expect(read.blockReads).toBeGreaterThanOrEqual(2);
    // Asked again: served from the cache, not the file.
    expect(await engineRows(s.page, GROUP_BY('handle_reads'))).toEqual(first);
    expect((await readAheadStats()).blockReads).toBe(read.blockReads);

    // The same name, other content: the cached blocks of the old file must not answer.
    await writeParquet(1_200_000, 2);
    const second = await nativeRows(GROUP_BY(`read_parquet(${pathLiteral(file)})`));
    expect(second).not.toEqual(first);
    await pickFiles(s.page, [file], { wait: false });
    await s.page.getByRole('button', { name: 'Replace' }).click();
    await s.page.waitForFunction(() => document.querySelector('[data-table=handle_reads] .count')?.getAttribute('data-rows') === '1200000', undefined, { timeout: WAIT.load });
    expect(await engineRows(s.page, GROUP_BY('handle_reads'))).toEqual(second);
    expect((await readAheadStats()).blockReads).toBeGreaterThan(read.blockReads);
  });

  it('made no request outside its own origin', () => expect(s.offOrigin).toEqual([]));
});

/**
 * The first journey: open the workbench, see the samples, run SQL from the
 * editor. Expected values come from native DuckDB reading the same files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeBrowser, engineRows, openApp, sqlEditor, type AppSession } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';
import { tableNameFromFile } from '../../src/engine/table-names';

const sampleCsvs = readdirSync('samples').filter((f) => f.endsWith('_synthetic.csv'));
let s: AppSession;

/** Data rows of a sample: native DuckDB's count, or for the messy export (a title above the header, footnotes below the
 * data) the lines from its header to the first empty row, counted here. */
async function dataRows(file: string): Promise<number> {
  if (!file.startsWith('messy')) {
    const [{ n }] = await nativeRows(`SELECT count(*)::INTEGER AS n FROM read_csv_auto(${pathLiteral(resolve('samples', file))})`);
    return Number(n);
  }
  const lines = new TextDecoder('windows-1252').decode(readFileSync(resolve('samples', file))).split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith('Force,'));
  const end = lines.findIndex((l, i) => i > header && /^,*$/.test(l));
  expect([header, end].every((i) => i > 0), `${file}: header and end of data found`).toBe(true);
  return end - header - 1;
}

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('first open', () => {
  it('lists every sample with the row count native DuckDB reads', async () => {
    expect(sampleCsvs.length).toBeGreaterThanOrEqual(5);
    expect(sampleCsvs).toContain('messy_export_synthetic.csv');
    for (const file of sampleCsvs) {
      const table = tableNameFromFile(file);
      const shown = await s.page.locator(`[data-table="${table}"] .count`).getAttribute('data-rows');
      expect(Number(shown), file).toBe(await dataRows(file));
    }
    await expect(s.page.locator('[data-table=disruptions_synthetic] .synthetic').count()).resolves.toBe(1);
  });

  it('has a first result ready in the SQL tab without the user doing anything', async () => {
    await sqlEditor(s.page);
    const grid = s.page.getByRole('grid');
    await grid.waitFor();
    const [{ n }] = await nativeRows(
      `SELECT count(DISTINCT force)::INTEGER AS n FROM read_csv_auto(${pathLiteral(resolve('samples/disruptions_synthetic.csv'))})`,
    );
    expect(Number(await grid.getAttribute('data-rowcount'))).toBe(n);
  });

  it('runs the statement under the cursor with Ctrl+Enter and shows the values native DuckDB gives', async () => {
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Delete');
    await editor.pressSequentially(
      "SELECT 1 AS one;\nSELECT threat_type, sum(disruptions)::BIGINT AS total FROM disruptions_synthetic GROUP BY threat_type ORDER BY total DESC",
      { delay: 0 },
    );
    await s.page.keyboard.press('Control+Enter');
    const expected = await nativeRows(
      `SELECT threat_type, sum(disruptions)::BIGINT AS total FROM read_csv_auto(${pathLiteral(resolve('samples/disruptions_synthetic.csv'))}) GROUP BY threat_type ORDER BY total DESC`,
    );
    const grid = s.page.getByRole('grid');
    await s.page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === String(n), expected.length);
    const firstRow = grid.locator('[role=row][aria-rowindex="2"] [role=gridcell]');
    await expect(firstRow.nth(0).textContent()).resolves.toBe(expected[0].threat_type);
    // The grid shows thousands separators; the underlying number must match exactly.
    await expect(firstRow.nth(1).textContent()).resolves.toBe(Number(expected[0].total).toLocaleString('en-GB'));
  });

  it('shows DuckDB errors with the position highlighted in the editor', async () => {
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Delete');
    await editor.pressSequentially('SELECT nosuchcolumn FROM disruptions_synthetic', { delay: 0 });
    await s.page.keyboard.press('Control+Enter');
    await expect(s.page.locator('.sql-error[role=alert]').textContent()).resolves.toMatch(/nosuchcolumn/);
    await expect(s.page.locator('.cm-sql-error').first().textContent()).resolves.toBe('nosuchcolumn');
  });

  it('runs several statements in order', async () => {
    const rows = await engineRows(s.page, 'SELECT 40 + 2 AS answer');
    expect(rows).toEqual([{ answer: 42 }]);
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Delete');
    await editor.pressSequentially('CREATE TABLE t_multi AS SELECT 7 AS x; INSERT INTO t_multi VALUES (8); SELECT sum(x) AS s FROM t_multi', { delay: 0 });
    await s.page.keyboard.press('Control+Shift+Enter');
    await s.page.waitForSelector('[data-table=t_multi]');
    await expect(s.page.locator('[role=row][aria-rowindex="2"] [role=gridcell]').first().textContent()).resolves.toBe('15');
  });

  it('made no request outside its own origin', () => {
    expect(s.offOrigin).toEqual([]);
  });
});

/**
 * The engine's failure modes (DESIGN.md §7): a long query cancelled, a worker
 * that dies silently (as on wasm heap exhaustion), and files too large to copy
 * in, read lazily through a file handle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, closeBrowser, engineRows, openApp, pickFiles, sqlEditor, type AppSession } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';

let s: AppSession;

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('cancel', () => {
  it('a cancelled long query stops and leaves the app usable', async () => {
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Delete');
    await editor.pressSequentially('SELECT count(*) FROM range(10000000000) a, range(10) b WHERE a.range % 7 = b.range', { delay: 0 });
    await s.page.keyboard.press('Control+Enter');
    await s.page.getByRole('button', { name: 'Cancel' }).waitFor();
    const t0 = Date.now();
    await s.page.getByRole('button', { name: 'Cancel' }).click();
    await s.page.getByText('Query cancelled.').waitFor({ timeout: 10_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await engineRows(s.page, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});

describe('watchdog', () => {
  it('notices a dead worker, tells the user, restarts and reloads the loaded files', async () => {
    await pickFiles(s.page, [testdataPath('parquet/alltypes_plain.parquet')]);
    const [{ n: before }] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM alltypes_plain');
    await s.page.evaluate(() => (globalThis as any).socWorkbench.engine.simulateCrash());
    const t0 = Date.now();
    await s.page.waitForSelector('.notice[role=alert]:has-text("stopped")', { timeout: 20_000 });
    await s.page.waitForSelector('.notice:has-text("was restarted")', { timeout: WAIT.restart });
    const detectedAndRecoveredMs = Date.now() - t0;
    console.log(`watchdog: crash noticed and engine restarted with files reloaded in ${detectedAndRecoveredMs} ms`);
    const [{ n: after }] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM alltypes_plain');
    expect(after).toBe(before);
    const [{ n: samples }] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM disruptions_synthetic');
    expect(samples).toBeGreaterThan(0);
    await expect(s.page.locator('[role=status][data-state]').getAttribute('data-state')).resolves.toBe('ready');
  });
});

describe('files too large to copy', () => {
  it('are read lazily through a file handle, said so, and can be loaded into a table', async () => {
    await s.page.evaluate(() => ((globalThis as any).socWorkbench.engine.options.bufferLimitBytes = 1024 * 1024));
    const file = testdataPath('parquet/sorted.zstd_18_131072_small.parquet');
    const [{ n: rows }] = await nativeRows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${pathLiteral(file)})`);
    await pickFiles(s.page, [file]);
    const panel = s.page.locator('[data-table=sorted_zstd_18_131072_small]');
    await expect(panel.locator('.mode').textContent()).resolves.toMatch(/read from disk/);
    await expect(panel.locator('.why').textContent()).resolves.toMatch(/larger than 1 MB/);
    const [{ n }] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM sorted_zstd_18_131072_small');
    expect(n).toBe(rows);
    await panel.getByRole('button', { name: 'Load into a table' }).click();
    await s.page.waitForFunction(() => !document.querySelector('[data-table=sorted_zstd_18_131072_small] .why'));
    const [{ n: again }] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM sorted_zstd_18_131072_small');
    expect(again).toBe(rows);
  });

  it('made no request outside its own origin', () => expect(s.offOrigin).toEqual([]));
});

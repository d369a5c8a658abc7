/**
 * Issue 17 item 8: errors that were swallowed where a user loses something — ENUM values that arrived empty, a kept
 * file that could not be forgotten, a file store that failed to open, a share size that never came — each now said,
 * with what was lost and what to do. Browser storage failures are made by breaking the browser's own IndexedDB in
 * the page (the engine is real and untouched).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WAIT, closeBrowser, engineRows, openApp, pickFiles, sqlEditor, type AppSession } from './harness';

let s: AppSession;
const tmp = mkdtempSync(join(tmpdir(), 'socwb-swallowed-'));

function file(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('ENUM columns', () => {
  it('arrive with their values through the engine, as literals and from a table', async () => {
    expect(await engineRows(s.page, `SELECT 'a'::ENUM('a', 'b') AS e, 'b'::ENUM('a', 'b') AS f, 1 AS n`)).toEqual([{ e: 'a', f: 'b', n: 1 }]);
    expect(
      await engineRows(s.page, `SELECT m FROM (SELECT unnest(['sad', 'ok', 'happy', 'ok'])::ENUM('sad', 'ok', 'happy') AS m) ORDER BY m`),
    ).toEqual([{ m: 'sad' }, { m: 'ok' }, { m: 'ok' }, { m: 'happy' }]);
  });

  it('show their values in the SQL grid', async () => {
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.type(`SELECT 'happy'::ENUM('sad', 'happy') AS mood, 7 AS n`);
    await s.page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => s.page.getByRole('grid').first().innerText(), { timeout: WAIT.draw }).toContain('happy');
  });
});

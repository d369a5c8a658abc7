/**
 * Issue 20 in Chromium against the real engine: the SQL history (two statements, one failing, kept across a reload,
 * searched, put back in the editor and run again with Ctrl+Enter, cleared) and saved queries (saved, renamed, kept in
 * the workbook file, opened in a fresh profile and run there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { WAIT, closeBrowser, engineRows, openApp, pickFiles, sqlEditor, type AppSession } from './harness';

let s: AppSession;
const out = mkdtempSync(join(tmpdir(), 'soc-history-'));
const BY_FORCE = 'SELECT force, count(*) AS n FROM disruptions_synthetic GROUP BY force ORDER BY force';
const FAILING = 'SELECT nosuchcolumn FROM disruptions_synthetic';

const history = (page: Page) => page.locator('section[aria-label="Query history"]');
const entries = (page: Page) => history(page).locator('li');
const workbenchSql = (page: Page) => page.evaluate(() => (globalThis as any).socWorkbench.workbench.sql as string);
const gridRows = (page: Page) => page.evaluate(() => Number(document.querySelector('[role=grid]')?.getAttribute('data-rowcount')));

/** Wait until no SQL of the user's runs (the editor ignores Ctrl+Enter meanwhile; the first query runs at start). */
const idle = (page: Page) => page.waitForFunction(() => !(globalThis as any).socWorkbench.workbench.running, undefined, { timeout: WAIT.draw });

/** Replace the editor's text by typing, then run it with Ctrl+Enter; resolves when its run has ended. */
async function typeAndRun(page: Page, sql: string): Promise<void> {
  const editor = await sqlEditor(page);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(sql, { delay: 0 });
  await idle(page);
  const before = await page.evaluate(() => (globalThis as any).socWorkbench.workbench.history.entries.length as number);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.history.entries.length > n, before, { timeout: WAIT.draw });
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForSelector('[role=status][data-state=ready]', { timeout: WAIT.start });
  await page.waitForSelector('[data-table=disruptions_synthetic]', { timeout: WAIT.start });
  await sqlEditor(page);
}

/** Click, wait for the download, save it under `out`; returns its path. */
async function saved(page: Page, click: () => Promise<unknown>): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  const path = join(out, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('the SQL history', () => {
  let forces = 0;

  it('keeps both statements run, newest first, with the row count of one and the error of the other', async () => {
    forces = (await engineRows(s.page, `SELECT count(DISTINCT force)::INTEGER AS n FROM disruptions_synthetic`))[0].n as number;
    await typeAndRun(s.page, BY_FORCE);
    await s.page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === String(n), forces);
    await typeAndRun(s.page, FAILING);
    await s.page.locator('.sql-error[role=alert]').waitFor();
    // The grid still shows the earlier statement's rows, and says they are not the failed one's.
    await expect(s.page.locator('[role=grid]').getAttribute('data-rowcount')).resolves.toBe(String(forces));
    await expect(s.page.locator('.caption').filter({ hasText: 'Earlier result: the statement above failed' }).count()).resolves.toBe(1);
    // The workbench's own first query at start-up is not the user's, so it is not in the history.
    await expect(entries(s.page).count()).resolves.toBe(2);
    await expect(entries(s.page).locator('.sql').allTextContents()).resolves.toEqual([FAILING, BY_FORCE]);
    await expect(entries(s.page).nth(0).getAttribute('class')).resolves.toMatch(/\berror\b/);
    await expect(entries(s.page).nth(0).locator('.outcome').textContent()).resolves.toMatch(/^Error: .*nosuchcolumn/);
    await expect(entries(s.page).nth(1).locator('.outcome').textContent()).resolves.toBe(`${forces} rows`);
    await expect(entries(s.page).nth(1).locator('.meta').textContent()).resolves.toMatch(/^\d\d:\d\d · \d+(\.\d)? m?s · /);
    await expect(history(s.page).locator('.kept').textContent()).resolves.toMatch(/Kept in this browser: the last 1,000 statements/);
  });

  it('is still there after a reload', async () => {
    await reload(s.page);
    await entries(s.page).nth(1).waitFor();
    await expect(entries(s.page).locator('.sql').allTextContents()).resolves.toEqual([FAILING, BY_FORCE]);
    await expect(entries(s.page).nth(1).locator('.outcome').textContent()).resolves.toBe(`${forces} rows`);
  });

  it('the search filters it', async () => {
    const search = history(s.page).getByLabel('Search the history');
    await search.fill('nosuch');
    await expect(entries(s.page).locator('.sql').allTextContents()).resolves.toEqual([FAILING]);
    await search.fill('group by force');
    await expect(entries(s.page).locator('.sql').allTextContents()).resolves.toEqual([BY_FORCE]);
    await search.fill('no statement has this');
    await expect(entries(s.page).count()).resolves.toBe(0);
    await expect(history(s.page).locator('.empty').textContent()).resolves.toMatch(/No statement matches/);
    await search.fill('');
    await expect(entries(s.page).count()).resolves.toBe(2);
  });

  it('a click puts the statement back in the editor, and Ctrl+Enter runs it', async () => {
    await typeAndRun(s.page, 'SELECT 1 AS something_else');
    await s.page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === '1');
    await entries(s.page).filter({ hasText: BY_FORCE }).locator('.sql').click();
    await idle(s.page);
    await expect(workbenchSql(s.page)).resolves.toBe(BY_FORCE);
    await expect(s.page.getByLabel('SQL editor').textContent()).resolves.toBe(BY_FORCE);
    // The editor has the focus: the keys go to it.
    await s.page.keyboard.press('Control+Enter');
    await s.page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === String(n), forces);
    expect(await gridRows(s.page)).toBe(forces);
    await expect(entries(s.page).locator('.sql').allTextContents()).resolves.toEqual([BY_FORCE, 'SELECT 1 AS something_else', FAILING, BY_FORCE]);
  });

  it('Clear history asks, then forgets it, here and after a reload', async () => {
    await history(s.page).getByRole('button', { name: 'Clear history' }).click();
    await history(s.page).getByRole('group', { name: 'Clear the history?' }).getByRole('button', { name: 'Clear' }).click();
    await expect(entries(s.page).count()).resolves.toBe(0);
    // The store is written after the screen: a reload in the same instant could come before the write ends.
    await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.history.settled());
    await reload(s.page);
    await history(s.page).locator('.empty').waitFor();
    await expect(entries(s.page).count()).resolves.toBe(0);
  });

});

describe('saved queries', () => {
  const SQL = '-- Forces by size\nSELECT force, population FROM force_population_synthetic ORDER BY population DESC, force';
  const savedList = (page: Page) => page.locator('section[aria-label="Saved queries"] li .name');
  let workbookFile = '';
  let forces = 0;

  it('saves the editor\'s SQL under a name taken from its first comment, renames it, and its result charts', async () => {
    forces = (await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM force_population_synthetic'))[0].n as number;
    await sqlEditor(s.page);
    await s.page.evaluate((sql) => ((globalThis as any).socWorkbench.workbench.sql = sql), SQL);
    await s.page.getByRole('button', { name: 'Save query…' }).click();
    const name = s.page.getByLabel('Query name');
    await expect(name.inputValue()).resolves.toBe('Forces by size');
    await s.page.getByRole('form', { name: 'Save the query' }).getByRole('button', { name: 'Save' }).click();
    await expect(savedList(s.page).allTextContents()).resolves.toEqual(['Forces by size']);
    await s.page.getByRole('button', { name: 'Rename Forces by size' }).click();
    await s.page.getByLabel('New name for Forces by size').fill('Largest forces');
    await s.page.locator('section[aria-label="Saved queries"]').getByRole('button', { name: 'OK' }).click();
    await expect(savedList(s.page).allTextContents()).resolves.toEqual(['Largest forces']);

    await s.page.getByLabel('SQL editor').click();
    await s.page.keyboard.press('Control+End');
    await idle(s.page);
    await s.page.keyboard.press('Control+Enter');
    await s.page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === String(n), forces);
    await s.page.getByRole('group', { name: 'Show the result as' }).getByRole('button', { name: 'Chart' }).click();
    await s.page.locator('section[aria-label="Result chart"] figure svg').first().waitFor({ timeout: WAIT.draw });
    await s.page.getByRole('group', { name: 'Show the result as' }).getByRole('button', { name: 'Table' }).click();
  });

  it('travels in the workbook file', async () => {
    await s.page.getByRole('button', { name: 'Share workbook…' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Share the workbook' });
    await expect(dialog.locator('p.muted').first().textContent()).resolves.toMatch(/1 saved query\./);
    await dialog.getByRole('button', { name: /Save workbook file \(\d/ }).waitFor();
    workbookFile = await saved(s.page, () => dialog.getByRole('button', { name: /Save workbook file/ }).click());
    await dialog.getByRole('button', { name: 'Close' }).click();
    const parsed = JSON.parse(readFileSync(workbookFile, 'utf8'));
    expect(parsed.version).toBe(3);
    expect(parsed.queries).toEqual([{ id: 'q1', name: 'Largest forces', sql: SQL }]);
  });

  it('opens in a fresh profile: listed, put in the editor without running, run there; changes saved over it', async () => {
    const other = await openApp();
    try {
      await pickFiles(other.page, [workbookFile]);
      await other.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.workbook.workbook.queries.length === 1);
      await expect(savedList(other.page).allTextContents()).resolves.toEqual(['Largest forces']);
      await sqlEditor(other.page);
      await idle(other.page);
      const lastRun = () => other.page.evaluate(() => ((globalThis as any).socWorkbench.workbench.result?.sql ?? null) as string | null);
      const before = await lastRun();
      await savedList(other.page).first().click();
      await expect(workbenchSql(other.page)).resolves.toBe(SQL);
      // Opening is not running: a colleague's query runs only when the reader presses Run.
      expect(await lastRun()).toBe(before);
      await other.page.keyboard.press('Control+Enter');
      await other.page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === String(n), forces);

      await other.page.evaluate((sql) => ((globalThis as any).socWorkbench.workbench.sql = `${sql} LIMIT 5`), SQL);
      await other.page.getByRole('button', { name: 'Save changes to “Largest forces”' }).click();
      await expect(other.page.evaluate(() => (globalThis as any).socWorkbench.workbench.workbook.workbook.queries[0].sql)).resolves.toBe(`${SQL} LIMIT 5`);
      await other.page.getByRole('button', { name: 'Save changes to “Largest forces”' }).waitFor({ state: 'detached' });
      expect(other.offOrigin).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('is kept across a reload (autosaved with the workbook), and deleted', async () => {
    await reload(s.page);
    await expect(savedList(s.page).allTextContents()).resolves.toEqual(['Largest forces']);
    await s.page.getByRole('button', { name: 'Delete Largest forces' }).click();
    await expect(savedList(s.page).count()).resolves.toBe(0);
  });

  it('made no request outside its own origin', () => {
    expect(s.offOrigin).toEqual([]);
  });
});

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

  it('inside a list cannot be read again as text: refused with the cast to write, never shown empty', async () => {
    const error = await s.page.evaluate(() =>
      (globalThis as any).socWorkbench.engine.query(`SELECT [('a'::ENUM('a', 'b'))] AS l`).then(() => null, (e: Error) => e.message),
    );
    expect(error).toMatch(/ENUM values inside lists or structs.*cast .* to VARCHAR/);
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

describe('kept files', () => {
  /** Make the browser refuse one IndexedDB operation on the kept-files store, as a full or locked profile does. */
  const refuse = (method: 'delete' | 'put') =>
    s.page.evaluate((m) => {
      const proto = IDBObjectStore.prototype as any;
      const original = proto[m];
      proto[m] = function (this: IDBObjectStore, ...args: unknown[]) {
        if (this.name === 'files') throw new DOMException('The operation failed for reasons unrelated to the database itself.', 'UnknownError');
        return original.apply(this, args);
      };
      (globalThis as any).restoreIdb = () => (proto[m] = original);
    }, method);
  const notices = () => s.page.locator('.notice').allInnerTexts();

  it('a dropped table whose kept file cannot be forgotten says it will come back after a reload', async () => {
    await pickFiles(s.page, [file('forget_me.csv', 'force,n\nKent,1\n')]);
    await refuse('delete');
    try {
      await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.drop('forget_me'));
    } finally {
      await s.page.evaluate(() => (globalThis as any).restoreIdb());
    }
    await expect.poll(notices, { timeout: WAIT.draw }).toContainEqual(expect.stringMatching(/forget_me was dropped, but its kept file could not be forgotten \(.*\): it comes back after a reload\. Drop it again then/));
  });

  it('a renamed table whose kept file cannot follow says under which name it comes back', async () => {
    await pickFiles(s.page, [file('old_name.csv', 'force,n\nKent,1\n')]);
    await refuse('put');
    try {
      await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.rename('old_name', 'new_name'));
    } finally {
      await s.page.evaluate(() => (globalThis as any).restoreIdb());
    }
    await expect.poll(notices, { timeout: WAIT.draw }).toContainEqual(expect.stringMatching(/old_name was renamed to new_name, but its kept file could not follow \(.*\): after a reload it comes back as old_name/));
  });
});

describe('a browser that will not open the file store, on a server without the single file', () => {
  let broken: AppSession;
  beforeAll(async () => {
    broken = await openApp({
      beforeGoto: async (context) => {
        await context.addInitScript(() => {
          const open = IDBFactory.prototype.open;
          IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
            if (name === 'soc-workbench-files') throw new DOMException('The user denied permission to access the database.', 'SecurityError');
            return open.call(this, name, version);
          };
        });
        await context.route('**/soc-workbench.html', (route) => route.fulfill({ status: 404, body: 'not here' }));
      },
    });
  });
  afterAll(() => broken?.close());

  it('says that loaded files will not be kept for next time, and why', async () => {
    await expect.poll(() => broken.page.locator('.notice').allInnerTexts(), { timeout: WAIT.draw }).toContainEqual(
      expect.stringMatching(/Files you load will not be kept for next time: this browser's storage for them could not be opened \(.*denied permission.*\)\. Your tables load as usual/),
    );
  });

  it('the Share dialog says why it cannot give the sizes, instead of "…" for ever', async () => {
    await broken.page.getByRole('button', { name: 'Share workbook…' }).click();
    const dialog = broken.page.getByRole('dialog', { name: 'Share the workbook' });
    await expect.poll(() => dialog.innerText(), { timeout: WAIT.draw }).toMatch(/The sizes could not be worked out: .*soc-workbench\.html: 404/);
    expect(await dialog.getByRole('button', { name: /Save standalone workbench/ }).innerText()).toBe('Save standalone workbench (size unknown)');
  });
});

describe("a workbook's embedded data and a loaded table of the same name", () => {
  const rows = () => engineRows(s.page, 'SELECT force, n::INTEGER AS n FROM clash ORDER BY force');
  let workbookPath: string;

  it('asks before replacing: "Keep mine" keeps the loaded table and says the views draw from it', async () => {
    await pickFiles(s.page, [file('clash.csv', 'force,n\nKent,1\nEssex,2\n')]);
    // A workbook with a view of clash and clash's rows inside, as "Share" would save it.
    const text = await s.page.evaluate(async () => {
      const wb = (globalThis as any).socWorkbench.workbench;
      await wb.builder.open('clash');
      wb.workbook.saveView('clash view', wb.builder.spec);
      return wb.workbook.fileText(true) as Promise<string>;
    });
    workbookPath = file('clash.workbook.json', text);
    // The user's table has changed since: it no longer matches the copy in the workbook.
    await engineRows(s.page, `DELETE FROM clash WHERE force = 'Essex'`);
    await s.page.getByLabel('Open files').setInputFiles([workbookPath]);
    const dialog = s.page.getByRole('dialog', { name: /A table called “clash” already exists/ });
    await dialog.waitFor({ timeout: WAIT.load });
    expect(await dialog.innerText()).toMatch(/clash\.workbook\.json carries its own copy of clash/);
    expect(await dialog.getByRole('button').allInnerTexts()).toEqual(["Replace with the workbook's", 'Keep mine']);
    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => s.page.locator('.notice').allInnerTexts(), { timeout: WAIT.load }).toContainEqual(expect.stringMatching(/Kept your table clash: the workbook's views draw from it, not from the copy in clash\.workbook\.json/));
    expect(await rows()).toEqual([{ force: 'Kent', n: 1 }]);
  });

  it('"Replace with the workbook\'s" loads the copy in the workbook', async () => {
    await s.page.getByLabel('Open files').setInputFiles([workbookPath]);
    const dialog = s.page.getByRole('dialog', { name: /A table called “clash” already exists/ });
    await dialog.waitFor({ timeout: WAIT.load });
    await dialog.getByRole('button', { name: "Replace with the workbook's" }).click();
    await expect.poll(rows, { timeout: WAIT.load }).toEqual([{ force: 'Essex', n: 2 }, { force: 'Kent', n: 1 }]);
  });
});

/**
 * Issue 17: input a hostile or unlucky user brings — column names that are Object.prototype members, formula text
 * stored as bytes, a workbook saved as plain `.json`, files whose errors must name what to try. One app session for
 * the file; each test leaves it usable for the next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { WAIT, closeBrowser, drawnTitle, engineRows, openApp, pickFiles, sqlEditor, type AppSession } from './harness';

let s: AppSession;
const tmp = mkdtempSync(join(tmpdir(), 'socwb-hostile-'));

/** Write a file for the picker and return its path. */
function file(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const builder = (page: Page) => page.locator('form[aria-label="Compare builder"]');

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('issue 17 item 1: columns named like Object.prototype members', () => {
  it('a table with columns constructor, toString and __proto__ opens in Compare, its measures listed, no page error', async () => {
    const errorsBefore = s.consoleErrors.length;
    await pickFiles(s.page, [file('ctor.csv', 'force,constructor,toString,__proto__,count\nKent,Ferrari,a,x,3\nEssex,McLaren,b,y,5\n')]);
    await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.spec?.table?.startsWith('ctor'), null, { timeout: WAIT.draw });
    await drawnTitle(s.page);
    const measures = await builder(s.page).locator('select[name="measure"] option').allTextContents();
    expect(measures.join('|')).toContain('count');
    // Every column appears in the data panel with a role of its own, the prototype names included.
    const roles = await s.page.evaluate(() => {
      const wb = (globalThis as any).socWorkbench.workbench;
      return (wb.roles.ctor ?? []).map((r: { name: string; role: string }) => `${r.name}:${r.role}`);
    });
    expect(roles).toEqual(['force:force', 'constructor:dimension', 'toString:dimension', '__proto__:dimension', 'count:measure']);
    expect(s.consoleErrors.slice(errorsBefore)).toEqual([]);
    // Compared by the column called constructor, the totals are the file's own: Ferrari 3, McLaren 5.
    await builder(s.page).locator('select[name="comparison"]').selectOption('total');
    await drawnTitle(s.page);
    await builder(s.page).locator('select[name="compareBy"]').selectOption('column:constructor');
    await drawnTitle(s.page);
    const drawn = await s.page.evaluate(() =>
      ((globalThis as any).socWorkbench.workbench.builder.rows as Record<string, unknown>[]).map((r) => [
        Object.values(r).find((v) => typeof v === 'string'),
        Object.values(r).find((v) => typeof v === 'number'),
      ]),
    );
    expect([...drawn].sort()).toEqual([['Ferrari', 3], ['McLaren', 5]]);
    expect(s.consoleErrors.slice(errorsBefore)).toEqual([]);
    expect(await engineRows(s.page, 'SELECT 42 AS n')).toEqual([{ n: 42 }]);
  });

  it('tables named constructor, toString and __proto__ are listed, recognised and compared like any other', async () => {
    const errorsBefore = s.consoleErrors.length;
    await pickFiles(s.page, [file('constructor.csv', 'force,count\nKent,7\nEssex,11\n')]);
    await s.page.evaluate(async () => {
      const wb = (globalThis as any).socWorkbench.workbench;
      await wb.sqlRunner.run(`CREATE TABLE "toString" AS SELECT * FROM (VALUES ('Kent', 13), ('Essex', 17)) v(force, count);
        CREATE TABLE "__proto__" AS SELECT * FROM (VALUES ('Kent', 19), ('Essex', 23)) v(force, count);`);
    });
    for (const [table, kent] of [['constructor', 7], ['toString', 13], ['__proto__', 19]] as const) {
      await expect.poll(() => s.page.locator(`[data-table="${table}"]`).count(), { timeout: WAIT.draw }).toBeGreaterThan(0);
      await expect.poll(() => s.page.evaluate((t) => {
        const roles = (globalThis as any).socWorkbench.workbench.roles;
        return Object.hasOwn(roles, t) ? roles[t].map((r: { role: string }) => r.role).join(',') : 'none';
      }, table), { timeout: WAIT.draw }).toBe('force,measure');
      await builder(s.page).locator('select[name="table"]').selectOption(table);
      await s.page.waitForFunction((t) => (globalThis as any).socWorkbench.workbench.builder.spec?.table === t, table, { timeout: WAIT.draw });
      await drawnTitle(s.page);
      await builder(s.page).locator('select[name="comparison"]').selectOption('total');
      await drawnTitle(s.page);
      const kentValue = await s.page.evaluate(() => {
        const rows = (globalThis as any).socWorkbench.workbench.builder.rows as Record<string, unknown>[];
        const kent = rows.find((r) => Object.values(r).includes('Kent'));
        return kent ? Object.values(kent).filter((v) => typeof v === 'number').map(Number) : null;
      });
      expect(kentValue, table).toContain(kent);
    }
    expect(s.consoleErrors.slice(errorsBefore)).toEqual([]);
  });
});

describe('issue 17 item 2: formula text stored as bytes', () => {
  it('Save as CSV of a result with BLOB cells writes them neutralised, as the SQL tab shows them', async () => {
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.insertText(`SELECT '=HYPERLINK("http://x")'::BLOB AS b, '@SUM(A1)'::BLOB AS b2, 'Kent'::BLOB AS b3`);
    await s.page.keyboard.press('ControlOrMeta+Enter');
    await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.result?.table?.schema?.fields?.[0]?.name === 'b', null, { timeout: WAIT.draw });
    const save = s.page.getByRole('group', { name: 'Save the result' }).getByRole('button', { name: 'CSV' });
    const [download] = await Promise.all([s.page.waitForEvent('download') as Promise<Download>, save.click()]);
    const path = join(tmp, download.suggestedFilename());
    await download.saveAs(path);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(`b,b2,b3\r\n"'=HYPERLINK(""http://x"")",'@SUM(A1),Kent\r\n`);
  });
});

describe('issue 17 item 6: a workbook saved as .json', () => {
  const WORKBOOK = readFileSync(resolve('test/fixtures/workbooks/valid.workbook.json'));
  const views = () => s.page.evaluate(() => ((globalThis as any).socWorkbench.workbench.workbook.workbook.views as { name: string }[]).map((v) => v.name));
  const tableNames = async () => (await engineRows(s.page, "SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'main'")).map((r) => String(r.n));
  const settled = () => s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.filesSettled as number);
  const expectedViews = (JSON.parse(WORKBOOK.toString('utf8')) as { views: { name: string }[] }).views.map((v) => v.name);

  /** Choose a file in the Share dialog's "Open a workbook file" and wait until it has been opened or refused. */
  async function chooseWorkbook(path: string): Promise<void> {
    const before = await settled();
    await s.page.getByRole('button', { name: 'Share workbook…' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Share the workbook' });
    await dialog.getByLabel(/Choose a \.workbook\.json file/).setInputFiles(path);
    await s.page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled > n, before, { timeout: WAIT.load });
  }

  it('chosen in "Open a workbook file", it opens as the workbook, and no table is made of it', async () => {
    const tablesBefore = await tableNames();
    await chooseWorkbook(file('briefing.json', WORKBOOK));
    expect(await views()).toEqual(expectedViews);
    expect(await tableNames()).toEqual(tablesBefore);
  });

  it('a data file chosen there is refused with a message naming it, and is not loaded', async () => {
    const tablesBefore = await tableNames();
    const viewsBefore = await views();
    await chooseWorkbook(file('rows.json', '[{"force":"Kent","count":3}]'));
    const alert = s.page.getByRole('alert').filter({ hasText: 'rows.json' }).last();
    await alert.waitFor({ timeout: WAIT.draw });
    expect(await alert.textContent()).toMatch(/rows\.json is not a SOC Workbench workbook/);
    expect(await alert.textContent()).toMatch(/Open files/);
    expect(await tableNames()).toEqual(tablesBefore);
    expect(await views()).toEqual(viewsBefore);
  });

  it('dropped on the window, a .json whose format is the workbook format opens as a workbook; other JSON loads as data', async () => {
    // The workbook emptied first, so the views can only come from the dropped file.
    await s.page.evaluate(() => {
      const wb = (globalThis as any).socWorkbench.workbench.workbook;
      for (const v of [...wb.workbook.views]) wb.delete(v.id);
    });
    expect(await views()).toEqual([]);
    const tablesBefore = await tableNames();
    const before = await settled();
    await s.page.evaluate(
      ({ files }) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'application/json' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { files: [{ name: 'shared briefing.json', bytes: [...WORKBOOK] }, { name: 'kent_rows.json', bytes: [...Buffer.from('[{"force":"Kent","count":3}]')] }] },
    );
    await s.page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled >= n + 2, before, { timeout: WAIT.load * 2 });
    expect(await views()).toEqual(expectedViews);
    // The data file is a table (with the normalised view recognition makes of it); the workbook is not.
    expect((await tableNames()).filter((t) => !tablesBefore.includes(t) && !t.endsWith('_norm'))).toEqual(['kent_rows']);
  });
});

describe('issue 17 item 7: messages a user can act on', () => {
  const alertFor = async (name: string) => {
    const alert = s.page.getByRole('alert').filter({ hasText: name }).last();
    await alert.waitFor({ timeout: WAIT.draw });
    return (await alert.textContent()) ?? '';
  };
  const BOM = [0xef, 0xbb, 0xbf];

  it('a 10,000-deep JSON file is refused with its depth, line and what to try, not "Maximum call stack size exceeded"', async () => {
    await pickFiles(s.page, [file('deep.json', `[{"force":"Kent",\n"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`)]);
    const text = await alertFor('deep.json');
    expect(text).toMatch(/Could not load deep\.json, line 2: values are nested 10,002 levels deep; the workbench reads at most 1,000 — export it with flatter rows/);
    expect(text).not.toMatch(/call stack/i);
    expect(await engineRows(s.page, 'SELECT 42 AS n')).toEqual([{ n: 42 }]);
  });

  it('a UTF-8 BOM on Windows-1252 text loads as Windows-1252, and the load report says so', async () => {
    const bytes = Uint8Array.from([...BOM, ...Buffer.from('force,note\nEssex,', 'latin1'), 0xa3, ...Buffer.from('5 caf', 'latin1'), 0xe9, 0x0a]);
    await pickFiles(s.page, [file('bom_1252.csv', bytes)]);
    expect(await engineRows(s.page, 'SELECT * FROM bom_1252')).toEqual([{ force: 'Essex', note: '£5 café' }]);
    const loaded = (await s.page.locator('.notice').filter({ hasText: 'Loaded bom_1252.csv' }).last().textContent()) ?? '';
    expect(loaded).toMatch(/Read as Windows-1252\. It starts with a UTF-8 byte-order mark, but its text is not UTF-8/);
    expect(loaded).toMatch(/Load options… → Encoding/);
  });

  it('Windows-1252 bytes after 64 KiB of UTF-8 are refused at their real line, with what to try', async () => {
    const rows = Buffer.from('force,note\n' + 'Kent,plain\n'.repeat(8000) + 'Essex,');
    await pickFiles(s.page, [file('mixed_encoding.csv', Uint8Array.from([...BOM, ...rows, 0xa3, 0x35, 0x0a]))]);
    const text = await alertFor('mixed_encoding.csv');
    expect(text).toMatch(/mixed_encoding\.csv, line 8002: byte 0xA3 is not UTF-8 text \(it is "£" in Windows-1252\)/);
    expect(text).toMatch(/save it as "CSV UTF-8"/);
    expect(text).not.toMatch(/byte sequence mismatch|Parser options/);
    expect((await engineRows(s.page, "SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'mixed_encoding'"))).toEqual([{ n: 0 }]);
  });
});

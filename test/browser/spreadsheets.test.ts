/**
 * Issue 15 in the browser: a real .ods workbook picked as a user would becomes one table per data sheet, its
 * contents sheet is listed, the builder's first chart of Table_1 shows the 43 forces with the numbers the sheet stores
 * (read by the test's own XML reader, helpers/sheet-xml.ts), under the app's CSP, with no request off the page.
 */
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { chartNumbers, closeBrowser, drawnTitle, engineRows, openApp, pickFiles, type AppSession } from './harness';
import { testdataPath } from '../helpers/testdata';
import { FORTY_THREE, territorial } from '../helpers/published';
import { num, odsSheets, txt, xlsxSheets, zipStored } from '../helpers/sheet-xml';
import { encryptedXlsx, millionRowOds, minimalOds, sheetlessOds, workbookBytes } from '../helpers/workbook-fixtures';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ONS_PFA = testdataPath('spreadsheets/ons_pfa_tables_ye_mar2018.xlsx');
const dir = mkdtempSync(join(tmpdir(), 'socwb-sheets-'));
/** A file of these bytes in the test's own folder, named as the user would see it. */
function fixture(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// A sheet as publishers lay one out: a title, a note, the header on row 3, three forces, a blank row, a source line.
const ARRESTS: (string | number | null)[][] = [
  ['Arrests by force, 2023'],
  ['Provisional figures'],
  ['Force', 'Arrests', 'Charges'],
  ['Kent', 100, 30],
  ['Essex', 200, 60],
  ['Surrey', 50, 10],
  [],
  ['Source: Home Office'],
];

const WORKFORCE = testdataPath('spreadsheets/ho_police_workforce_sep19_tables.ods');
const USE_OF_FORCE = testdataPath('spreadsheets/ho_police_use_of_force_apr2019_mar2020_tables.ods');

let s: AppSession;

beforeEach(async (ctx) => {
  // The single-file test opens the page from file:// itself.
  s = await openApp(ctx.task.name.includes('single file') ? { url: inject('singleFileUrl') } : {});
  // SheetJS must run without eval: any CSP violation on the page is recorded and fails the test.
  await s.page.evaluate(() => {
    (globalThis as any).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => (globalThis as any).cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
});
afterEach(async () => {
  await s?.close();
});
afterAll(async () => {
  await closeBrowser();
});

async function tablesLike(prefix: string): Promise<string[]> {
  const rows = await engineRows(s.page, `SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE '${prefix}%' ORDER BY t`);
  return rows.map((r) => String(r.t));
}

/** Officer FTE at 30 September 2019 by canonical force, from the sheet's XML; "West Midlands" the force, not the region. */
function expectedTable1(): Map<string, number> {
  const rows = odsSheets(WORKFORCE).get('Table_1')!;
  const headerAt = rows.findIndex((r) => r.some((c) => c?.type === 'date' && c.value?.startsWith('2019-09-30')));
  const col = rows[headerAt].findIndex((c) => c?.type === 'date' && c.value?.startsWith('2019-09-30'));
  const body = rows.slice(headerAt + 1).filter((r) => txt(r[0]) !== '' && num(r[col]) !== undefined);
  const value = (label: string) => body.filter((r) => txt(r[0]) === label).map((r) => num(r[col])!);
  // Two rows say "West Midlands": the region is the one equal to the sum of its four forces.
  const [a, b] = value('West Midlands');
  const others = value('Staffordshire')[0] + value('Warwickshire')[0] + value('West Mercia')[0];
  const force = Math.abs(a - (others + b)) < 0.01 ? b : a;
  const expected = new Map<string, number>();
  for (const r of body) {
    const label = txt(r[0]);
    const name = territorial(label === 'London, City of' ? 'City of London' : label);
    if (name && name !== 'West Midlands') expected.set(name, num(r[col])!);
  }
  expected.set('West Midlands', force);
  return expected;
}

// One workbook makes 13–17 tables, and each goes through domain recognition (roles, normalised and long views) after
// the load: that takes far longer than one CSV's WAIT.load on a loaded machine (≈ 70 s measured at load average 10).
const WORKBOOK_SETTLED = 300_000;
/** A poll that waits for a load or a reload, with domain recognition after it, on a loaded machine. */
const POLL = { timeout: 60_000 };

/**
 * Pick one workbook and wait until it has settled. Returns the load notice (read when it appears: later notices push
 * it out), the ms until the tables were in the engine, and the ms until recognised and charted.
 */
async function pickWorkbook(path: string, firstTable: string): Promise<{ notice: string; loaded: number; settled: number }> {
  const t0 = Date.now();
  const before = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.filesSettled as number);
  await pickFiles(s.page, [path], { wait: false });
  const handle = await s.page.waitForFunction(
    (t) => (globalThis as any).socWorkbench.workbench.notices.find((n: { text: string }) => n.text.includes(t))?.text,
    firstTable,
    { timeout: WORKBOOK_SETTLED },
  );
  const notice = String(await handle.jsonValue());
  const loaded = Date.now() - t0;
  await s.page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled > n, before, { timeout: WORKBOOK_SETTLED });
  return { notice, loaded, settled: Date.now() - t0 };
}

function shown(text: string): { value: number; tolerance: number } {
  const t = text.replace(/,/g, '').trim();
  const decimals = /\.(\d+)/.exec(t)?.[1].length ?? 0;
  return { value: Number(t), tolerance: 0.5 * 10 ** -decimals + 1e-9 };
}

describe('spreadsheets', () => {
  it('a picked .ods loads every data sheet as a table, lists its contents sheet, and charts Table_1 right', { timeout: 2 * WORKBOOK_SETTLED }, async () => {
    const { notice, loaded, settled } = await pickWorkbook(WORKFORCE, 'ho_police_workforce_sep19_tables_table_1');
    console.info(`workforce .ods (130 kB, 13 tables): in the engine after ${loaded} ms, recognised and charted after ${settled} ms`);
    const tables = await tablesLike('ho_police_workforce_sep19_tables_table_');
    expect(tables.filter((t) => /_table_\d+$/.test(t))).toHaveLength(13);
    await expect.poll(() => s.page.locator('[data-table=ho_police_workforce_sep19_tables_table_1]').count()).toBeGreaterThan(0);
    expect(notice).toContain('Not loaded, not data: "Index" (contents).');
    expect(notice).toContain('unit: Full-time equivalents');
    // The data panel groups the workbook's tables under its file and lists the sheet it did not load.
    const group = s.page.locator('[data-group="workbook:ho_police_workforce_sep19_tables.ods"]');
    await expect.poll(() => group.locator('[data-table]').count()).toBeGreaterThanOrEqual(13);
    const notLoaded = async () => (await group.locator('.not-loaded').textContent())?.replace(/\s+/g, ' ').trim();
    expect(await notLoaded()).toBe('Not loaded, not data: Index (contents) Load anyway');

    const title = await drawnTitle(s.page);
    expect(title).toMatch(/2019/);
    const rows = (await chartNumbers(s.page)).map((r) => Object.values(r));
    expect(rows.map((r) => r[0]).sort()).toEqual([...FORTY_THREE].sort());
    const byForce = new Map(rows.map((r) => [r[0], r[1]]));
    const expected = expectedTable1();
    expect(expected.size).toBe(43);
    for (const [force, value] of expected) {
      const got = shown(byForce.get(force) ?? 'NaN');
      expect(Math.abs(got.value - value), `${force} shows ${byForce.get(force)}, the sheet stores ${value}`).toBeLessThanOrEqual(got.tolerance);
    }

    // Export to Excel (written in the spreadsheet worker): the 43 rows behind the chart, read back by our own reader.
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.getByRole('toolbar', { name: 'This view' }).getByRole('button', { name: 'Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const sheets = xlsxSheets(await download.path());
    expect([...sheets.keys()]).toEqual(['Data', 'Notes']);
    const data = sheets.get('Data')!.slice(1).filter((r) => r.length);
    expect(data).toHaveLength(43);
    const kent = data.find((r) => r.some((c) => txt(c) === 'Kent'))!;
    expect(kent.map(num)).toContain(expected.get('Kent'));
    expect(sheets.get('Notes')!.map((r) => txt(r[0]))).toEqual(['Title', 'Sources', 'Provenance', 'Rows']);

    // The page's CSP-violation log does not survive the reload below: read it now.
    expect(await s.page.evaluate(() => (globalThis as any).cspViolations)).toEqual([]);

    // Kept for the next session: after a reload every table of the workbook is back, with the same numbers.
    await s.page.reload();
    await s.page.waitForSelector('[data-table=ho_police_workforce_sep19_tables_table_13]', { timeout: WORKBOOK_SETTLED });
    expect((await tablesLike('ho_police_workforce_sep19_tables_table_')).filter((t) => /_table_\d+$/.test(t))).toHaveLength(13);
    const [kentAgain] = await engineRows(s.page, `SELECT "Sep-19" AS v FROM ho_police_workforce_sep19_tables_table_1 WHERE "Force" = 'Kent'`);
    expect(kentAgain.v).toBe(expected.get('Kent'));
    await expect.poll(notLoaded).toBe('Not loaded, not data: Index (contents) Load anyway');

    expect(s.offOrigin).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });

  it('the largest workbook (use of force, 17 sheets) loads, naming each sheet as it goes, and Table_13 sums as the sheet does', { timeout: 2 * WORKBOOK_SETTLED }, async () => {
    // Every progress line the page shows, as it shows it.
    await s.page.evaluate(() => {
      const seen: string[] = ((globalThis as any).progressSeen = []);
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.loads .load span')) if (seen[seen.length - 1] !== el.textContent) seen.push(el.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const { notice, loaded, settled } = await pickWorkbook(USE_OF_FORCE, 'ho_police_use_of_force_apr2019_mar2020_tables_table_1');
    const seen = (await s.page.evaluate(() => (globalThis as any).progressSeen)) as string[];
    const said = seen.map((t) => t.replace(/\s+/g, ' ').trim());
    expect(said.some((t) => /— parsing the workbook \(0\.5 MB\)/.test(t)), said.join('\n')).toBe(true);
    expect(said.some((t) => /— finding tables in sheet Table_13 \(15 of 19\), \d+ rows/.test(t)), said.join('\n')).toBe(true);
    expect(said.some((t) => /— table \d+ of 17, sheet Table_13, 162 rows/.test(t)), said.join('\n')).toBe(true);
    expect(notice).toContain('Not loaded, not data: "Cover_sheet" (cover), "Contents" (contents).');
    console.info(`use-of-force .ods (499 kB, 17 tables): in the engine after ${loaded} ms, recognised and charted after ${settled} ms`);
    const tables = await tablesLike('ho_police_use_of_force_apr2019_mar2020_tables_table_');
    expect(tables).toContain('ho_police_use_of_force_apr2019_mar2020_tables_table_13');
    const rows = odsSheets(USE_OF_FORCE).get('Table_13')!;
    const headerAt = rows.findIndex((r) => txt(r[0]) === 'Financial year');
    const forces = rows.slice(headerAt + 1).filter((r) => /^\d{4}\/\d{2}$/.test(txt(r[0])) && territorial(txt(r[2])));
    const expected = forces.reduce((sum, r) => sum + num(r[3])!, 0);
    const [got] = await engineRows(
      s.page,
      `SELECT sum("Total")::DOUBLE AS total, count(*)::INTEGER AS n FROM ho_police_use_of_force_apr2019_mar2020_tables_table_13 WHERE "Police force" IN (${forces.map((r) => `'${txt(r[2]).replace(/'/g, "''")}'`).filter((v, i, a) => a.indexOf(v) === i).join(', ')})`,
    );
    expect(got.total).toBe(expected);
    expect(got.n).toBe(forces.length);

    // Table_1, the first chart: each type of force as the sheet's own "Total <type>" row gives it, never its
    // subtotals ("Total Restraint", "Handcuffing, of which") added to the rows they total (Restraint showed 1,253,626).
    const t1 = odsSheets(USE_OF_FORCE).get('Table_1')!;
    const at1 = t1.findIndex((r) => txt(r[0]) === 'Type of force');
    const subtotals = new Map(
      t1.slice(at1 + 1).filter((r) => txt(r[1]) === `Total ${txt(r[0])}`).map((r) => [txt(r[0]), num(r[2]) ?? Number(txt(r[2]).replace(/,/g, ''))]),
    );
    expect(subtotals.get('Restraint')).toBe(451_578);
    await expect.poll(() => s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.spec?.table)).toBe('ho_police_use_of_force_apr2019_mar2020_tables_table_1_norm');
    const drawn = new Map(
      (await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.rows.map((r: any) => [r['Type of force'], r.value]))) as [string, number][],
    );
    for (const [type, value] of subtotals) expect(drawn.get(type), type).toBe(value);
    // The table's grand total row is not drawn as a category.
    expect([...drawn.keys()].filter((k) => /^Total/.test(k))).toEqual([]);
    // It has no period: a comparison across periods is not offered, and says why (it used to end in
    // "comparison.from: must not be empty").
    const change = s.page.locator('select[name=comparison] option[value=change]');
    await expect(change.isDisabled()).resolves.toBe(true);
    await expect(change.textContent()).resolves.toMatch(/needs two periods; this table has none/);

    // One click loads a listed contents sheet anyway: every filled row, the first as the header; the list drops it.
    const group = s.page.locator('[data-group="workbook:ho_police_use_of_force_apr2019_mar2020_tables.ods"]');
    await group.getByRole('button', { name: 'Load anyway: sheet Contents' }).click();
    const contentsTable = 'ho_police_use_of_force_apr2019_mar2020_tables_contents';
    await s.page.locator(`[data-table=${contentsTable}]`).waitFor({ timeout: WORKBOOK_SETTLED });
    await expect.poll(() => group.locator('.not-loaded li').allTextContents()).toEqual([expect.stringMatching(/^\s*Cover_sheet \(cover\)\s*Load anyway\s*$/)]);
    const contents = odsSheets(USE_OF_FORCE).get('Contents')!;
    const filled = contents.filter((r) => r.some((c) => txt(c) !== ''));
    expect(await engineRows(s.page, `SELECT count(*)::INTEGER AS n FROM ${contentsTable}`)).toEqual([{ n: filled.length - 1 }]);
    // Load options… then finds the table of contents under its real header: each table number with its title.
    const headerRow = contents.findIndex((r) => txt(r[0]) === 'Table' && txt(r[1]) === 'Title') + 1;
    await s.page.evaluate(([t, h]) => (globalThis as any).socWorkbench.workbench.reload(t, { sheet: { headerRow: h } }), [contentsTable, headerRow] as const);
    const listed = contents.slice(headerRow).filter((r) => /^\d+$/.test(txt(r[0]))).map((r) => ({ table: txt(r[0]), title: txt(r[1]) }));
    expect(listed.length).toBeGreaterThan(10);
    const got2 = await engineRows(s.page, `SELECT CAST(TRY_CAST("Table" AS INTEGER) AS VARCHAR) AS "table", "Title" AS title FROM ${contentsTable} WHERE TRY_CAST("Table" AS INTEGER) IS NOT NULL ORDER BY TRY_CAST("Table" AS INTEGER)`);
    expect(got2).toEqual(listed);
    expect(s.offOrigin).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });

  it('the single file from file:// reads a workbook in its embedded worker (gzip data block, Blob URL)', { timeout: 2 * WORKBOOK_SETTLED }, async () => {
    const { notice, loaded } = await pickWorkbook(WORKFORCE, 'ho_police_workforce_sep19_tables_table_1');
    console.info(`single file: workforce .ods in the engine after ${loaded} ms`);
    expect(notice).toMatch(/^Loaded ho_police_workforce_sep19_tables\.ods: 13 tables \(688 rows\)/);
    expect((await tablesLike('ho_police_workforce_sep19_tables_table_')).filter((t) => /_table_\d+$/.test(t))).toHaveLength(13);
    expect(s.offOrigin).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
    expect(await s.page.evaluate(() => (globalThis as any).cspViolations)).toEqual([]);
  });

  it('an .xlsx that is not a workbook is refused with a message naming it, and the app keeps working', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'socwb-')), 'not-a-workbook.xlsx');
    writeFileSync(path, 'Force,Count\nKent,1\n');
    await pickFiles(s.page, [path]);
    await expect.poll(() => s.page.getByText(/Could not load not-a-workbook\.xlsx: this is not a \.xlsx workbook/).count()).toBeGreaterThan(0);
    const [one] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM disruptions_synthetic');
    expect(Number(one.n)).toBeGreaterThan(0);
  });

  it('a load report that took too much: Load options… reads the sheet again from the cells the user names, and back', { timeout: WORKBOOK_SETTLED }, async () => {
    await pickFiles(s.page, [fixture('arrests_2023.xlsx', workbookBytes({ Arrests: ARRESTS }))]);
    const table = 'arrests_2023_arrests';
    const all = `SELECT * FROM ${table} ORDER BY "Force"`;
    // The finder: header on row 3, every force, the title, note and source left out.
    expect(await engineRows(s.page, all)).toEqual([
      { Force: 'Essex', Arrests: 200, Charges: 60 },
      { Force: 'Kent', Arrests: 100, Charges: 30 },
      { Force: 'Surrey', Arrests: 50, Charges: 10 },
    ]);
    const panel = s.page.locator(`[data-table=${table}]`);
    await panel.getByTitle('Show columns').click();
    await panel.getByRole('button', { name: 'Details' }).click();
    await s.page.getByRole('button', { name: 'Load options…' }).click();
    // The form starts from where the table was found.
    expect(await s.page.getByLabel('Header row', { exact: true }).inputValue()).toBe('3');
    expect(await s.page.getByLabel('Cells').inputValue()).toBe('A3:C6');

    // Only Force and Arrests of Kent and Essex: rows 3–5, columns A–B (the fixture's own rows, not a reading of it).
    await s.page.getByLabel('Cells').fill('a3:b5');
    await s.page.getByRole('button', { name: 'Reload sheet Arrests' }).click();
    const want = ARRESTS.slice(3, 5).map(([Force, Arrests]) => ({ Force, Arrests })).sort((a, b) => String(a.Force).localeCompare(String(b.Force)));
    await expect.poll(() => engineRows(s.page, all), POLL).toEqual(want);
    await expect.poll(() => s.page.locator('.load-report').textContent(), POLL).toMatch(/Sheet "Arrests", read with the header on row 3, in A3:B5 \(Load options\)\./);

    // Cells that hold no table: said, naming the file, and the table stays as it was.
    await s.page.getByRole('button', { name: 'Load options…' }).click();
    await s.page.getByLabel('Header row', { exact: true }).fill('');
    await s.page.getByLabel('Cells').fill('F1:H9');
    await s.page.getByRole('button', { name: 'Reload sheet Arrests' }).click();
    await expect.poll(() => s.page.getByText(/Could not load arrests_2023\.xlsx: sheet "Arrests" holds no table in F1:H9/).count(), POLL).toBeGreaterThan(0);
    expect(await s.page.getByText(/arrests_2023_arrests is as it was\./).count()).toBeGreaterThan(0);
    expect(await engineRows(s.page, all)).toEqual(want);

    // A range the form cannot read is refused before anything is loaded.
    await s.page.getByRole('button', { name: 'Load options…' }).click();
    await s.page.getByLabel('Cells').fill('A3:60');
    await s.page.getByRole('button', { name: 'Reload sheet Arrests' }).click();
    expect(await s.page.getByRole('alert').filter({ hasText: 'invalid range: "A3:60"' }).count()).toBe(1);

    // Find the table again: as first loaded.
    await s.page.getByRole('button', { name: 'Find the table again' }).click();
    await expect.poll(() => engineRows(s.page, all), POLL).toHaveLength(3);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a large workbook (200,000 rows) says what it is doing, and Cancel stops it: no table, the reader ended, the app working', { timeout: WORKBOOK_SETTLED }, async () => {
    const rows: (string | number)[][] = [['Big workbook'], ['Force', 'Month', 'Arrests', 'Charges', 'Rate', 'Note']];
    for (let i = 0; i < 200_000; i++) rows.push([`Force ${i % 43}`, `2023-${(i % 12) + 1}`, i % 997, i % 101, (i % 1000) / 7, `n${i % 13}`]);
    const big = fixture('big_workbook.xlsx', workbookBytes({ Big: rows }));
    const workersBefore = s.page.workers().length;
    await pickFiles(s.page, [big], { wait: false });
    const progress = s.page.locator('.loads .load');
    await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toMatch(/Loading big_workbook\.xlsx\s*— parsing the workbook \(\d+(\.\d)? MB\)/);
    // The spreadsheet worker is at work beside the engine's.
    expect(s.page.workers().length).toBe(workersBefore + 1);
    const t0 = Date.now();
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => s.page.getByText('big_workbook.xlsx: loading cancelled; nothing was added.').count(), POLL).toBeGreaterThan(0);
    console.info(`200,000-row .xlsx (${(readFileSync(big).length / 1048576).toFixed(1)} MB): cancelled in ${Date.now() - t0} ms`);
    // The parse is one synchronous call in the worker: only ending the worker stops it.
    await expect.poll(() => s.page.workers().length, POLL).toBe(workersBefore);
    expect(await tablesLike('big_workbook')).toEqual([]);
    expect(await progress.count()).toBe(0);
    // Nothing else lost, and the next workbook loads.
    const [one] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM disruptions_synthetic');
    expect(Number(one.n)).toBeGreaterThan(0);
    await pickFiles(s.page, [fixture('after_cancel.xlsx', workbookBytes({ Arrests: ARRESTS }))]);
    expect(await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM after_cancel_arrests')).toEqual([{ n: 3 }]);
    expect(s.consoleErrors).toEqual([]);
  });

  it('the same workbook opened again asks: Replace takes its tables’ names (a sheet gone is gone), Keep both numbers them, Cancel changes nothing', { timeout: WORKBOOK_SETTLED }, async () => {
    const first = fixture('arrests_2024.xlsx', workbookBytes({ Arrests: ARRESTS, Staff: ARRESTS }));
    // The next edition, as a publisher sends it: same file name, Kent revised, the Staff sheet withdrawn.
    const revised = ARRESTS.map((r) => (r[0] === 'Kent' ? ['Kent', 110, 30] : r));
    mkdirSync(join(dir, 'edition-2'), { recursive: true });
    const second = join(dir, 'edition-2', 'arrests_2024.xlsx');
    writeFileSync(second, workbookBytes({ Arrests: revised }));
    // The workbook's tables, not the views the workbench makes of them.
    const sheetTables = async () =>
      (await engineRows(s.page, "SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'arrests_2024%' AND table_type = 'BASE TABLE' ORDER BY t")).map((r) => String(r.t));
    await pickFiles(s.page, [first]);
    expect(await sheetTables()).toEqual(['arrests_2024_arrests', 'arrests_2024_staff']);
    const kent = async (table: string) => (await engineRows(s.page, `SELECT "Arrests" AS n FROM ${table} WHERE "Force" = 'Kent'`))[0]?.n;
    const dialog = s.page.getByRole('dialog', { name: '“arrests_2024.xlsx” is already open' });

    await pickFiles(s.page, [second], { wait: false });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Its 2 tables (arrests_2024_arrests, …) come from an earlier opening');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await sheetTables()).toEqual(['arrests_2024_arrests', 'arrests_2024_staff']);
    expect(await kent('arrests_2024_arrests')).toBe(ARRESTS[3][1]);

    let settled = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.filesSettled as number);
    await pickFiles(s.page, [second], { wait: false });
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await s.page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled > n, settled, { timeout: WORKBOOK_SETTLED });
    expect(await sheetTables()).toEqual(['arrests_2024_arrests']);
    expect(await kent('arrests_2024_arrests')).toBe(110);
    // Nothing the workbench made of the withdrawn sheet is left behind to fail later.
    await expect.poll(() => engineRows(s.page, "SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'arrests_2024_staff%'")).toEqual([]);

    settled = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.filesSettled as number);
    await pickFiles(s.page, [first], { wait: false });
    await s.page.getByRole('dialog', { name: '“arrests_2024.xlsx” is already open' }).getByText('Its table arrests_2024_arrests comes').waitFor();
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await s.page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled > n, settled, { timeout: WORKBOOK_SETTLED });
    const both = await sheetTables();
    expect(both).toHaveLength(3);
    expect(both).toContain('arrests_2024_arrests');
    const numbered = both.filter((t) => t !== 'arrests_2024_arrests');
    expect(await Promise.all(numbered.map(kent))).toContain(ARRESTS[3][1]);
    expect(await kent('arrests_2024_arrests')).toBe(110);
    expect(s.consoleErrors).toEqual([]);
  });

  it('bad workbooks each get a message naming the file, and nothing else is lost', { timeout: WORKBOOK_SETTLED }, async () => {
    await pickFiles(s.page, [fixture('kept.xlsx', workbookBytes({ Arrests: ARRESTS }))]);
    const ons = readFileSync(ONS_PFA);
    const workersBefore = s.page.workers().length;
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['locked.xlsx', encryptedXlsx(), /Could not load locked\.xlsx: the workbook is password-protected \(encrypted\) — open it in Excel, remove the password \(File → Info → Protect Workbook\), save it and load it again/],
      ['photos.xlsx', zipStored({ 'holiday.txt': 'sunny' }), /Could not load photos\.xlsx: this zip file is not a workbook/],
      ['cut.xlsx', new Uint8Array(ons.subarray(0, Math.floor(ons.length * 0.6))), /Could not load cut\.xlsx: the workbook is damaged or cut short/],
      ['nothing.ods', sheetlessOds(), /Could not load nothing\.ods: the workbook has no sheets/],
      ['blank.ods', minimalOds('<table:table-row><table:table-cell/></table:table-row>'), /blank\.ods: no sheet holds a table, so nothing was loaded\. Not loaded, not data: "Sheet1" \(empty\)\./],
    ];
    for (const [name, bytes, message] of cases) {
      await pickFiles(s.page, [fixture(name, bytes)]);
      await expect.poll(() => s.page.getByText(message).count(), { ...POLL, message: name }).toBeGreaterThan(0);
      expect(await tablesLike(name.replace(/\..*$/, ''))).toEqual([]);
    }
    expect(await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM kept_arrests')).toEqual([{ n: 3 }]);
    const [one] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM disruptions_synthetic');
    expect(Number(one.n)).toBeGreaterThan(0);
    // Each refusal ended its spreadsheet worker.
    await expect.poll(() => s.page.workers().length, POLL).toBe(workersBefore);
    expect(s.consoleErrors).toEqual([]);
  });

  it('an ODS declaring a million repeated empty rows of 16,384 columns loads at once', { timeout: WORKBOOK_SETTLED }, async () => {
    const t0 = Date.now();
    await pickFiles(s.page, [fixture('repeated.ods', millionRowOds())]);
    const ms = Date.now() - t0;
    console.info(`ODS with 1,048,000 repeated empty rows: loaded in ${ms} ms`);
    expect(await engineRows(s.page, 'SELECT * FROM repeated_sheet1 ORDER BY "Count"')).toEqual([
      { Force: 'Kent', Count: 1 },
      { Force: 'Essex', Count: 2 },
    ]);
    expect(ms).toBeLessThan(30_000);
  });
});

/**
 * Protect small numbers (issue 19 item 2) in Chromium against the real engine, on the real IOPC table of deaths in or
 * following police custody (by force, wide by financial year). With protection on at 10, nothing a presenter takes
 * away shows a count from 1 to 9: the numbers table, the CSV and Excel downloads, the SVG and PNG of the chart. Which
 * forces must be hidden comes from the test's own reading of the published file (test/helpers/published.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WAIT, chartNumbers, closeBrowser, drawnTitle, openApp, pickFiles, type AppSession, savedDownload } from './harness';
import { testdataPath } from '../helpers/testdata';
import { parseCsv, readCsv, territorial } from '../helpers/published';
import { num, txt, xlsxSheets } from '../helpers/sheet-xml';

const FILE = testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv');
let s: AppSession;
const out = mkdtempSync(join(tmpdir(), 'soc-suppression-'));

/** Click, wait for the download, save it under `out`; returns its path. */
const saved = (page: Page, click: () => Promise<unknown>) => savedDownload(page, out, click);

// The view the builder opens the file on (test/browser/real-tables.test.ts): the latest year, by force, 43 forces; as
// the built-in population is there, deaths per 100,000 with intervals, Kent highlighted against its region.
const [HEAD, ...BODY] = readCsv(FILE);
const LATEST = HEAD.filter((h) => /^\d\d\/\d\d$/.test(h)).reduce((a, b) => (Number(b.slice(0, 2)) > Number(a.slice(0, 2)) ? b : a));
const COUNT = new Map(BODY.flatMap((r) => (territorial(r[0]) ? [[territorial(r[0])!, Number(r[HEAD.indexOf(LATEST)])] as const] : [])));
/** Forces with 1 to 9 deaths that year: each must show as [c] (primary suppression). */
const SMALL = [...COUNT].filter(([, n]) => n > 0 && n < 10).map(([f]) => f).sort();
const isSmall = (text: string | undefined) => text !== undefined && /^\d+$/.test(text.trim()) && Number(text) > 0 && Number(text) < 10;
const builderState = (page: Page) =>
  page.evaluate(() => {
    const b = (globalThis as any).socWorkbench.workbench.builder;
    return { kind: b.spec.comparison.kind as string, secondary: (b.protection?.secondary ?? 0) as number, primary: (b.protection?.primary ?? 0) as number };
  });

/** The numbers table as {force, count, rate} (count in the numerator column of a rate, the value column of a total). */
async function numbers(page: Page): Promise<{ force: string; count: string; value: string }[]> {
  const { kind } = await builderState(page);
  const at = kind === 'rate_per_100k' ? 2 : 1;
  return (await chartNumbers(page)).map((r) => Object.values(r)).map((r) => ({ force: r[0], count: r[at], value: r[1] }));
}

/** Forces shown as [c]: the small ones, and those hidden so a small one cannot be worked out (set in the first test). */
let hidden: string[] = [];

beforeAll(async () => {
  s = await openApp();
  await pickFiles(s.page, [FILE]);
  expect(await drawnTitle(s.page)).toContain(`20${LATEST.slice(0, 2)}/${LATEST.slice(3)}`);
  await s.page.getByLabel('Protect small numbers').check();
  await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.protection !== null, undefined, { timeout: WAIT.draw });
  await drawnTitle(s.page);
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('Protect small numbers on deaths in custody', () => {
  it('is on at 10 for the workbook, says what it does, and the numbers table shows [c] for every small count', async () => {
    expect(SMALL.length).toBeGreaterThan(5);
    expect(await s.page.locator('select[name="threshold"]').inputValue()).toBe('10');
    expect(await s.page.locator('section[aria-label="Workbook"]').textContent()).toContain('Counts below 10 are shown as [c] in charts, tables and exports; more are hidden so they cannot be worked out from totals.');
    const rows = await numbers(s.page);
    expect(rows).toHaveLength(43);
    hidden = rows.filter((r) => r.count === '[c]').map((r) => r.force).sort();
    expect(hidden).toEqual(expect.arrayContaining(SMALL));
    // Beyond the small counts, only as many as the caption says were hidden to protect them (here a zero in Kent's
    // region, whose peer rate is shown: without it, the region's one small count would be that rate times its population).
    const { primary, secondary } = await builderState(s.page);
    expect(primary).toBe(SMALL.length);
    expect(hidden.length - SMALL.length).toBe(secondary);
    for (const f of hidden.filter((x) => !SMALL.includes(x))) expect(COUNT.get(f)).toBe(0);
    expect(rows.filter((r) => isSmall(r.count))).toEqual([]);
    // A rate worked out from a hidden count is hidden with it.
    for (const r of rows) expect(r.value === '[c]').toBe(r.count === '[c]');
    for (const r of rows) if (r.count !== '[c]') expect(Number(r.count)).toBe(COUNT.get(r.force));
    expect(await s.page.locator('.chart figure figcaption').textContent()).toContain(`Small numbers protected: counts below 10 shown as [c] (${SMALL.length} cells)`);
  });

  it('the CSV and Excel downloads write [c] where the table does, and no count from 1 to 9', async () => {
    const toolbar = s.page.getByRole('toolbar', { name: 'This view' });
    const [head, ...csv] = parseCsv(readFileSync(await saved(s.page, () => toolbar.getByRole('button', { name: 'CSV' }).click()), 'utf8').trimEnd());
    const count = head.indexOf('numerator');
    expect(csv).toHaveLength(43);
    expect(csv.filter((r) => r[count] === '[c]').map((r) => r[head.indexOf('force')]).sort()).toEqual(hidden);
    expect(csv.filter((r) => r[head.indexOf('value')] === '[c]')).toHaveLength(hidden.length);
    expect(csv.filter((r) => isSmall(r[count]))).toEqual([]);

    const sheets = xlsxSheets(await saved(s.page, () => toolbar.getByRole('button', { name: 'Excel' }).click()));
    const [xhead, ...data] = sheets.get('Data')!;
    const xv = xhead.map(txt).indexOf('numerator');
    expect(data.filter((r) => txt(r[xv]) === '[c]').map((r) => txt(r[0])).sort()).toEqual(hidden);
    expect(data.map((r) => num(r[xv])).filter((n) => n !== undefined && n > 0 && n < 10)).toEqual([]);
    const notes = sheets.get('Notes')!.map((r) => r.map(txt));
    expect(notes.find((r) => r[0] === 'Small numbers')?.[1]).toContain(`counts below 10 shown as [c] (${SMALL.length} cells)`);
  });

  it('the SVG and PNG of the chart carry the caption and no count label from 1 to 9; as bars, [c] beside each hidden force', async () => {
    const group = s.page.getByRole('group', { name: 'Export the chart' });
    const labels = (svg: string) => [...svg.matchAll(/<g\b[^>]*data-mark="text"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((m) => [...m[1].matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((t) => t[1].trim()));
    // The export wraps the caption into lines (tspans): its words, read across them.
    const words = (svg: string) => svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const dots = readFileSync(await saved(s.page, () => group.getByRole('button', { name: 'SVG' }).click()), 'utf8');
    expect(words(dots)).toContain(`Small numbers protected: counts below 10 shown as [c] (${SMALL.length} cells)`);
    expect(labels(dots).filter(isSmall)).toEqual([]);
    const png = readFileSync(await saved(s.page, () => group.getByRole('button', { name: 'PNG' }).click()));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    // As bars, the hidden forces keep their place on the axis with [c] at zero.
    await s.page.locator('form[aria-label="Compare builder"] select[name="chart"]').selectOption('bar');
    await drawnTitle(s.page);
    const bars = readFileSync(await saved(s.page, () => group.getByRole('button', { name: 'SVG' }).click()), 'utf8');
    expect(labels(bars).filter((t) => t === '[c]')).toHaveLength(hidden.length);
    expect(labels(bars).filter(isSmall)).toEqual([]);
    expect(words(bars)).toContain(`Small numbers protected: counts below 10 shown as [c] (${SMALL.length} cells)`);
  });

  it('Parquet of the view is refused while protected; the SQL script says its numbers are not protected', async () => {
    const toolbar = s.page.getByRole('toolbar', { name: 'This view' });
    const parquet = toolbar.getByRole('button', { name: 'Parquet' });
    expect(await parquet.isDisabled()).toBe(true);
    expect(await parquet.getAttribute('title')).toContain('full, unprotected numbers');
    const script = readFileSync(await saved(s.page, () => toolbar.getByRole('button', { name: 'SQL script' }).click()), 'utf8');
    expect(script).toContain('-- NOT PROTECTED: this script computes the full numbers.');
  });

  it('sharing leaves the data out by default, and says plainly that embedded data are not protected', async () => {
    await s.page.getByRole('button', { name: 'Share workbook…' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Share the workbook' });
    const withData = dialog.locator('input[name="withData"]');
    expect(await withData.isChecked()).toBe(false);
    await withData.check();
    expect(await dialog.getByRole('note').textContent()).toContain('the embedded tables are the full rows and are not protected');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('switched off, the counts come back', async () => {
    await s.page.getByLabel('Protect small numbers').uncheck();
    await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.protection === null, undefined, { timeout: WAIT.draw });
    await drawnTitle(s.page);
    const rows = await numbers(s.page);
    expect(rows.filter((r) => r.count === '[c]')).toEqual([]);
    expect(rows.filter((r) => isSmall(r.count)).map((r) => r.force).sort()).toEqual(SMALL);
  });
});

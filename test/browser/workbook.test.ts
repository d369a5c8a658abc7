/**
 * Save, share and present (issue 8) in Chromium against the real engine: a three-view workbook on the samples,
 * kept across a reload, exported with its data, opened in a fresh profile from the single HTML file with the network
 * blocked, presented with the keyboard; links; exports checked against native DuckDB; hostile workbook files refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { WAIT, chartsSeen, closeBrowser, openApp, pickFiles, type AppSession, builderForm as builder, chooseIn as choose, drawn, savedDownload, watchCharts } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';

let s: AppSession;
const out = mkdtempSync(join(tmpdir(), 'soc-workbook-'));


/** Click, wait for the download, save it under `out`; returns its path. */
const saved = (page: Page, click: () => Promise<unknown>) => savedDownload(page, out, click);

const viewNames = (page: Page) => page.locator('section[aria-label="Workbook"] li .name').allTextContents();
const rowsOf = (page: Page) => page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.rows as Record<string, unknown>[]);

beforeAll(async () => {
  s = await openApp();
  await drawn(s.page);
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('a three-view workbook', () => {
  it('saves three views, and they come back after a reload', async () => {
    await s.page.getByRole('button', { name: 'Save view' }).click();
    await choose(s.page, 'chart', 'funnel');
    await drawn(s.page);
    await s.page.getByRole('button', { name: 'Save view' }).click();
    await choose(s.page, 'compareBy', 'region');
    await choose(s.page, 'chart', 'bar');
    await drawn(s.page);
    await s.page.getByRole('button', { name: 'Save view' }).click();
    expect(await viewNames(s.page)).toEqual([
      'Disruptions per 100,000 population by force, 2023/24',
      'Disruptions per 100,000 population by force, 2023/24',
      'Disruptions per 100,000 population by region, 2023/24',
    ]);
    // Rename the funnel so the slides say what they are.
    await s.page.getByRole('button', { name: /^Rename / }).nth(1).click();
    await s.page.getByLabel(/^New name for /).fill('Funnel plot of rates');
    await s.page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'OK' }).click();
    await s.page.reload();
    await s.page.waitForSelector('.chart:not([data-snapshot]) figure', { timeout: WAIT.start + WAIT.draw });
    expect(await viewNames(s.page)).toEqual([
      'Disruptions per 100,000 population by force, 2023/24',
      'Funnel plot of rates',
      'Disruptions per 100,000 population by region, 2023/24',
    ]);
  });

  it('reorders, duplicates and deletes views', async () => {
    await s.page.getByRole('button', { name: 'Move Funnel plot of rates up' }).click();
    expect((await viewNames(s.page))[0]).toBe('Funnel plot of rates');
    await s.page.getByRole('button', { name: 'Duplicate Funnel plot of rates' }).click();
    expect((await viewNames(s.page))[1]).toBe('Funnel plot of rates (copy)');
    await s.page.getByRole('button', { name: 'Delete Funnel plot of rates (copy)' }).click();
    expect(await viewNames(s.page)).toHaveLength(3);
  });

  it('presents the views with the keyboard: arrows, Home, End and Esc', async () => {
    await s.page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'Present', exact: true }).click();
    const deck = s.page.getByRole('dialog', { name: 'Presentation' });
    await deck.waitFor();
    const counter = deck.locator('.counter');
    await expect(counter.textContent()).resolves.toBe('1 / 3');
    await deck.locator('figure h2').waitFor();
    expect(await deck.locator('figure h2').textContent()).toMatch(/Disruptions per 100,000/);
    for (const [key, want] of [['ArrowRight', '2 / 3'], ['End', '3 / 3'], ['ArrowRight', '3 / 3'], ['PageUp', '2 / 3'], ['Home', '1 / 3'], [' ', '2 / 3']] as const) {
      await s.page.keyboard.press(key === ' ' ? 'Space' : key);
      await s.page.waitForFunction((w) => document.querySelector('[aria-label="Presentation"] .counter')?.textContent === w, want);
    }
    await s.page.waitForFunction(() => document.querySelector('[aria-label="Presentation"] figure h2')?.textContent?.includes('by force'));
    await s.page.keyboard.press('Escape');
    await deck.waitFor({ state: 'detached' });
  });
});

describe('links', () => {
  it('the address reopens the same view in another browser profile with the same data', async () => {
    await s.page.getByRole('button', { name: 'Funnel plot of rates', exact: true }).click();
    await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.spec?.chart.type === 'funnel');
    await drawn(s.page);
    const hash = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.linkFor((globalThis as any).socWorkbench.workbench.builder.spec));
    await s.page.waitForFunction((h) => location.hash === h, hash);
    const url = s.page.url();
    const spec = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.spec);
    const other = await openApp({ url });
    try {
      await other.page.waitForFunction(() => { const b = (globalThis as any).socWorkbench.workbench.builder; return !!b.chart && !b.snapshot; });
      await drawn(other.page);
      expect(await other.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.spec)).toEqual(spec);
      expect(await other.page.locator('.chart [data-chart-type]').getAttribute('data-chart-type')).toBe('funnel');
    } finally {
      await other.close();
    }
  });

  it('a link to a table that is not loaded says which table it needs', async () => {
    const hash = await s.page.evaluate(async () => {
      const w = (globalThis as any).socWorkbench.workbench;
      return w.linkFor({ ...w.builder.spec, table: 'stop_search_2024', roles: {}, denominator: undefined, comparison: { kind: 'total' }, uncertainty: { ci: 'none', method: 'byar', against: 'england-and-wales' }, highlight: { limitToPeers: false }, compareBy: { by: 'column', column: 'x' }, filters: [] });
    });
    const other = await openApp({ url: `${inject('appUrl')}${hash}` });
    try {
      await other.page.getByRole('alert').filter({ hasText: 'stop_search_2024' }).first().waitFor({ timeout: WAIT.start });
      expect(await other.page.getByRole('alert').filter({ hasText: 'stop_search_2024' }).first().textContent()).toMatch(/not loaded here\. Open the file for stop_search_2024/);
    } finally {
      await other.close();
    }
  });
});

describe('exports', () => {
  it('the view as CSV re-reads in native DuckDB as the numbers the app shows', async () => {
    const path = await saved(s.page, () => s.page.getByRole('toolbar', { name: 'This view' }).getByRole('button', { name: 'CSV' }).click());
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const csv = await nativeRows(`SELECT force, value FROM read_csv_auto(${pathLiteral(path)}) ORDER BY force`);
    const app = (await rowsOf(s.page)).map((r) => ({ force: r.force, value: r.value })).sort((a, b) => String(a.force).localeCompare(String(b.force)));
    expect(csv).toHaveLength(app.length);
    csv.forEach((r, i) => {
      expect(r.force).toBe(app[i]!.force);
      expect(Number(r.value)).toBeCloseTo(Number(app[i]!.value), 9);
    });
  });

  it('the SQL script runs in native DuckDB on the sample files and gives the same numbers', async () => {
    const path = await saved(s.page, () => s.page.getByRole('button', { name: 'SQL script' }).click());
    const script = readFileSync(path, 'utf8');
    expect(script).toMatch(/^-- SOC Workbench: /);
    await nativeRows(`SET file_search_path = ${pathLiteral(resolve('samples'))}`);
    // The whole script at once, as the CLI's .read runs it: the views over the files, then the query.
    const rows = await nativeRows(script);
    const app = await rowsOf(s.page);
    expect(rows).toHaveLength(app.length);
    for (const r of rows) expect(Number(app.find((a) => a.force === r.force)?.value)).toBeCloseTo(Number(r.value), 9);
  });

  it('Parquet of the view, and a PNG at twice the size of the chart on screen', async () => {
    const parquet = await saved(s.page, () => s.page.getByRole('toolbar', { name: 'This view' }).getByRole('button', { name: 'Parquet' }).click());
    const [{ n }] = await nativeRows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${pathLiteral(parquet)})`);
    expect(n).toBe((await rowsOf(s.page)).length);
    const png = await saved(s.page, () => s.page.getByRole('group', { name: 'Export the chart' }).getByRole('button', { name: 'PNG' }).click());
    const head = readFileSync(png);
    expect(head.subarray(1, 4).toString()).toBe('PNG');
    const width = head.readUInt32BE(16);
    const svgWidth = await s.page.locator('.chart figure svg').last().evaluate((e) => Number(e.getAttribute('width')));
    expect(width).toBeGreaterThanOrEqual(2 * svgWidth);
    const svg = await saved(s.page, () => s.page.getByRole('group', { name: 'Export the chart' }).getByRole('button', { name: 'SVG' }).click());
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain((await s.page.locator('.chart figure h2').textContent())!.replace(/&/g, '&amp;'));
    expect(text).toMatch(/Exported \d{4}-\d\d-\d\d \d\d:\d\d UTC from SOC Workbench/);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('sharing the workbook', () => {
  let workbookFile = '';
  let standaloneFile = '';

  it('exports the workbook with its data, and a standalone workbench that opens as a presentation', async () => {
    await s.page.getByRole('button', { name: 'Share workbook…' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Share the workbook' });
    await dialog.getByRole('button', { name: /Save workbook file \(\d/ }).waitFor();
    workbookFile = await saved(s.page, () => dialog.getByRole('button', { name: /Save workbook file/ }).click());
    const parsed = JSON.parse(readFileSync(workbookFile, 'utf8'));
    expect(parsed.views).toHaveLength(3);
    expect(parsed.data.map((d: { table: string }) => d.table).sort()).toEqual(['disruptions_synthetic', 'force_population_synthetic']);
    await dialog.locator('select[name="open"]').selectOption('present');
    standaloneFile = await saved(s.page, () => dialog.getByRole('button', { name: /Save standalone workbench/ }).click());
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(readFileSync(standaloneFile, 'utf8')).toContain('id="soc-workbench-embedded"');
    expect(readFileSync(standaloneFile, 'utf8')).toContain('id="soc-workbench-snapshot"');
  });

  it('the workbook file opens in a fresh profile from the single file with the network blocked: the same charts', async () => {
    const other = await openApp({ url: inject('singleFileUrl') });
    try {
      await pickFiles(other.page, [workbookFile]);
      await other.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.workbook.workbook.views.length === 3);
      await drawn(other.page);
      expect(await viewNames(other.page)).toEqual(await viewNames(s.page));
      await s.page.getByRole('button', { name: 'Funnel plot of rates', exact: true }).click();
      await drawn(s.page);
      expect(await rowsOf(other.page)).toEqual(await rowsOf(s.page));
      const marks = (p: Page) => p.locator('.chart figure svg g[data-mark="dot"] :is(circle, path)').count();
      expect(await marks(other.page)).toBe(await marks(s.page));
      expect(other.offOrigin).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('the standalone workbench opens from disk, offline, straight into the presentation', async () => {
    const other = await openApp({ url: `file://${standaloneFile}`, beforeGoto: watchCharts });
    try {
      const deck = other.page.getByRole('dialog', { name: 'Presentation' });
      await deck.waitFor({ timeout: WAIT.start + WAIT.draw });
      await expect(deck.locator('.counter').textContent()).resolves.toBe('1 / 3');
      await deck.locator('figure h2').waitFor();
      // Its first view was drawn from the snapshot saved in the file before the engine was ready (issue 16).
      const seen = await chartsSeen(other.page);
      expect(seen.snapshot).toMatchObject({ origin: 'file', status: 'starting' });
      expect(seen.snapshot!.title).toBe(await deck.locator('figure h2').first().textContent());
      expect(other.offOrigin).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('hostile and malformed workbook files', () => {
  const dir = resolve('test/fixtures/workbooks');
  const valid = new Set(['valid.workbook.json', 'v0-prototype.workbook.json', 'v1-text-mappings.workbook.json', 'v2-before-queries.workbook.json']);
  const bad = readdirSync(dir).filter((f) => f.endsWith('.workbook.json') && !valid.has(f));

  it.each(bad)('%s: a clear message, nothing executed, the app still usable', async (file) => {
    let dialogs = 0;
    s.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const before = await viewNames(s.page);
    await pickFiles(s.page, [join(dir, file)]);
    const alert = s.page.getByRole('alert').filter({ hasText: file }).last();
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(new RegExp(`Could not open ${file.replace(/\./g, '\\.')}: .+`));
    expect(dialogs).toBe(0);
    expect(await viewNames(s.page)).toEqual(before);
    // The script-in-* fixtures' payloads set window.__pwned if they ever run; the __proto__/constructor ones add `polluted`.
    expect(await s.page.evaluate(() => [(globalThis as any).__pwned ?? null, ({} as any).polluted ?? null])).toEqual([null, null]);
  });
});

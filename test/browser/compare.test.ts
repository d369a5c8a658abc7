/**
 * The compare builder (issue 7) in Chromium against the real DuckDB-WASM: the first open shows a comparison, a view
 * built by clicking draws what native DuckDB computes on the same sample files, and "Show SQL" gives SQL that runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { WAIT, chartNumbers, closeBrowser, drawnTitle, openApp, sqlEditor, type AppSession } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';

let s: AppSession;
const sample = (name: string) => pathLiteral(resolve('samples', `${name}.csv`));
const DISRUPTIONS = `read_csv_auto(${sample('disruptions_synthetic')})`;
const POPULATION = `read_csv_auto(${sample('force_population_synthetic')})`;

const builder = (page: Page) => page.locator('form[aria-label="Compare builder"]');
const choose = (page: Page, name: string, value: string) => builder(page).locator(`select[name="${name}"]`).selectOption(value);


const drawn = drawnTitle;
const numbers = chartNumbers;

const num = (text: string) => Number(text.replace(/,/g, ''));

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('first open', () => {
  it('shows disruptions per 100,000 by force for the latest year, Kent highlighted, each rate as native DuckDB computes it', async () => {
    const title = await drawn(s.page);
    const [{ latest }] = await nativeRows(`SELECT max(financial_year) AS latest FROM ${DISRUPTIONS}`);
    expect(title).toBe(`Disruptions per 100,000 population by force, ${latest}`);
    expect(await s.page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected')).toBe('true');
    const expected = await nativeRows(
      `SELECT d.force, sum(d.disruptions) * 100000.0 / any_value(p.population) AS rate
       FROM ${DISRUPTIONS} d JOIN ${POPULATION} p USING (force, financial_year)
       WHERE d.financial_year = '${latest}' GROUP BY d.force`,
    );
    expect(expected.length).toBe(43);
    // One dot per force, one ringed in the accent colour.
    const dots = await s.page.locator('.chart figure svg g[data-mark="dot"] :is(circle, path)').count();
    expect(dots).toBeGreaterThanOrEqual(43);
    const shown = await numbers(s.page);
    expect(shown).toHaveLength(43);
    for (const e of expected) {
      const row = shown.find((r) => r.Force === e.force);
      expect(row, String(e.force)).toBeDefined();
      const value = Object.entries(row!).find(([k]) => /per 100,000/.test(k))![1];
      // Shown rounded to one decimal, or to whole numbers above 1,000.
      expect(Math.abs(num(value) - Number(e.rate)), `${e.force}: ${value} vs ${e.rate}`).toBeLessThanOrEqual(Number(e.rate) >= 1000 ? 0.5 : 0.05);
    }
    expect(await s.page.locator('.chart figure svg text', { hasText: 'Kent' }).count()).toBeGreaterThan(0);
  });
});

describe('building a view by clicking', () => {
  it('total by region for county lines: ten bars whose sums are native DuckDB’s', async () => {
    await choose(s.page, 'compareBy', 'region');
    await choose(s.page, 'comparison', 'total');
    const threat = builder(s.page).locator('details[data-filter="threat_type"]');
    await threat.locator('summary').click();
    const row = threat.locator('.value', { hasText: 'County lines' });
    await row.hover();
    await row.getByRole('button', { name: 'only' }).click();
    await choose(s.page, 'chart', 'bar');
    const title = await drawn(s.page);
    expect(title).toMatch(/^Disruptions by region/);
    const [{ latest }] = await nativeRows(`SELECT max(financial_year) AS latest FROM ${DISRUPTIONS}`);
    const expected = await nativeRows(
      `SELECT region, sum(disruptions)::BIGINT AS n FROM ${DISRUPTIONS} WHERE financial_year = '${latest}' AND threat_type = 'County lines' GROUP BY region`,
    );
    expect(expected).toHaveLength(10);
    expect(await s.page.locator('.chart figure svg g[data-mark="bar"] rect').count()).toBe(10);
    const shown = await numbers(s.page);
    for (const e of expected) {
      const r = shown.find((x) => x.Region === e.region);
      expect(r, String(e.region)).toBeDefined();
      expect(num(Object.values(r!)[1]!)).toBe(Number(e.n));
    }
  });

  it('% change between two years by force: each value is (to − from) / from computed natively', async () => {
    await choose(s.page, 'compareBy', 'force');
    await choose(s.page, 'comparison', 'pct_change');
    await choose(s.page, 'from', '2021/22');
    await choose(s.page, 'to', '2023/24');
    const title = await drawn(s.page);
    expect(title).toMatch(/% change .* 2021\/22 to 2023\/24/);
    const expected = await nativeRows(
      `SELECT force, 100.0 * (sum(disruptions) FILTER (WHERE financial_year = '2023/24') - sum(disruptions) FILTER (WHERE financial_year = '2021/22'))
              / sum(disruptions) FILTER (WHERE financial_year = '2021/22') AS pct
       FROM ${DISRUPTIONS} WHERE threat_type = 'County lines' GROUP BY force`,
    );
    const spec = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.spec);
    const rows = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.rows as Record<string, unknown>[]);
    expect(spec.comparison).toMatchObject({ kind: 'pct_change', from: '2021/22', to: '2023/24' });
    // One row per force native DuckDB knows, none extra; a force with no county lines in 2021/22 has no % change
    // (null, and the chart says so), every other one the native value.
    expect(rows.map((r) => r.force).sort()).toEqual(expected.map((e) => e.force).sort());
    expect(expected.filter((e) => e.pct !== null).length).toBeGreaterThan(0);
    for (const e of expected) {
      const r = rows.find((x) => x.force === e.force)!;
      if (e.pct === null) expect(r.value, String(e.force)).toBeNull();
      else expect(Number(r.value), String(e.force)).toBeCloseTo(Number(e.pct), 6);
    }
  });

  it('funnel plot: one point per force and four control-limit lines', async () => {
    await choose(s.page, 'comparison', 'rate_per_100k');
    await choose(s.page, 'chart', 'funnel');
    await drawn(s.page);
    expect(await s.page.locator('.chart [data-chart-type]').getAttribute('data-chart-type')).toBe('funnel');
    expect(await s.page.locator('.chart figure svg g[data-mark="line"]').count()).toBe(4);
  });

  it('"Show SQL" opens the query in the editor; it runs there and native DuckDB gives the same numbers', async () => {
    const chartRows = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.rows as Record<string, unknown>[]);
    const sql = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.compiled.sql as string);
    await s.page.getByRole('toolbar', { name: 'This view' }).getByRole('button', { name: 'Show SQL' }).click();
    await expect(s.page.getByRole('tab', { name: 'SQL' }).getAttribute('aria-selected')).resolves.toBe('true');
    await s.page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === String(n), chartRows.length);
    expect(await s.page.getByLabel('SQL editor').textContent()).toContain('WITH');
    // The same SQL on the same files in native DuckDB, tables named as the app names them.
    await nativeRows(`CREATE OR REPLACE TABLE disruptions_synthetic AS SELECT * FROM ${DISRUPTIONS}`);
    await nativeRows(`CREATE OR REPLACE TABLE force_population_synthetic AS SELECT * FROM ${POPULATION}`);
    const native = await nativeRows(sql);
    expect(native).toHaveLength(chartRows.length);
    for (const n of native) {
      const r = chartRows.find((x) => x.force === n.force);
      expect(Number(r?.value), String(n.force)).toBeCloseTo(Number(n.value), 6);
    }
  });
});

describe('peer groups', () => {
  it('a group defined in the builder limits the view to its forces, and is still there after a reload', async () => {
    await s.page.getByRole('tab', { name: 'Compare' }).click();
    await choose(s.page, 'comparison', 'rate_per_100k');
    await choose(s.page, 'chart', 'bar');
    await choose(s.page, 'peers', 'new');
    const editor = s.page.getByRole('form', { name: 'New peer group' });
    await editor.getByLabel('Group name').fill('Coastal test group');
    for (const f of ['Essex', 'Norfolk', 'Suffolk', 'Devon and Cornwall']) await editor.getByLabel(f, { exact: true }).check();
    await editor.getByRole('button', { name: 'Save group' }).click();
    await drawn(s.page);
    await builder(s.page).locator('input[name="limitToPeers"]').check();
    await drawn(s.page);
    const forces = await s.page.evaluate(() => ((globalThis as any).socWorkbench.workbench.builder.rows as { force: string }[]).map((r) => r.force).sort());
    // Kent (highlighted) plus its four chosen peers.
    expect(forces).toEqual(['Devon and Cornwall', 'Essex', 'Kent', 'Norfolk', 'Suffolk']);
    expect(await s.page.locator('.chart figure svg g[data-mark="bar"] rect').count()).toBe(5);
    await s.page.reload();
    await s.page.waitForSelector('.chart:not([data-snapshot]) figure', { timeout: WAIT.start + WAIT.draw });
    const options = await builder(s.page).locator('select[name="peers"] option').allTextContents();
    expect(options).toContain('Coastal test group (5)');
  });
});

describe('chart any SQL result', () => {
  it('a result from the editor is drawn as sorted bars, one per row, with the values the query returned', async () => {
    const editor = await sqlEditor(s.page);
    await editor.click();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.press('Delete');
    await editor.pressSequentially('SELECT region, sum(disruptions) AS total FROM disruptions_synthetic GROUP BY region', { delay: 0 });
    await s.page.keyboard.press('Escape');
    await s.page.keyboard.press('Control+Enter');
    await s.page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === '10');
    await s.page.getByRole('group', { name: 'Show the result as' }).getByRole('button', { name: 'Chart' }).click();
    const figure = s.page.locator('section[aria-label="Result chart"] figure');
    await figure.waitFor();
    expect(await figure.locator('h2').textContent()).toBe('Total by region');
    expect(await figure.locator('svg g[data-mark="bar"] rect').count()).toBe(10);
    const expected = await nativeRows(`SELECT region, sum(disruptions)::BIGINT AS total FROM ${DISRUPTIONS} GROUP BY region ORDER BY total DESC`);
    const ticks = await figure.locator('svg g[data-mark="y-axis tick label"] text').allTextContents();
    expect(ticks).toEqual(expected.map((r) => r.region));
    await s.page.locator('section[aria-label="Result chart"]').getByRole('button', { name: /Show the numbers/ }).click();
    const cells = await s.page.locator('section[aria-label="Result chart"] td[data-col="total"]').allTextContents();
    expect(cells.map(num).sort((a, b) => a - b)).toEqual(expected.map((r) => Number(r.total)).sort((a, b) => a - b));
  });
});

/**
 * The built-in population (issue 14) and honest rates (issue 12 item 4) in Chromium against the real DuckDB-WASM:
 * ref_population is there at start, listed as reference data, and a real force-by-year table charted as a rate
 * with no population table of its own divides each force's count by the official population of the matched year.
 * Expected values come from the raw files with the test's own arithmetic: the TASER CSV, and the ONS MYE workbook
 * summed to police force areas through the ONS lookup (not the shipped file, not the app's SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { territorial } from '../helpers/published';
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { chartNumbers, closeBrowser, drawnTitle, engineRows, openApp, pickFiles, type AppSession } from './harness';
import { testdataPath } from '../helpers/testdata';

let s: AppSession;
const TASER = testdataPath('police/home-office/taser_use_by_force_by_year.csv');

/** Population by PFA name in one mid-year, from MYE4's district rows and the LAD→PFA lookup, each LAD once. */
function officialPopulation(year: number): Map<string, number> {
  const lookup = readFileSync(testdataPath('reference/ons_lad23_csp23_pfa23_lookup.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
  const pfaOfLad = new Map<string, string>();
  for (const line of lookup) {
    const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    pfaOfLad.set(cells[0], cells[5]);
  }
  const wb = XLSX.read(readFileSync(testdataPath('reference/ons_mye_ew_mid2023_lad23_2011_to_2023.xlsx')), { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.MYE4!, { header: 1, raw: true });
  const header = rows.find((r) => r[0] === 'Code')!;
  const col = header.indexOf(`Mid-${year}`);
  const out = new Map<string, number>();
  for (const r of rows) {
    const pfa = pfaOfLad.get(String(r[0]));
    if (pfa) out.set(pfa, (out.get(pfa) ?? 0) + (r[col] as number));
  }
  return out;
}

// The TASER file's names as the ONS lookup spells them (the test's own reading, not the workbench's matcher).
const PFA_NAME: Record<string, string> = { 'Avon & Somerset': 'Avon and Somerset', Metropolitan: 'Metropolitan Police', 'City of London': 'London, City of' };


const drawn = drawnTitle;
const numbers = chartNumbers;

beforeAll(async () => {
  s = await openApp();
  // Start-up recognition of the samples and ref_population must be done, or a new file's load waits behind it.
  await s.page.waitForFunction(
    () => {
      const wb = (globalThis as any).socWorkbench.workbench;
      const d = wb.domain.tables.ref_population;
      return !!wb.builder.chart && !wb.builder.snapshot && !!d && (!d.norm || wb.tables.some((x: any) => x.name === d.norm.view));
    },
    null,
    { timeout: 170_000 },
  );
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('ref_population', () => {
  it('is loaded at start: 43 forces × mid-2001…mid-2023, year INTEGER, population BIGINT, listed as Reference with its licence', async () => {
    const [shape] = await engineRows(
      s.page,
      `SELECT count(*)::INTEGER AS n, count(DISTINCT force)::INTEGER AS forces, min(year) AS first, max(year) AS last,
         any_value(typeof(year)) AS year_type, any_value(typeof(population)) AS pop_type FROM ref_population`,
    );
    expect(shape).toEqual({ n: 43 * 23, forces: 43, first: 2001, last: 2023, year_type: 'INTEGER', pop_type: 'BIGINT' });
    const group = s.page.locator('[data-group=reference]');
    await expect(group.locator('h3').textContent()).resolves.toBe('Reference');
    const item = group.locator('[data-table=ref_population]');
    await expect(item.textContent()).resolves.toContain('Contains public sector information licensed under the Open Government Licence v3.0. Source: Office for National Statistics');
    expect(await item.locator('.synthetic').count()).toBe(0);
    expect(await s.page.locator('[data-group=samples] [data-table=ref_population]').count()).toBe(0);
  });
});

describe('a real force-by-year table as a rate, with no population table loaded', () => {
  it('divides each force’s count by the official population of the matched mid-year (FY ending 31 March 2020 → mid-2019)', async () => {
    await pickFiles(s.page, [TASER]);
    await s.page.locator('form[aria-label="Compare builder"] select[name="table"]').selectOption('taser_use_by_force_by_year');
    await s.page.waitForFunction(() => !/Disruptions/.test(document.querySelector('.chart figure h2')?.textContent ?? 'Disruptions'), null, { timeout: 60_000 });
    const title = await drawn(s.page);
    const spec = await s.page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).socWorkbench.workbench.builder.spec)));
    expect(spec.denominator).toEqual({ table: 'ref_population', population: 'population', force: 'force', midYear: 'year' });
    expect(spec.comparison).toEqual({ kind: 'rate_per_100k' });
    // Compared by canonical force (the table's "Police force" names read through its normalised view).
    expect(title).toMatch(/^Total per 100,000 population by force, 2020-03-31/);

    const pop = officialPopulation(2019);
    const lines = readFileSync(TASER, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const latest = lines.filter((r) => r[12] === '2020-03-31');
    expect(latest).toHaveLength(43);
    const shown = await numbers(s.page);
    expect(shown).toHaveLength(43);
    for (const r of latest) {
      const population = pop.get(PFA_NAME[r[0]] ?? r[0]);
      expect(population, r[0]).toBeGreaterThan(0);
      const rate = (Number(r[1]) / population!) * 100_000;
      const row = shown.find((x) => x['Force'] === territorial(r[0]));
      expect(row, r[0]).toBeDefined();
      const value = Number(Object.entries(row!).find(([k]) => /per 100,000/.test(k))![1].replace(/,/g, ''));
      expect(Math.abs(value - rate), `${r[0]}: shown ${value}, own arithmetic ${rate}`).toBeLessThanOrEqual(0.05);
    }
    const caption = (await s.page.locator('.chart figure figcaption').first().textContent()) ?? '';
    expect(caption).toContain("Population: ONS mid-2019 estimates (the last 30 June on or before the period's end).");
    expect(caption).not.toMatch(/No population for/);
    await s.page.locator('.chart figure').first().screenshot({ path: '/tmp/population-taser-rate.png' });
  });

  it('per 1,000, chosen in the builder: each force’s rate is its count ÷ the official population × 1,000, and the title says so', async () => {
    const per = s.page.locator('form[aria-label="Compare builder"] select[name="per"]');
    await expect(per.inputValue()).resolves.toBe('100000');
    await per.selectOption('1000');
    await s.page.waitForFunction(() => /per 1,000 population/.test(document.querySelector('.chart figure h2')?.textContent ?? ''), null, { timeout: 60_000 });
    const title = await drawn(s.page);
    expect(title).toMatch(/^Total per 1,000 population by force, 2020-03-31/);
    const spec = await s.page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).socWorkbench.workbench.builder.spec)));
    expect(spec.denominator).toEqual({ table: 'ref_population', population: 'population', force: 'force', midYear: 'year', per: 1000 });
    const pop = officialPopulation(2019);
    const lines = readFileSync(TASER, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const shown = await numbers(s.page);
    expect(shown).toHaveLength(43);
    expect(Object.keys(shown[0]).some((k) => /per 1,000 population/.test(k))).toBe(true);
    for (const force of ['Kent', 'Durham', 'Metropolitan', 'Dyfed-Powys', 'Avon & Somerset']) {
      const r = lines.find((x) => x[0] === force && x[12] === '2020-03-31')!;
      const rate = (Number(r[1]) / pop.get(PFA_NAME[force] ?? force)!) * 1_000;
      const row = shown.find((x) => x['Force'] === territorial(force));
      expect(row, force).toBeDefined();
      const text = Object.entries(row!).find(([k]) => /per 1,000 population/.test(k))![1];
      const value = Number(text.replace(/,/g, ''));
      // Two significant figures (0.23): within half of the last shown digit, and never the per-100,000 figure.
      const decimals = text.split('.')[1]?.length ?? 0;
      expect(Math.abs(value - rate), `${force}: shown ${text}, own arithmetic ${rate}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
      expect(rate).toBeLessThan(1);
      expect(decimals, text).toBeGreaterThanOrEqual(2);
    }
    await s.page.locator('.chart figure').first().screenshot({ path: '/tmp/population-taser-rate-per-1000.png' });
    // Back to per 100,000 for the tests after this one.
    await per.selectOption('100000');
    await s.page.waitForFunction(() => /per 100,000 population/.test(document.querySelector('.chart figure h2')?.textContent ?? ''), null, { timeout: 60_000 });
    await drawn(s.page);
  });

  it('over years, each year uses its own population (never a sum of years)', async () => {
    // Every period: the same view by period, without its one-period filter.
    await s.page.evaluate(async () => {
      const b = (globalThis as any).socWorkbench.workbench.builder;
      await b.show({ ...JSON.parse(JSON.stringify(b.spec)), compareBy: { by: 'period' }, filters: [], highlight: { limitToPeers: false } });
    });
    await drawn(s.page);
    const shown = await numbers(s.page);
    const lines = readFileSync(TASER, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const ytd of ['2016-12-31', '2018-03-31', '2019-03-31', '2020-03-31']) {
      const year = Number(ytd.slice(0, 4)) - (ytd.slice(5) >= '06-30' ? 0 : 1);
      const pop = officialPopulation(year);
      const these = lines.filter((r) => r[12] === ytd);
      const rate = (these.reduce((a, r) => a + Number(r[1]), 0) / these.reduce((a, r) => a + pop.get(PFA_NAME[r[0]] ?? r[0])!, 0)) * 100_000;
      // The period as the table shows it ("2020-03-31", or a JS date string): read back as a date.
      const row = shown.find((x) => new Date(Object.values(x)[0]).toISOString().slice(0, 10) === ytd);
      expect(row, `${ytd} in ${JSON.stringify(shown)}`).toBeDefined();
      const value = Number(Object.entries(row!).find(([k]) => /per 100,000/.test(k))![1].replace(/,/g, ''));
      expect(Math.abs(value - rate), `${ytd}: shown ${value}, own arithmetic ${rate}`).toBeLessThanOrEqual(0.05);
    }
    const caption = (await s.page.locator('.chart figure figcaption').first().textContent()) ?? '';
    expect(caption).toMatch(/Population: ONS mid-2015 to mid-2019 estimates/);
  });

  it('is made again after an engine restart, like the samples', async () => {
    await s.page.evaluate(() => (globalThis as any).socWorkbench.engine.simulateCrash());
    await s.page.waitForSelector('.notice:has-text("was restarted")', { timeout: 60_000 });
    const [{ n }] = await engineRows(s.page, 'SELECT count(*)::INTEGER AS n FROM ref_population');
    expect(n).toBe(43 * 23);
  });
});

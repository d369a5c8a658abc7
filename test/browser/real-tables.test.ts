/**
 * Issue 12: real Home Office and IOPC tables open on a right first comparison. For each file the test computes, from
 * the raw file with its own reader and arithmetic (test/helpers/published.ts), each territorial force's value for
 * the latest period with aggregates left out; then loads the file as a user would and reads the numbers table under
 * the default chart: every one of the 43 forces present once, with its value, and no aggregate row shown as a force.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chartNumbers, closeBrowser, drawnTitle, openApp, pickFiles, type AppSession } from './harness';
import { testdataPath } from '../helpers/testdata';
import { FORTY_THREE, readCsv, territorial } from '../helpers/published';

let s: AppSession;

// A fresh page per table, as a new analyst would open it: one table's state never leaks into the next check.
beforeEach(async () => {
  s = await openApp();
});
afterEach(async () => {
  await s?.close();
});
afterAll(async () => {
  await closeBrowser();
});

/** What the default chart shows once the builder has drawn it: title, comparison kind and the numbers table. */
async function firstChart(page: Page): Promise<{ title: string; kind: string; rows: string[][] }> {
  const title = await drawnTitle(page);
  const kind = await page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.spec.comparison.kind as string);
  const rows = (await chartNumbers(page)).map((r) => Object.values(r));
  return { title, kind, rows };
}

/** The shown number, and how far it may be from the true one given the decimals it is shown with. */
function shown(text: string): { value: number; tolerance: number } {
  const t = text.replace(/,/g, '').trim();
  const decimals = /\.(\d+)/.exec(t)?.[1].length ?? 0;
  return { value: Number(t), tolerance: 0.5 * 10 ** -decimals + 1e-9 };
}

/** Load `file`, then check the first chart's numbers against `expected` (canonical force → count for the latest period). */
async function check(file: string, expected: Map<string, number>, period: string): Promise<void> {
  expect(expected.size).toBe(43);
  await pickFiles(s.page, [file.startsWith('/') ? file : testdataPath(file)]);
  const chart = await firstChart(s.page);
  expect(chart.title).toContain(period);
  // The count sits in the value column of a total, in the numerator column of a rate.
  const at = chart.kind === 'rate_per_100k' ? 2 : 1;
  const byForce = new Map(chart.rows.map((r) => [r[0], r[at]]));
  expect(chart.rows.map((r) => r[0]).sort()).toEqual([...FORTY_THREE].sort());
  for (const [force, value] of expected) {
    const got = shown(byForce.get(force) ?? 'NaN');
    expect(Math.abs(got.value - value), `${file}: ${force} shows ${byForce.get(force)}, the file says ${value}`).toBeLessThanOrEqual(got.tolerance);
  }
}

describe('real tables open on a right first comparison', () => {
  it('Home Office officer FTE by force and region: the latest half-year, 43 forces, regions and totals left out', async () => {
    const [head, ...body] = readCsv(testdataPath('police/home-office/officer_fte_by_force_region_2019.csv'));
    // The latest period column by the test's own reading of "Month YYYY" headers.
    const month = (h: string) => new Date(`1 ${h}`).getTime();
    const latest = head.slice(1).reduce((a, b) => (month(b) > month(a) ? b : a));
    const col = head.indexOf(latest);
    const value = (label: string) => body.filter((r) => r[0] === label).map((r) => Number(r[col]));
    // Two rows say "West Midlands": the region is the one equal to its four forces (the other one among them).
    const [a, b] = value('West Midlands');
    const others = value('Staffordshire')[0] + value('Warwickshire')[0] + value('West Mercia')[0];
    const force = Math.abs(a - (others + b)) < 0.01 ? b : a;
    const expected = new Map<string, number>();
    for (const r of body) {
      const name = territorial(r[0]);
      if (name && name !== 'West Midlands') expected.set(name, Number(r[col]));
    }
    expected.set('West Midlands', force);
    await check('police/home-office/officer_fte_by_force_region_2019.csv', expected, '2019');
    const leftOut = await s.page.locator('.left-out-rows').textContent();
    for (const label of ['North East', 'Total 43 forces', 'British Transport Police']) expect(leftOut).toContain(label);
  });

  it('IOPC deaths in or following custody, wide by financial year: 2019/20, not 04/05 or the Total column', async () => {
    const [head, ...body] = readCsv(testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv'));
    const years = head.filter((h) => /^\d\d\/\d\d$/.test(h));
    const latest = years.reduce((a, b) => (Number(b.slice(0, 2)) > Number(a.slice(0, 2)) ? b : a));
    const col = head.indexOf(latest);
    const expected = new Map(body.flatMap((r) => (territorial(r[0]) ? [[territorial(r[0])!, Number(r[col])] as const] : [])));
    await check('police/iopc/deaths_in_custody_by_force_fy.csv', expected, `20${latest.slice(0, 2)}/${latest.slice(3)}`);
    const leftOut = await s.page.locator('.left-out-rows').textContent();
    for (const label of ['HMRC', 'SOCA / NCA', 'Home Office', 'British Transport']) expect(leftOut).toContain(label);
  });

  it('Home Office use-of-force incidents 2019/20: regional "Total …" rows and England and Wales left out', async () => {
    const [head, ...body] = readCsv(testdataPath('police/home-office/use_of_force_incidents_2019-20.csv'));
    const f = head.indexOf('Police Force');
    const t = head.indexOf('Total');
    const expected = new Map(body.flatMap((r) => (territorial(r[f]) ? [[territorial(r[f])!, Number(r[t])] as const] : [])));
    await check('police/home-office/use_of_force_incidents_2019-20.csv', expected, '');
  });

  it('Home Office TASER use by force and year-end: the latest year-end, each force its own Total', async () => {
    const [head, ...body] = readCsv(testdataPath('police/home-office/taser_use_by_force_by_year.csv'));
    const y = head.indexOf('ytd');
    const t = head.indexOf('Total');
    const dates = body.map((r) => r[y]).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d));
    const latest = dates.reduce((a, b) => (b > a ? b : a));
    const expected = new Map(body.filter((r) => r[y] === latest).flatMap((r) => (territorial(r[0]) ? [[territorial(r[0])!, Number(r[t])] as const] : [])));
    await check('police/home-office/taser_use_by_force_by_year.csv', expected, latest);
  });

  it('Home Office use of force by ethnicity and tactic: each force its own total row, never the sum of subtotals', async () => {
    const [head, ...body] = readCsv(testdataPath('police/home-office/use_of_force_by_ethnicity_force_2019-20.csv'));
    const tactic = head.indexOf('Tactic');
    const n = head.indexOf('Number of times tactic reported');
    // "*Total Tactics" is the file's own total per force; "Handcuffing, of which" and the tactics under it overlap.
    const expected = new Map(body.filter((r) => r[tactic] === '*Total Tactics').flatMap((r) => (territorial(r[0]) ? [[territorial(r[0])!, Number(r[n])] as const] : [])));
    await check('police/home-office/use_of_force_by_ethnicity_force_2019-20.csv', expected, '');
  });

  it('a rolling 12-month series by quarter (the recorded-crime shape): the latest quarter only, never a sum of quarters', async () => {
    const file = fileURLToPath(new URL('../fixtures/csv/rolling_crime_shape.csv', import.meta.url));
    const [, ...body] = readCsv(file);
    // Latest "12 months ending" date by the test's own reading of dd-mm-yyyy.
    const iso = (d: string) => d.split('-').reverse().join('-');
    const latest = body.map((r) => r[0]).reduce((a, b) => (iso(b) > iso(a) ? b : a));
    const canonical = (name: string) => territorial(name) ?? { 'London, City of': 'City of London' }[name] ?? name;
    const expected = new Map<string, number>();
    for (const r of body) if (r[0] === latest) expected.set(canonical(r[1]), (expected.get(canonical(r[1])) ?? 0) + Number(r[3]));
    await check(file, expected, '');
    const spec = await s.page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).socWorkbench.workbench.builder.spec)));
    expect(spec.filters.find((f: { column: string }) => f.column === spec.roles.period)?.values).toHaveLength(1);
  });
});

/**
 * The presenters' chart types (issue 19 items 1 and 4) in Chromium on a real table: IOPC deaths in police custody by
 * force, 2004/05 to 2019/20. The test reads the raw CSV itself. The hex map: each force's hexagon must name that
 * force's 2019/20 count (read from the tile's label, as a screen reader hears it), the largest count must be the
 * darkest tile, and the map must survive SVG and PNG export and presentation. The control chart of England and
 * Wales: its mean and limits must be the test's own XmR arithmetic over the raw file's yearly sums.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { closeBrowser, openApp, pickFiles, type AppSession, builderForm as builder, chooseIn as choose, drawn, savedDownload } from './harness';
import { testdataPath } from '../helpers/testdata';
import { FORTY_THREE, readCsv, territorial } from '../helpers/published';

let s: AppSession;
const out = mkdtempSync(join(tmpdir(), 'soc-map-'));


/** Click, wait for the download, save it under `out`; returns its path. */
const saved = (page: Page, click: () => Promise<unknown>) => savedDownload(page, out, click);

/** Each labelled tile: force → [its label's value, its fill]. */
async function tiles(where: Locator): Promise<Map<string, { value: string; fill: string }>> {
  const labelled = await where.locator('figure svg path[aria-label]').evaluateAll((ps) => ps.map((p) => [p.getAttribute('aria-label') ?? '', p.getAttribute('fill') ?? '']));
  return new Map(labelled.map(([label, fill]) => {
    const at = label.lastIndexOf(': ');
    return [label.slice(0, at), { value: label.slice(at + 2), fill }];
  }));
}

/** Relative luminance of `rgb(r, g, b)` (or #rrggbb): darker tiles are larger values on a sequential scale. */
function luminance(fill: string): number {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(fill);
  const [r, g, b] = m ? m.slice(1).map(Number) : [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// The test's own reading: each territorial force's deaths in custody in 2019/20, straight from the raw CSV.
const [head, ...body] = readCsv(testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv'));
const col = head.indexOf('19/20');
const expected = new Map(body.flatMap((r) => (territorial(r[0]) ? [[territorial(r[0])!, Number(r[col])] as const] : [])));

beforeAll(async () => {
  s = await openApp();
  await pickFiles(s.page, [testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv')]);
  await drawn(s.page);
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('the hex map of a real table', () => {
  it("draws 43 equal tiles, each naming its force and the raw file's 2019/20 count", async () => {
    expect(expected.size).toBe(43);
    await choose(s.page, 'comparison', 'total');
    await drawn(s.page);
    await choose(s.page, 'chart', 'map');
    await s.page.locator('.chart-view [data-chart-type="map"]').waitFor();
    await drawn(s.page);
    const shown = await tiles(s.page.locator('.chart-view'));
    expect([...shown.keys()].sort()).toEqual([...FORTY_THREE].sort());
    for (const [force, n] of expected) expect(shown.get(force)?.value, force).toBe(String(n));
    expect(await s.page.locator('.chart-view figure h3').textContent()).toContain('Each force is one equal hexagon');
  });

  it('colours by value: the largest count is the darkest tile, and equal counts share a colour', async () => {
    const shown = await tiles(s.page.locator('.chart-view'));
    const max = Math.max(...expected.values());
    const darkest = Math.min(...[...shown.values()].map((t) => luminance(t.fill)));
    for (const [force, n] of expected) {
      const l = luminance(shown.get(force)!.fill);
      if (n === max) expect(l, force).toBe(darkest);
      else expect(l, force).toBeGreaterThan(darkest);
    }
    const byCount = new Map<number, Set<string>>();
    for (const [force, n] of expected) (byCount.get(n) ?? byCount.set(n, new Set()).get(n)!).add(shown.get(force)!.fill);
    for (const fills of byCount.values()) expect(fills.size).toBe(1);
  });

  it('exports as SVG, with its tiles, labels and colour legend, and as PNG at twice the size', async () => {
    const exportGroup = s.page.getByRole('group', { name: 'Export the chart' });
    const svg = readFileSync(await saved(s.page, () => exportGroup.getByRole('button', { name: 'SVG' }).click()), 'utf8');
    expect(svg.match(/<path [^>]*aria-label="[^"]+: \d+"/g)).toHaveLength(43);
    for (const label of ['Met', 'CoL', 'Kent', 'GMP']) expect(svg).toContain(`>${label}</text>`);
    // The colour ramp comes along as its own svg beside the chart's.
    expect((svg.match(/<svg\b/g) ?? []).length).toBeGreaterThanOrEqual(3);
    const png = readFileSync(await saved(s.page, () => exportGroup.getByRole('button', { name: 'PNG' }).click()));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const svgWidth = Number(/^<svg [^>]*width="(\d+)"/.exec(svg)?.[1]);
    expect(png.readUInt32BE(16)).toBe(2 * svgWidth);
  });

  it('is drawn on its slide, every tile with its count', async () => {
    await s.page.getByRole('button', { name: 'Save view' }).click();
    await s.page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'Present', exact: true }).click();
    const deck = s.page.getByRole('dialog', { name: 'Presentation' });
    await deck.locator('figure h2').waitFor();
    const shown = await tiles(deck);
    for (const [force, n] of expected) expect(shown.get(force)?.value, force).toBe(String(n));
    await s.page.keyboard.press('Escape');
    await deck.waitFor({ state: 'detached' });
  });
});

describe('the control chart of a real table', () => {
  it("England and Wales by year: mean and process limits are the test's own XmR arithmetic on the raw file", async () => {
    // The test's own sums: each financial-year column over the 43 territorial forces (other bodies left out).
    const years = head.filter((h) => /^\d\d\/\d\d$/.test(h));
    const sums = years.map((y) => body.reduce((t, r) => t + (territorial(r[0]) ? Number(r[head.indexOf(y)]) : 0), 0));
    const mean = sums.reduce((a, b) => a + b, 0) / sums.length;
    const ranges = sums.slice(1).map((v, i) => Math.abs(v - sums[i]));
    const mrBar = ranges.reduce((a, b) => a + b, 0) / ranges.length;
    // As the chart labels a number below 100: whole numbers as they are, others to one decimal.
    const one = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
    await choose(s.page, 'comparison', 'total');
    await drawn(s.page);
    await choose(s.page, 'compareBy', 'period');
    await drawn(s.page);
    // The first view kept the latest year only; a presenter keeps all years, as the filter's "Keep all" does.
    const periodFilter = s.page.locator('details[data-filter="period_canonical"]');
    if (await periodFilter.count()) {
      await periodFilter.locator('summary').click();
      const keepAll = periodFilter.getByRole('button', { name: 'Keep all' });
      if (await keepAll.count()) await keepAll.click();
      await drawn(s.page);
    }
    await choose(s.page, 'chart', 'control');
    await s.page.locator('.chart-view [data-chart-type="control"]').waitFor();
    await drawn(s.page);
    const filters = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.spec.filters as unknown[]);
    expect(filters).toEqual([]);
    const texts = await s.page.locator('.chart-view figure svg text').allTextContents();
    expect(texts).toContain(`Mean ${one(mean)}`);
    expect(texts).toContain(`Upper limit ${one(mean + 2.66 * mrBar)}`);
    expect(texts).toContain(`Lower limit ${one(mean - 2.66 * mrBar)}`);
    // The first year is beyond the upper limit in the file itself: the chart must mark it.
    expect(sums[0]).toBeGreaterThan(mean + 2.66 * mrBar);
    expect(await s.page.locator('.chart-view figcaption').textContent()).toMatch(/1 beyond a process limit/);
  });
});

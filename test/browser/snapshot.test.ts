/**
 * Snapshots (issue 16 goal 1) in Chromium: a chart is on screen before the engine is ready, labelled as a snapshot
 * until the live result replaces it, and a changed file never shows a stale one.
 * - A first open draws the samples' shipped first view, and the live view the app then draws has the same numbers
 *   (so the shipped snapshot is not stale: run scripts/make-first-view.ts when this fails).
 * - A view of a real table (IOPC deaths in police custody, wide, read through its long and normalised view) comes
 *   back after a reload from its snapshot, then live as the same view. Once its kept file has changed, the reload
 *   shows no snapshot at all, and the live chart has the changed file's numbers, read by the test from its own copy.
 * - A view changed while the snapshot is shown (the samples held back, so the engine is not ready) is drawn once it
 *   is, with the numbers the test sums from the disruptions sample's CSV.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { WAIT, chartsSeen, chooseIn, closeBrowser, drawn, openApp, pickFiles, watchCharts } from './harness';
import { testdataPath } from '../helpers/testdata';
import { parseCsv } from '../helpers/published';

/** CSV text as records keyed by its header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

afterAll(closeBrowser);

const shipped = JSON.parse(readFileSync(new URL('../../samples/first-view.json', import.meta.url), 'utf8'));

const rowsOf = (page: Page) => page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.rows.map((r: Record<string, unknown>) => ({ ...r })) as Record<string, unknown>[]);
const specOf = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).socWorkbench.workbench.builder.spec)));

describe('snapshots', () => {
  it('a first open draws the shipped first view before the engine is ready, then the live view with the same numbers', async () => {
    const app = await openApp({ beforeGoto: (c) => watchCharts(c) });
    try {
      await drawn(app.page, { timeout: WAIT.draw });
      const w = await chartsSeen(app.page);
      expect(w.snapshot).toMatchObject({ origin: 'shipped', status: 'starting' });
      expect(w.live!.at).toBeGreaterThan(w.snapshot!.at);
      const live = await rowsOf(app.page);
      const pick = (r: Record<string, unknown>) => [r.force, r.value, r.lower, r.upper, r.significance];
      expect(live.map(pick)).toEqual(shipped.snapshot.rows.map(pick));
      expect(await specOf(app.page)).toEqual(shipped.snapshot.spec);
      expect(app.offOrigin).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a reload draws the last view of a real table from its snapshot, and not once its kept file has changed', async () => {
    const file = testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv');
    const app = await openApp({ beforeGoto: (c) => watchCharts(c) });
    try {
      const page = app.page;
      await pickFiles(page, [file]);
      // Drawn first from the table as published, then through its long, normalised view once recognition made it.
      await page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.spec?.table === 'deaths_in_custody_by_force_fy_long_norm', null, { timeout: WAIT.start });
      await drawn(page, { timeout: WAIT.draw });
      const spec = await specOf(page);
      const title = await page.locator('.chart figure h2').first().textContent();
      const before = await rowsOf(page);
      // Kept half a second after the draw settles.
      await page.waitForFunction(() => /"table":"deaths_in_custody_by_force_fy_long_norm".*deaths_in_custody_by_force_fy\.csv/.test(localStorage.getItem('soc-workbench:last-view') ?? ''), null, { timeout: WAIT.draw });

      await page.reload();
      await page.waitForSelector('.chart[data-snapshot=session] figure svg', { timeout: WAIT.start });
      expect(await page.locator('.snapshot-note').textContent()).toMatch(/^From your last session \(\d+ \w+(,| at) \d\d:\d\d\) — refreshing from the data…/);
      await page.waitForSelector('.chart:not([data-snapshot]) figure svg', { timeout: WAIT.start + WAIT.draw });
      await drawn(page, { timeout: WAIT.draw });
      const again = await chartsSeen(page);
      expect(again.snapshot).toMatchObject({ origin: 'session', status: 'starting', title });
      expect(await specOf(page)).toEqual(spec);
      expect(await rowsOf(page)).toEqual(before);

      // The kept file changes under the snapshot (as another tab keeping a new copy would): Cheshire had no death in
      // 2019/20 and now has 7.
      const raw = readFileSync(file, 'utf8');
      const changed = raw.replace(/^Cheshire,(.*),0,(\d+)$/m, (_, mid, total) => `Cheshire,${mid},7,${Number(total) + 7}`);
      expect(changed).not.toBe(raw);
      await page.evaluate(async (text) => {
        const db: IDBDatabase = await new Promise((ok, no) => { const r = indexedDB.open('soc-workbench-files'); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
        const store = db.transaction('files', 'readwrite').objectStore('files');
        const rec: any = await new Promise((ok) => { const r = store.get('deaths_in_custody_by_force_fy'); r.onsuccess = () => ok(r.result); });
        await new Promise((ok) => { const tx = db.transaction('files', 'readwrite'); tx.objectStore('files').put({ ...rec, blob: new Blob([text]), savedAt: new Date().toISOString() }); tx.oncomplete = ok; });
      }, changed);

      await page.reload();
      // With no snapshot to hold the place, the table's first view shows until its long, normalised view is made.
      await page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.spec?.table === 'deaths_in_custody_by_force_fy_long_norm', null, { timeout: WAIT.start + WAIT.draw });
      await drawn(page, { timeout: WAIT.draw });
      expect((await chartsSeen(page)).snapshot).toBeNull();
      expect(await specOf(page)).toEqual(spec);
      const after = await rowsOf(page);
      const forceKey = Object.keys(before[0]).find((k) => before.some((r) => r[k] === 'Cheshire'))!;
      const cheshire = (rows: Record<string, unknown>[]) => rows.find((r) => r[forceKey] === 'Cheshire')!;
      const published = records(changed).find((r) => r.Authority === 'Cheshire')!;
      expect(Number(published['19/20'])).toBe(7);
      expect(cheshire(before).value).toBe(0);
      expect(cheshire(after).value).toBeGreaterThan(0);
      // Every other force's own numbers are as before (the England and Wales rate moved with Cheshire's count).
      const own = (rows: Record<string, unknown>[]) => rows.filter((r) => r[forceKey] !== 'Cheshire').map((r) => [r[forceKey], r.numerator, r.population, r.value]);
      expect(own(after)).toEqual(own(before));
      expect(cheshire(after).numerator).toBe(7);
    } finally {
      await app.close();
    }
  });

  it('a view changed while the snapshot is shown is drawn, as changed, once the engine is ready', async () => {
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    const hold = async (c: BrowserContext) => {
      await watchCharts(c);
      // The samples wait until the change is made: the builder cannot go live without them.
      await c.route(/_synthetic\.(csv|parquet)/, async (route) => (await held, route.fallback()));
    };
    const app = await openApp({ beforeGoto: hold, waitForSamples: false });
    try {
      const page = app.page;
      await page.waitForSelector('.chart[data-snapshot=shipped] figure svg', { timeout: WAIT.start });
      await chooseIn(page, 'comparison', 'total');
      await page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.builder.snapshot?.edited === true);
      expect(await page.locator('.snapshot-note').textContent()).toContain('Your change is drawn once the data is loaded.');
      release();
      await page.waitForSelector('.chart:not([data-snapshot]) figure svg', { timeout: WAIT.start + WAIT.draw });
      await drawn(page, { timeout: WAIT.draw });
      const spec = await specOf(page);
      expect(spec.comparison.kind).toBe('total');
      // The test's own sums from the sample's CSV: disruptions by force in the latest financial year.
      const csv = records(readFileSync(new URL('../../samples/disruptions_synthetic.csv', import.meta.url), 'utf8'));
      const latest = [...new Set(csv.map((r) => r.financial_year))].sort().at(-1)!;
      const sums = new Map<string, number>();
      for (const r of csv.filter((x) => x.financial_year === latest)) sums.set(r.force, (sums.get(r.force) ?? 0) + Number(r.disruptions));
      const rows = await rowsOf(page);
      expect(rows).toHaveLength(sums.size);
      for (const r of rows) expect(r.value, String(r.force)).toBe(sums.get(String(r.force)));
    } finally {
      release();
      await app.close();
    }
  });
});

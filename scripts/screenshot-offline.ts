/**
 * Screenshot of the single file opened from disk with the network blocked:
 * dist/soc-workbench.html via file://, a CSV and a Parquet file from
 * ../shared/testdata loaded through the picker, a query run from the editor.
 * Writes docs/screenshots/offline-single-file.png and fails if the page made
 * any request outside itself. Run after `npm run build`:
 *   npx tsx scripts/screenshot-offline.ts
 */
import { launchChromium } from './chromium';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const single = resolve('dist/soc-workbench.html');
const testdata = resolve('../shared/testdata');
const files = [`${testdata}/police/stop-and-search/2019-08-city-of-london-stop-and-search.csv`, `${testdata}/parquet/sorted.zstd_18_131072_small.parquet`];
const out = resolve('docs/screenshots/offline-single-file.png');
const SQL = `-- Opened from file://, network blocked: City of London stop and search, August 2019
SELECT "Object of search" AS object_of_search, count(*) AS searches,
       count(*) FILTER (WHERE Outcome = 'Arrest') AS arrests,
       round(100 * arrests / searches, 1) AS arrest_pct
FROM t_2019_08_city_of_london_stop_and_search
GROUP BY ALL ORDER BY searches DESC`;

for (const f of [single, ...files]) if (!existsSync(f)) throw new Error(`missing ${f} (run npm run build; fixtures come from ../shared/testdata)`);

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const blocked: string[] = [];
  const url = pathToFileURL(single).href;
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[role=status][data-state=ready]', { timeout: 60_000 });
  await page.waitForSelector('[data-table=disruptions_synthetic]', { timeout: 60_000 });
  await page.getByLabel('Open files').setInputFiles(files);
  await page.waitForSelector('[data-table=t_2019_08_city_of_london_stop_and_search]', { timeout: 60_000 });
  await page.waitForSelector('[data-table="sorted_zstd_18_131072_small"]', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'SQL' }).click();
  const editor = page.getByLabel('SQL editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(SQL, { delay: 0 });
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.result?.sql.includes('object_of_search'), undefined, { timeout: 30_000 });
  await page.keyboard.press('Escape'); // close the autocomplete list typing left open
  await page.locator('h1').click(); // move focus out of the editor
  await page.waitForTimeout(300);
  if (blocked.length) throw new Error(`the single file made requests outside itself: ${blocked.join(', ')}`);
  mkdirSync(resolve('docs/screenshots'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out} (no request outside the file)`);
} finally {
  await browser.close();
}

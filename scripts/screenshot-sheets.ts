/**
 * Screenshots of issue 15: the Home Office workforce workbook (.ods) opened as a user would, its tables in the data
 * panel, and the first comparison the workbench draws for Table_1. Needs `npm run build` first.
 *   npx tsx scripts/screenshot-sheets.ts
 * Writes docs/screenshots/sheets-data-panel.png, sheets-first-chart.png, sheets-load-options.png and
 * sheets-load-anyway.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { openRealFile } from './real-file-page';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const FILE = 'spreadsheets/ho_police_workforce_sep19_tables.ods';

async function main() {
  const shots = resolve('docs/screenshots');
  mkdirSync(shots, { recursive: true });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  const browser = await launchChromium();
  try {
    const { page, close: closePage, ms } = await openRealFile(browser, url, FILE);
    console.log(`loaded, recognised and charted in ${ms} ms`);
    await page.screenshot({ path: `${shots}/sheets-first-chart.png` });
    console.log('sheets-first-chart.png:', await page.locator('.chart figure h2').first().textContent());
    // The data panel with Table_1's columns open: the flattened header names and their types.
    await page.locator('[data-table=ho_police_workforce_sep19_tables_table_1] button.toggle').click();
    await page.waitForTimeout(300);
    // The panel is as tall as its list; the picture is the window's left part, as the user sees it.
    await page.screenshot({ path: `${shots}/sheets-data-panel.png`, clip: { x: 0, y: 0, width: 760, height: 1000 } });
    console.log('sheets-data-panel.png');
    // Table_1's load report with Load options… open: the form starts from where the table was found.
    await page.locator('[data-table=ho_police_workforce_sep19_tables_table_1]').getByRole('button', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Load options…' }).click();
    await page.waitForTimeout(300);
    const report = page.locator('section.domain');
    await report.screenshot({ path: `${shots}/sheets-load-options.png` });
    console.log('sheets-load-options.png:', (await page.getByLabel('Cells').inputValue()) || '(no cells)');
    // The contents sheet, listed as not data, loaded anyway with one click and previewed.
    await page.getByRole('button', { name: 'Load anyway: sheet Index' }).click();
    const index = page.locator('[data-table=ho_police_workforce_sep19_tables_index]');
    await index.waitFor({ timeout: 30_000 });
    await index.getByRole('button', { name: /^ho_/ }).click();
    await page.waitForTimeout(500);
    await index.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/sheets-load-anyway.png` });
    console.log('sheets-load-anyway.png');
    await closePage();
  } finally {
    await browser.close();
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

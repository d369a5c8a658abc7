/**
 * Screenshots of issue 12 as a new analyst sees it: each real table in ../shared/testdata/police opened on its own in
 * a fresh page, and the first comparison the workbench draws for it. Needs `npm run build` first.
 *   npx tsx scripts/screenshot-real.ts
 * Writes docs/screenshots/real-<table>.png.
 */
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { launchChromium } from './chromium';
import { openRealFile } from './real-file-page';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const FILES = [
  'police/home-office/officer_fte_by_force_region_2019.csv',
  'police/iopc/deaths_in_custody_by_force_fy.csv',
  'police/home-office/use_of_force_incidents_2019-20.csv',
  'police/home-office/taser_use_by_force_by_year.csv',
  'police/home-office/use_of_force_by_ethnicity_force_2019-20.csv',
];

async function main() {
  const shots = resolve('docs/screenshots');
  mkdirSync(shots, { recursive: true });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  const browser = await launchChromium();
  try {
    for (const file of FILES) {
      const { page, close: closePage } = await openRealFile(browser, url, file);
      const name = basename(file, '.csv').replace(/\W+/g, '_');
      await page.screenshot({ path: `${shots}/real-${name}.png` });
      console.log(`real-${name}.png:`, await page.locator('.chart figure h2').first().textContent());
      await closePage();
    }
  } finally {
    await browser.close();
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

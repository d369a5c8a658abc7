/**
 * Screenshot of issue 16's snapshot: a real table's view (IOPC deaths in police custody) drawn from the last
 * session's snapshot while the engine starts — the samples are held back so the moment lasts. Needs `npm run build`.
 *   npx tsx scripts/screenshot-snapshot.ts
 * Writes docs/screenshots/snapshot-session.png.
 */
import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { openRealFile } from './real-file-page';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const { url, close } = await serve({ root: 'dist', base: '/' });
const browser = await launchChromium();
try {
  const { page } = await openRealFile(browser, url, 'police/iopc/deaths_in_custody_by_force_fy.csv');
  await page.waitForFunction(() => /deaths_in_custody_by_force_fy_long_norm/.test(localStorage.getItem('soc-workbench:last-view') ?? ''), null, { timeout: 60_000 });
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  await page.context().route(/_synthetic\.(csv|parquet)/, async (route) => (await held, route.fallback()));
  await page.reload();
  await page.waitForSelector('.chart[data-snapshot=session] figure svg', { timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: resolve('docs/screenshots/snapshot-session.png') });
  console.log('snapshot-session.png:', await page.locator('.snapshot-note').textContent());
  release();
} finally {
  await browser.close();
  close();
}

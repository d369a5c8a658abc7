/**
 * Screenshot of Protect small numbers (issue 19 item 2): the IOPC table of deaths in or following police custody
 * opened as a new analyst opens it, protection switched on in the Workbook panel, and the view turned into what a
 * presenter would show — deaths by force over all sixteen years, as bars — with its caption and numbers table. Needs
 * `npm run build` first.
 *   npx tsx scripts/screenshot-suppression.ts [threshold]
 * Writes docs/screenshots/suppression.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { openRealFile } from './real-file-page';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const drawn = () => { const b = (globalThis as any).socWorkbench.workbench.builder; return !b.running && b.chart && !b.error && !b.snapshot; };

async function main() {
  const threshold = process.argv[2] ?? '10';
  const shots = resolve('docs/screenshots');
  mkdirSync(shots, { recursive: true });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  const browser = await launchChromium();
  try {
    const { page, close: closePage } = await openRealFile(browser, url, 'police/iopc/deaths_in_custody_by_force_fy.csv');
    await page.setViewportSize({ width: 1400, height: 1750 });
    await page.getByLabel('Protect small numbers').check();
    await page.locator('select[name="threshold"]').selectOption(threshold);
    // Every year's deaths by force, as counts: what a briefing on custody deaths would show.
    await page.evaluate(() => {
      const b = (globalThis as any).socWorkbench.workbench.builder;
      b.update((s: any) => ({ ...s, filters: [], comparison: { kind: 'total' }, uncertainty: { ...s.uncertainty, ci: 'none' }, chart: { type: 'bar' } }));
    });
    await page.waitForTimeout(200);
    await page.waitForFunction(drawn, null, { timeout: 120_000 });
    await page.getByRole('button', { name: /Show the numbers/ }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${shots}/suppression.png` });
    const p = await page.evaluate(() => { const b = (globalThis as any).socWorkbench.workbench.builder; return { primary: b.protection.primary, secondary: b.protection.secondary, caption: b.chart.options.caption }; });
    console.log('suppression.png:', await page.locator('.chart figure h2').first().textContent(), JSON.stringify(p));
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

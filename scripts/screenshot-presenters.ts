/**
 * Screenshots of issue 19 on a real table (IOPC deaths in police custody by force, 2004/05 to 2019/20), as a presenter
 * would make them: a hex map of the forces, a control chart of England and Wales over the years, and the first two
 * pages of the printed briefing (Chromium's PDF, drawn to PNG by pdf.js). Needs `npm run build` first.
 *   npx tsx scripts/screenshot-presenters.ts
 * Writes docs/screenshots/map-real.png, control-chart-real.png, briefing-page-1.png, briefing-page-2.png.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { pdfPagesToPng } from './pdf-pages';
import { openRealFile } from './real-file-page';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const shots = resolve('docs/screenshots');

async function show(page: Page, change: (spec: any) => any): Promise<void> {
  await page.evaluate(async (code) => {
    const b = (globalThis as any).socWorkbench.workbench.builder;
    // eslint-disable-next-line no-new-func
    await b.show(new Function('spec', `return (${code})(spec)`)(JSON.parse(JSON.stringify(b.spec))));
  }, change.toString());
  await page.waitForFunction(() => { const b = (globalThis as any).socWorkbench.workbench.builder; return !b.running && b.chart && !b.error && !b.snapshot; });
  await page.waitForTimeout(400);
}

const { url, close } = await serve({ root: 'dist', base: '/' });
const browser = await launchChromium();
try {
  const { page } = await openRealFile(browser, url, 'police/iopc/deaths_in_custody_by_force_fy.csv');
  await show(page, (s) => ({
    ...s,
    filters: [],
    comparison: { kind: 'total' },
    denominator: undefined,
    chart: { type: 'map', title: 'Deaths in or following police custody, 2004/05 to 2019/20', note: 'Counts over sixteen years, by the force involved. Deaths after other contact with the police (pursuits, shootings) are counted separately by the IOPC and are not included.\n\nCounts are small: a difference of a few deaths between forces is within what chance alone produces.' },
  }));
  await page.locator('.chart-view').screenshot({ path: `${shots}/map-real.png` });
  await page.getByRole('button', { name: 'Save view' }).click();

  await show(page, (s) => ({ ...s, compareBy: { by: 'period' }, filters: [], highlight: { limitToPeers: false }, chart: { type: 'control', title: 'Deaths in or following police custody, England and Wales' } }));
  await page.locator('.chart-view').screenshot({ path: `${shots}/control-chart-real.png` });
  await page.getByRole('button', { name: 'Save view' }).click();

  await page.getByRole('button', { name: 'Print briefing' }).click();
  await page.locator('.page.view figure h2').nth(1).waitFor();
  await page.waitForTimeout(500);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = await pdfPagesToPng(new Uint8Array(pdf), [1, 2], (n) => `${shots}/briefing-page-${n}.png`);
  console.log(`briefing: ${pages} pages`);
} finally {
  await browser.close();
  close();
}

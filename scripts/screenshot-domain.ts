/**
 * Screenshots of issue 6 as a new user sees it: roles in the data panel, the load report of the messy sample,
 * unmatched values and totals of a real Home Office table, and a column profile. Needs `npm run build` first.
 *   npx tsx scripts/screenshot-domain.ts
 * Writes docs/screenshots/domain-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const shots = resolve('docs/screenshots');
const police = resolve('../shared/testdata/police');

async function settled(page: Page, n: number) {
  await page.waitForFunction((k) => (globalThis as any).socWorkbench.workbench.filesSettled >= k, n, { timeout: 90_000 });
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route('**/*', (r) => (r.request().url().startsWith(url) || /^(data|blob):/.test(r.request().url()) ? r.continue() : r.abort()));
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-table=messy_export_synthetic] .badge.note', { timeout: 90_000 });
    await page.waitForFunction(() => !!(globalThis as any).socWorkbench.workbench.result, null, { timeout: 60_000 });

    // 1. Roles beside the messy sample's columns, and its load report.
    const messy = page.locator('[data-table=messy_export_synthetic]');
    await messy.getByTitle('Show columns').click();
    await messy.getByRole('button', { name: 'Details' }).click();
    await page.waitForSelector('[data-domain=messy_export_synthetic] .load-report');
    await page.getByRole('button', { name: 'Load options…' }).click();
    await page.locator('aside').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.screenshot({ path: `${shots}/domain-roles-load-report.png` });

    // 2. A real Home Office table: regions and forces mixed with "Total …" rows; unmatched regions.
    await page.getByLabel('Close details').click();
    await messy.getByTitle('Show columns').click();
    await page.getByLabel('Open files').setInputFiles([`${police}/home-office/use_of_force_incidents_2019-20.csv`, `${police}/iopc/deaths_in_custody_by_force_fy.csv`]);
    await settled(page, 2);
    await page.waitForSelector('[data-table=use_of_force_incidents_2019_20] .badge.note');
    const uof = page.locator('[data-table=use_of_force_incidents_2019_20]');
    await uof.getByTitle('Show columns').click();
    await uof.getByRole('button', { name: 'Details' }).click();
    await page.waitForSelector('[data-domain=use_of_force_incidents_2019_20] .unmatched');
    await page.locator('aside').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.screenshot({ path: `${shots}/domain-unmatched-totals.png` });

    // 3. A column profile with its histogram.
    await page.getByLabel('Close details').click();
    await uof.getByTitle('Show columns').click();
    const dis = page.locator('[data-table=disruptions_synthetic]');
    await dis.getByTitle('Show columns').click();
    await dis.locator('[data-column=disruptions] button.col').click();
    await page.waitForSelector('svg[aria-label="Histogram of disruptions"]');
    await page.screenshot({ path: `${shots}/domain-profile.png` });

    // 4. The wide IOPC table, offered as a long view.
    await page.getByLabel('Close details').click();
    await dis.getByTitle('Show columns').click();
    const wide = page.locator('[data-table=deaths_in_custody_by_force_fy]');
    await wide.getByTitle('Show columns').click();
    await wide.getByRole('button', { name: 'Details' }).click();
    await page.getByRole('button', { name: /Make long view/ }).click();
    await page.waitForSelector('[data-table=deaths_in_custody_by_force_fy_long]');
    await page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.result?.sql.includes('_long'), null, { timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}/domain-wide-long.png` });
  } finally {
    await browser.close();
    await close();
  }
}

await main();

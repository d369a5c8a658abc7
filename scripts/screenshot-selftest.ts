/**
 * The About and self-test panel of the single file opened from file:// (as IT would), after its self-test has run,
 * for docs/screenshots/: the panel (self-test.png) and the report Copy report gives (self-test-report.txt).
 * Run after `npm run build`:  npx tsx scripts/screenshot-selftest.ts
 */
import { launchChromium } from './chromium';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve('docs/screenshots');
mkdirSync(dir, { recursive: true });
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write']);
const page = await context.newPage();
await page.goto(pathToFileURL(resolve('dist/soc-workbench.html')).href);
await page.waitForSelector('[data-table=disruptions_synthetic]', { timeout: 60_000 });
await page.getByRole('button', { name: 'About & self-test' }).click();
await page.waitForFunction(() => /checks (passed|failed)/.test(document.querySelector('[data-testid=selftest-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
await page.getByRole('button', { name: 'Copy report' }).click();
await page.getByText('Copied the report to the clipboard.').waitFor();
const report = await page.evaluate(() => navigator.clipboard.readText());
writeFileSync(resolve(dir, 'self-test-report.txt'), report);
await page.locator('[data-testid=about-dialog]').screenshot({ path: resolve(dir, 'self-test.png') });
await browser.close();
console.log(report);

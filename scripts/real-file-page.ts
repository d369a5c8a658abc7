/**
 * For the screenshot scripts: a real file from ../shared/testdata opened in the served app as a new analyst opens
 * it — a fresh context with every request off the app aborted, the samples listed, the file picked, its load settled
 * and the builder's first chart drawn.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** Open `file` (a path under ../shared/testdata) in the app at `url`; returns the page and how long load-to-chart took. */
export async function openRealFile(browser: Browser, url: string, file: string): Promise<{ page: Page; close: () => Promise<void>; ms: number }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route('**/*', (r) => (r.request().url().startsWith(url) || /^(data|blob):/.test(r.request().url()) ? r.continue() : r.abort()));
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-table=disruptions_synthetic]', { timeout: 120_000 });
  const t0 = Date.now();
  await page.getByLabel('Open files').setInputFiles(resolve('../shared/testdata', file));
  await page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.filesSettled >= 1, null, { timeout: 300_000 });
  await page.waitForFunction(() => { const b = (globalThis as any).socWorkbench.workbench.builder; return !b.running && b.chart && !b.snapshot; }, null, { timeout: 300_000 });
  const ms = Date.now() - t0;
  await page.waitForTimeout(500);
  return { page, close: () => context.close(), ms };
}

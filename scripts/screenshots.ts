/**
 * Screenshots of the built app (served dist/, network off origin blocked) for docs/screenshots/: the first open,
 * and the compare builder with each chart type. Run after `npm run build`:
 *   npx tsx scripts/screenshots.ts [scene …]
 * With no arguments every scene is taken. Fails if the page made a request off its origin.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

type Scene = (page: Page) => Promise<void>;

const select = (page: Page, name: string, value: string) => page.locator(`form[aria-label="Compare builder"] select[name="${name}"]`).selectOption(value);
const settle = async (page: Page) => {
  await page.waitForFunction(() => !(globalThis as any).socWorkbench.workbench.builder.running);
  await page.waitForTimeout(300);
};

const SCENES: Record<string, Scene> = {
  'workbench-samples': async () => {},
  'compare-bar-rate': async () => {},
  'compare-funnel': async (page) => {
    await select(page, 'chart', 'funnel');
  },
  'compare-dot-ci': async (page) => {
    await select(page, 'peers', 'region');
    await page.locator('input[name="limitToPeers"]').check();
    await select(page, 'chart', 'dot');
  },
  'compare-lines-by-year': async (page) => {
    await select(page, 'compareBy', 'period');
    await page.locator('details[data-filter="financial_year"] summary').click();
    await page.getByRole('button', { name: 'Keep all' }).click();
    await select(page, 'series', 'region');
  },
  'compare-heatmap': async (page) => {
    await page.locator('details[data-filter="financial_year"] summary').click();
    await page.getByRole('button', { name: 'Keep all' }).click();
    await select(page, 'series', 'period');
    await select(page, 'chart', 'heatmap');
  },
  'compare-stacked-share': async (page) => {
    await select(page, 'comparison', 'share');
    await select(page, 'series', 'threat');
    await select(page, 'chart', 'stacked');
  },
  'compare-index-county-lines': async (page) => {
    await page.locator('details[data-filter="threat_type"] summary').click();
    const row = page.locator('details[data-filter="threat_type"] .value', { hasText: 'County lines' });
    await row.hover();
    await row.getByRole('button', { name: 'only' }).click();
    await select(page, 'comparison', 'index');
  },
  'compare-peer-group': async (page) => {
    await select(page, 'chart', 'bar');
    await select(page, 'peers', 'new');
    const editor = page.getByRole('form', { name: 'New peer group' });
    await editor.getByLabel('Group name').fill('Most similar forces');
    for (const f of ['Essex', 'Hertfordshire', 'Sussex', 'Hampshire and Isle of Wight', 'Avon and Somerset']) await editor.getByLabel(f, { exact: true }).check();
    await editor.getByRole('button', { name: 'Save group' }).click();
    await settle(page);
    await page.locator('input[name="limitToPeers"]').check();
  },
  'sql-result-chart': async (page) => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    const editor = page.getByLabel('SQL editor');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await editor.pressSequentially('SELECT financial_year, threat_type, sum(disruptions) AS disruptions FROM disruptions_synthetic WHERE threat_type IN (\'County lines\', \'Drugs\', \'Firearms\') GROUP BY ALL ORDER BY 1', { delay: 0 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('data-rowcount') === '15');
    await page.getByRole('button', { name: 'Chart', exact: true }).click();
    await page.locator('form[aria-label="Chart this result"] select[name="color"]').selectOption('threat_type');
  },
  // Issue 17: Cancel on a step DuckDB cannot interrupt; 2 s later the status line offers to stop the engine.
  'engine-stop-offer': async (page) => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    await page.waitForFunction(() => !(globalThis as any).socWorkbench.workbench.running);
    await page.evaluate(() => {
      const w = (globalThis as any).socWorkbench.workbench;
      w.sql = 'SELECT count(*) FROM range(60000) a, range(60000) b WHERE (a.range + b.range) % 7 = 3';
      void w.runSql(w.sql);
    });
    await page.waitForTimeout(1_500);
    await page.locator('.sql-editor').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop the engine' }).waitFor({ timeout: 15_000 });
  },
  'sql-history': async (page) => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    for (const sql of [
      'SELECT region, count(DISTINCT force) AS forces FROM disruptions_synthetic GROUP BY region ORDER BY region',
      'SELECT force, disruptons FROM disruptions_synthetic',
      "SELECT force, sum(disruptions) AS disruptions FROM disruptions_synthetic WHERE threat_type = 'County lines' GROUP BY force ORDER BY disruptions DESC LIMIT 10",
      'SELECT financial_year, threat_type, sum(disruptions) AS disruptions FROM disruptions_synthetic GROUP BY ALL ORDER BY 1, 2',
    ]) await runInEditor(page, sql);
    await page.evaluate(() => {
      const w = (globalThis as any).socWorkbench.workbench;
      w.sql = '-- County lines disruptions, top ten forces\n' + w.history.entries[1].sql;
    });
    await page.getByRole('button', { name: 'Save query…' }).click();
    await page.getByRole('form', { name: 'Save the query' }).getByRole('button', { name: 'Save' }).click();
    await page.locator('section[aria-label="Query history"] li .sql').nth(1).click();
    await page.getByLabel('Search the history').fill('disruptions_synthetic');
  },
  'workbook-share': async (page) => {
    await saveThree(page);
    await page.getByRole('button', { name: 'Share workbook…' }).click();
    await page.getByRole('dialog', { name: 'Share the workbook' }).getByRole('button', { name: /Save workbook file \(\d/ }).waitFor();
  },
  'presentation-1080p': async (page) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await saveThree(page);
    await page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'Present', exact: true }).click();
    await page.keyboard.press('ArrowRight');
    await page.locator('[aria-label="Presentation"] figure h2').waitFor();
    await page.waitForTimeout(500);
  },
  'exported-chart-png': async (page) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export the chart' }).getByRole('button', { name: 'PNG' }).click()]);
    await d.saveAs(resolve('docs/screenshots/exported-chart.png'));
  },
};

/** Type SQL into the editor and run it with Ctrl+Enter, once the runner is free; resolves when it has run. */
async function runInEditor(page: Page, sql: string): Promise<void> {
  const editor = page.getByLabel('SQL editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(sql, { delay: 0 });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !(globalThis as any).socWorkbench.workbench.running);
  const n = await page.evaluate(() => (globalThis as any).socWorkbench.workbench.history.entries.length as number);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((k) => (globalThis as any).socWorkbench.workbench.history.entries.length > k, n);
}

/** Three views saved from the builder: the first comparison, its funnel plot, and rates by region. */
async function saveThree(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save view' }).click();
  await select(page, 'chart', 'funnel');
  await settle(page);
  await page.getByRole('button', { name: 'Save view' }).click();
  await select(page, 'compareBy', 'region');
  await select(page, 'chart', 'bar');
  await settle(page);
  await page.getByRole('button', { name: 'Save view' }).click();
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SCENES);
const { url, close } = await serve({ root: 'dist', base: '/' });
const browser = await launchChromium();
const offOrigin: string[] = [];
try {
  mkdirSync(resolve('docs/screenshots'), { recursive: true });
  for (const name of wanted) {
    const scene = SCENES[name];
    if (!scene) throw new Error(`no scene ${name}; scenes: ${Object.keys(SCENES).join(', ')}`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(url) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      offOrigin.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`${name}: page error: ${e.message}`));
    await page.goto(url);
    await page.waitForSelector('.chart figure', { timeout: 60_000 });
    await settle(page);
    await scene(page);
    await settle(page);
    const out = resolve(`docs/screenshots/${name}.png`);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
    await context.close();
  }
  if (offOrigin.length) throw new Error(`requests off origin: ${offOrigin.join(', ')}`);
} finally {
  await browser.close();
  await close();
}

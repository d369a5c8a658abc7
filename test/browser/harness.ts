/**
 * One way to open the app in Debian's Chromium for every browser test, served
 * or as the single file from file://: a fresh context, every request outside
 * the app aborted and recorded (the app must make none), console errors collected.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { inject } from 'vitest';

/**
 * How long a step may take before a test fails, in one place. Measured with SOCWB_TIMINGS=1 on this 2-core machine
 * while six other sessions ran their suites (load average 14–22): about 1.5× the slowest time seen then, which is
 * 10–20× a quiet run (DESIGN.md §7: ready in ~1 s), so a regression that needs a minute still fails. On a quiet
 * machine these can come down to 3× the logged times. Speed claims live in the bench.
 */
export const WAIT = {
  /** Navigation to the engine ready and the samples listed: 26–39 s measured under load. */
  start: 60_000,
  /** A small picked file loaded or refused (the corpus files are a few kB to a few MB): up to 28 s under load. */
  load: 45_000,
  /** A crashed worker noticed, the engine restarted and the files loaded again: up to 16 s under load. */
  restart: 30_000,
  /** A chart drawn after a change or a reload, once the app has started: up to 15 s under load. */
  draw: 20_000,
};

/** Log how long a step took, when SOCWB_TIMINGS is set (for setting WAIT from measurements). */
export function timing(step: string, t0: number): void {
  if (process.env.SOCWB_TIMINGS) console.log(`[timing] ${step}: ${Date.now() - t0} ms`);
}


let browser: Browser | null = null;

/** The shared browser (one per test file). */
export async function getBrowser(): Promise<Browser> {
  browser ??= await launchBrowser();
  return browser;
}

/** A browser of its own, e.g. with extra flags (`--js-flags=--noexpose-wasm`); the caller closes it. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return launchChromium(extraArgs);
}

/** Close the shared browser. */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

/** An open app page and what it did. */
export interface AppSession {
  context: BrowserContext;
  page: Page;
  /**
   * Requests the app must never make, aborted: anywhere outside the app (another origin, or its own origin
   * outside the folder it is served from), and from file:// any file but the page itself (the single file
   * loads nothing else). data: and blob: are the app's own.
   */
  offOrigin: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

/** The tables the bundled samples make. */
export const SAMPLE_TABLES = ['disruptions_synthetic', 'force_population_synthetic', 'hmicfrs_gradings_synthetic', 'messy_export_synthetic', 'outcomes_synthetic'];

/** Where the app at `url` may load from: its folder when served; from file:// only the page itself. */
function allowedRequest(url: string): (u: string) => boolean {
  const page = new URL(url);
  if (page.protocol === 'file:') {
    const self = page.href.split('#')[0];
    return (u) => u.startsWith('data:') || u.startsWith('blob:') || u.split('#')[0] === self;
  }
  const folder = new URL('.', page).href;
  return (u) => u.startsWith('data:') || u.startsWith('blob:') || u.startsWith(folder);
}

/**
 * Open the app (the served build by default; a file:// URL opens the single file) and wait until the engine
 * is ready and the samples are listed — or, with `until: 'failed'`, until the status line reports a failed start.
 */
export async function openApp(
  opts: {
    url?: string;
    waitForSamples?: boolean;
    until?: 'ready' | 'failed';
    browser?: Browser;
    /** Runs before navigation, after the request filter: e.g. a route that imitates a misconfigured server. */
    beforeGoto?: (context: BrowserContext) => Promise<unknown>;
  } = {},
): Promise<AppSession> {
  const url = opts.url ?? inject('appUrl');
  const allowed = allowedRequest(url);
  const b = opts.browser ?? (await getBrowser());
  const context = await b.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const offOrigin: string[] = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (allowed(u)) return route.continue();
    offOrigin.push(u);
    return route.abort();
  });
  await opts.beforeGoto?.(context);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const t0 = Date.now();
  await page.goto(url);
  // A failed start shows in the status line, or (when the app cannot even load) in place of the boot text.
  await page.waitForSelector(opts.until === 'failed' ? '[data-state=failed]' : '[role=status][data-state=ready]', { timeout: WAIT.start });
  // The samples the first view reads load first, the others just after its chart: wait for all five.
  if (opts.until !== 'failed' && opts.waitForSamples !== false) {
    for (const t of SAMPLE_TABLES) await page.waitForSelector(`[data-table=${t}]`, { timeout: WAIT.start });
  }
  timing('start', t0);
  return { context, page, offOrigin, consoleErrors, close: () => context.close() };
}

/** Load files through the labelled file picker, as a user would, and wait until each has loaded or been refused. */
export async function pickFiles(page: Page, paths: string[], opts: { wait?: boolean } = {}): Promise<void> {
  const settled = () => page.evaluate(() => (globalThis as any).socWorkbench.workbench.filesSettled as number);
  const before = await settled();
  const t0 = Date.now();
  await page.getByLabel('Open files').setInputFiles(paths);
  if (opts.wait === false) return;
  await page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled >= n, before + paths.length, { timeout: WAIT.load * Math.ceil(paths.length / 4) });
  timing(`load ${paths.length} file(s)`, t0);
}

/** Run SQL through the app's engine and return plain rows (bigints as strings). */
export async function engineRows(page: Page, sql: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(async (q) => {
    const { engine } = (globalThis as any).socWorkbench;
    const r = await engine.query(q);
    return r.table.toArray().map((row: any) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row.toJSON())) o[k] = typeof v === 'bigint' ? v.toString() : v;
      return o;
    });
  }, sql);
}

/** Switch the main pane to the SQL tab (the app opens on Compare) and return the editor. */
export async function sqlEditor(page: Page) {
  await page.getByRole('tab', { name: 'SQL' }).click();
  return page.getByLabel('SQL editor');
}

/** The compare builder's form. */
export const builderForm = (page: Page) => page.locator('form[aria-label="Compare builder"]');

/** Choose `value` in the builder's select named `name`, as a user would. */
export const chooseIn = (page: Page, name: string, value: string) => builderForm(page).locator(`select[name="${name}"]`).selectOption(value);

/** Wait until the compare builder has drawn its current spec without an error. */
export async function drawn(page: Page, opts: { timeout?: number } = {}): Promise<void> {
  await page.waitForFunction(() => {
    const b = (globalThis as any).socWorkbench.workbench.builder;
    return !b.running && b.chart && !b.error && !b.snapshot;
  }, undefined, opts);
  await page.waitForTimeout(50); // the attachment swaps the figure in on the next microtask
}

/** Wait until the compare builder has drawn its current spec, then return the chart's title. */
export async function drawnTitle(page: Page): Promise<string> {
  await drawn(page);
  return (await page.locator('.chart figure h2').first().textContent()) ?? '';
}

/** Click, wait for the download it starts, save it in `dir` under its suggested name; returns its path. */
export async function savedDownload(page: Page, dir: string, click: () => Promise<unknown>): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = `${dir}/${d.suggestedFilename()}`;
  await d.saveAs(path);
  return path;
}

/** The numbers table under the chart (where a user reads what was drawn), as rows of {column label → text}. */
export async function chartNumbers(page: Page): Promise<Record<string, string>[]> {
  const toggle = page.getByRole('button', { name: /Show the numbers/ });
  if (await toggle.count()) await toggle.click();
  const table = page.getByRole('table', { name: 'The numbers behind the chart' });
  const heads = await table.locator('thead th').allTextContents();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return rows.map((cells) => Object.fromEntries(cells.map((c, i) => [heads[i], c])));
}

/**
 * Before the page's own scripts: note the first time a snapshot chart (issue 16) and a live chart are in the Compare
 * pane, and what the status line said then (the engine's state). Read with chartsSeen.
 */
export async function watchCharts(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const seen = (globalThis.__charts = { snapshot: null, live: null });
    new MutationObserver(() => {
      const status = document.querySelector('[role=status]')?.getAttribute('data-state') ?? 'none';
      if (!seen.snapshot && document.querySelector('.chart[data-snapshot] figure svg')) {
        seen.snapshot = { at: performance.now(), status, origin: document.querySelector('.chart').getAttribute('data-snapshot'), title: document.querySelector('.chart figure h2')?.textContent };
      }
      if (!seen.live && document.querySelector('.chart:not([data-snapshot]) figure svg')) seen.live = { at: performance.now(), status };
    }).observe(document, { subtree: true, childList: true, attributes: true });
  })()`);
}

/** What watchCharts saw: the first snapshot chart and the first live chart, each with when and the engine's state. */
export function chartsSeen(page: Page) {
  return page.evaluate(() => (globalThis as any).__charts as {
    snapshot: { at: number; status: string; origin: string; title: string } | null;
    live: { at: number; status: string } | null;
  });
}

/**
 * One way to open the app in Debian's Chromium for every browser test: a
 * fresh context, every request off the app's origin aborted and recorded (the
 * app must make none), console errors collected.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags for a closed network: without the background-networking ones Chromium tries to reach Google at start.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let browser: Browser | null = null;

/** The shared browser (one per test file). */
export async function getBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return browser;
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
  /** Requests to anywhere but the app's origin (and data:/blob:), aborted. */
  offOrigin: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Open the app (served build by default) and wait until the engine is ready and the samples are listed. */
export async function openApp(opts: { url?: string; waitForSamples?: boolean } = {}): Promise<AppSession> {
  const url = opts.url ?? inject('appUrl');
  const origin = new URL(url).origin;
  const b = await getBrowser();
  const context = await b.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const offOrigin: string[] = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    const allowed = u.startsWith('data:') || u.startsWith('blob:') || (origin !== 'null' && u.startsWith(origin + '/')) || u.startsWith('file:');
    if (allowed) return route.continue();
    offOrigin.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('[role=status][data-state=ready]', { timeout: 60_000 });
  if (opts.waitForSamples !== false) await page.waitForSelector('[data-table=disruptions_synthetic]', { timeout: 60_000 });
  return { context, page, offOrigin, consoleErrors, close: () => context.close() };
}

/** Load files through the labelled file picker, as a user would, and wait until each has loaded or been refused. */
export async function pickFiles(page: Page, paths: string[], opts: { wait?: boolean } = {}): Promise<void> {
  const settled = () => page.evaluate(() => (globalThis as any).socWorkbench.workbench.filesSettled as number);
  const before = await settled();
  await page.getByLabel('Open files').setInputFiles(paths);
  if (opts.wait === false) return;
  await page.waitForFunction((n) => (globalThis as any).socWorkbench.workbench.filesSettled >= n, before + paths.length, { timeout: 90_000 });
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

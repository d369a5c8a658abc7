/**
 * Time the app's start in a browser page, as the user sees it: from navigation
 * to the first paint (index.html's boot text), to the engine reported ready and
 * to the first result in the grid. Used by the offline browser tests and by the
 * benchmark (`measureStartup(page, 'file:///…/dist/soc-workbench.html')`).
 * The caller owns the page and its network rules.
 */
import type { Page } from 'playwright-core';

/** Milliseconds after navigation start (the page's performance.timeOrigin). */
export interface StartupTiming {
  url: string;
  /** First contentful paint: the boot text, before any of the app's code has run. */
  firstPaintMs: number | null;
  domContentLoadedMs: number | null;
  /** The status line says the engine is ready. */
  engineReadyMs: number | null;
  /** The grid shows the first sample query's rows. */
  firstResultMs: number | null;
  /** The status line said start-up failed (null when it did not). */
  failedMs: number | null;
  /** The page's JS heap when the first result showed (Chromium only; the worker's wasm memory is not included). */
  jsHeapUsedMB: number | null;
}

// Runs in the page before its own scripts: note the first moment each state appears in the DOM. A string, not a
// function, so that no transpiler helper (esbuild's __name under tsx) leaks into the page.
const OBSERVE = `(() => {
  const marks = (globalThis.__socStartup = {});
  new MutationObserver(() => {
    const state = document.querySelector('[role=status][data-state]')?.getAttribute('data-state');
    if (state === 'ready') marks.ready ??= performance.now();
    if (state === 'failed') marks.failed ??= performance.now();
    const rows = Number(document.querySelector('[role=grid]')?.getAttribute('data-rowcount') ?? 0);
    if (rows > 0) marks.result ??= performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-rowcount'] });
})()`;

const REPORT = `(() => {
  const m = globalThis.__socStartup;
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  const mem = performance.memory;
  const ms = (v) => (v === undefined ? null : Math.round(v));
  return {
    firstPaintMs: ms(paint?.startTime),
    domContentLoadedMs: ms(nav?.domContentLoadedEventEnd),
    engineReadyMs: ms(m.ready),
    firstResultMs: ms(m.result),
    failedMs: ms(m.failed),
    jsHeapUsedMB: mem ? Math.round((mem.usedJSHeapSize / 2 ** 20) * 10) / 10 : null,
  };
})()`;

/** Navigate `page` to `url` and wait for the first result (or a start failure); returns the timings. */
export async function measureStartup(page: Page, url: string, opts: { timeoutMs?: number } = {}): Promise<StartupTiming> {
  await page.addInitScript({ content: OBSERVE });
  await page.goto(url);
  // A function, not a string: waitForFunction would eval a string, which the app's CSP refuses.
  await page.waitForFunction(
    () => {
      const m = (globalThis as { __socStartup?: Record<string, number> }).__socStartup;
      return !!m && (m.result !== undefined || m.failed !== undefined);
    },
    undefined,
    { timeout: opts.timeoutMs ?? 60_000, polling: 50 },
  );
  return { url, ...((await page.evaluate(REPORT)) as Omit<StartupTiming, 'url'>) };
}

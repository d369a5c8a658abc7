/**
 * Drives the built app in Debian's Chromium through the page's own `socWorkbench` handle, so every
 * number is what a user's engine, worker and grid cost: no test double, no second copy of the engine.
 * Every request off the local server is aborted, as the app promises to make none.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { basename } from 'node:path';
import * as inPage from './in-page';

import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium';

const ARGS = CHROMIUM_ARGS;

// tsx compiles with esbuild's keepNames, which wraps inner functions in `__name(...)`; the functions we
// send into the page and the worker need that helper there too.
const NAME_SHIM = 'globalThis.__name ??= (f) => f;';

/** Timings of one cold start, ms from navigation start. */
export interface ColdStart {
  /** First contentful paint (index.html's boot text). */
  firstPaint: number;
  domContentLoaded: number;
  /** The app's script ran (main.ts assigned `socWorkbench`). */
  scriptRan: number;
  /** The worker has the wasm bytes (its fetch's responseEnd; null from file://, where nothing is fetched). */
  wasmFetched: number | null;
  /** The engine says it is ready (DuckDB instantiated, opened and connected). */
  ready: number;
  /** `SELECT 1` answered, issued the moment the engine was ready. */
  select1: number;
  /** The last bundled sample loaded into the engine. */
  samplesLoaded: number;
  /** The app's first query (on the samples) answered. */
  firstQuery: number;
  /** The compare builder's query answered (the last query to end before the first chart). */
  chartQuery: number;
  /** Engine calls between the samples loaded and the builder's view answered, and the ms inside them. */
  builderCalls: number;
  builderEngineMs: number;
  /** The first chart painted in the Compare tab, a snapshot or live: the first result on screen. */
  firstChart: number;
  /** The live chart painted: a chart, and no `[data-snapshot]` left in the Compare tab (= firstChart without snapshots). */
  liveChart: number;
  /** The SQL tab's grid filled with the first query's rows (behind the Compare tab). */
  firstResult: number;
}

/** The browser, the app's address and what was blocked. */
export class BenchBrowser {
  /** Requests to anywhere but the app's server, aborted (should stay empty). */
  readonly blocked: string[] = [];

  private constructor(
    private readonly browser: Browser,
    readonly appUrl: string,
  ) {}

  /** Launch headless Chromium for an app served at `appUrl`. */
  static async launch(appUrl: string): Promise<BenchBrowser> {
    return new BenchBrowser(await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS] }), appUrl);
  }

  /** Chromium's version string. */
  version(): string {
    return this.browser.version();
  }

  /**
   * A fresh context (empty HTTP and code caches: a cold start) with off-origin requests aborted: anything but the
   * app's server, or with `fileOnly` anything but file:, data: and blob: (aborted and counted in `blocked`).
   */
  async newContext(fileOnly = false): Promise<BrowserContext> {
    const origin = new URL(this.appUrl).origin;
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript({ content: NAME_SHIM });
    await context.route('**/*', (route) => {
      const u = route.request().url();
      const own = fileOnly ? u.startsWith('file:') : u.startsWith(origin + '/');
      if (own || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      this.blocked.push(u);
      return route.abort();
    });
    return context;
  }

  /**
   * One cold start in a new context: navigation → engine ready → `SELECT 1` → first chart on screen. `url` defaults
   * to the served app; a file:// URL opens the single file with every request but file:, data: and blob: aborted.
   * `keep` leaves the context open and hands the page to the caller (who must close the context).
   */
  async coldStart(url = this.appUrl, keep?: (page: Page) => Promise<void>): Promise<ColdStart> {
    const context = await this.newContext(url.startsWith('file:'));
    try {
      await context.addInitScript(inPage.recordStartMarks);
      const page = await context.newPage();
      await page.goto(url);
      const done = () => {
        const m = (globalThis as any).__benchMarks;
        return m?.error !== undefined || (m?.firstResult !== undefined && m?.firstChart !== undefined && m?.liveChart !== undefined);
      };
      await page.waitForFunction(done, undefined, { timeout: 60_000 });
      const marks = await page.evaluate(() => (globalThis as any).__benchMarks as Record<string, number | string>);
      if (typeof marks.error === 'string') throw new Error(`cold start: ${marks.error}`);
      const worker = await engineWorker(page);
      const wasmFetched = await worker.evaluate(inPage.wasmResponseEnd);
      const pageOrigin = await page.evaluate(() => performance.timeOrigin);
      const calls = await page.evaluate(inPage.startCalls);
      const start: ColdStart = {
        ...calls,
        scriptRan: Number(marks.scriptRan),
        wasmFetched: wasmFetched === null ? null : wasmFetched - pageOrigin,
        ready: Number(marks.ready),
        select1: Number(marks.select1),
        firstChart: Number(marks.firstChart),
        liveChart: Number(marks.liveChart),
        firstResult: Number(marks.firstResult),
      };
      if (keep) await keep(page);
      return start;
    } finally {
      await context.close();
    }
  }

  /** The three memory measures of an open page that this bench did not open as an AppPage (e.g. after a cold start). */
  static async memoryOf(page: Page): Promise<MemorySample> {
    const worker = await engineWorker(page);
    await worker.evaluate(inPage.instrumentWorker);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new AppPage(page.context(), page, worker, cdp, []).memory();
  }

  /** Open the app in a new context and wait until it is idle (samples loaded, first result shown). */
  async openApp(): Promise<AppPage> {
    const context = await this.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(this.appUrl);
    await page.waitForSelector('[role=status][data-state=ready]', { state: 'attached', timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[role=grid]')?.getAttribute('data-rowcount')) > 0, undefined, { timeout: 60_000 });
    const worker = await engineWorker(page);
    await worker.evaluate(inPage.instrumentWorker);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return new AppPage(context, page, worker, cdp, errors);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Reads in the DuckDB worker's file runtime during one query (handle mode goes through it). */
export interface ReadStats {
  calls: number;
  bytes: number;
  /** Time inside readFile (the app's read-ahead and the reads it makes), ms. */
  ms: number;
  /** The read-ahead's reads of whole blocks from the file. */
  blockReads: number;
  /** The calls those took (several blocks a call when misses run in order). */
  blockCalls: number;
  /** Bytes the read-ahead read from the file (blocks, and reads of a block or more). */
  bytesFromFiles: number;
  /** The most bytes the read-ahead's cache held (JS memory in the worker, outside the wasm heap). */
  peakCachedBytes: number;
  /** DuckDB reads answered from cached blocks alone. */
  hits: number;
}

/** Memory as three honest, different measures. */
export interface MemorySample {
  /** Size of the worker's wasm linear memory: a high-water mark, since wasm memory never shrinks. */
  wasmHeapBytes: number | null;
  /** DuckDB's own count of buffer-manager memory (`pragma_database_size().memory_usage`, rounded by DuckDB). */
  duckdbBytes: number | null;
  /** The page's main-thread JS heap in use (CDP Performance.getMetrics JSHeapUsedSize); excludes the worker. */
  jsHeapUsedBytes: number | null;
}

/** One open app page and the calls the cases make on it. */
export class AppPage {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private worker: Worker,
    private readonly cdp: CDPSession,
    /** Uncaught page errors seen so far. */
    readonly errors: string[],
  ) {}

  /**
   * Give the page File objects for these paths through a file input, as the picker does: the browser
   * holds a reference to the file on disk and reads it only when the engine asks.
   */
  async attachFiles(paths: string[]): Promise<void> {
    await this.page.evaluate(inPage.addFileInput);
    await this.page.setInputFiles('#bench-files', paths);
    await this.page.evaluate(inPage.collectFiles);
  }

  /** Load an attached file into `table` through the engine; `bufferLimitBytes` forces a mode. */
  async load(path: string, table: string, bufferLimitBytes?: number): Promise<inPage.LoadSample> {
    await this.drop(table);
    return this.page.evaluate(inPage.loadFile, { name: basename(path), table, bufferLimitBytes: bufferLimitBytes ?? null });
  }

  /** Run SQL through the engine; ms is wall time in the page around `engine.query`. */
  query(sql: string): Promise<inPage.QuerySample> {
    return this.page.evaluate(inPage.runQuery, sql);
  }

  /** Drop a table or view if it exists. */
  async drop(table: string): Promise<void> {
    await this.page.evaluate((t) => (globalThis as any).socWorkbench.engine.drop(t), table);
  }

  /** Start counting reads; `blockBytes`/`aheadBlocks` set the app's read-ahead (block 0 = off), `clear` empties its cache. */
  async resetReads(opts: { blockBytes?: number; aheadBlocks?: number; clear?: boolean } = {}): Promise<void> {
    await this.worker.evaluate(inPage.resetReads, { blockBytes: opts.blockBytes ?? null, aheadBlocks: opts.aheadBlocks ?? null, clear: opts.clear ?? false });
  }

  /** Reads counted since the last reset. */
  reads(): Promise<ReadStats> {
    return this.worker.evaluate(inPage.readStats);
  }

  /** The three memory measures, now. */
  async memory(): Promise<MemorySample> {
    // A glob() call reaches the worker's file runtime, where the instrument learns the wasm module.
    await this.query(`SELECT count(*) FROM glob('bench-probe-*')`);
    const wasmHeapBytes = await this.worker.evaluate(inPage.wasmHeapBytes);
    const db = await this.query(`SELECT memory_usage FROM pragma_database_size()`);
    const { metrics } = (await this.cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return {
      wasmHeapBytes,
      duckdbBytes: parseDuckDBSize(String(db.firstValue ?? '')),
      jsHeapUsedBytes: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null,
    };
  }

  /** Engine status as the page shows it. */
  status(): Promise<{ state: string; message: string }> {
    return this.page.evaluate(() => {
      const s = document.querySelector('[role=status][data-state]');
      return { state: s?.getAttribute('data-state') ?? '?', message: s?.textContent ?? '' };
    });
  }

  /** Run SQL the way the editor does and time it until the grid paints the new result's first rows. */
  gridRender(sql: string, rows: number): Promise<inPage.GridSample> {
    return this.page.evaluate(inPage.renderInGrid, { sql, rows });
  }

  /** Press PageDown `steps` times in the grid; per step: keydown → frame with new rows, and the render work. */
  gridScroll(steps: number): Promise<inPage.ScrollSample> {
    return this.page.evaluate(inPage.scrollGrid, steps);
  }

  /** The engine's worker may be replaced after a crash; find it again. */
  async reattach(): Promise<void> {
    this.worker = await engineWorker(this.page);
    await this.worker.evaluate(inPage.instrumentWorker);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

async function engineWorker(page: Page): Promise<Worker> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // The engine's worker is a blob: (both builds), so its URL does not name DuckDB; it is the page's only worker.
    const all = page.workers();
    const named = all.filter((x) => x.url().includes('duckdb'));
    const w = named.length > 0 ? named : all;
    if (w.length > 0) {
      await w[w.length - 1].evaluate(NAME_SHIM);
      return w[w.length - 1];
    }
    if (Date.now() > deadline) throw new Error('the DuckDB worker did not appear');
    await page.waitForTimeout(50);
  }
}

/** DuckDB 0.9.1 prints sizes as "1.2GB" / "350.5MB" / "12.0KB" (powers of 1000). */
export function parseDuckDBSize(s: string): number | null {
  const m = /^([\d.]+)\s*(bytes|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(s.trim());
  if (!m) return null;
  const unit = m[2].toUpperCase();
  const pow = { BYTES: 0, KB: 1, MB: 2, GB: 3, TB: 4, KIB: 1, MIB: 2, GIB: 3, TIB: 4 }[unit] ?? 0;
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** pow;
}

/**
 * The locked-down machine (issue 5): the single file opened from disk, and the
 * served folder under a sub-path, each with every request outside the app
 * aborted and counted. Both load a CSV and a Parquet file through the picker,
 * run SQL from the editor and show the values native DuckDB gives, and both
 * refuse a connection to another origin by their Content-Security-Policy.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WAIT, closeBrowser, engineRows, launchBrowser, openApp, pickFiles, sqlEditor, type AppSession } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';
import { tableNameFromFile } from '../../src/engine/table-names';
import { ident } from '../../src/query/sql';
import { CSP } from '../../vite.config';
import { measureStartup } from '../../scripts/startup-timing';
// @ts-expect-error plain JS module without types
import { serve } from '../../scripts/serve.js';

const CSV = testdataPath('police/stop-and-search/2019-08-city-of-london-stop-and-search.csv');
const PARQUET = testdataPath('parquet/sorted.zstd_18_131072_small.parquet');
const DROPPED = testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv');
const SUB_PATH = '/some/sub/path/';

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await serve({ root: 'dist', base: SUB_PATH });
});
afterAll(async () => {
  await server?.close();
  await closeBrowser();
});

/** Clear the SQL editor, type `sql` and run it with Ctrl+Enter; wait for a grid of `rows` rows. */
async function runInEditor(page: Page, sql: string, rows: number): Promise<string[][]> {
  const editor = await sqlEditor(page);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(sql, { delay: 0 });
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    ({ n, text }) => {
      const wb = (globalThis as any).socWorkbench.workbench;
      const grid = document.querySelector('[role=grid]');
      return !wb.running && wb.result?.sql.trim() === text && grid?.getAttribute('data-rowcount') === String(n);
    },
    { n: rows, text: sql.trim() },
  );
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) out.push(await page.locator(`[role=grid] [role=row][aria-rowindex="${i + 2}"] [role=gridcell]`).allTextContents());
  return out;
}

const modes = [
  { name: 'the single file from file://', url: () => inject('singleFileUrl'), csp: CSP.single, single: true },
  { name: `the served folder under ${SUB_PATH}`, url: () => server.url, csp: CSP.served, single: false },
];

describe.each(modes)('$name', ({ url, csp, single }) => {
  let s: AppSession;
  beforeAll(async () => {
    s = await openApp({ url: url() });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('starts with the samples loaded and says whether storage persists', async () => {
    await expect(s.page.locator('[role=status][data-state=ready]').textContent()).resolves.toMatch(/ready/);
    await expect(s.page.locator('[data-storage]').textContent()).resolves.toMatch(/^Storage: /);
    // index.html's boot text was replaced by the app, not left above it.
    await expect(s.page.locator('p.boot').count()).resolves.toBe(0);
  });

  it('has its Content-Security-Policy meta tag', async () => {
    const content = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(content).toBe(csp);
  });

  it('loads a CSV and a Parquet file through the picker and runs SQL from the editor with native DuckDB’s values', async () => {
    await pickFiles(s.page, [CSV, PARQUET]);
    const csv = tableNameFromFile(basename(CSV));
    const parquet = tableNameFromFile(basename(PARQUET));
    await s.page.locator(`[data-table="${csv}"]`).waitFor();
    await s.page.locator(`[data-table="${parquet}"]`).waitFor();

    const expected = await nativeRows(
      `SELECT "Object of search" AS object, count(*)::INTEGER AS n FROM read_csv_auto(${pathLiteral(CSV)}) GROUP BY ALL ORDER BY n DESC, object LIMIT 3`,
    );
    const shown = await runInEditor(
      s.page,
      `SELECT "Object of search" AS object, count(*)::INTEGER AS n FROM ${ident(csv)} GROUP BY ALL ORDER BY n DESC, object LIMIT 3`,
      expected.length,
    );
    expect(shown).toEqual(expected.map((r) => [String(r.object), Number(r.n).toLocaleString('en-GB')]));

    const perClass = (from: string) =>
      `SELECT classification, count(*)::INTEGER AS n, sum(intensity)::BIGINT AS s FROM ${from} GROUP BY ALL ORDER BY classification`;
    const native = await nativeRows(perClass(`read_parquet(${pathLiteral(PARQUET)})`));
    expect(native.length).toBeGreaterThan(1);
    await expect(engineRows(s.page, perClass(ident(parquet)))).resolves.toEqual(native);
  });

  it('loads a file dropped on the window', async () => {
    const bytes = [...readFileSync(DROPPED)];
    const table = tableNameFromFile(basename(DROPPED));
    await s.page.evaluate(
      ({ bytes, name }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { bytes, name: basename(DROPPED) },
    );
    await s.page.locator(`[data-table="${table}"]`).waitFor();
    const [expected] = await nativeRows(`SELECT count(*)::INTEGER AS n, sum("Total")::INTEGER AS total FROM read_csv_auto(${pathLiteral(DROPPED)})`);
    await expect(engineRows(s.page, `SELECT count(*)::INTEGER AS n, sum("Total")::INTEGER AS total FROM ${ident(table)}`)).resolves.toEqual([expected]);
  });

  it('refuses a fetch to another origin by its CSP, before any request is made', async () => {
    const outcome = await s.page.evaluate(async () => {
      const violations: string[] = [];
      const record = (e: SecurityPolicyViolationEvent) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
      document.addEventListener('securitypolicyviolation', record);
      let result: string;
      try {
        await fetch('https://example.org/');
        result = 'fetched';
      } catch (e) {
        result = String(e);
      }
      await new Promise((r) => setTimeout(r, 100)); // violation events are queued as a task
      document.removeEventListener('securitypolicyviolation', record);
      return { result, violations };
    });
    expect(outcome.result).toMatch(/TypeError/);
    expect(outcome.violations).toEqual(['connect-src https://example.org/']);
  });

  it('refuses SQL that reads from another origin inside the engine’s worker (the worker is under the page’s CSP)', async () => {
    const error = await s.page.evaluate(async () => {
      try {
        await (globalThis as any).socWorkbench.engine.query("SELECT * FROM read_csv_auto('https://example.org/x.csv')");
        return null;
      } catch (e) {
        return String(e);
      }
    });
    expect(error).toMatch(/NetworkError|Failed to load/);
    await expect(engineRows(s.page, 'SELECT 1 AS ok')).resolves.toEqual([{ ok: 1 }]); // and the engine carries on
    // offOrigin (below) stays empty: the policy refused it before the network, not this test's request filter.
  });

  it(`restarts the engine (${single ? 'from the embedded wasm' : 'from the sub-path'}) after the worker dies, and reloads the files`, async () => {
    const parquet = tableNameFromFile(basename(PARQUET));
    await s.page.evaluate(() => (globalThis as any).socWorkbench.engine.simulateCrash());
    // Killed between calls: the heartbeat finds it silent, or the workbench's own work sent just after finds it silent
    // and its lock released (liveness.ts); either way it is restarted within a few seconds.
    await s.page.waitForFunction(() => /restarted/.test(document.querySelector('[role=status][data-state=ready]')?.textContent ?? ''), undefined, { timeout: WAIT.restart });
    const native = await nativeRows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${pathLiteral(PARQUET)})`);
    await expect(engineRows(s.page, `SELECT count(*)::INTEGER AS n FROM ${ident(parquet)}`)).resolves.toEqual(native);
  });

  it('made no request outside the app, and broke no other CSP rule', () => {
    expect(s.offOrigin).toEqual([]);
    // Chromium logs the deliberate fetch above twice ("Connecting to … violates", "Fetch API cannot load …").
    const refusals = s.consoleErrors.filter((e) => /Content Security Policy/i.test(e));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.filter((e) => !e.includes('https://example.org/'))).toEqual([]);
  });
});

describe('a plain intranet web server', () => {
  it('that sends .wasm without the application/wasm type still starts the engine', async () => {
    let served = 0;
    const s = await openApp({
      url: server.url,
      beforeGoto: (context) =>
        context.route('**/*.wasm', async (route) => {
          const response = await route.fetch();
          served++;
          await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
        }),
    });
    await expect(engineRows(s.page, 'SELECT 42 AS answer')).resolves.toEqual([{ answer: 42 }]);
    expect(served).toBe(1); // the worker's wasm download went through the misconfigured "server"
    expect(s.offOrigin).toEqual([]);
    await s.close();
  });

  it('that does not serve .wasm at all fails the start at once, saying why', async () => {
    const t0 = Date.now();
    const s = await openApp({ url: server.url, until: 'failed', beforeGoto: (context) => context.route('**/*.wasm', (route) => route.fulfill({ status: 404 })) });
    expect(Date.now() - t0).toBeLessThan(10_000); // not the 30 s start timeout
    await expect(s.page.locator('[role=status][data-state=failed]').textContent()).resolves.toMatch(/HTTP 404.*application\/wasm/);
    await s.close();
  });
});

describe('start-up', () => {
  it('paints index.html’s boot text before the engine is ready, in both builds', async () => {
    const browser = await launchBrowser();
    try {
      for (const url of [inject('singleFileUrl'), server.url]) {
        const context = await browser.newContext();
        await context.route('**/*', (r) => (/^(file|data|blob):/.test(r.request().url()) || r.request().url().startsWith(server.url) ? r.continue() : r.abort()));
        const t = await measureStartup(await context.newPage(), url);
        await context.close();
        console.info('start-up', JSON.stringify(t));
        expect(t.failedMs, url).toBeNull();
        expect(t.firstPaintMs, url).not.toBeNull();
        expect(t.firstPaintMs!, url).toBeLessThan(t.engineReadyMs!);
        expect(t.engineReadyMs!, url).toBeLessThanOrEqual(t.firstResultMs!);
      }
    } finally {
      await browser.close();
    }
  });

  it('says plainly that WebAssembly is missing, and what to do, when the browser has none', async () => {
    // V8 without its JIT has no WebAssembly, as under Chrome/Edge's DefaultJavaScriptJitSetting=2 (may).
    let browser: Browser | null = await launchBrowser(['--js-flags=--jitless']);
    try {
      const s = await openApp({ url: inject('singleFileUrl'), browser, until: 'failed' });
      const text = await s.page.locator('[role=alert][data-state=failed]').textContent();
      expect(text).toMatch(/does not allow WebAssembly/);
      expect(text).toMatch(/Ask IT/);
      expect(s.offOrigin).toEqual([]);
      await s.close();
    } finally {
      await browser?.close();
      browser = null;
    }
  });
});

/**
 * The samples' first view, shipped with the app (samples/first-view.json) so that a first open draws a chart the
 * moment the page opens, before the engine is ready (issue 16 goal 1; src/app/snapshots.ts). Made by the app itself,
 * not computed again here: the samples' content hashes are written first, the app is built and opened in Chromium,
 * and the snapshot it keeps of its first live view is taken as the shipped one; then the app is built again with it.
 *   npx tsx scripts/make-first-view.ts
 * test/app/first-view.test.ts fails when a sample changes and this was not run again; test/browser/snapshot.test.ts
 * when the first view the app draws no longer matches it.
 */
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hashBytes, LAST_VIEW_KEY } from '../src/app/snapshot';
import { launchChromium } from './chromium';
// @ts-expect-error plain JS module without types
import { serve } from './serve.js';

const OUT = 'samples/first-view.json';

/** The bundled samples, as src/app/samples.ts picks them: the disruptions sample ships as Parquet only. */
export function bundledSamples(dir = 'samples'): string[] {
  return readdirSync(dir)
    .filter((f) => /_synthetic\.(csv|parquet)$/.test(f) && f !== 'disruptions_synthetic.csv')
    .sort();
}

export function sampleHashes(dir = 'samples'): Record<string, { bytes: number; hash: string }> {
  return Object.fromEntries(bundledSamples(dir).map((f) => {
    const bytes = readFileSync(`${dir}/${f}`);
    return [f, { bytes: bytes.length, hash: hashBytes(bytes) }];
  }));
}

if (process.argv[1]?.endsWith('make-first-view.ts')) {
  const samples = sampleHashes();
  writeFileSync(OUT, `${JSON.stringify({ samples, snapshot: null }, null, 1)}\n`);
  execSync('npm run build', { stdio: 'inherit' });
  const { url, close } = await serve({ root: 'dist', base: '/' });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(url);
    // The live first view with its filter lists (listed just after it is drawn) and its cube query settled.
    await page.waitForFunction(() => { const b = (globalThis as any).socWorkbench.workbench.builder; return !b.running && b.chart && !b.error && !b.snapshot && b.filters.length > 1; }, null, { timeout: 120_000 });
    await page.waitForTimeout(1000);
    const text = await page.evaluate(async (key) => {
      await (globalThis as any).socWorkbench.workbench.keepSnapshotNow();
      return localStorage.getItem(key);
    }, LAST_VIEW_KEY);
    if (!text) throw new Error('the app kept no snapshot of its first view');
    const snapshot = { ...JSON.parse(text), origin: 'shipped' };
    writeFileSync(OUT, `${JSON.stringify({ samples, snapshot })}\n`);
    console.log(`${OUT}: ${snapshot.spec.table}, ${snapshot.rows.length} rows, ${snapshot.inputs.length} inputs, ${text.length} characters`);
  } finally {
    await browser.close();
    close();
  }
  execSync('npm run build', { stdio: 'inherit' });
}

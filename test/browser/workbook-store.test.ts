/**
 * The browser-only parts of src/workbook and src/charts/export in Debian's Chromium: the IndexedDB store across a
 * reload, a damaged record, and PNG rasterising under the app's image CSP. (A quota failure could not be provoked:
 * Playwright's contexts are off the record and ignore Storage.overrideQuotaForOrigin; the quota path is unit-tested
 * in test/workbook/store.test.ts.) The modules are bundled into a page
 * served from a routed origin, so no app build is needed.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN } from '../query/golden-specs';
import { closeBrowser, getBrowser } from './harness';

const ORIGIN = 'http://workbook.test';
let bundle: string;
let context: BrowserContext;

beforeAll(async () => {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: fileURLToPath(new URL('./workbook-entry.ts', import.meta.url)), formats: ['iife'], name: 'wbEntry' } },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
  bundle = outputs[0].output.find((o) => o.type === 'chunk')!.code!;
  context = await (await getBrowser()).newContext();
  // The app's own image policy: PNG rasterising must work under it.
  const csp = "default-src 'none'; script-src 'unsafe-inline'; img-src data: blob:";
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${ORIGIN}/`)) {
      return route.fulfill({ contentType: 'text/html', body: `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${bundle.replaceAll('</script', '<\\/script')}</script>` });
    }
    return route.abort();
  });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await closeBrowser();
});

async function open(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => 'wb' in globalThis);
  return page;
}

describe('indexedDbStore in Chromium', () => {
  it('saves, and the workbook comes back after a reload', async () => {
    const page = await open();
    await page.evaluate(async (spec) => {
      const { wb } = globalThis as any;
      const w = wb.addView(wb.emptyWorkbook('Kept across reloads'), 'Totals', wb.parseViewSpec(spec)).workbook;
      await wb.indexedDbStore({ name: 'reload-test' }).save(w);
    }, GOLDEN.total_by_force);
    await page.reload();
    await page.waitForFunction(() => 'wb' in globalThis);
    const back = await page.evaluate(async () => {
      const w = await (globalThis as any).wb.indexedDbStore({ name: 'reload-test' }).load();
      return { title: w.title, views: w.views.map((v: any) => v.name) };
    });
    expect(back).toEqual({ title: 'Kept across reloads', views: ['Totals'] });
    await page.close();
  });

  it('a damaged record is a StorageError "corrupt" and is left in place', async () => {
    const page = await open();
    const result = await page.evaluate(async () => {
      const { wb } = globalThis as any;
      await wb.indexedDbStore({ name: 'corrupt-test' }).load(); // creates the database
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open('corrupt-test', 1);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      await new Promise<void>((resolve) => {
        const tx = db.transaction('workbooks', 'readwrite');
        tx.objectStore('workbooks').put('{"format":"soc-workbench-workbook","version":1,"title":"<script>', 'current');
        tx.oncomplete = () => resolve();
      });
      db.close();
      try {
        await wb.indexedDbStore({ name: 'corrupt-test' }).load();
        return { reason: 'none' };
      } catch (e: any) {
        return { reason: e.reason, message: e.message };
      }
    });
    expect(result.reason).toBe('corrupt');
    expect(result.message).toMatch(/The saved workbook can't be read \(the file ends early.*it was left as it is/);
    await page.close();
  });
});

describe('svgToPng in Chromium', () => {
  it('draws the standalone SVG at 2× on white, under the app\'s CSP', async () => {
    const page = await open();
    const out = await page.evaluate(async () => {
      const { wb } = globalThis as any;
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('width', '300');
      svg.setAttribute('height', '100');
      svg.innerHTML = '<rect x="50" y="20" width="40" height="40" fill="#D55E00"></rect><text x="10" y="90">Kent</text>';
      const s = wb.standaloneSvg(svg, { title: 'Export test', provenance: 'Data: x.csv' });
      const blob: Blob = await wb.svgToPng(s, 2);
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const pixel = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data);
      // The chart sits at (24, y0) in the page: the rect's middle is at 24 + 70 across.
      const chartTop = Number(/<svg width="300" height="100" x="24" y="(\d+)"/.exec(s.svg)?.[1]);
      return { type: blob.type, size: blob.size, w: bitmap.width, h: bitmap.height, sw: s.width, sh: s.height, corner: pixel(1, 1), orange: pixel(2 * (24 + 70), 2 * (chartTop + 40)) };
    });
    expect(out.type).toBe('image/png');
    expect(out.size).toBeGreaterThan(1000);
    expect([out.w, out.h]).toEqual([2 * out.sw, 2 * out.sh]);
    expect(out.corner).toEqual([255, 255, 255, 255]);
    expect(out.orange).toEqual([0xd5, 0x5e, 0x00, 255]);
    await page.close();
  });
});

/**
 * docs/screenshots/render-index.png: `soc-workbench render` over the samples (the built command, as a user runs it),
 * its index.html opened from disk in Debian's Chromium. Run after `npm run build`: `npx tsx scripts/screenshot-render.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './chromium';

const out = mkdtempSync(join(tmpdir(), 'render-shot-'));
try {
  const r = spawnSync(process.execPath, ['bin/soc-workbench.js', 'render', 'test/fixtures/workbooks/valid.workbook.json', '--data', 'samples', '--out', out], { encoding: 'utf8' });
  process.stdout.write(r.stdout + r.stderr);
  if (r.status !== 0) process.exit(r.status ?? 1);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  await page.goto(pathToFileURL(join(out, 'index.html')).href);
  await page.screenshot({ path: resolve('docs/screenshots/render-index.png') });
  await browser.close();
} finally {
  rmSync(out, { recursive: true, force: true });
}

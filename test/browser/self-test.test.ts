/**
 * About and self-test (issue 18) in the built app with the real engine: every line passes offline, from file://
 * and served; the published hash is shown when served beside its record; a request the test makes the page
 * attempt (an image on another origin) is counted as 1 and fails the network line; Copy report puts the panel's
 * text on the clipboard; the dialog is reached and left by keyboard.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { closeBrowser, openApp, type AppSession } from './harness';

afterAll(closeBrowser);

const record = () => JSON.parse(readFileSync('dist/soc-workbench.build.json', 'utf8')) as { buildId: string; sha256: string };

/** Open About by keyboard (Tab to the header button, Enter) and wait for the self-test to finish; returns its run time. */
async function openAndRun(page: Page): Promise<number> {
  const button = page.getByRole('button', { name: 'About & self-test' });
  await button.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'About SOC Workbench and self-test' }).waitFor();
  await page.waitForFunction(() => /checks (passed|failed)/.test(document.querySelector('[data-testid=selftest-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
  const summary = (await page.locator('[data-testid=selftest-summary]').textContent()) ?? '';
  return Number(/\(([\d.]+) s\)/.exec(summary)?.[1]) * 1000;
}

const lines = (page: Page) =>
  page.locator('[data-check]').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-check'), status: e.getAttribute('data-status'), text: e.textContent?.trim() })));

describe.each([
  { name: 'the single file from file://', url: () => inject('singleFileUrl'), served: false },
  { name: 'the served folder', url: () => inject('appUrl'), served: true },
])('About and self-test, $name', ({ url, served }) => {
  let app: AppSession;
  afterAll(() => app?.close());

  it('every line passes offline, within a few seconds, and the panel says what the page is', async () => {
    app = await openApp({ url: url() });
    const ms = await openAndRun(app.page);
    const got = await lines(app.page);
    expect(got.map((l) => l.id)).toEqual(['engine', 'csv', 'parquet', 'storage', 'memory', 'network']);
    for (const l of got) expect(l, l.text).toMatchObject({ status: 'pass' });
    expect(got.find((l) => l.id === 'csv')?.text).toContain('10,000 rows, sum 50,005,000, as written');
    expect(got.find((l) => l.id === 'parquet')?.text).toContain('10,000 rows, sum 50,005,000, as written');
    expect(got.find((l) => l.id === 'network')?.text).toContain('network requests attempted this session: 0.');
    console.log(`[self-test] ${served ? 'served' : 'file://'}: ${ms} ms`);
    expect(ms).toBeLessThan(10_000);
    const dialog = app.page.getByRole('dialog');
    const { buildId, sha256 } = record();
    await expect(dialog.textContent()).resolves.toContain(buildId);
    await expect(dialog.textContent()).resolves.toContain('DuckDB-WASM 1.28.0, DuckDB v0.9.1');
    // The policy shown is the one the page runs under.
    const csp = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    for (const d of csp!.split(';').map((s) => s.trim())) await expect(dialog.locator('.policy code', { hasText: d }).count()).resolves.toBeGreaterThan(0);
    // Served beside its record, the page shows the published hash; from file:// it cannot, and says where it is.
    if (served) await expect(dialog.locator('code.hash').textContent()).resolves.toBe(sha256);
    else await expect(dialog.textContent()).resolves.toContain('A file cannot hold its own hash');
    expect(app.offOrigin).toEqual([]);
  });

  it('Copy report puts the panel as plain text on the clipboard', async () => {
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], served ? { origin: new URL(url()).origin } : undefined);
    await app.page.getByRole('button', { name: 'Copy report' }).click();
    await app.page.getByText('Copied the report to the clipboard.').waitFor();
    const text = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(text).toMatch(/^SOC Workbench — About and self-test\n/);
    expect(text).toContain(`Build id:       ${record().buildId}\n`);
    expect(text).toMatch(/: All 6 checks passed\.\n/);
    expect(text).toContain('[PASS] Network: Passed: network requests attempted this session: 0.\n');
    expect(text.split('\n').filter((l) => l.startsWith('[PASS]'))).toHaveLength(6);
  });

  it('a request to another origin is counted as 1 and fails the network line; Esc closes the dialog', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    // The page's policy blocks it before it leaves (and the harness would abort it if it did not).
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://example.org/pixel.png';
      document.body.append(img);
    });
    await page.waitForTimeout(300);
    await openAndRun(page);
    const network = (await lines(page)).find((l) => l.id === 'network');
    expect(network?.status).toBe('fail');
    expect(network?.text).toContain('network requests attempted this session: 1 — https://example.org/pixel.png (blocked by img-src)');
    await expect(page.locator('[data-testid=selftest-summary]').textContent()).resolves.toContain('1 of 6 checks failed: Network.');
  });
});

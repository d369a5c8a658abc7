/**
 * Issue 18: 0 axe-core violations of the WCAG 2.2 A and AA rules on each screen, in the single file from file://
 * (the file IT approves) with the real engine: Compare with its chart, SQL with a result, the data panel with a
 * table expanded, a loaded file's load report, an error notice, the Share dialog, a column profile (a text column and
 * a number column with its histogram), presentation mode and the About and self-test panel.
 * Measured before the fixes: 6 on Compare (aria-allowed-attr on Plot's SVG groups), 3 on SQL (color-contrast of
 * the grid's type labels), 0 on the column profile, 4 in presentation mode (target-size of the workbook panel's
 * 17 px icon buttons beside a saved view, which every screen shows once a view is saved).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WAIT, closeBrowser, drawnTitle, openApp, pickFiles, sqlEditor, type AppSession } from './harness';
import { axeViolations, describeViolations } from './axe';
import { testdataPath } from '../helpers/testdata';

const CSV = testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv');

let app: AppSession;
beforeAll(async () => {
  app = await openApp({ url: inject('singleFileUrl') });
});
afterAll(async () => {
  await app?.close();
  await closeBrowser();
});

async function expectNoViolations(screen: string): Promise<void> {
  const vs = await axeViolations(app.page);
  console.log(`[axe] ${screen}: ${vs.reduce((n, v) => n + v.nodes.length, 0)} violations${vs.length ? `\n${describeViolations(vs)}` : ''}`);
  expect(vs, describeViolations(vs)).toEqual([]);
}

describe('accessibility (axe-core, WCAG 2.2 A and AA)', () => {
  it('the Compare tab with its chart', async () => {
    await drawnTitle(app.page);
    await expect(app.page.locator('.chart figure svg').count()).resolves.toBeGreaterThan(0);
    await expectNoViolations('Compare');
  });

  it('every chart has an accessible name and a text alternative that says what it shows', async () => {
    const figure = app.page.locator('.chart figure').first();
    const svg = figure.locator('svg[role=img]').first();
    const name = await svg.getAttribute('aria-label');
    expect(name).toMatch(/^Chart: /);
    const description = await app.page.evaluate((el) => {
      const ids = (el?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    }, await svg.elementHandle());
    expect(description).toMatch(/Highest: .+ \d/);
    expect(description).toMatch(/Lowest: .+ \d/);
  });

  it('the SQL tab with a result', async () => {
    const editor = await sqlEditor(app.page);
    await editor.click();
    await app.page.keyboard.press('Control+A');
    await app.page.keyboard.press('Delete');
    await editor.pressSequentially("SELECT 1 AS n, 'a' AS label, DATE '2024-01-01' AS d, 2.5 AS x", { delay: 0 });
    await app.page.keyboard.press('Control+Enter');
    await app.page.locator('[role=grid][data-rowcount="1"]').waitFor({ timeout: WAIT.draw });
    await expectNoViolations('SQL with a result');
  });

  it('the data panel with a table expanded', async () => {
    const row = app.page.locator('[data-table=disruptions_synthetic]');
    await row.locator('button.toggle').click();
    await expect(row.locator('button.toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    await expectNoViolations('data panel, table expanded');
  });

  it('a loaded file’s load report', async () => {
    await pickFiles(app.page, [CSV]);
    const table = app.page.locator('[data-table=deaths_in_custody_by_force_fy]');
    await table.getByTitle('Show columns').click();
    await table.getByRole('button', { name: 'Details' }).click({ timeout: WAIT.load });
    await app.page.getByRole('heading', { name: 'Load report' }).waitFor();
    await expectNoViolations('load report');
  });

  it('an error notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc-axe-'));
    const bad = join(dir, 'not-really.parquet');
    writeFileSync(bad, 'this is not a parquet file\n');
    await pickFiles(app.page, [bad]);
    await app.page.locator('[role=alert]', { hasText: 'not-really.parquet' }).first().waitFor();
    await expectNoViolations('error notice');
  });

  it('the Share dialog', async () => {
    await app.page.getByRole('button', { name: 'Share workbook…' }).click();
    await app.page.getByRole('dialog', { name: 'Share the workbook' }).waitFor();
    await expectNoViolations('Share dialog');
    await app.page.getByRole('dialog', { name: 'Share the workbook' }).getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('a column profile', async () => {
    const row = app.page.locator('[data-table=disruptions_synthetic]');
    const toggle = row.locator('button.toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const profile = app.page.getByRole('region', { name: 'Column profile' });
    // A text column (top values) and a number column (top values and a histogram).
    await row.locator('[data-column=force]').getByTitle('Profile this column').click();
    await profile.getByRole('heading', { name: /^force/ }).waitFor({ timeout: WAIT.draw });
    await expect(profile.locator('table.top tr').count()).resolves.toBeGreaterThan(0);
    await expectNoViolations('column profile, text');
    await row.locator('[data-column=disruptions]').getByTitle('Profile this column').click();
    await profile.getByRole('heading', { name: /^disruptions/ }).waitFor({ timeout: WAIT.draw });
    await profile.getByRole('img', { name: 'Histogram of disruptions' }).waitFor();
    await expectNoViolations('column profile, number');
  });

  it('presentation mode', async () => {
    await app.page.getByRole('tab', { name: 'Compare' }).click();
    await drawnTitle(app.page);
    await app.page.getByRole('button', { name: 'Save view' }).click();
    await app.page.locator('section[aria-label="Workbook"]').getByRole('button', { name: 'Present', exact: true }).click();
    const deck = app.page.getByRole('dialog', { name: 'Presentation' });
    await deck.locator('figure svg').first().waitFor({ timeout: WAIT.draw });
    await expectNoViolations('presentation');
    await app.page.keyboard.press('Escape');
    await deck.waitFor({ state: 'detached' });
  });

  it('the About and self-test panel', async () => {
    await app.page.getByRole('button', { name: 'About & self-test' }).click();
    await app.page.waitForFunction(() => /checks (passed|failed)/.test(document.querySelector('[data-testid=selftest-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
    await expectNoViolations('About and self-test');
  });
});

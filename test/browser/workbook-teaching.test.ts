/**
 * Issue 12 item 8: a workbook file carries what the user taught the workbench. On a real IOPC table a role is
 * corrected and a value the domain does not know is mapped to a force; a view is saved and the workbook shared with
 * its data; opened in a fresh browser profile the view shows the same numbers, the correction is in force, and the
 * normalised table gives the per-force numbers the test computes from the raw file with the mapping — numbers that
 * differ once the mapping is undone there.
 *
 * Where a mapping shows today: the compare builder groups a saved view by the raw force column (its spec carries its
 * own roles), so a mapping changes `<table>_norm` — canonical force, region, totals, the unmatched report — not a
 * builder view's bars. The test reads the per-force numbers from `<table>_norm` for that reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeBrowser, engineRows, openApp, pickFiles, type AppSession, builderForm as builder, chooseIn as choose, drawn, savedDownload } from './harness';
import { testdataPath } from '../helpers/testdata';
import { WORKBOOK_VERSION } from '../../src/workbook/workbook';

const FILE = testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv');
const TABLE = 'deaths_in_custody_by_force_fy';
// Not a claim about the data: a body the domain does not know, mapped to a force as a user may decide to. The
// workbench must carry the decision, right or wrong. Its death in 12/13 changes the Met's number for that year.
const UNKNOWN = 'Home Office';
const MEASURE = '12/13';
const out = mkdtempSync(join(tmpdir(), 'soc-teaching-'));

let s: AppSession;

/** The file's rows as {label → cell}, read with the test's own splitting (the file has no quoted cells). */
function rawRows(): Record<string, string>[] {
  const [head, ...lines] = readFileSync(FILE, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i] ?? ''])));
}


async function domainReady(page: Page, table: string): Promise<void> {
  await page.waitForFunction(
    (t) => {
      const w = (globalThis as any).socWorkbench.workbench;
      const d = w.domain.tables[t];
      return !!d && !!d.norm && w.tables.some((x: any) => x.name === d.norm.view);
    },
    table,
    { timeout: 60_000 },
  );
}

/** The numbers table under the chart, as rows of {column label → text}. */
async function numbers(page: Page): Promise<Record<string, string>[]> {
  const toggle = page.getByRole('button', { name: /Show the numbers/ });
  if (await toggle.count()) await toggle.click();
  const table = page.getByRole('table', { name: 'The numbers behind the chart' });
  await table.waitFor();
  const heads = await table.locator('thead th').allTextContents();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return rows.map((cells) => Object.fromEntries(cells.map((c, i) => [heads[i], c])));
}

/** Per canonical force, the 12/13 deaths as the normalised view gives them (what the mapping changes). */
async function byForce(page: Page): Promise<Record<string, number>> {
  const rows = await engineRows(page, `SELECT coalesce(force, '(not a force)') AS force, sum("${MEASURE}")::INTEGER AS n FROM ${TABLE}_norm GROUP BY ALL`);
  return Object.fromEntries(rows.map((r) => [String(r.force), Number(r.n)]));
}

const unmatchedOf = (page: Page) =>
  page.evaluate((t) => JSON.parse(JSON.stringify((globalThis as any).socWorkbench.workbench.domain.tables[t].unmatched)), TABLE);

const roleOf = (page: Page, column: string) =>
  page.evaluate(([t, c]) => (globalThis as any).socWorkbench.workbench.roles[t!]?.find((r: any) => r.name === c)?.role as string | undefined, [TABLE, column]);
const reasonOf = (page: Page, column: string) =>
  page.evaluate(([t, c]) => (globalThis as any).socWorkbench.workbench.roles[t!]?.find((r: any) => r.name === c)?.reason as string | undefined, [TABLE, column]);

/** Click, wait for the download, save it under `out`; returns its path. */
const saved = (page: Page, click: () => Promise<unknown>) => savedDownload(page, out, click);

beforeAll(async () => {
  s = await openApp();
  await drawn(s.page, { timeout: 60_000 });
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('a workbook carries role corrections and value mappings', () => {
  let original: Record<string, string>[] = [];
  let sender: Record<string, number> = {};
  let senderUnmatched: unknown;
  let workbookFile = '';
  const raw = rawRows();
  const metRaw = Number(raw.find((r) => r.Authority === 'Metropolitan')![MEASURE]);
  const unknownRaw = Number(raw.find((r) => r.Authority === UNKNOWN)![MEASURE]);

  it('the fixture is what this test relies on', () => {
    expect(unknownRaw).toBeGreaterThan(0); // else the mapping could not change the Met's number
    expect(metRaw).toBeGreaterThan(0);
  });

  it('corrects a role and maps an unmatched value on a real table, then saves a view that uses both', async () => {
    await pickFiles(s.page, [FILE]);
    await domainReady(s.page, TABLE);
    const panel = s.page.locator(`[data-table=${TABLE}]`);
    await panel.getByTitle('Show columns').click();
    // "Total" sums the period columns: it is not a measure to compare by year, so the user says so.
    expect(await roleOf(s.page, 'Total')).toBe('measure');
    await panel.getByLabel('Role of Total').selectOption('dimension');
    await s.page.waitForFunction((t) => (globalThis as any).socWorkbench.workbench.roles[t].find((r: any) => r.name === 'Total').role === 'dimension', TABLE);
    await panel.getByRole('button', { name: 'Details' }).click();
    await s.page.getByLabel(`Map "${UNKNOWN}" to`).selectOption({ label: 'Metropolitan Police' });
    await s.page.waitForFunction(
      ([t, v]) => (globalThis as any).socWorkbench.workbench.domain.tables[t!]?.unmatched.every((u: any) => u.values.every((x: any) => x.value !== v)),
      [TABLE, UNKNOWN],
    );
    await s.page.getByLabel('Close details').click();
    sender = await byForce(s.page);
    // The test's own arithmetic from the file: the Met's own deaths plus the mapped body's; nothing left unmapped
    // but the other bodies the domain does not know.
    expect(sender['Metropolitan Police']).toBe(metRaw + unknownRaw);
    expect(sender['(not a force)']).toBe(raw.filter((r) => ['HMRC', 'Ministry of Defence', 'SOCA / NCA'].includes(r.Authority!)).reduce((a, r) => a + Number(r[MEASURE]), 0));
    senderUnmatched = await unmatchedOf(s.page);

    // The builder reads the wide table through its long form, by canonical force: the view is 2012/13's totals.
    await choose(s.page, 'table', TABLE);
    await s.page.waitForFunction((t) => (globalThis as any).socWorkbench.workbench.builder.spec?.table.startsWith(t), TABLE);
    await drawn(s.page, { timeout: 60_000 });
    await s.page.evaluate(async () => {
      const b = (globalThis as any).socWorkbench.workbench.builder;
      const spec = JSON.parse(JSON.stringify(b.spec));
      delete spec.denominator;
      await b.show({ ...spec, filters: [{ column: spec.roles.period, values: ['2012/13'] }], comparison: { kind: 'total' }, uncertainty: { ...spec.uncertainty, ci: 'none' } });
    });
    await drawn(s.page, { timeout: 60_000 });
    original = await numbers(s.page);
    // The 43 forces, and the Met's number is its own plus the mapped body's (the test's own arithmetic).
    expect(original).toHaveLength(43);
    expect(Number(original.find((r) => r.Force === 'Metropolitan Police')?.['Deaths in custody'])).toBe(metRaw + unknownRaw);
    await s.page.getByRole('button', { name: 'Save view' }).click();
    await s.page.screenshot({ path: join(out, 'sender.png') });
  });

  it('shares the workbook with its data; the file holds the correction and the mapping', async () => {
    await s.page.getByRole('button', { name: 'Share workbook…' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Share the workbook' });
    await dialog.locator('input[name="withData"]').check();
    await dialog.getByRole('button', { name: /Save workbook file \(\d/ }).waitFor();
    workbookFile = await saved(s.page, () => dialog.getByRole('button', { name: /Save workbook file/ }).click());
    await dialog.getByRole('button', { name: 'Close' }).click();
    const w = JSON.parse(readFileSync(workbookFile, 'utf8'));
    expect(w.version).toBe(WORKBOOK_VERSION);
    expect(w.roleCorrections).toContainEqual({ file: 'deaths_in_custody_by_force_fy.csv', column: 'Total', role: 'dimension' });
    expect(w.valueMappings).toContainEqual({ role: 'force', value: UNKNOWN, to: 'metropolitan' });
    expect(w.data.map((d: { table: string }) => d.table)).toContain(TABLE);
  });

  it('opened in a fresh profile, the view shows the same numbers, and the user is told what was applied', async () => {
    const other = await openApp();
    try {
      // A fresh profile: nothing taught yet.
      expect(await other.page.evaluate(() => localStorage.getItem('soc-workbench.domain.v1'))).toBeNull();
      // Every notice, kept: on a busy machine a confirmation can time out before the import is done.
      await other.page.evaluate(() => {
        const w = (globalThis as any).socWorkbench.workbench;
        // Every part of the workbench notifies through its Notices (src/app/notices.svelte.ts): listen there.
        const notices = w.messages;
        const notify = notices.notify.bind(notices);
        w.seen = [] as string[];
        notices.notify = (kind: string, text: string) => (w.seen.push(text), notify(kind, text));
      });
      // The fresh app recognises its samples first (a minute on a busy machine); the import queues behind that.
      await pickFiles(other.page, [workbookFile], { wait: false });
      await other.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.filesSettled >= 1, undefined, { timeout: 240_000 });
      await other.page.screenshot({ path: join(out, 'recipient-opened.png') });
      const notices = () => other.page.evaluate(() => (globalThis as any).socWorkbench.workbench.seen as string[]);
      await other.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.workbook.workbook.views.length === 1, undefined, { timeout: 30_000 }).catch(async (e) => {
        throw new Error(`${e}: ${JSON.stringify(await notices())}`);
      });
      await domainReady(other.page, TABLE);
      const applied = (await notices()).find((t) => t.startsWith('Applied '));
      expect(applied, JSON.stringify(await notices())).toMatch(/^Applied 1 role correction and 1 value mapping from the workbook: /);
      expect(applied).toContain(`"${UNKNOWN}" (force) → Metropolitan Police`);
      await other.page.locator('section[aria-label="Workbook"] li .name').first().click();
      await drawn(other.page, { timeout: 60_000 });
      expect(await numbers(other.page)).toEqual(original);
      expect(await roleOf(other.page, 'Total')).toBe('dimension');
      expect(await reasonOf(other.page, 'Total')).toBe('set by you (recognised as measure)');
      expect(await byForce(other.page)).toEqual(sender);
      expect(await unmatchedOf(other.page)).toEqual(senderUnmatched);
      await other.page.screenshot({ path: join(out, 'recipient.png') });

      // Undo the mapping there: the Met's number is its own again, so the equality above depended on the mapping.
      await other.page.evaluate((v) => (globalThis as any).socWorkbench.workbench.domain.unmapValue('force', v), UNKNOWN);
      const without = await byForce(other.page);
      expect(without).not.toEqual(sender);
      expect(without['Metropolitan Police']).toBe(metRaw);
      expect((await unmatchedOf(other.page)).find((u: any) => u.column === 'Authority').values.map((v: any) => v.value)).toContain(UNKNOWN);
      expect(other.offOrigin).toEqual([]);
    } finally {
      await other.close();
    }
    console.log(`screenshots: ${out}/sender.png, ${out}/recipient.png`);
  }, 420_000); // a second app, started from cold on a machine shared with other test runs
});

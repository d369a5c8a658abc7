/**
 * The builder's pre-aggregated cube (issue 16 goal 3) in Chromium against DuckDB-WASM: a 300,000-row table the test
 * writes with native DuckDB gets a cube after its first chart; a total by force then reads the cube and gives native
 * DuckDB's own GROUP BY over the file exactly; Show SQL still shows the query on the table, not the cube; and the
 * file replaced under the same name gives its new numbers (the cube went with the old table).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WAIT, closeBrowser, openApp, pickFiles, type AppSession, builderForm as builder, drawn } from './harness';
import { nativeRows, pathLiteral } from '../helpers/native';
import { FORTY_THREE } from '../helpers/published';

let s: AppSession;
const tmp = mkdtempSync(join(tmpdir(), 'socwb-cube-'));
const file = join(tmp, 'cube_returns.parquet');
const forces = `[${FORTY_THREE.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;

/** 300,000 returns: force, financial year, threat, and a count that depends on the seed. */
async function writeReturns(seed: number): Promise<void> {
  await nativeRows(
    `COPY (SELECT list_extract(${forces}, (i % 43)::INTEGER + 1) AS force, ['2021/22', '2022/23', '2023/24'][(i // 43 % 3)::INTEGER + 1] AS financial_year,
       ['Drugs', 'Firearms', 'Fraud', 'County lines', 'Modern slavery'][(i // 129 % 5)::INTEGER + 1] AS threat_type,
       ((i * 7 + ${seed}) % 13)::INTEGER AS disruptions FROM range(300000) t(i)) TO ${pathLiteral(file)} (FORMAT PARQUET)`,
  );
}
const expected = () =>
  nativeRows(`SELECT force, sum(disruptions)::BIGINT AS n FROM read_parquet(${pathLiteral(file)}) WHERE financial_year = '2023/24' AND threat_type = 'Drugs' GROUP BY force ORDER BY force`);

/** The drawn rows as force → value. */
const shown = (page: Page) =>
  page.evaluate(() => ((globalThis as any).socWorkbench.workbench.builder.rows as { force: string; value: number }[]).map((r) => ({ force: r.force, n: Number(r.value) })).sort((a, b) => a.force.localeCompare(b.force)));

/** Draw the total of Drugs by force in 2023/24, as a user would pick it. */
async function totalOfDrugs(page: Page): Promise<void> {
  await builder(page).locator('select[name="comparison"]').selectOption('total');
  await drawn(page);
  await page.evaluate(async () => {
    const b = (globalThis as any).socWorkbench.workbench.builder;
    b.update((s: any) => ({ ...s, filters: [{ column: 'financial_year', values: ['2023/24'] }, { column: 'threat_type', values: ['Drugs'] }], periodRange: undefined }));
  });
  await drawn(page);
}

beforeAll(async () => {
  s = await openApp();
});
afterAll(async () => {
  await s?.close();
  await closeBrowser();
});

describe('the cube', () => {
  it('is built after the first chart, and a total by force read from it is native DuckDB’s GROUP BY exactly', { timeout: WAIT.load * 3 }, async () => {
    await writeReturns(1);
    await pickFiles(s.page, [file]);
    await drawn(s.page);
    await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.cubes.last?.rows !== undefined, undefined, { timeout: WAIT.load });
    const report = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.cubes.last);
    expect(report.refused).toBeUndefined();
    expect(report.tableRows).toBe(300_000);
    // 43 forces × 3 years × 5 threats, each with its counts.
    expect(report.rows).toBe(43 * 3 * 5);
    await totalOfDrugs(s.page);
    const compiled = await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.compiled);
    expect(compiled.cube?.sql).toContain('__cube');
    // What the user sees and exports is the query on their table.
    expect(compiled.sql).not.toContain('__cube');
    expect(await shown(s.page)).toEqual((await expected()).map((r) => ({ force: r.force, n: Number(r.n) })));
  });

  it('goes with its table: the file replaced under the same name gives its new numbers', { timeout: WAIT.load * 3 }, async () => {
    await writeReturns(5);
    const now = (await expected()).map((r) => ({ force: r.force, n: Number(r.n) }));
    expect(now).not.toEqual(await shown(s.page));
    await pickFiles(s.page, [file], { wait: false });
    await s.page.getByRole('button', { name: 'Replace' }).click();
    await s.page.waitForFunction(() => (globalThis as any).socWorkbench.workbench.filesSettled >= 2, undefined, { timeout: WAIT.load });
    await drawn(s.page);
    await totalOfDrugs(s.page);
    expect(await shown(s.page)).toEqual(now);
    // And once the new table's cube is made, the view read from it gives the same new numbers.
    await s.page.waitForFunction(() => { const w = (globalThis as any).socWorkbench.workbench; return !!w.cubes.for(w.builder.spec.table); }, undefined, { timeout: WAIT.load });
    await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.redraw());
    await drawn(s.page);
    expect(await s.page.evaluate(() => (globalThis as any).socWorkbench.workbench.builder.compiled.cube?.name)).toMatch(/__cube$/);
    expect(await shown(s.page)).toEqual(now);
  });

  it('made no request outside its own origin', () => expect(s.offOrigin).toEqual([]));
});

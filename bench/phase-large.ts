/**
 * The 10M-row CSV in a page of its own: its load (and the memory a table of it takes, from a clean
 * start), the queries on it, then the limit probe: keep loading the same file as new tables through
 * "Open files", as a user would, until the engine refuses, and record what the user is shown.
 */
import type { AppPage } from './browser';
import type { BenchContext } from './context';
import type { Dataset } from './data';
import { queries, recordLoads } from './phase-browser';
import { builderCases } from './phase-builder';
import { groupBySql, tableName } from './sql';
import { repeat } from './stats';

/** Most copies of the 10M-row file the probe tries to hold at once. */
const PROBE_MAX_COPIES = 3;

/** One step of the limit probe. */
export interface ProbeStep {
  copies: number;
  rowsHeld: number;
  outcome: 'loaded' | 'refused' | 'crashed' | 'timed out';
  /** The notices and engine status the user saw after this load. */
  shown: string[];
  engineState: string;
  seconds: number;
  wasmHeapBytes: number | null;
  /** After a refusal or crash: does a query on the first table still answer? */
  afterwards?: string;
}

export async function runLarge(ctx: BenchContext, probe: boolean): Promise<void> {
  const size = ctx.sizes().find((s) => s.rows >= 10_000_000);
  if (!size) return;
  ctx.log(`browser: CSV ${size.label} (own page)`);
  const app = await ctx.openApp([ctx.data.population, size.csv]);
  try {
    await app.load(ctx.data.population, 'population');
    const table = tableName('csv', size.label);
    const before = await app.memory();
    const loads = await repeat(ctx.runs.slow, async (i) => {
      const s = await app.load(size.csv, table);
      if (i === 0) ctx.facts[`memory.csv-${size.label}`] = { rows: size.rows, before, after: await app.memory() };
      return s;
    });
    recordLoads(ctx, 'load.csv', size, loads, 'table');
    if (loads.some((l) => l.error)) return;
    await queries(ctx, app, table, size);
    await builderCases(ctx, app, size, table);
    if (probe) ctx.facts.limitProbe = await limitProbe(ctx, app, size);
    if (app.errors.length > 0) ctx.problem(`page errors (10M page): ${app.errors.join(' | ')}`);
  } finally {
    await app.close();
  }
}

async function limitProbe(ctx: BenchContext, app: AppPage, size: Dataset): Promise<ProbeStep[]> {
  const steps: ProbeStep[] = [];
  for (let copies = 2; copies <= PROBE_MAX_COPIES; copies++) {
    ctx.log(`  limit probe: loading copy ${copies} of ${size.label} through Open files`);
    const seen = await app.page.evaluate(() => (globalThis as any).socWorkbench.workbench.notices.map((n: { id: number }) => n.id));
    const t0 = performance.now();
    await app.page.getByLabel('Open files').setInputFiles(size.csv);
    // From the second copy on the name clashes: answer as a user keeping both would.
    const keepBoth = app.page.getByRole('button', { name: 'Keep both' });
    if (await keepBoth.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) await keepBoth.click();
    const settled = await app.page
      .waitForFunction(() => !document.querySelector('.loads') && (globalThis as any).socWorkbench.workbench.loads.length === 0, undefined, { timeout: 180_000 })
      .then(() => true, () => false);
    // A crash shows up as a restart: give the engine time to say so and to come back.
    await app.page.waitForTimeout(1_000);
    await app.page.waitForSelector('[role=status][data-state=ready], [role=status][data-state=failed]', { state: 'attached', timeout: 180_000 }).catch(() => null);
    const shown: string[] = await app.page.evaluate(
      (old: number[]) =>
        (globalThis as any).socWorkbench.workbench.notices
          .filter((n: { id: number }) => !old.includes(n.id))
          .map((n: { kind: string; text: string }) => `${n.kind}: ${n.text}`),
      seen,
    );
    const status = await app.status();
    const crashed = shown.some((s) => /stopped|restart/i.test(s)) || status.state !== 'ready';
    const refused = shown.some((s) => s.startsWith('error:'));
    const outcome: ProbeStep['outcome'] = !settled ? 'timed out' : crashed ? 'crashed' : refused ? 'refused' : 'loaded';
    if (crashed) await app.reattach().catch(() => {});
    const heap = crashed ? null : (await app.memory()).wasmHeapBytes;
    const step: ProbeStep = {
      copies,
      rowsHeld: outcome === 'loaded' ? copies * size.rows : (copies - 1) * size.rows,
      outcome,
      shown,
      engineState: `${status.state}: ${status.message}`,
      seconds: (performance.now() - t0) / 1000,
      wasmHeapBytes: heap,
    };
    if (outcome !== 'loaded') {
      // DESIGN.md §7: a clean out-of-memory error should leave the connection usable.
      const q = await app.query(groupBySql(tableName('csv', size.label)));
      step.afterwards = q.error ? `GROUP BY on the first table failed: ${q.error}` : `GROUP BY on the first table answered in ${q.ms.toFixed(0)} ms`;
    }
    steps.push(step);
    ctx.log(`    ${outcome} after ${step.seconds.toFixed(1)} s; shown: ${shown.join(' | ') || '(nothing)'}${step.afterwards ? `; ${step.afterwards}` : ''}`);
    if (outcome !== 'loaded') break;
  }
  return steps;
}

/**
 * Recovery from an engine death (issue 17): the worker is terminated while idle, as a wasm crash does; measured from
 * the kill to the engine ready with the files loaded again, and to the notice that the workbench's own views and the
 * user's SQL-made tables are made again. The reference, in the same page, is the engine's own start and the
 * samples' load at page open (`start.ready` and `start.samples-loaded` in the cold-start phase are the same steps).
 */
import type { BenchContext } from './context';
import { repeat } from './stats';

export async function runRecovery(ctx: BenchContext): Promise<void> {
  ctx.log('recovery: worker killed while idle, files and SQL-made tables brought back');
  const app = await ctx.openApp([]);
  try {
    await app.page.evaluate(() =>
      (globalThis as any).socWorkbench.workbench.runSql(
        `CREATE TABLE made_a AS SELECT range AS n FROM range(100000);
         CREATE TABLE made_b AS SELECT force, sum(disruptions) AS d FROM disruptions_synthetic GROUP BY ALL;
         CREATE VIEW made_c AS SELECT * FROM disruptions_synthetic_norm WHERE force_canonical IS NOT NULL;`,
      ),
    );
    const ready: number[] = [];
    const replayed: number[] = [];
    await repeat(ctx.runs.slow, async () => {
      const t = await app.page.evaluate(
        () =>
          new Promise<{ ready: number; replayed: number }>((resolve, reject) => {
            const { engine, workbench } = (globalThis as any).socWorkbench;
            const lastId = Math.max(0, ...workbench.notices.map((n: { id: number }) => n.id));
            const t0 = performance.now();
            let readyAt = 0;
            const off = engine.onstatus((s: { state: string }) => {
              if (s.state === 'ready' && !readyAt) readyAt = performance.now() - t0;
            });
            const timer = setInterval(() => {
              const done = (workbench.notices as { id: number; text: string }[]).some((n) => n.id > lastId && /was restarted.*made again/.test(n.text));
              if (done) {
                clearInterval(timer);
                off();
                resolve({ ready: readyAt, replayed: performance.now() - t0 });
              } else if (performance.now() - t0 > 120_000) {
                clearInterval(timer);
                off();
                reject(new Error('no recovery notice within 120 s'));
              }
            }, 20);
            engine.simulateCrash();
          }),
      );
      ready.push(t.ready);
      replayed.push(t.replayed);
      const n = Number((await app.query('SELECT count(*)::INTEGER AS n FROM made_a')).firstValue);
      if (n !== 100_000) throw new Error(`made_a has ${n} rows after recovery, not 100000`);
      return t;
    });
    ctx.record({ case: 'recover.files', size: '-', engine: 'wasm', samplesMs: ready });
    ctx.record({ case: 'recover.replayed', size: '-', engine: 'wasm', samplesMs: replayed });
  } finally {
    await app.close();
  }
}

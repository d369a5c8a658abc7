/**
 * Arquero, a pure-JavaScript engine, as the "no wasm at all" reference for the 1M-row GROUP BY. Its load
 * (read the file, parse the CSV) and its aggregate are timed apart, since the issue compares aggregates.
 */
import { readFileSync } from 'node:fs';
import * as aq from 'arquero';

/** Timings of one Arquero pass. */
export interface ArqueroTimes {
  loadMs: number;
  groupByMs: number[];
  rows: number;
}

/** Load `csvPath` once, then run the force × year sum `runs` times. */
export function arqueroGroupBy(csvPath: string, runs: number): ArqueroTimes {
  const t0 = performance.now();
  const dt = aq.fromCSV(readFileSync(csvPath, 'utf8'));
  const loadMs = performance.now() - t0;
  const groupByMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const out = dt
      .groupby('force', 'financial_year')
      .rollup({ disruptions: aq.op.sum('disruptions') })
      .orderby('force', 'financial_year');
    rows = out.numRows();
    groupByMs.push(performance.now() - t);
  }
  return { loadMs, groupByMs, rows };
}

/**
 * The reference for the render: the same workbook drawn by the app's own engine (DuckDB-WASM 1.28.0's node build, Arrow
 * results), through the app's domain state and runView, from the same files read by that engine's read_csv_auto.
 */
import { DomainState } from '../../src/app/domain-state.svelte';
import { memoryStore } from '../../src/app/browser-storage';
import { runView, type DrawnView } from '../../src/app/run-view';
import { SourceLoader, describeNative } from '../../src/cli/load-sources';
import { ident, str, type SchemaInfo } from '../../src/query';
import type { Workbook } from '../../src/workbook';
import { wasmArrowDb } from '../helpers/wasm-arrow';

/** What a test can use to make views as the builder does, before they are drawn. */
export interface AppContext {
  domain: DomainState;
  schema: SchemaInfo;
  /** Rows of a query, as the app's engine answers it. */
  rows(sql: string): Record<string, unknown>[];
}

/**
 * The views of `w` drawn by the app's engine over `files` (table → path; CSV or Parquet by extension); `make`, when
 * given, makes the views to draw from what the app recognised.
 */
export async function appViews(
  w: Workbook,
  files: Record<string, string>,
  make?: (app: AppContext) => Workbook['views'],
): Promise<{ drawn: Map<string, DrawnView>; views: Workbook['views'] }> {
  const wasm = await wasmArrowDb();
  try {
    const db = { table: async (sql: string) => wasm.table(sql), run: async (sql: string) => void wasm.table(sql) };
    await new SourceLoader(db, undefined).loadReference();
    for (const [table, path] of Object.entries(files)) {
      wasm.table(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${path.endsWith('.parquet') ? 'read_parquet' : 'read_csv_auto'}(${str(path)})`);
    }
    const loaded = Object.entries(files).map(([table, path]) => ({ table, file: w.sources.find((s) => s.table === table)?.file ?? path, from: path, rows: -1, report: [] }));
    const domain = new DomainState(db.table, memoryStore());
    await domain.adopt({ roleCorrections: w.roleCorrections, valueMappings: w.valueMappings }, 'theirs').applied;
    for (let pass = 0; pass < 4 && (await domain.sync(await describeNative(db, loaded))); pass++);
    const schema: SchemaInfo = { tables: (await describeNative(db, loaded)).map((t) => ({ name: t.name, kind: t.kind, columns: t.columns })) };
    const views = make ? make({ domain, schema, rows: (sql) => wasm.table(sql).toArray().map((r) => ({ ...r })) }) : w.views;
    const drawn = new Map<string, DrawnView>();
    // Drawn with the workbook's protection, as the builder and the render draw them.
    const opts = w.protection ? { protection: w.protection } : {};
    for (const v of views) drawn.set(v.id, await runView(v.spec, schema, async (sql) => ({ sql, table: wasm.table(sql), elapsedMs: 0 }), opts));
    return { drawn, views };
  } finally {
    wasm.close();
  }
}

/**
 * WorkbookState (src/app/workbook.svelte.ts) in node, runes compiled by the svelte plugin, against the engine the app
 * ships (DuckDB-WASM 1.28.0's node build): a workbook saved with its data in one engine opens in another, fresh one,
 * and every view gives the same rows there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbookState, sourceOf, type WorkbookDeps } from '../../src/app/workbook.svelte';
import { parseViewSpec } from '../../src/domain';
import type { TableInfo } from '../../src/engine';
import { compileView } from '../../src/query/compile';
import type { SchemaInfo } from '../../src/query/schema';
import { ident, str } from '../../src/query/sql';
import { WorkbookError, type Workbook, type WorkbookStore } from '../../src/workbook';
import { sampleTablesSql } from '../helpers/view-fixtures';
import { openWasm, type Wasm } from '../helpers/wasm';
import { GOLDEN } from '../query/golden-specs';

/** The app around a WorkbookState: one wasm engine, the tables it holds, what was said to the user, an in-memory store. */
function app(db: Wasm, tables: TableInfo[]) {
  const said: string[] = [];
  const saved: Workbook[] = [];
  const store: WorkbookStore = { load: async () => saved.at(-1), save: async (w) => void saved.push(w) };
  const deps: WorkbookDeps = {
    store,
    tables: () => tables,
    async exportParquet(table) {
      // The node build writes to the real file system: a temporary folder, not the working directory.
      const path = join(mkdtempSync(join(tmpdir(), 'wb-state-')), `${table}.parquet`);
      await db.run(`COPY (SELECT * FROM ${ident(table)}) TO ${str(path)} (FORMAT PARQUET)`);
      const bytes = db.fileBytes(path);
      rmSync(dirname(path), { recursive: true });
      return bytes;
    },
    async loadParquet(table, bytes) {
      db.registerBuffer(`in_${table}.parquet`, bytes);
      await db.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${str(`in_${table}.parquet`)})`);
      tables.push({ name: table, kind: 'table', columns: [], rows: -1 });
    },
    notify: (kind, text) => void said.push(`${kind}: ${text}`),
  };
  return { state: new WorkbookState(deps), said, saved };
}

async function schemaOf(db: Wasm): Promise<SchemaInfo> {
  const names = (await db.rows(`SELECT table_name AS n FROM information_schema.tables ORDER BY 1`)).map((r) => String(r.n));
  const tables = [];
  for (const name of names) {
    const cols = await db.rows(`DESCRIBE ${ident(name)}`);
    tables.push({ name, kind: 'table' as const, columns: cols.map((c) => ({ name: String(c.column_name), type: String(c.column_type) })) });
  }
  return { tables };
}

let mine: Wasm;
let theirs: Wasm;
beforeAll(async () => {
  [mine, theirs] = await Promise.all([openWasm(), openWasm()]);
  for (const sql of sampleTablesSql()) await mine.run(sql);
}, 60_000);
afterAll(() => {
  mine?.close();
  theirs?.close();
});

const loaded = (): TableInfo[] =>
  ['disruptions_synthetic', 'force_population_synthetic'].map((name) => ({ name, kind: 'table', columns: [], rows: -1, source: { file: `${name}.csv` } as TableInfo['source'] }));

describe('WorkbookState against DuckDB-WASM 1.28.0', () => {
  it('saves, renames, reorders, duplicates and deletes views, autosaving each change without data', async () => {
    const { state, saved } = app(mine, loaded());
    const a = state.saveView('Totals', parseViewSpec(GOLDEN.total_by_force))!;
    const b = state.saveView('  ', parseViewSpec(GOLDEN.rate_by_force_ci))!;
    expect(state.currentId).toBe(b);
    state.rename(b, 'Rates with CIs');
    state.move(b, -1);
    state.duplicate(a);
    expect(state.workbook.views.map((v) => v.name)).toEqual(['Rates with CIs', 'Totals', expect.stringMatching(/^Totals/)]);
    state.delete(b);
    expect(state.currentId).toBeUndefined();
    await Promise.resolve();
    expect(saved.at(-1)?.views.map((v) => v.name)).toEqual(['Totals', expect.stringMatching(/^Totals/)]);
    expect(saved.every((w) => !w.data?.length)).toBe(true);
    expect(state.workbook.sources.map((s) => `${s.table} ← ${s.file} (${s.kind})`)).toEqual([
      'disruptions_synthetic ← disruptions_synthetic.csv (csv)',
      'force_population_synthetic ← force_population_synthetic.csv (csv)',
    ]);
  });

  it('Protect small numbers is set, autosaved, refused out of range (told, nothing changed) and switched off', async () => {
    const { state, saved, said } = app(mine, loaded());
    expect(state.setProtection({ threshold: 5, roundTo5: true })).toBe(true);
    await Promise.resolve();
    expect(saved.at(-1)?.protection).toEqual({ threshold: 5, roundTo5: true });
    expect(state.setProtection({ threshold: 2, roundTo5: false })).toBe(false);
    expect(said.at(-1)).toContain('invalid threshold: 2 (a whole number from 3 to 10)');
    expect(state.workbook.protection).toEqual({ threshold: 5, roundTo5: true });
    state.setProtection(undefined);
    await Promise.resolve();
    expect(saved.at(-1)?.protection).toBeUndefined();
  });

  it('a workbook file with its data opens in a fresh engine, and each view gives the rows it gave where it was saved', async () => {
    const source = app(mine, loaded());
    for (const name of ['total_by_force', 'rate_by_force_ci', 'index_by_year_threat'] as const) source.state.saveView(name, parseViewSpec(GOLDEN[name]));
    const text = await source.state.fileText(true);

    const target = app(theirs, []);
    const { missing, workbook } = await target.state.import(text, 'briefing.workbook.json');
    expect(missing).toEqual([]);
    expect(target.said).toEqual([expect.stringMatching(/^info: Opened workbook .* 3 views, 2 tables from the file\.$/)]);
    expect(workbook.views.map((v) => v.name)).toEqual(['total_by_force', 'rate_by_force_ci', 'index_by_year_threat']);
    expect(target.state.workbook.data ?? []).toEqual([]); // the data went into the engine, not into the state
    const [here, there] = [await schemaOf(mine), await schemaOf(theirs)];
    for (const v of target.state.workbook.views) {
      const want = await mine.rows(`SELECT * FROM (${compileView(v.spec, here).sql}) ORDER BY ALL`);
      expect(want.length, v.name).toBeGreaterThan(0);
      expect(await theirs.rows(`SELECT * FROM (${compileView(v.spec, there).sql}) ORDER BY ALL`), v.name).toEqual(want);
    }
  }, 60_000);

  it('a workbook without its data says which tables it needs; a broken file changes nothing', async () => {
    const source = app(mine, loaded());
    source.state.saveView('Rates', parseViewSpec(GOLDEN.rate_by_force_ci));
    const target = app(theirs, []);
    const { missing } = await target.state.import(await source.state.fileText(false), 'no-data.workbook.json');
    expect(missing.map((m) => m.table).sort()).toEqual(['disruptions_synthetic', 'force_population_synthetic']);
    expect(target.said.at(-1)).toMatch(/^error: .*It needs disruptions_synthetic \(open disruptions_synthetic\.csv\)/);
    const before = target.state.workbook;
    await expect(target.state.import('{"format": "soc-workbench-workbook", "version": 7}', 'newer.workbook.json')).rejects.toBeInstanceOf(WorkbookError);
    expect(target.state.workbook).toBe(before);
  });
});

// Issue 17: a file's extension is the user's text; `.constructor` or `.__proto__` is an unknown extension, read as CSV.
describe('sourceOf: extensions named like Object.prototype members', () => {
  it.each(['data.constructor', 'data.__proto__', 'data.tostring'])('%s is recorded as a csv source', (file) => {
    const t = { name: 'data', kind: 'table', columns: [], rows: 0, source: { file } } as unknown as TableInfo;
    expect(sourceOf(t)).toEqual({ table: 'data', file, size: null, kind: 'csv' });
  });
});

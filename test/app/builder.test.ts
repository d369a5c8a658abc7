/**
 * Builder (src/app/builder.svelte.ts) in node, runes compiled by the svelte plugin, running its SQL in the engine the
 * app ships (DuckDB-WASM 1.28.0's node build, answering with Arrow tables as the worker does). Expected numbers come
 * from native DuckDB with SQL written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Builder } from '../../src/app/builder.svelte';
import { recogniseRoles, type ColumnRole } from '../../src/domain';
import type { TableInfo } from '../../src/engine';
import { ident } from '../../src/query/sql';
import { nativeRows, pathLiteral } from '../helpers/native';
import { sampleTablesSql } from '../helpers/view-fixtures';
import { wasmArrowDb, type WasmArrowDb } from '../helpers/wasm-arrow';

const samples = new URL('../../samples/', import.meta.url).pathname;
const DISRUPTIONS = `read_csv_auto(${pathLiteral(`${samples}disruptions_synthetic.csv`)})`;
const POPULATION = `read_csv_auto(${pathLiteral(`${samples}force_population_synthetic.csv`)})`;

let db: WasmArrowDb;
let tables: TableInfo[];
const roles = new Map<string, ColumnRole[]>();

beforeAll(async () => {
  db = await wasmArrowDb();
  for (const sql of sampleTablesSql().slice(0, 2)) db.table(sql);
  tables = [];
  for (const name of ['disruptions_synthetic', 'force_population_synthetic']) {
    const columns = db.table(`DESCRIBE ${ident(name)}`).toArray().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const sample = db.table(`SELECT * FROM ${ident(name)} LIMIT 1000`).toArray().map((r) => r.toJSON());
    roles.set(name, recogniseRoles(columns.map((c) => ({ ...c, sample: sample.map((r) => r[c.name]) }))));
    tables.push({ name, kind: 'table', columns, rows: -1 });
  }
}, 60_000);
afterAll(() => db?.close());

function builder(): Builder {
  return new Builder({
    query: async (sql) => ({ sql, table: db.table(sql), elapsedMs: 0 }),
    tables: () => tables,
    roles: async (t) => roles.get(t) ?? [],
  });
}

/** Wait until the builder's last run has finished. */
async function settled(b: Builder): Promise<void> {
  for (let i = 0; i < 200 && b.running; i++) await new Promise((r) => setTimeout(r, 10));
  expect(b.running).toBe(false);
}

// A few seconds each on this shared machine (wasm queries and native reads of the CSVs).
describe('Builder against DuckDB-WASM 1.28.0', { timeout: 30_000 }, () => {
  it('draws before it lists the filters: only the periods are listed ahead of the chart, the rest after, in column order', async () => {
    const asked: string[] = [];
    const b = new Builder({
      query: async (sql) => (asked.push(sql), { sql, table: db.table(sql), elapsedMs: 0 }),
      tables: () => tables,
      roles: async (t) => roles.get(t) ?? [],
    });
    await b.open();
    await settled(b);
    const listing = (sql: string) => /^SELECT DISTINCT (.+?)::VARCHAR AS v FROM/.exec(sql)?.[1];
    const chart = asked.findIndex((sql) => sql === b.compiled?.sql);
    expect(chart).toBeGreaterThan(0);
    const before = asked.slice(0, chart).map(listing).filter(Boolean);
    const after = asked.slice(chart).map(listing).filter(Boolean);
    expect(before).toEqual(['"financial_year"']);
    expect(after.length).toBeGreaterThan(1);
    // Every non-measure column is offered as a filter, in the table's order, as when they were all listed first.
    const wanted = (roles.get('disruptions_synthetic') ?? []).filter((r) => r.role !== 'measure').map((r) => r.name);
    expect(b.filters.map((f) => f.column)).toEqual(wanted);
  });

  it('opens on disruptions per 100,000 by force for the latest year, each rate as native DuckDB computes it', async () => {
    const b = builder();
    await b.open();
    await settled(b);
    expect(b.error).toBeNull();
    const [{ latest }] = await nativeRows(`SELECT max(financial_year) AS latest FROM ${DISRUPTIONS}`);
    expect(b.spec).toMatchObject({ table: 'disruptions_synthetic', comparison: { kind: 'rate_per_100k' }, filters: [{ column: 'financial_year', values: [latest] }] });
    const expected = await nativeRows(
      `SELECT d.force, sum(d.disruptions) * 100000.0 / any_value(p.population) AS rate
       FROM ${DISRUPTIONS} d JOIN ${POPULATION} p USING (force, financial_year) WHERE d.financial_year = '${latest}' GROUP BY d.force ORDER BY d.force`,
    );
    const got = [...b.rows].map((r) => ({ force: r.force, rate: Number(r.value) })).sort((x, y) => String(x.force).localeCompare(String(y.force)));
    expect(got.map((r) => r.force)).toEqual(expected.map((e) => e.force));
    for (const [i, e] of expected.entries()) expect(got[i].rate, String(e.force)).toBeCloseTo(Number(e.rate), 9);
    expect(b.chart).not.toBeNull();
    // Filter choices are the table's own values; periods in time order.
    const years = (await nativeRows(`SELECT DISTINCT financial_year AS y FROM ${DISRUPTIONS} ORDER BY 1`)).map((r) => r.y);
    expect(b.periods).toEqual(years);
  });

  it('a change re-runs: totals by region for one threat, summed as native DuckDB sums them', async () => {
    const b = builder();
    await b.open();
    await settled(b);
    b.update((s) => ({ ...s, compareBy: { by: 'region' }, comparison: { kind: 'total' }, filters: [{ column: 'threat_type', values: ['County lines'] }] }));
    await settled(b);
    expect(b.error).toBeNull();
    const expected = await nativeRows(`SELECT region, sum(disruptions)::DOUBLE AS n FROM ${DISRUPTIONS} WHERE threat_type = 'County lines' GROUP BY region ORDER BY region`);
    const got = [...b.rows].map((r) => ({ region: r.region, n: Number(r.value) })).sort((x, y) => String(x.region).localeCompare(String(y.region)));
    expect(got).toEqual(expected.map((e) => ({ region: e.region, n: e.n })));
  });

  it('an impossible change is an error in words, and the last result stays', async () => {
    const b = builder();
    await b.open();
    await settled(b);
    const before = b.rows;
    b.update((s) => ({ ...s, measure: { column: 'no such column', aggregate: 'sum' } }));
    await settled(b);
    expect(b.error).toMatch(/no such column/);
    expect(b.rows).toBe(before);
  });
});

describe('issue 17 item 8: a filter column whose values cannot be listed', { timeout: 30_000 }, () => {
  it('is named, with the reason and what to do, instead of silently missing from the filters', async () => {
    // The engine's list of the table still has "kind", which the table no longer has (it changed since it was listed).
    db.table(`CREATE OR REPLACE TABLE odd AS SELECT * FROM (VALUES ('Kent', '2023', 3), ('Essex', '2023', 5)) v(force, year, n)`);
    const columns = [{ name: 'force', type: 'VARCHAR' }, { name: 'kind', type: 'VARCHAR' }, { name: 'year', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }];
    const oddRoles = recogniseRoles(columns.map((c) => ({ ...c, sample: c.name === 'n' ? [3, 5] : c.name === 'year' ? ['2023', '2023'] : c.name === 'force' ? ['Kent', 'Essex'] : ['a', 'b'] })));
    expect(oddRoles.find((r) => r.name === 'kind')?.role).not.toBe('measure');
    const b = new Builder({
      query: async (sql) => ({ sql, table: db.table(sql), elapsedMs: 0 }),
      tables: () => [{ name: 'odd', kind: 'table', columns, rows: 2 }],
      roles: async () => oddRoles,
    });
    await b.open('odd');
    await settled(b);
    expect(b.filters.map((f) => f.column)).toEqual(['force', 'year']);
    expect(b.filterProblems).toHaveLength(1);
    expect(b.filterProblems[0]).toMatch(/^"kind" is not offered as a filter: its values could not be listed \(.*kind.*\)\. The chart counts all its rows; to filter on "kind", query odd in the SQL tab\.$/s);
  });
});


describe('a snapshot drawn before the engine is ready (issue 16)', { timeout: 30_000 }, () => {
  it('shows the kept chart and controls with no query, takes an edit, and gives way to the live view as edited', async () => {
    const live = builder();
    await live.open();
    await settled(live);
    const kept = JSON.parse(JSON.stringify({ ...live.snapshotOf()!, origin: 'session', inputs: ['x'] }));
    expect(kept.rows).toHaveLength(43);

    const asked: string[] = [];
    const b = new Builder({
      query: async (sql) => (asked.push(sql), { sql, table: db.table(sql), elapsedMs: 0 }),
      tables: () => tables,
      roles: async (t) => roles.get(t) ?? [],
    });
    expect(b.showSnapshot(kept)).toBe(true);
    expect(b.snapshot).toMatchObject({ origin: 'session', edited: false });
    expect(b.chart?.options.title).toBe(live.chart?.options.title);
    expect(b.rows.map((r) => [r.force, r.value])).toEqual(live.rows.map((r) => [r.force, r.value]));
    expect(b.snapshotOf()).toBeUndefined(); // a snapshot is never kept again as if it were live

    b.update((s) => ({ ...s, comparison: { kind: 'total' }, denominator: undefined }));
    expect(asked).toEqual([]);
    expect(b.snapshot?.edited).toBe(true);
    expect(b.editedBeforeReady?.comparison.kind).toBe('total');

    await b.show(b.editedBeforeReady);
    await settled(b);
    expect(b.snapshot).toBeNull();
    expect(b.spec?.comparison.kind).toBe('total');
    expect(asked.length).toBeGreaterThan(0);
    expect(b.showSnapshot(kept)).toBe(false); // live now: a late snapshot is not drawn over it
  });
});

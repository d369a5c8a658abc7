/**
 * DomainState (src/app/domain-state.svelte.ts) in node, runes compiled by the svelte plugin, its SQL run in the engine
 * the app ships (DuckDB-WASM 1.28.0's node build, Arrow results). Expected counts come from native DuckDB reading the
 * same file and from the JS matchers, not from the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainState, MAX_RECOGNISED_COLUMNS } from '../../src/app/domain-state.svelte';
import { MAX_SQL_BYTES } from '../../src/engine/errors';
import type { KeyValueStore } from '../../src/app/browser-storage';
import { matchForce } from '../../src/domain/forces';
import { isForceAggregate } from '../../src/domain/roles';
import type { TableInfo } from '../../src/engine';
import { ident, str } from '../../src/query/sql';
import { nativeRows, pathLiteral } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';
import { wasmArrowDb, type WasmArrowDb } from '../helpers/wasm-arrow';

const FILE = 'officer_fte_by_force_region_2019.csv';
const PATH = testdataPath(`police/home-office/${FILE}`);
const TABLE = 'fte';

let db: WasmArrowDb;
const run = async (sql: string) => db.table(sql);

function tables(): TableInfo[] {
  const names = db.table(`SELECT table_name AS n FROM information_schema.tables`).toArray().map((r) => String(r.n));
  return names.map((name) => ({
    name,
    kind: 'table',
    columns: db.table(`DESCRIBE ${ident(name)}`).toArray().map((r) => ({ name: String(r.column_name), type: String(r.column_type) })),
    rows: Number(db.table(`SELECT count(*)::INTEGER AS n FROM ${ident(name)}`).get(0)!.n),
    source: name === TABLE ? ({ file: FILE } as TableInfo['source']) : undefined,
  }));
}

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => (m.set(k, v), true) };
}

beforeAll(async () => {
  db = await wasmArrowDb();
  db.table(`CREATE TABLE ${TABLE} AS SELECT * FROM read_csv_auto(${str(PATH)})`);
}, 60_000);
afterAll(() => db?.close());

// Each step runs several queries in the wasm build: seconds on this shared machine.
describe('DomainState against DuckDB-WASM 1.28.0', { timeout: 60_000 }, () => {
  it('recognises a real police file, makes its normalised view with every row, and lists its unmatched values and totals', async () => {
    const d = new DomainState(run, memoryStore());
    await d.sync(tables());
    const t = d.tables[TABLE]!;
    expect(t.error).toBeNull();
    const force = d.roles[TABLE]!.find((r) => r.role === 'force')!;
    expect(force.name).toBe('Force/Region');
    // The file read by native DuckDB, its force column judged by the JS matchers.
    const raw = await nativeRows(`SELECT "Force/Region"::VARCHAR AS v, "September 2019"::DOUBLE AS n FROM read_csv_auto(${pathLiteral(PATH)})`);
    expect(t.norm).toMatchObject({ view: `${TABLE}_norm`, baseRows: raw.length, normRows: raw.length });
    expect(Number(db.table(`SELECT count(*)::INTEGER AS n FROM ${TABLE}_norm`).get(0)!.n)).toBe(raw.length);
    const values = raw.map((r) => String(r.v));
    const unmatched = [...new Set(values.filter((v) => !matchForce(v) && !isForceAggregate(v)))];
    expect(t.unmatched.flatMap((u) => u.values.map((v) => v.value))).toEqual(unmatched);
    // Totals by label, and the West Midlands region row, which only arithmetic tells from the force of that name:
    // the one equal to Staffordshire + Warwickshire + West Mercia + the other West Midlands row.
    const n = (label: string) => raw.filter((r) => r.v === label).map((r) => Number(r.n));
    const [a, b] = n('West Midlands');
    const others = n('Staffordshire')[0] + n('Warwickshire')[0] + n('West Mercia')[0];
    const regionRows = [Math.abs(a - (others + b)) < 0.01, Math.abs(b - (others + a)) < 0.01].filter(Boolean).length;
    expect(regionRows).toBe(1);
    expect(t.totals?.rows).toBe(values.filter((v) => !matchForce(v) && isForceAggregate(v)).length + regionRows);
    expect(d.badges[TABLE]).toContain(`${unmatched.length} unmatched`);
  });

  it('a role correction is kept in the store and applied by the next session; a mapped value stops being unmatched', async () => {
    const store = memoryStore();
    const first = new DomainState(run, store);
    await first.sync(tables());
    const [u] = first.tables[TABLE]!.unmatched[0].values;
    await first.mapValue({ role: 'force', value: u.value, to: 'metropolitan' });
    expect(first.tables[TABLE]!.unmatched.flatMap((x) => x.values)).toEqual([]);
    const mapped = db.table(`SELECT count(*)::INTEGER AS n FROM ${TABLE}_norm WHERE "Force/Region" = ${str(u.value)} AND force = 'Metropolitan Police'`).get(0)!.n;
    expect(Number(mapped)).toBe(u.rows);
    await first.setRole(TABLE, 'Force/Region', 'dimension');
    expect(first.roles[TABLE]!.find((r) => r.name === 'Force/Region')?.role).toBe('dimension');

    const next = new DomainState(run, store);
    await next.sync(tables());
    expect(next.roles[TABLE]!.find((r) => r.name === 'Force/Region')?.role).toBe('dimension');
    expect(next.memory.mappings).toEqual([{ role: 'force', value: u.value, to: 'metropolitan' }]);
  });
});

// Issue 17 item 1: table and column names are the user's text, and some of it spells Object.prototype's members.
describe('issue 17: tables and columns named constructor, toString, __proto__', { timeout: 60_000 }, () => {
  const NAMES = ['constructor', 'toString', '__proto__'];
  beforeAll(() => {
    for (const [i, name] of NAMES.entries())
      db.table(`CREATE TABLE ${ident(name)} AS SELECT * FROM (VALUES ('Kent', 'a', ${i + 1}), ('Essex', 'b', ${i + 10})) v(force, "constructor", "count")`);
  });
  afterAll(() => {
    for (const name of NAMES) db.table(`DROP TABLE IF EXISTS ${ident(name)}`);
  });

  it('each is recognised and prepared under its own name, and nothing is found for names not loaded', async () => {
    const d = new DomainState(run, memoryStore());
    // Before the first sync no table is known, whatever its name.
    for (const name of NAMES) {
      expect(d.roles[name], name).toBeUndefined();
      expect(d.tables[name], name).toBeUndefined();
      expect(d.prepared(name), name).toBeUndefined();
    }
    await d.sync(tables());
    for (const name of NAMES) {
      expect(Object.hasOwn(d.roles, name), name).toBe(true);
      expect(d.roles[name]!.map((r) => `${r.name}:${r.role}`), name).toEqual(['force:force', 'constructor:dimension', 'count:measure']);
      expect(d.tables[name]?.table, name).toBe(name);
      expect(d.badges[name], name).toEqual([]);
      expect(d.prepared(name)?.relation, name).toBe(name);
    }
    expect(Object.keys(d.tables)).toEqual(expect.arrayContaining(NAMES));
    // A name never loaded is still unknown after a sync: no prototype member stands in for it.
    expect(d.roles.valueOf).toBeUndefined();
    expect(d.prepared('hasOwnProperty')).toBeUndefined();
  });

  it('a role correction of a column called constructor, in a file called __proto__, is kept and applied', async () => {
    const store = memoryStore();
    const d = new DomainState(run, store);
    await d.sync(tables());
    await d.setRole('__proto__', 'constructor', 'force');
    expect(d.roles['__proto__']!.find((r) => r.name === 'constructor')?.role).toBe('force');
    const next = new DomainState(run, store);
    await next.sync(tables());
    expect(next.roles['__proto__']!.find((r) => r.name === 'constructor')?.role).toBe('force');
    expect(next.roles['constructor']!.find((r) => r.name === 'constructor')?.role).toBe('dimension');
  });
});

describe('issue 17 item 3: very wide tables', { timeout: 60_000 }, () => {
  /** A table of `n` integer columns with names of `width` characters, 3 rows. */
  function makeWide(name: string, n: number, width: number, opts: { force?: boolean } = {}): string[] {
    const cols = Array.from({ length: n }, (_, i) => `${'measure_'.padEnd(width - 5, 'x')}${String(i).padStart(5, '0')}`);
    const force = opts.force ? `(['Kent', 'Essex', 'Surrey'])[r + 1] AS force, ` : '';
    db.table(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${force}${cols.map((c, i) => `${i} + r AS ${ident(c)}`).join(', ')} FROM range(3) t(r)`);
    return cols;
  }
  /** What the engine's describe() gives for one table. */
  const info = (name: string): TableInfo[] => [{ name, kind: 'table', rows: 3, columns: db.table(`DESCRIBE ${ident(name)}`).toArray().map((r) => ({ name: String(r.column_name), type: String(r.column_type) })) }];

  it('a 600-column table with long names is sampled and normalised in statements the engine can take, every column recognised', async () => {
    const cols = makeWide('wide600', 600, 60, { force: true });
    const sizes: number[] = [];
    const d = new DomainState(async (sql) => (sizes.push(new TextEncoder().encode(sql).length), run(sql)), memoryStore());
    await d.sync(info('wide600'));
    const t = d.tables.wide600!;
    expect(t.error).toBeNull();
    expect(t.tooWide).toBeNull();
    expect(d.roles.wide600!.map((r) => r.name)).toEqual(['force', ...cols]);
    expect(d.roles.wide600!.map((r) => r.role)).toEqual(['force', ...cols.map(() => 'measure')]);
    // Its force column is mapped: the normalised view was made, with every row.
    expect(t.norm).toMatchObject({ view: 'wide600_norm', baseRows: 3, normRows: 3 });
    expect(t.samples[cols[599]!]).toEqual(['599', '600', '601']);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SQL_BYTES);
  });

  it('a table past the column budget is not sampled: it is marked too wide, with no roles and no statement about it', async () => {
    makeWide('wide1200', MAX_RECOGNISED_COLUMNS + 200, 12);
    const sent: string[] = [];
    const d = new DomainState(async (sql) => (sent.push(sql), run(sql)), memoryStore());
    await d.sync(info('wide1200'));
    expect(d.tables.wide1200).toMatchObject({ tooWide: { columns: MAX_RECOGNISED_COLUMNS + 200, limit: MAX_RECOGNISED_COLUMNS }, error: null, norm: null, wide: null });
    expect(d.roles.wide1200).toEqual([]);
    expect(d.badges.wide1200).toEqual(['too wide to recognise']);
    expect(sent.filter((q) => q.includes('wide1200'))).toEqual([]);
  });
});

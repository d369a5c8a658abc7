/**
 * Issue 16, goal 5, in DomainState (src/app/domain-state.svelte.ts) on DuckDB-WASM 1.28.0's node build: `<table>_norm`
 * is made over a keys table when its keys are few, with the rows the per-row view gives under the same options, and
 * is the per-row view when they are not.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainState } from '../../src/app/domain-state.svelte';
import type { KeyValueStore } from '../../src/app/browser-storage';
import type { TableInfo } from '../../src/engine';
import * as normalise from '../../src/query/normalise';
import { ident, str } from '../../src/query/sql';
import { testdataPath } from '../helpers/testdata';
import { wasmArrowDb, type WasmArrowDb } from '../helpers/wasm-arrow';

// What DomainState asked normalisedKeysSql for: the same arguments make the per-row view to compare with.
const asked: Parameters<typeof normalise.normalisedKeysSql>[] = [];
vi.mock('../../src/query/normalise', async (importOriginal) => {
  const real = await importOriginal<typeof normalise>();
  return { ...real, normalisedKeysSql: (...args: Parameters<typeof real.normalisedKeysSql>) => (asked.push(args), real.normalisedKeysSql(...args)) };
});

let db: WasmArrowDb;
const run = async (sql: string) => db.table(sql);
const value = (sql: string) => Object.values(db.table(sql).toArray()[0]!)[0];

function info(name: string): TableInfo {
  const columns = db.table(`DESCRIBE ${ident(name)}`).toArray().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  return { name, kind: 'table', columns, rows: Number(value(`SELECT count(*)::DOUBLE FROM ${ident(name)}`)) };
}

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => (m.set(k, v), true) };
}

/** A relation's rows as sorted JSON text, each value cast to VARCHAR by the engine. */
function content(relation: string): string[] {
  const cols = db.table(`DESCRIBE ${ident(relation)}`).toArray().map((r) => String(r.column_name));
  const select = cols.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS c${i}`).join(', ');
  return db.table(`SELECT ${select} FROM ${ident(relation)}`).toArray().map((r) => JSON.stringify(cols.map((_, i) => r[`c${i}`] ?? null))).sort();
}

const definition = (view: string) => String(value(`SELECT sql FROM duckdb_views() WHERE view_name = ${str(view)}`));
const keysTables = (view: string) =>
  Number(value(`SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_catalog = 'temp' AND table_name = ${str(normalise.keysTableName(view))}`));

beforeAll(async () => {
  db = await wasmArrowDb();
}, 60_000);
afterAll(() => db?.close());

describe('DomainState makes `<table>_norm` over a keys table (DuckDB-WASM 1.28.0)', { timeout: 120_000 }, () => {
  it('real police files: keyed, with the per-row view’s rows under the options the app wrote in', async () => {
    const files = [
      ['fte', 'home-office/officer_fte_by_force_region_2019.csv'],
      ['uof_ethnicity', 'home-office/use_of_force_by_ethnicity_force_2019-20.csv'],
      ['taser', 'home-office/taser_use_by_force_by_year.csv'],
      ['street', 'street/2016-03-cumbria-street.csv'],
    ] as const;
    for (const [table, file] of files) db.table(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv_auto(${str(testdataPath(`police/${file}`))})`);
    const d = new DomainState(run, memoryStore());
    asked.length = 0;
    await d.sync(files.map(([t]) => info(t)));
    for (const [table] of files) {
      const view = `${table}_norm`;
      expect(d.tables[table]?.error, table).toBeNull();
      expect(d.tables[table]?.norm?.view, table).toBe(view);
      expect(definition(view), table).toContain(`temp.main."${view}_norm"`);
      expect(keysTables(view), table).toBe(1);
      const args = asked.filter(([t]) => t === table).at(-1)!;
      db.table(normalise.normalisedViewSql(args[0], args[1], { ...args[2], view: `${table}_per_row` }));
      expect(content(view), table).toEqual(content(`${table}_per_row`));
    }
    // The app's own options reached it: periods read in JS, lone values, aggregates found by arithmetic (fte's West
    // Midlands region row).
    expect(asked.find(([t]) => t === 'fte')![2]).toHaveProperty('aggregates');
    expect(asked.find(([t]) => t === 'street')![2]).toHaveProperty('periods');
  });

  it('the bench’s shape: its region column, one per force, is left out of the hash the view joins by', async () => {
    db.table(`CREATE OR REPLACE TABLE shaped AS SELECT
        list_extract(['Kent', 'Essex', 'Surrey', 'Merseyside'], CAST(i % 4 AS INTEGER) + 1) AS force,
        list_extract(['South East', 'Eastern', 'South East', 'North West'], CAST(i % 4 AS INTEGER) + 1) AS region,
        list_extract(['2021/22', '2022/23', '2023/24'], CAST(i // 4 % 3 AS INTEGER) + 1) AS financial_year,
        list_extract(['Drugs', 'Firearms', 'Modern slavery'], CAST(i // 12 % 3 AS INTEGER) + 1) AS threat_type,
        CAST(i % 7 AS INTEGER) AS disruptions
      FROM range(360) AS t(i)`);
    const d = new DomainState(run, memoryStore());
    await d.sync([info('shaped')]);
    expect(d.roles.shaped!.map((r) => r.role)).toEqual(['force', 'region', 'period', 'threat', 'measure']);
    expect(definition('shaped_norm')).toContain('ON hash(b."force", b."financial_year", b."threat_type") = k."soc_key"');
    const args = asked.filter(([t]) => t === 'shaped').at(-1)!;
    db.table(normalise.normalisedViewSql(args[0], args[1], { ...args[2], view: 'shaped_per_row' }));
    expect(content('shaped_norm')).toEqual(content('shaped_per_row'));
  });

  it('a mapping the user makes reaches the keyed view, and a role change that leaves nothing to map drops its keys', async () => {
    db.table(`CREATE OR REPLACE TABLE mapped AS SELECT * FROM (VALUES ('Kent', 3), ('Atlantis Constabulary', 4), ('Essex', 5)) AS t(force, n)`);
    const d = new DomainState(run, memoryStore());
    await d.sync([info('mapped')]);
    expect(keysTables('mapped_norm')).toBe(1);
    const atlantis = `SELECT force_canonical FROM mapped_norm WHERE force = 'Atlantis Constabulary'`;
    expect(value(atlantis)).toBeNull();
    await d.mapValue({ role: 'force', value: 'Atlantis Constabulary', to: 'kent' });
    expect(value(atlantis)).toBe('Kent');
    await d.setRole('mapped', 'force', 'measure');
    expect(keysTables('mapped_norm')).toBe(0);
    await d.unmapValue('force', 'Atlantis Constabulary');
  });

  it('a table that goes takes its view and its keys with it', async () => {
    db.table(`CREATE OR REPLACE TABLE gone AS SELECT * FROM (VALUES ('Kent', 3), ('Essex', 5)) AS t(force, n)`);
    const d = new DomainState(run, memoryStore());
    await d.sync([info('gone')]);
    expect(keysTables('gone_norm')).toBe(1);
    db.table('DROP TABLE gone');
    await d.sync([]);
    expect(db.table(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'gone%'`).numRows).toBe(0);
  });

  it('a table whose mapped columns are nearly all distinct gets the per-row view, and no keys', async () => {
    // 150,000 distinct days: every row its own combination, far past KEYS_LIMITS.
    db.table(`CREATE OR REPLACE TABLE daily AS SELECT
        list_extract(['Kent', 'Essex', 'Surrey', 'Sussex', 'Thames Valley', 'Hampshire', 'Dorset'], CAST(i % 7 AS INTEGER) + 1) AS force,
        CAST(DATE '1700-01-01' + CAST(i AS INTEGER) AS DATE) AS "Date", CAST(i % 10 AS INTEGER) AS arrests
      FROM range(150000) AS t(i)`);
    const [estimate] = db.table(normalise.keysEstimateSql('daily', [
      { name: 'force', type: 'VARCHAR', role: 'force', totals: false, confidence: 1, reason: '' },
      { name: 'Date', type: 'DATE', role: 'period', periodType: 'date', mixed: false, periodTypes: ['date'], confidence: 1, reason: '' },
    ])!).toArray();
    expect(normalise.keysWorthwhile(Number(estimate.keys), Number(estimate.row_count))).toBe(false);
    const d = new DomainState(run, memoryStore());
    await d.sync([info('daily')]);
    expect(d.roles.daily!.map((r) => r.role)).toEqual(['force', 'period', 'measure']);
    expect(d.tables.daily?.norm).toMatchObject({ view: 'daily_norm', baseRows: 150_000, normRows: 150_000 });
    expect(definition('daily_norm')).not.toContain('daily_norm_norm');
    expect(keysTables('daily_norm')).toBe(0);
  });
});

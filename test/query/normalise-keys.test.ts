/**
 * Issue 16, goal 5: `<table>_norm` made over a keys table (normalisedRelationSql) gives exactly the rows and columns
 * the per-row view (normalisedViewSql) gives, on real police files and on a synthetic table full of values that do
 * not map, in native DuckDB and in DuckDB-WASM 1.28.0's node build (DuckDB 0.9.1, the engine the app ships).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recogniseRoles, type ColumnRole } from '../../src/domain/roles';
import {
  KEYS_LIMITS,
  distinctKeysSql,
  dropNormalisedSql,
  keyColumnsOf,
  keysEstimateSql,
  keysTableName,
  keysWorthwhile,
  loneValuesSql,
  mappingTablesSql,
  normalisedColumns,
  normalisedKeyedViewSql,
  normalisedRelationSql,
  normalisedViewSql,
  periodTextsSql,
  readPeriodValues,
  rekeySql,
  type NormaliseOptions,
} from '../../src/query/normalise';
import { placeOf } from '../../src/query/own-objects';
import { CATALOGUE_SQL } from '../../src/query/schema';
import { ident, str } from '../../src/query/sql';
import { nativeRows } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';
import { openWasm, type Wasm } from '../helpers/wasm';

type Rows = (sql: string) => Promise<Record<string, unknown>[]>;

/** Real files of every shape recognition meets: forces mixed with regions and totals, categories over sub-categories,
 * dates, months, timestamps, a wide table, a lookup. */
const POLICE: readonly [table: string, file: string][] = [
  ['fte', 'home-office/officer_fte_by_force_region_2019.csv'],
  ['incidents', 'home-office/use_of_force_incidents_2019-20.csv'],
  ['uof_ethnicity', 'home-office/use_of_force_by_ethnicity_force_2019-20.csv'],
  ['taser', 'home-office/taser_use_by_force_by_year.csv'],
  ['street', 'street/2016-03-cumbria-street.csv'],
  ['searches', 'stop-and-search/2019-08-city-of-london-stop-and-search.csv'],
  ['deaths', 'iopc/deaths_in_custody_by_force_fy.csv'],
  ['pfa_lookup', 'lookups/lad16_csp16_pfa16_lookup.csv'],
];

const role = (name: string, type: string, kind: 'force' | 'region' | 'period' | 'threat' | 'dimension' | 'measure'): ColumnRole =>
  kind === 'measure'
    ? { name, type, role: 'measure', unit: 'count', aggregation: 'sum', confidence: 1, reason: '' }
    : kind === 'period'
      ? { name, type, role: 'period', periodType: 'financial-year', mixed: true, periodTypes: ['financial-year'], confidence: 1, reason: '' }
      : { name, type, role: kind, totals: true, confidence: 1, reason: '' };

/** SQL for a list's element chosen by row number i (1-based lists, so `% n + 1`), spread by a prime. */
const pick = (values: readonly (string | null)[], prime: number) =>
  `list_extract([${values.map((v) => (v === null ? 'NULL' : str(v))).join(', ')}], CAST((i * ${prime} + i // 7) % ${values.length} AS INTEGER) + 1)`;

/** A table whose every mapped column holds values that map, that do not, totals, headings, blanks and NULLs. */
function syntheticSql(name: string, rows: number): string {
  return `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT
    ${pick(['Kent', 'Kent Police', 'Metropolitan Police Service', 'the Met', 'Atlantis Constabulary', 'Narnia', 'Total', 'England and Wales', 'North West', '', '   ', null, 'E23000032', 'Devon & Cornwall'], 7)} AS "Force",
    ${pick(['South East', 'Wales', 'London region', 'Atlantis', 'Total', null], 11)} AS "Region",
    ${pick(['2019/20', '2020-21', 'FY 2021/22', '2022', 'Q1 2023', 'March 2023', 'n/a', '', null], 13)} AS "Year",
    ${pick(['Drugs', 'Firearms', 'Modern slavery', 'Alien smuggling', 'Total', null], 17)} AS "Threat",
    ${pick(['Restraint', 'Firearms', 'Total (all)', null], 19)} AS "Type",
    ${pick(['Total Restraint', 'Handcuffing', 'Total Firearms', 'Taser', 'Handcuffing, of which', null], 23)} AS "Tactic",
    CAST(i % 100 AS INTEGER) AS n,
    CAST(2018 + i % 6 AS INTEGER) AS "Year number",
    CAST(DATE '2019-03-31' + CAST(i % 5 AS INTEGER) * 365 AS DATE) AS "Year end"
  FROM range(${rows}) AS t(i)`;
}

const SYNTHETIC_ROLES: ColumnRole[] = [
  role('Force', 'VARCHAR', 'force'),
  role('Region', 'VARCHAR', 'region'),
  role('Year', 'VARCHAR', 'period'),
  role('Threat', 'VARCHAR', 'threat'),
  role('Type', 'VARCHAR', 'dimension'),
  role('Tactic', 'VARCHAR', 'dimension'),
  role('n', 'INTEGER', 'measure'),
  role('Year number', 'INTEGER', 'measure'),
  role('Year end', 'DATE', 'measure'),
];

/** The roles with another column as the period. */
const periodFrom = (roles: ColumnRole[], column: string, type: string): ColumnRole[] =>
  roles.map((r) => (r.role === 'period' ? role(r.name, r.type, 'dimension') : r.name === column ? role(column, type, 'period') : r));

async function recognised(rows: Rows, table: string): Promise<ColumnRole[]> {
  const desc = await rows(`DESCRIBE ${ident(table)}`);
  const sample = await rows(`SELECT * FROM ${ident(table)} LIMIT 1000`);
  return recogniseRoles(desc.map((d) => ({ name: String(d.column_name), type: String(d.column_type), sample: sample.map((r) => r[String(d.column_name)]) })));
}

/** Every row of a relation as text, in one order: each value cast to VARCHAR by the engine, so both forms compare exactly. */
async function content(rows: Rows, relation: string): Promise<{ columns: string[]; rows: string[] }> {
  const desc = await rows(`DESCRIBE ${ident(relation)}`);
  const columns = desc.map((d) => `${d.column_name} ${d.column_type}`);
  const select = desc.map((d, i) => `CAST(${ident(String(d.column_name))} AS VARCHAR) AS c${i}`).join(', ');
  const all = (await rows(`SELECT ${select} FROM ${ident(relation)}`)).map((r) => JSON.stringify(desc.map((_, i) => r[`c${i}`] ?? null)));
  return { columns, rows: all.sort() };
}

/**
 * The mapped columns that still tell `view`'s keys apart, each left out in turn from the last while the rest do (as
 * DomainState narrows them), and the keys hashed by them.
 */
async function narrow(rows: Rows, table: string, roles: readonly ColumnRole[], options: NormaliseOptions): Promise<string[]> {
  const view = `${table}_norm`;
  let kept = keyColumnsOf(roles, options);
  for (const column of [...kept].reverse()) {
    const fewer = kept.filter((c) => c !== column);
    if (!fewer.length) break;
    const [n] = await rows(distinctKeysSql(view, fewer));
    if (n.distinct_keys === n.keys) kept = fewer;
  }
  await rows(rekeySql(view, roles, kept, options));
  await rows(normalisedKeyedViewSql(table, roles, options, kept));
  return kept;
}

/**
 * Make both forms of `table`'s normalised relation under `options`; expect the same columns and the same rows, with
 * the keys hashed by every mapped column and by as few as tell them apart. Returns the rows and those columns.
 */
async function same(rows: Rows, table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): Promise<{ rows: number; key: string[] }> {
  const perRow = `${table}_per_row`;
  await rows(normalisedViewSql(table, roles, { ...options, view: perRow }));
  const want = await content(rows, perRow);
  const check = async (what: string) => {
    const got = await content(rows, `${table}_norm`);
    expect(got.columns, `${table}, ${what}`).toEqual(want.columns);
    expect(got.rows.length, `${table}, ${what}`).toBe(want.rows.length);
    expect(got.rows, `${table}, ${what}`).toEqual(want.rows);
  };
  for (const sql of normalisedRelationSql(table, roles, options)) await rows(sql);
  await check('keyed by every mapped column');
  const key = keyColumnsOf(roles, options).length ? await narrow(rows, table, roles, options) : [];
  await check(`keyed by ${key.join(', ')}`);
  return { rows: want.rows.length, key };
}

/** What DomainState writes into the view: lone values of each category column, and the period readings made in JS. */
async function appOptions(rows: Rows, table: string, roles: readonly ColumnRole[]): Promise<NormaliseOptions> {
  const { dimensions } = normalisedColumns(roles);
  const lone = Object.fromEntries(await Promise.all(dimensions.map(async (d) => [d.name, (await rows(loneValuesSql(table, d.name))).map((r) => String(r.v))] as const)));
  const texts = periodTextsSql(table, roles);
  const periods = texts ? readPeriodValues((await rows(texts.sql)).map((r) => String(r.raw)), texts.role) : undefined;
  return { ...(dimensions.length > 1 ? { lone } : {}), ...(periods ? { periods } : {}) };
}

function suite(engine: string, open: () => Promise<{ rows: Rows; close(): void }>) {
  describe(`the keyed normalised relation equals the per-row view (${engine})`, { timeout: 120_000 }, () => {
    let rows: Rows;
    let close = () => {};
    beforeAll(async () => {
      ({ rows, close } = await open());
      await rows(`SET TimeZone = 'UTC'`).catch(() => {}); // no ICU in DuckDB-WASM: its timestamps are UTC already
      for (const sql of mappingTablesSql()) await rows(sql);
    }, 60_000);
    afterAll(() => close());

    test('every real police file, as recognised, with the view written as the app writes it and without', async () => {
      for (const [table, file] of POLICE) {
        await rows(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv_auto(${str(testdataPath(`police/${file}`))})`);
        const roles = await recognised(rows, table);
        const { rows: n } = await same(rows, table, roles);
        expect(n, table).toBe(Number((await rows(`SELECT count(*) AS n FROM ${ident(table)}`))[0].n));
        await same(rows, table, roles, await appOptions(rows, table, roles));
      }
    });

    test('a synthetic table of mapped, unmapped, total, blank and NULL values; periods as text, integers and dates', async () => {
      await rows(syntheticSql('synthetic', 20_000));
      expect((await same(rows, 'synthetic', SYNTHETIC_ROLES)).rows).toBe(20_000);
      // DuckDB names are case-insensitive: the table's "Force" keeps its name, the canonical one is force_canonical.
      expect(normalisedColumns(SYNTHETIC_ROLES).names).toMatchObject({ force: 'force_canonical', region: 'region_canonical', period: 'period' });
      // Unmapped values are there, and stay unmapped.
      const [r] = await rows(`SELECT count(*) FILTER (WHERE "Force" = 'Atlantis Constabulary') AS atlantis, count(*) FILTER (WHERE force_canonical IS NULL) AS unmapped,
        count(*) FILTER (WHERE is_total) AS totals, count(*) FILTER (WHERE period IS NULL) AS no_period FROM synthetic_norm`);
      expect(Number(r.atlantis)).toBeGreaterThan(0);
      expect(Number(r.unmapped)).toBeGreaterThan(Number(r.atlantis));
      expect(Number(r.totals)).toBeGreaterThan(0);
      expect(Number(r.no_period)).toBeGreaterThan(0);
      // Its readings are the JS reader's.
      const years = await rows(`SELECT DISTINCT "Year" AS y, period FROM synthetic_norm ORDER BY y NULLS LAST`);
      for (const y of years) expect(y.period, String(y.y)).toBe(y.y === null ? null : readPeriodValues([String(y.y)], SYNTHETIC_ROLES[2])[0].period);
      await same(rows, 'synthetic', SYNTHETIC_ROLES, await appOptions(rows, 'synthetic', SYNTHETIC_ROLES));
      // A row-level aggregate condition (DomainState's "aggregates found by arithmetic") stays per row.
      await same(rows, 'synthetic', SYNTHETIC_ROLES, { aggregates: `b."Force" = 'Narnia' AND b.n > 50` });
      for (const [column, type] of [['Year number', 'INTEGER'], ['Year end', 'DATE']] as const) {
        const roles = periodFrom(SYNTHETIC_ROLES, column, type);
        await same(rows, 'synthetic', roles);
        await same(rows, 'synthetic', roles, await appOptions(rows, 'synthetic', roles));
      }
    });

    test('one row per distinct combination of the mapped columns is kept, whatever the table holds', async () => {
      await rows(`CREATE OR REPLACE TABLE few AS SELECT * FROM (VALUES ('Kent', '2019/20', 1), ('Kent', '2019/20', 2), ('Essex', NULL, 3), (NULL, NULL, 4), ('Atlantis', '2019/20', 5)) AS t(force, year, n)`);
      const roles = [role('force', 'VARCHAR', 'force'), role('year', 'VARCHAR', 'period'), role('n', 'INTEGER', 'measure')];
      await same(rows, 'few', roles);
      expect(await rows(`SELECT count(*)::INTEGER AS n FROM temp.main.${ident(keysTableName('few_norm'))}`)).toEqual([{ n: 4 }]);
      // An estimate (HyperLogLog): native DuckDB 1.5 says 3 here.
      const [estimate] = await rows(keysEstimateSql('few', roles)!);
      expect(Number(estimate.row_count)).toBe(5);
      expect(Math.abs(Number(estimate.keys) - 4)).toBeLessThanOrEqual(1);
    });

    test('a lone subtotal is judged by the rows holding its category, not by the combinations', async () => {
      // Home Office use-of-force Table 1's shape: "Firearms" stands on two rows of one combination (a duplicate row),
      // so "Total Firearms" totals them; "Dogs" stands on one row, so its "Total Dogs" is the figure. Restraint keeps
      // only its compliant handcuffing: "Handcuffing, of which" totals what follows it.
      await rows(`CREATE OR REPLACE TABLE uof AS SELECT * FROM (VALUES
        ('Total (excluding not reported)', 'Total Tactics', 456364), ('Restraint', 'Total Restraint', 451578),
        ('Restraint', 'Handcuffing, of which', 350470), ('Restraint', 'Compliant handcuffing', 197091),
        ('Firearms', 'Total Firearms', 4786), ('Firearms', 'Total Firearms', 4786), ('Dogs', 'Total Dogs', 120)
      ) AS t("Type of force", "Tactic", "Times")`);
      const roles = await recognised(rows, 'uof');
      expect(roles.map((r) => [r.role, r.role === 'dimension' && r.totals])).toEqual([['dimension', true], ['dimension', true], ['measure', false]]);
      await same(rows, 'uof', roles);
      expect(await rows(`SELECT "Type of force" AS t, count(*)::INTEGER AS n FROM uof_norm WHERE NOT is_total GROUP BY 1 ORDER BY 1`)).toEqual([
        { t: 'Dogs', n: 1 }, { t: 'Restraint', n: 1 },
      ]);
      await same(rows, 'uof', roles, await appOptions(rows, 'uof', roles));
    });

    test('the keys are hashed by fewer columns where fewer tell them apart, and never where they do not', async () => {
      // The bench's shape: each force in one region, so the region column adds nothing to the key; force and code
      // determine each other, so one of them goes and the other stays.
      await rows(`CREATE OR REPLACE TABLE shaped AS SELECT * FROM (VALUES
        ('Kent', 'E23000032', 'South East', '2019/20', 'Drugs', 1), ('Kent', 'E23000032', 'South East', '2020/21', 'Drugs', 2),
        ('Surrey', 'E23000035', 'South East', '2019/20', 'Drugs', 8), ('Essex', 'E23000029', 'Eastern', '2019/20', 'Firearms', 3), ('Essex', 'E23000029', 'Eastern', '2019/20', 'Drugs', 4),
        (NULL, NULL, 'Wales', '2019/20', 'Drugs', 5), (NULL, NULL, 'London', '2019/20', 'Drugs', 6), ('Atlantis', 'X1', NULL, NULL, NULL, 7)
      ) AS t(force, code, region, year, threat, n)`);
      const roles = [role('force', 'VARCHAR', 'force'), role('code', 'VARCHAR', 'dimension'), role('region', 'VARCHAR', 'region'), role('year', 'VARCHAR', 'period'), role('threat', 'VARCHAR', 'threat'), role('n', 'INTEGER', 'measure')];
      expect(keyColumnsOf(roles)).toEqual(['force', 'region', 'year', 'threat', 'code']);
      // Region tells the NULL forces apart, so it stays; the code goes (the force says it).
      expect((await same(rows, 'shaped', roles)).key).toEqual(['force', 'region', 'year', 'threat']);
      await rows(`DELETE FROM shaped WHERE region IN ('Wales', 'London')`);
      expect((await same(rows, 'shaped', roles)).key).toEqual(['force', 'year', 'threat']);
      // Columns that do not tell the keys apart are never taken.
      const [n] = await rows(distinctKeysSql('shaped_norm', ['year']));
      expect(Number(n.distinct_keys)).toBeLessThan(Number(n.keys));
    });

    test('a value the user maps is mapped once the statements run again', async () => {
      await rows(syntheticSql('remapped', 2_000));
      for (const sql of normalisedRelationSql('remapped', SYNTHETIC_ROLES)) await rows(sql);
      const atlantis = `SELECT DISTINCT force_canonical AS force, region_canonical AS region FROM remapped_norm WHERE "Force" = 'Atlantis Constabulary'`;
      const before = await rows(atlantis);
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((r) => r.force === null)).toBe(true);
      try {
        for (const sql of mappingTablesSql({ mappings: [{ role: 'force', value: 'Atlantis Constabulary', to: 'kent' }] })) await rows(sql);
        await same(rows, 'remapped', SYNTHETIC_ROLES);
        const kent = await rows(`SELECT DISTINCT force_canonical AS force, region_canonical AS region FROM remapped_norm WHERE "Force" = 'Kent'`);
        expect(kent).toHaveLength(1);
        expect(await rows(atlantis)).toEqual(kent);
      } finally {
        for (const sql of mappingTablesSql()) await rows(sql);
      }
    });

    test('the keys table is listed by none of the workbench’s catalogue queries, is its own by its name, and goes with its view', async () => {
      await rows(`CREATE OR REPLACE TABLE listed AS SELECT * FROM (VALUES ('Kent', 1)) AS t(force, n)`);
      for (const sql of normalisedRelationSql('listed', [role('force', 'VARCHAR', 'force'), role('n', 'INTEGER', 'measure')])) await rows(sql);
      expect(keysTableName('listed_norm')).toBe('listed_norm_norm');
      // One row per column of the view: its two original columns and the added force, force_code, region, is_total.
      const catalogue = await rows(CATALOGUE_SQL);
      expect(catalogue.filter((r) => r.name === 'listed_norm').map((r) => String(r.kind))).toEqual(Array(6).fill('VIEW'));
      expect(catalogue.filter((r) => r.name === 'listed_norm_norm')).toEqual([]);
      // A list of every `main` schema shows it, as a temporary table that is the workbench's own (a `_norm` beside its view).
      expect(await rows(`SELECT table_name AS n, table_type AS t FROM information_schema.tables WHERE table_schema = 'main' AND table_name LIKE 'listed%' ORDER BY 1`)).toEqual([
        { n: 'listed', t: 'BASE TABLE' }, { n: 'listed_norm', t: 'VIEW' }, { n: 'listed_norm_norm', t: 'LOCAL TEMPORARY' },
      ]);
      expect(placeOf('listed_norm_norm', ['listed', 'listed_norm', 'listed_norm_norm'])).toMatchObject({ kind: 'normalised', panel: null, builder: false, recognised: false });
      for (const sql of dropNormalisedSql('listed_norm')) await rows(sql);
      expect(await rows(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'listed_%'`)).toEqual([]);
      // Dropping the keys of a view that has none (a long view, in DomainState's clean-up) is nothing, and leaves a
      // user's own table of the name alone.
      await rows(`CREATE OR REPLACE VIEW listed_long AS SELECT 1 AS x`);
      await rows(`CREATE OR REPLACE TABLE listed_long_norm AS SELECT 1 AS x`);
      for (const sql of dropNormalisedSql('listed_long')) await rows(sql);
      expect(await rows(`SELECT table_name AS n FROM information_schema.tables WHERE table_name LIKE 'listed_%'`)).toEqual([{ n: 'listed_long_norm' }]);
      await rows(`DROP TABLE listed_long_norm`);
    });

    test('two combinations sharing a hash stop the keys from being made, and the view before stays', async () => {
      await rows(syntheticSql('clash', 500));
      const [keys, view] = normalisedRelationSql('clash', SYNTHETIC_ROLES);
      await rows(keys);
      await rows(view);
      const before = await content(rows, 'clash_norm');
      // Only the hash made coarse: every combination but one shares it with another.
      const coarse = keys.replace(/^SELECT (hash\(.*?\)) AS "soc_key"/m, 'SELECT $1 % 2 AS "soc_key"');
      expect(coarse).not.toBe(keys);
      await expect(rows(coarse)).rejects.toThrow(/share a hash/);
      expect(await content(rows, 'clash_norm')).toEqual(before);
    });
  });
}

suite('native DuckDB', async () => ({ rows: nativeRows, close: () => {} }));
suite('DuckDB-WASM 1.28.0', async () => {
  const wasm: Wasm = await openWasm();
  return { rows: wasm.rows, close: () => wasm.close() };
});

describe('keysWorthwhile', () => {
  test('keys up to the floor always, past it up to a share of the table', () => {
    expect(keysWorthwhile(KEYS_LIMITS.minRows, 0)).toBe(true);
    expect(keysWorthwhile(KEYS_LIMITS.minRows + 1, 2_000_000)).toBe(true);
    expect(keysWorthwhile(KEYS_LIMITS.minRows + 1, KEYS_LIMITS.minRows * 2)).toBe(false);
    expect(keysWorthwhile(10_000_000 * KEYS_LIMITS.maxRowFraction, 10_000_000)).toBe(true);
    expect(keysWorthwhile(10_000_000 * KEYS_LIMITS.maxRowFraction + 1, 10_000_000)).toBe(false);
  });

  test('a table whose mapped columns need no join gets no keys, and any old keys go', () => {
    const statements = normalisedRelationSql('t', [role('n', 'INTEGER', 'measure')]);
    expect(statements).toEqual(['DROP TABLE IF EXISTS temp.main."t_norm_norm"', normalisedViewSql('t', [role('n', 'INTEGER', 'measure')])]);
    expect(keysEstimateSql('t', [role('n', 'INTEGER', 'measure')])).toBeNull();
  });
});

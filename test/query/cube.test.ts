// Views answered from a pre-aggregated cube (issue 16, goal 3): for every golden spec and more, the cube's SQL and the
// table's SQL give the same rows — same columns, same types, same values — in native DuckDB and in DuckDB-WASM 1.28.0.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNumericType, recogniseRoles, type Roles } from '../../src/domain';
import { parseViewSpec, type ViewSpec } from '../../src/domain/view-spec';
import { referenceRows } from '../../src/app/reference';
import { compileView, runSql } from '../../src/query/compile';
import { CUBE_LIMITS, cardinalitySql, cubeCandidates, cubeDimensions, cubeRowsSql, cubeSamplePercent, keepCube, cubeFits, cubeInfo, cubeSizeSql, cubeSql, dropCubeSql, readCardinality, trimDimensions, type CubeInfo } from '../../src/query/cube';
import { mappingTablesSql, normalisedColumns, normalisedRoles, normalisedViewSql } from '../../src/query/normalise';
import { CATALOGUE_SQL, type SchemaInfo, type SchemaTable } from '../../src/query/schema';
import { ident, literal } from '../../src/query/sql';
import { SAMPLE, nativeDb, sampleTablesSql } from '../helpers/view-fixtures';
import { openWasm } from '../helpers/wasm';
import { GOLDEN } from './golden-specs';

type Rows = (sql: string) => Promise<Record<string, unknown>[]>;
interface Db {
  name: string;
  rows: Rows;
  schema: SchemaInfo;
  /** Cubes by test name: the plan's full cube, and coarser ones whose rows each stand for several table rows. */
  cubes: Record<string, CubeInfo>;
  close(): void;
}

const samples = new URL('../../samples/', import.meta.url).pathname;
const NORM = 'disruptions_synthetic_norm';
const MORE = 'disruptions_more';

/** The sample's roles as the domain layer recognises them, and the normalised view's as the builder reads it. */
let normRoles: Roles;

/** Setup after the sample tables exist: mapping tables, ref_population, the normalised view, a table with a DOUBLE measure. */
async function common(rows: Rows): Promise<void> {
  for (const s of mappingTablesSql()) await rows(s);
  const ref = referenceRows().map((r) => `(${[r.force, r.force_code, r.year, r.population, r.source].map(literal).join(', ')})`);
  await rows('CREATE TABLE ref_population (force VARCHAR, force_code VARCHAR, year INTEGER, population BIGINT, source VARCHAR)');
  // DuckDB-WASM 0.9.1 overflows its stack parsing long VALUES lists.
  for (let i = 0; i < ref.length; i += 100) await rows(`INSERT INTO ref_population VALUES ${ref.slice(i, i + 100).join(', ')}`);
  const desc = await rows(`DESCRIBE ${SAMPLE.table}`);
  const sample = await rows(`SELECT * FROM ${SAMPLE.table} LIMIT 1000`);
  const roles = recogniseRoles(desc.map((d) => ({ name: String(d.column_name), type: String(d.column_type), sample: sample.map((r) => r[String(d.column_name)]) })));
  await rows(normalisedViewSql(SAMPLE.table, roles));
  // The canonical columns play the roles (normalisedRoles); the columns as published are plain dimensions.
  const { names } = normalisedColumns(roles);
  normRoles = { force: names.force, region: names.region, period: names.period, threat: names.threat_type };
  expect(normalisedRoles(roles).filter((r) => r.reason.startsWith('canonical')).map((r) => r.name)).toEqual(Object.values(normRoles));
  // A DOUBLE measure with NULLs (and a NULL level), so that sums of partial sums and counts of non-null values are tried.
  await rows(
    `CREATE TABLE ${MORE} AS SELECT * REPLACE (CASE WHEN disruptions % 11 = 0 THEN NULL ELSE level END AS level), ` +
      `CASE WHEN disruptions % 7 = 0 THEN NULL ELSE disruptions * 1.1 / 3 END AS cash FROM ${SAMPLE.table}`,
  );
}

function catalogue(rows: Record<string, unknown>[]): SchemaInfo {
  const tables = new Map<string, SchemaTable>();
  for (const r of rows) {
    const name = String(r.name);
    const t = tables.get(name) ?? { name, kind: r.kind === 'VIEW' ? ('view' as const) : ('table' as const), columns: [] };
    t.columns.push({ name: String(r.col), type: String(r.type) });
    tables.set(name, t);
  }
  return { tables: [...tables.values()] };
}

/** The app's way: count distinct values, plan, estimate the cube's size, trim, build. `drop` makes a coarser cube. */
async function buildCube(db: Pick<Db, 'rows' | 'schema'>, source: string, roles: Roles, name: string, drop: readonly string[] = []): Promise<CubeInfo> {
  const table = db.schema.tables.find((t) => t.name === source) as SchemaTable;
  // The builder's filter and compare-by columns: all but the measures (here, the numeric columns).
  const candidates = table.columns.filter((c) => !isNumericType(c.type)).map((c) => c.name);
  const cols = cubeCandidates(table, roles, candidates);
  const card = readCardinality(cols, (await db.rows(cardinalitySql(source, cols)))[0]);
  // The samples are small and every row is its own group: no fraction limit here (HyperLogLog may overcount a little;
  // the limit has its own test).
  const limits = { maxRowFraction: 2 };
  const plan = cubeDimensions(table, roles, candidates, card, limits);
  expect(plan.estimatedRows).toBe(card.tuples);
  // The other way, which the app takes only when the plan has no estimate: the same dimensions here.
  const [sizes] = await db.rows(cubeSizeSql(source, plan.dims));
  const trimmed = trimDimensions(plan, sizes, limits) as NonNullable<ReturnType<typeof trimDimensions>>;
  expect(trimmed.dims).toEqual(plan.dims);
  const cube = cubeInfo(source, { dims: trimmed.dims.filter((d) => !drop.includes(d)), measures: trimmed.measures }, name);
  await db.rows(cubeSql(cube));
  return cube;
}

async function open(name: string, rows: Rows, close: () => void): Promise<Db> {
  await common(rows);
  const schema = catalogue(await rows(CATALOGUE_SQL));
  const db = { name, rows, schema, cubes: {} as Record<string, CubeInfo>, close };
  const r = SAMPLE.roles;
  db.cubes = {
    full: await buildCube(db, SAMPLE.table, r, 'full_cube'),
    // Without level and force_code: each cube row holds three table rows (major, moderate, minor).
    coarse: await buildCube(db, SAMPLE.table, r, 'coarse_cube', ['level', 'force_code']),
    norm: await buildCube(db, NORM, normRoles, 'norm_cube'),
    normCoarse: await buildCube(db, NORM, normRoles, 'norm_coarse_cube', ['level', 'force_code', 'force_code_canonical', 'threat_type', 'financial_year']),
    more: await buildCube(db, MORE, r, 'more_cube'),
    moreCoarse: await buildCube(db, MORE, r, 'more_coarse_cube', ['level', 'force_code']),
  };
  return db;
}

let native: Db;
let wasm: Db;
beforeAll(async () => {
  const n = await nativeDb(sampleTablesSql());
  native = await open('native', n.rows, () => n.close());
  const w = await openWasm();
  for (const t of ['disruptions_synthetic', 'force_population_synthetic']) {
    w.registerText(`${t}.csv`, readFileSync(`${samples}${t}.csv`, 'utf8'));
    await w.run(`CREATE TABLE ${ident(t)} AS SELECT * FROM read_csv_auto(${literal(`${t}.csv`)})`);
  }
  await w.run(`CREATE TABLE force_population_latest AS SELECT force, population FROM force_population_synthetic WHERE financial_year = '2023/24'`);
  wasm = await open('wasm', w.rows, () => w.close());
}, 180_000);
afterAll(() => {
  native?.close();
  wasm?.close();
});

const base = { version: 1, table: SAMPLE.table, roles: SAMPLE.roles, measure: { column: 'disruptions', aggregate: 'sum' } };
const rated = { ...base, denominator: SAMPLE.denominator };
const latest = { column: 'financial_year', values: ['2023/24'] };
const byForce = { compareBy: { by: 'force' } };
const refPop = { table: 'ref_population', population: 'population', force: 'force', midYear: 'year' };
// Its roles are the normalised view's (normRoles), known once the view is made: filled in by parse().
const norm = { version: 1, table: NORM, measure: { column: 'disruptions', aggregate: 'sum' } };
const more = { ...base, table: MORE };
const cash = (aggregate: string) => ({ ...more, measure: { column: 'cash', aggregate } });

/**
 * Beyond the goldens. `float`: the measure is DOUBLE, so a sum of partial sums may differ from the table's sum in the
 * last bits (addition in another order), and so may an average of integers (the table's avg divides in long double,
 * the cube's in double): those are compared to 1e-12 relative. Everything else must be equal, bit for bit.
 */
const EXTRA: Record<string, { spec: object; float?: boolean }> = {
  filter_non_role_column: { spec: { ...base, ...byForce, filters: [latest, { column: 'level', values: ['major', 'minor'] }], comparison: { kind: 'total' } } },
  period_range: { spec: { ...base, compareBy: { by: 'period' }, series: { by: 'threat' }, periodRange: { from: '2020/21', to: '2022/23' }, comparison: { kind: 'total' } } },
  limit_to_peers_total: { spec: { ...base, ...byForce, filters: [latest], highlight: { force: 'Kent', peerGroup: 'region', limitToPeers: true }, comparison: { kind: 'total' } } },
  rate_counted_filters: {
    spec: { ...rated, ...byForce, filters: [latest, { column: 'level', values: ['major'] }, { column: 'threat_type', values: ['Drugs', 'County lines'] }], comparison: { kind: 'rate_per_100k' }, uncertainty: { ci: 95 }, highlight: { force: 'Kent', peerGroup: 'region' } },
  },
  rate_counted_by_region: { spec: { ...rated, compareBy: { by: 'region' }, series: { by: 'threat' }, filters: [{ column: 'level', values: ['moderate'] }], comparison: { kind: 'rate_per_100k' } } },
  rate_of_rows: { spec: { ...rated, ...byForce, measure: { column: null, aggregate: 'count' }, filters: [latest], comparison: { kind: 'rate_per_100k' } } },
  rate_of_count: { spec: { ...rated, ...byForce, measure: { column: 'disruptions', aggregate: 'count' }, filters: [latest], comparison: { kind: 'rank', of: 'rate' } } },
  avg_by_force: { spec: { ...base, ...byForce, measure: { column: 'disruptions', aggregate: 'avg' }, filters: [latest], comparison: { kind: 'total' } }, float: true },
  min_by_threat: { spec: { ...base, compareBy: { by: 'threat' }, measure: { column: 'disruptions', aggregate: 'min' }, comparison: { kind: 'total' } } },
  max_by_region_year: { spec: { ...base, compareBy: { by: 'region' }, series: { by: 'period' }, measure: { column: 'disruptions', aggregate: 'max' }, comparison: { kind: 'total' } } },
  count_rows_by_period: { spec: { ...base, compareBy: { by: 'period' }, measure: { column: null, aggregate: 'count' }, comparison: { kind: 'total' } } },
  count_change: { spec: { ...base, ...byForce, measure: { column: null, aggregate: 'count' }, filters: [{ column: 'level', values: ['major'] }], comparison: { kind: 'pct_change', from: '2019/20', to: '2023/24' } } },
  count_by_level_nulls: { spec: { ...more, compareBy: { by: 'column', column: 'level' }, measure: { column: 'cash', aggregate: 'count' }, comparison: { kind: 'total' } } },
  cash_sum_share: { spec: { ...cash('sum'), ...byForce, series: { by: 'threat' }, filters: [latest], comparison: { kind: 'share', within: 'compareBy' } }, float: true },
  cash_avg_index: { spec: { ...cash('avg'), compareBy: { by: 'period' }, series: { by: 'column', column: 'level' }, comparison: { kind: 'index', base: '2019/20' } }, float: true },
  cash_min_max: { spec: { ...cash('min'), compareBy: { by: 'column', column: 'level' }, series: { by: 'threat' }, comparison: { kind: 'total' } } },
  cash_max_rank: { spec: { ...cash('max'), ...byForce, filters: [{ column: 'level', values: [null, 'major'] }], comparison: { kind: 'rank', order: 'asc' } } },
  cash_rate: { spec: { ...cash('sum'), denominator: SAMPLE.denominator, ...byForce, filters: [latest, { column: 'level', values: ['minor'] }], comparison: { kind: 'rate_per_100k' }, uncertainty: { ci: 95 } }, float: true },
  norm_total_by_force: { spec: { ...norm, ...byForce, filters: [{ column: 'period', values: ['2023/24'] }], comparison: { kind: 'total' } } },
  norm_rate_mid_year: {
    spec: { ...norm, ...byForce, denominator: refPop, filters: [{ column: 'period', values: ['2022/23'] }], comparison: { kind: 'rate_per_100k' }, uncertainty: { ci: 95 }, highlight: { force: 'Kent', peerGroup: 'region' } },
  },
  norm_rate_change_by_region: { spec: { ...norm, compareBy: { by: 'region' }, denominator: refPop, comparison: { kind: 'change', from: '2019/20', to: '2023/24', of: 'rate' } } },
  norm_by_label_as_published: { spec: { ...norm, compareBy: { by: 'column', column: 'force' }, filters: [{ column: 'level', values: ['major'] }], totals: 'include', comparison: { kind: 'total' } } },
};

const CASES: [string, { spec: object; float?: boolean }][] = [...Object.entries(GOLDEN).map(([k, spec]) => [`golden ${k}`, { spec }] as [string, { spec: object }]), ...Object.entries(EXTRA)];

const parse = (json: object): ViewSpec => parseViewSpec((json as { table: string }).table === NORM ? { ...json, roles: normRoles } : json);

/** The cubes of the spec's table that the view fits, by test name: the full cube always fits the cases here. */
function cubesOf(db: Db, spec: ViewSpec): [string, CubeInfo][] {
  return Object.entries(db.cubes).filter(([, c]) => c.source === spec.table && cubeFits(spec, db.schema, c).ok);
}

const types = async (db: Db, sql: string) => (await db.rows(`DESCRIBE ${sql}`)).map((r) => `${String(r.column_name)} ${String(r.column_type)}`);

function expectSameRows(got: Record<string, unknown>[], want: Record<string, unknown>[], float: boolean, where: string): void {
  expect(got.length, where).toBe(want.length);
  got.forEach((row, i) => {
    expect(Object.keys(row), where).toEqual(Object.keys(want[i]));
    for (const [k, v] of Object.entries(want[i])) {
      const g = row[k];
      if (float && typeof v === 'number' && typeof g === 'number' && g !== v) {
        expect(Math.abs(g - v) / Math.max(Math.abs(v), Number.MIN_VALUE), `${where} row ${i} ${k}: ${g} vs ${v}`).toBeLessThanOrEqual(1e-12);
      } else expect(g, `${where} row ${i} ${k}`).toEqual(v);
    }
  });
}

// A rate matched by mid-year plans the period readers: seconds each on this 2-core machine.
describe.each(['native', 'wasm'] as const)('%s: the cube gives the table\'s rows', { timeout: 60_000 }, (which) => {
  const db = () => (which === 'native' ? native : wasm);
  it.each(CASES)('%s', async (_, { spec: json, float }) => {
    const spec = parse(json);
    const fits = cubesOf(db(), spec);
    expect(fits.map(([k]) => k)).toContain(spec.table === NORM ? 'norm' : spec.table === MORE ? 'more' : 'full');
    const plain = compileView(spec, db().schema);
    const wantTypes = await types(db(), plain.sql);
    const want = await db().rows(plain.sql);
    expect(want.length).toBeGreaterThan(0);
    for (const [name, cube] of fits) {
      const view = compileView(spec, db().schema, { cube });
      expect(view.sql, 'the shown SQL is the table\'s, unchanged').toBe(plain.sql);
      expect(view.cube?.sql).toContain(`FROM ${ident(cube.name)}`);
      expect(runSql(view)).toBe(view.cube?.sql);
      expect(await types(db(), runSql(view)), name).toEqual(wantTypes);
      expectSameRows(await db().rows(runSql(view)), want, float === true, name);
      for (const k of ['unmatchedSql', 'populationSql'] as const) {
        expect(view.cube?.[k] === undefined, k).toBe(plain[k] === undefined);
        if (plain[k]) expectSameRows(await db().rows(view.cube![k]!), await db().rows(plain[k]), false, `${name} ${k}`);
      }
    }
  });

  it('the coarse cubes hold fewer rows than the table, so partials really are summed', async () => {
    const count = async (t: string) => Number((await db().rows(`SELECT count(*) AS n FROM ${ident(t)}`))[0].n);
    expect(await count(db().cubes.full.name)).toBe(await count(SAMPLE.table));
    expect(await count(db().cubes.coarse.name)).toBe((await count(SAMPLE.table)) / 3);
    expect(await count(db().cubes.normCoarse.name)).toBeLessThan(await count(NORM));
  });
});

describe('what the cube holds', () => {
  it('role columns, then other low-cardinality columns, fewest values first; measures are the numeric columns', () => {
    const c = native.cubes.full;
    expect(c.dims).toEqual(['force', 'region', 'financial_year', 'threat_type', 'level', 'force_code']);
    expect(c.measures.map((m) => m.column)).toEqual(['disruptions']);
    expect(cubeSql(c)).toBe(
      `CREATE OR REPLACE TEMP TABLE "full_cube" AS\nSELECT\n  "force",\n  "region",\n  "financial_year",\n  "threat_type",\n  "level",\n  "force_code",\n` +
        `  count(*) AS "n",\n  sum("disruptions") AS "disruptions__sum",\n  count("disruptions") AS "disruptions__count",\n` +
        `  min("disruptions") AS "disruptions__min",\n  max("disruptions") AS "disruptions__max"\nFROM "disruptions_synthetic"\nGROUP BY ALL`,
    );
    expect(dropCubeSql(c)).toBe('DROP TABLE IF EXISTS "full_cube"');
  });

  it('the normalised view\'s cube keeps its canonical columns, period reading and is_total', () => {
    const dims = native.cubes.norm.dims;
    for (const c of ['force_canonical', 'region_canonical', 'period', 'period_start', 'period_type', 'threat_type_canonical', 'is_total']) expect(dims).toContain(c);
  });

  it('the cube is a TEMP table, so the catalogue (and the data panel) never lists it', async () => {
    for (const db of [native, wasm]) {
      const names = catalogue(await db.rows(CATALOGUE_SQL)).tables.map((t) => t.name);
      expect(names).toContain(NORM);
      expect(names.filter((n) => n.endsWith('_cube'))).toEqual([]);
    }
  });

  it('a column with too many values is left out, and says why', () => {
    const table = native.schema.tables.find((t) => t.name === MORE) as SchemaTable;
    const distinct = new Map([['force', 44], ['region', 10], ['financial_year', 5], ['threat_type', 8], ['level', 4], ['force_code', 44], ['disruptions', 90], ['cash', 1500]]);
    const plan = cubeDimensions(table, SAMPLE.roles, ['force_code', 'level', 'disruptions'], { rows: 1_000_000, tuples: 8000, distinct }, { maxDistinct: 40 });
    expect(plan.estimatedRows).toBe(8000);
    // Too many combinations for a tenth of the table: the plan must be trimmed before it is built.
    expect(cubeDimensions(table, SAMPLE.roles, [], { rows: 1_000_000, tuples: 200_000, distinct }).estimatedRows).toBeUndefined();
    expect(plan.dims).toEqual(['force', 'region', 'financial_year', 'threat_type', 'level']);
    expect(plan.skipped).toEqual([
      { column: 'force_code', reason: '44 distinct values (more than 40)' },
      { column: 'disruptions', reason: '90 distinct values (more than 40)' },
    ]);
    expect(plan.measures.map((m) => m.name)).toEqual(['disruptions', 'cash']);
    expect(CUBE_LIMITS.maxDistinct).toBe(1000);
  });

  it('a large table is counted from a tenth of its vectors, and the built cube is kept only when it is small enough', async () => {
    expect(cubeSamplePercent(999_999)).toBe(100);
    expect(cubeSamplePercent(10_000_000)).toBe(10);
    const cols = ['force', 'level'];
    expect(cardinalitySql('t', cols, { samplePercent: 10 })).toBe(
      'SELECT count(*) AS "rows", approx_count_distinct(hash("force", "level")) AS "tuples", count(DISTINCT "force") + CAST(count(*) > count("force") AS BIGINT) AS "c0", ' +
        'count(DISTINCT "level") + CAST(count(*) > count("level") AS BIGINT) AS "c1" FROM "t" USING SAMPLE 10 PERCENT (system)',
    );
    expect(() => cardinalitySql('t', cols, { samplePercent: 0 })).toThrow('invalid sample: 0% (0 < p ≤ 100)');
    for (const db of [native, wasm]) {
      // Sampled by vectors of 2,048 rows: the 7,740-row table has 4, and half of them is none one time in 16. Forty
      // copies have 152, as a table the app samples (10M rows and more) has thousands.
      await db.rows(`CREATE OR REPLACE TABLE more_x40 AS SELECT m.* FROM ${MORE} AS m, range(40)`);
      const [row] = await db.rows(cardinalitySql('more_x40', cols, { samplePercent: 50 }));
      const card = readCardinality(cols, row);
      expect(card.rows, db.name).toBeGreaterThan(0);
      expect(card.distinct.get('level'), db.name).toBe(4); // three levels and NULL
      const [{ rows }] = await db.rows(cubeRowsSql(db.cubes.coarse));
      expect(keepCube(Number(rows), 7740), db.name).toBe(false); // a third of the table's rows
      expect(keepCube(Number(rows), 7740 * 100), db.name).toBe(true);
    }
  });

  it('the cube is trimmed, last dimensions first, until its estimated rows are a tenth of the table\'s', () => {
    const plan = { dims: ['force', 'period', 'level', 'id'], measures: [], skipped: [] };
    const t = trimDimensions(plan, { rows: 1_000_000, k0: 43, k1: 215, k2: 645, k3: 990_000 });
    expect(t?.dims).toEqual(['force', 'period', 'level']);
    expect(t?.estimatedRows).toBe(645);
    expect(t?.skipped).toEqual([{ column: 'id', reason: 'the cube would have more than 100,000 rows with it' }]);
    expect(trimDimensions(plan, { rows: 1000, k0: 900 })).toBeUndefined();
  });
});

describe('cubeFits sends to the table what the cube cannot answer', () => {
  const fit = (json: object, cube: keyof Db['cubes'] = 'full') => {
    const spec = parse(json);
    const view = compileView(spec, native.schema, { cube: native.cubes[cube] });
    expect(view.cube === undefined).toBe(view.cubeRefused !== undefined);
    expect(runSql(view)).toBe(view.cube ? view.cube.sql : view.sql);
    return cubeFits(spec, native.schema, native.cubes[cube]);
  };

  it('a count of distinct values', () => {
    expect(fit({ ...base, ...byForce, measure: { column: 'disruptions', aggregate: 'count_distinct' }, comparison: { kind: 'total' } })).toEqual({
      ok: false,
      reason: 'a count of distinct values can’t be made from the cube’s partial counts',
    });
  });

  it('a filter or compare-by on a column that is not a dimension (too many values)', () => {
    expect(fit({ ...base, ...byForce, filters: [{ column: 'force_code', values: ['E23000036'] }], comparison: { kind: 'total' } }, 'coarse')).toEqual({
      ok: false,
      reason: 'force_code is not a dimension of the cube',
    });
    expect(fit({ ...more, compareBy: { by: 'column', column: 'cash' }, comparison: { kind: 'total' } }, 'more')).toEqual({ ok: false, reason: 'cash is not a dimension of the cube' });
  });

  it('a measure the cube keeps no partials of', () => {
    expect(fit({ ...base, ...byForce, measure: { column: 'level', aggregate: 'count' }, comparison: { kind: 'total' } })).toEqual({
      ok: false,
      reason: 'the cube keeps no sums or counts of level',
    });
  });

  it('a cube of another table', () => {
    expect(fit({ ...more, ...byForce, comparison: { kind: 'total' } })).toEqual({ ok: false, reason: 'the cube is of disruptions_synthetic, not disruptions_more' });
  });

  it('a rate by mid-year on the normalised view needs the period\'s first day and type in the cube', () => {
    const spec = { ...norm, ...byForce, denominator: refPop, comparison: { kind: 'rate_per_100k' } };
    expect(fit(spec, 'normCoarse')).toEqual({ ok: true });
    const without = { ...native.cubes.normCoarse, dims: native.cubes.normCoarse.dims.filter((d) => d !== 'period_start') };
    expect(cubeFits(parse(spec), native.schema, without)).toEqual({ ok: false, reason: 'period_start is not a dimension of the cube' });
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORCES, forceLabels, matchForce } from '../../src/domain/forces';
import { detectMessyCsv } from '../../src/domain/messy-csv';
import { periodContext, type PeriodType } from '../../src/domain/periods';
import { REGIONS, regionById, regionOf } from '../../src/domain/regions';
import {
  DIMENSION_TOTAL_PATTERN,
  isBlank,
  isForceAggregate,
  isRegionLike,
  isTotalLabel,
  matchRegion,
  normaliseRegionText,
  readPeriod,
  recogniseRoles,
  regionLabels,
  type ColumnRole,
} from '../../src/domain/roles';
import { foldText } from '../../src/domain/text';
import { THREAT_TYPES, matchThreat } from '../../src/domain/threats';
import { detectWideTable } from '../../src/domain/wide';
import { cleanCsvSql } from '../../src/query/clean';
import {
  forceKey,
  loneValuesSql,
  mappingRows,
  mappingTablesSql,
  normalisedColumns,
  normalisedViewSql,
  periodExpr,
  periodTextsSql,
  periodTypesSql,
  periodValuesSql,
  readPeriodValues,
  unmatchedValuesSql,
} from '../../src/query/normalise';
import { str } from '../../src/query/sql';
import { longViewSql } from '../../src/query/unpivot';
import { columnSamples, loadNative } from '../helpers/columns';
import { nativeRows } from '../helpers/native';
import { testdataPath } from '../helpers/testdata';
import { openWasm, type Wasm } from '../helpers/wasm';

type Rows = (sql: string) => Promise<Record<string, unknown>[]>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : String(v));
const samples = new URL('../../samples/', import.meta.url).pathname;
const messyText = new TextDecoder('windows-1252').decode(readFileSync(samples + 'messy_export_synthetic.csv'));

/** The messy sample's data rows as [force, financial year] text, read without the code under test: the lines from the
 * header to the first empty row, split by a quote-aware regex. */
const messyData: [string, string][] = (() => {
  const lines = messyText.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Force,Financial year,'));
  const end = lines.findIndex((l, i) => i > start && /^,*$/.test(l));
  return lines.slice(start + 1, end).map((l) => {
    const [force, year] = (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((f) => f.replace(/,$/, '').replace(/^"|"$/g, ''));
    return [force, year];
  });
})();

async function runAll(rows: Rows, statements: string[]) {
  for (const s of statements) await rows(s);
}

/** A table of strings, one row per value, numbered from 0; inserted 1,000 rows at a time (longer VALUES lists crash 0.9.1's wasm parser). */
async function valuesTable(rows: Rows, name: string, values: string[]): Promise<void> {
  await rows(`CREATE OR REPLACE TABLE ${name} (i INTEGER, v VARCHAR)`);
  for (let at = 0; at < values.length; at += 1000) {
    await rows(`INSERT INTO ${name} VALUES ${values.slice(at, at + 1000).map((v, i) => `(${at + i}, ${str(v)})`).join(', ')}`);
  }
}

describe('mappingRows', () => {
  test('every force label and code resolves to its force, and keys are unique', () => {
    const rows = mappingRows();
    expect(new Set(rows.force.map((r) => r.key)).size).toBe(rows.force.length);
    const byKey = new Map(rows.force.map((r) => [r.key, r.forceId]));
    for (const f of FORCES) {
      for (const label of forceLabels(f)) expect(byKey.get(forceKey(label))).toBe(f.id);
      if (f.code) expect(byKey.get(forceKey(f.code))).toBe(f.id);
    }
    for (const r of REGIONS) for (const label of regionLabels(r)) expect(rows.region.find((x) => x.key === normaliseRegionText(label))?.id).toBe(r.id);
    for (const t of THREAT_TYPES) for (const label of [t.name, ...t.aliases]) expect(rows.threat.find((x) => x.key === foldText(label))?.id).toBe(t.id);
  });
  test('a user mapping wins over the domain’s alias and adds new spellings', () => {
    const rows = mappingRows({ mappings: [{ role: 'force', value: 'MET', to: 'city-of-london' }, { role: 'threat', value: 'Loan sharks', to: 'other' }] });
    expect(rows.force.find((r) => r.key === 'met')).toEqual({ key: 'met', forceId: 'city-of-london', source: 'user' });
    expect(rows.threat.find((r) => r.key === 'loan sharks')).toEqual({ key: 'loan sharks', id: 'other', source: 'user' });
  });
  test('bad mappings throw with the value', () => {
    expect(() => mappingRows({ mappings: [{ role: 'force', value: 'Kent', to: 'kentish' }] })).toThrow('unknown force id "kentish" in the mapping of "Kent"');
    expect(() => mappingRows({ mappings: [{ role: 'region', value: '**', to: 'london' }] })).toThrow('cannot map "**"');
  });
});

// Labels the SQL keys must agree on: every alias, the messy sample's values, and tricky spellings.
const LABELS = [
  ...FORCES.flatMap((f) => [...forceLabels(f), ...(f.code ? [f.code, f.code.toLowerCase(), ` ${f.code} `] : [])]),
  ...THREAT_TYPES.flatMap((t) => [t.name, ...t.aliases]),
  ...REGIONS.flatMap(regionLabels),
  ...messyText.split(/\r\n/).flatMap((l) => l.split(',')),
  'Hampshire (R)', 'Kent [p]', 'Surrey Police (revised)', 'Essex (Provisional)', 'Kent²', 'Kent¹', 'ﬁfe', 'Ｋｅｎｔ', 'Opération Café', 'Dyfed–Powys', 'The Thames Valley Police Force', 'E23000001.', 'E2300000',
  'x\u0301y', 'x\u20d0y', '\u00a0', ' \t', '', 'Total North East ', '*Total Tactics', 'Police Service', 'police', 'England & Wales',
  'North West Region', 'east of england', 'Wales', 'All forces', 'Not included in England and Wales totals', 'W15000004', 'e23000099',
];
// Every character of the blocks the SQL fold translates, alone and between letters.
const CHARS = [[0x80, 0x36f], [0x1d00, 0x1dbf], [0x1e00, 0x1eff], [0x2070, 0x209f], [0x2100, 0x214f], [0xfb00, 0xfb06], [0xff00, 0xffef]]
  .flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => String.fromCodePoint(lo + i)))
  .flatMap((c) => [c, `x${c}y`, `${c}Kent`]);
const DIMENSION_TOTAL = new RegExp(DIMENSION_TOTAL_PATTERN);

const PERIODS = [
  '2023/24', '2023-24', '2023/2024', 'FY23/24', 'FY 2023-24', 'fy2023/24', 'F/Y 2023-24', '2023 to 2024', '23/24', '12-13', 'FY12-13', '12/13',
  '1999/00', '2099/00', '2100/01', '1899/00', '2023/25', '23/2024', 'year ending March 2024', 'YE Mar 2024', 'year ending 31 March 2024',
  'Apr 2023 - Mar 2024', 'April 2023 to March 2024', 'Apr 2023 - Mar 2025', '2023', '2023.0', '2023.00', '1899', '2100', '  2023  ',
  'Q1 2023', '2023 Q4', 'Q3-2023', 'q2 2023/24', '2023/24 Q4', 'Q5 2023', '1 q2', 'Q1 FY23/24', 'Q2 year ending March 2024', '2023-Q1',
  '2023-04', '2023-13', '2023-00', 'Apr 2023', 'April 2023', 'Sept 2023', 'Sep. 2023', 'Apr-2023', 'Apr-23', 'Foo 2023', 'Mar-99', 'May 2023', 'june-2023',
  '2023-04-05', '2023-02-29', '2024-02-29', '1900-02-29', '2000-02-29', '05/04/2023', '5.4.2023', '05-04-2023', '05/04-2023', '31/04/2023',
  '1st April 2023', '1 Apr, 2023', '22nd Sept. 2023', '2023-04-05T12:00:00+01:00', '2023-04-05 00:00', '2023-04-05T12:00:00Z', '2023-04-05t23:59:59.123-0800',
  '2011-12', '2000-01', '2012-13', '2023–24', '2023−24', '2023\u00a0Q1', '\t2023/24\n', '', ' ', 'abc', '2023/24a', 'Total', '12/13/14', 'FY 2023/24',
  '2022-23', '2019-06', '2020-03-31', '2019-08-01 00:46:59', '04/05', '99/00', '19/20',
  // Issue 12: every period form real tables use, with footnote markers glued on.
  'FY 2019/20', '2019/2020', "Apr '10 to Mar '11", 'Apr ’16 to Mar ’17', "Apr '07 to Mar '083", "Apr '11 to Mar '125, 6", '1 April 2017 to 31 March 2018',
  "Apr '99 to Mar '00", "Apr '10 to Mar '12", 'year ending March 2019', 'Year ending June 2025', 'year ending 31 December 2018', 'YE Sep 2020',
  '12 months ending 31-03-2003', '12 months ending 30-06-2007', '12 months ending March 2019', '12 Months Ending 31/12/2018', 'twelve months to 30 Sept 2010',
  'Rolling year ending 31 Dec 2019', '12 months ending 29-02-2024', '12 months ending 28-02-2024', '12 months ending 28-02-2025', '12 months ending 15-03-2023',
  '12 months ending 31-13-2003', '12 months ending', 'year ending', 'As at 31 March 2023', 'As at: 30 Sep 2019', 'as at March 2020', 'As at 31 April 2023',
  'Mid-2019', 'Mid 2019', 'mid2011', 'Mid-year 2016', 'Mid-1899', 'Mid-year', 'June 2019', 'Sep-18', 'Q1 2020', '10/11*', '15/16**', '16/17~', '2019 [note 3]',
  '2019 [x]', '2019/20 (p)', '2019/20 (R)', '2019^', '2019†', '2019²', '*', '[note 3]', '30 September 20191', '30 September 20191,2', '201910,11', '20191*',
  'year ending March 20181,2,3', '2019/2010', '20231', '12345', 'Total', '11 - 17 years', 'Estimated Population mid-2023', '17~', '2019 people per sq. km',
];
const CONTEXTS = ['As at 31 March', 'Mid-year', 'As at 30 September each year', '12 months ending', 'Year'].map((h) => ({ header: h, context: periodContext(h) }));
const PREFERENCES: (PeriodType | undefined)[] = [undefined, 'financial-year', 'calendar-year', 'quarter', 'month', 'date', 'rolling-year', 'point'];

const engines: { name: string; open(): Promise<{ rows: Rows; close(): void }> }[] = [
  { name: 'native DuckDB', open: async () => ({ rows: nativeRows, close() {} }) },
  {
    name: 'DuckDB-WASM 1.28.0 (0.9.1)',
    async open() {
      const w = await openWasm();
      return { rows: w.rows, close: () => w.close() };
    },
  },
];

describe.each(engines)('SQL and JS agree ($name)', (engine) => {
  let db: { rows: Rows; close(): void };
  beforeAll(async () => {
    db = await engine.open();
    await runAll(db.rows, mappingTablesSql());
  }, 60_000);
  afterAll(() => db.close());

  test('keys, totals and blanks on every alias, the messy sample’s cells and tricky labels', async () => {
    const labels = [...new Set(LABELS)];
    await valuesTable(db.rows, 'labels', labels);
    const got = await db.rows(
      `SELECT i, soc_fold(v) AS fold, soc_force_key(v) AS force_key, soc_region_key(v) AS region_key, soc_is_total(v) AS total, ` +
        `soc_is_dimension_total(v) AS dim_total, soc_is_region_like(v) AS region_like, soc_is_blank(v) AS blank FROM labels ORDER BY i`,
    );
    const expected = labels.map((v, i) => ({
      i, fold: foldText(v), force_key: forceKey(v), region_key: normaliseRegionText(v), total: isTotalLabel(v),
      dim_total: DIMENSION_TOTAL.test(foldText(v)), region_like: isRegionLike(v), blank: isBlank(v),
    }));
    expect(got).toEqual(expected);
  });

  test(`the fold on ${CHARS.length} Latin and compatibility characters (incl. superscripts, ligatures, fullwidth)`, async () => {
    await valuesTable(db.rows, 'chars', CHARS);
    const got = await db.rows('SELECT i, soc_fold(v) AS fold, soc_force_key(v) AS k FROM chars ORDER BY i');
    expect(got.filter((r) => r.fold !== foldText(CHARS[r.i as number]) || r.k !== forceKey(CHARS[r.i as number]))).toEqual([]);
  });

  test('known limit: compatibility characters outside those blocks fold differently (circled numbers)', async () => {
    const [r] = await db.rows(`SELECT soc_fold('x⑴y') AS f`);
    expect([r.f, foldText('x⑴y')]).toEqual(['x y', 'x 1 y']);
  });

  test(`period parsing: ${PERIODS.length} forms × ${PREFERENCES.length} column types`, async () => {
    await valuesTable(db.rows, 'periods', PERIODS);
    for (const pref of PREFERENCES) {
      const got = await db.rows(
        `SELECT i, struct_extract(p, 'label') AS label, CAST(struct_extract(p, 'start') AS VARCHAR) AS start, struct_extract(p, 'type') AS type ` +
          `FROM (SELECT i, ${periodExpr('t', pref)} AS p FROM (SELECT i, soc_period_text(v) AS t FROM periods)) ORDER BY i`,
      );
      const expected = PERIODS.map((v, i) => {
        const p = readPeriod(v, pref);
        return { i, label: p?.label ?? null, start: p?.start ?? null, type: p?.type ?? null };
      });
      expect({ pref, rows: got }).toEqual({ pref, rows: expected });
    }
  }, 180_000);

  test(`period parsing in a column whose header gives bare years a context: ${PERIODS.length} forms × ${CONTEXTS.length} headers`, async () => {
    await valuesTable(db.rows, 'periods', PERIODS);
    for (const { header, context } of CONTEXTS) {
      for (const pref of [undefined, 'point', 'calendar-year', 'rolling-year'] as const) {
        const got = await db.rows(
          `SELECT i, struct_extract(p, 'label') AS label, CAST(struct_extract(p, 'start') AS VARCHAR) AS start, struct_extract(p, 'type') AS type ` +
            `FROM (SELECT i, ${periodExpr('t', pref, context)} AS p FROM (SELECT i, soc_period_text(v) AS t FROM periods)) ORDER BY i`,
        );
        const expected = PERIODS.map((v, i) => {
          const p = readPeriod(v, pref, context);
          return { i, label: p?.label ?? null, start: p?.start ?? null, type: p?.type ?? null };
        });
        expect({ header, pref, rows: got }).toEqual({ header, pref, rows: expected });
      }
    }
  }, 180_000);
});

/** What the view must say about one raw value of a force column, by the JS matchers. */
function expectedForce(v: string) {
  const f = matchForce(v);
  const regionId = f ? regionOf(f.id) : undefined;
  return { force: f?.name ?? null, force_code: f?.code ?? null, region: regionId ? regionById(regionId)!.name : null, is_total: !f && isForceAggregate(v) };
}

/** The columns whose values can make a row a total, each with the JS rule for one value. */
function totalsColumns(roles: ColumnRole[]): { name: string; total: (v: string) => boolean }[] {
  const { sources, dimensions } = normalisedColumns(roles);
  return [
    ...(sources.force ? [{ name: sources.force.name, total: (v: string) => expectedForce(v).is_total }] : []),
    ...(sources.region && !sources.force ? [{ name: sources.region.name, total: (v: string) => !matchRegion(v) && isTotalLabel(v) }] : []),
    ...(sources.threat ? [{ name: sources.threat.name, total: (v: string) => !matchThreat(v) && isTotalLabel(v) }] : []),
    ...dimensions.map((d) => ({ name: d.name, total: (v: string) => DIMENSION_TOTAL.test(foldText(v)) })),
  ];
}

/** Whether a row is a total by the JS matchers: the force value's aggregate ("Total North East"), or a subtotal in another
 * column that carries them (a region column when there is no force, a threat, a dimension such as "*Total Tactics"). */
function totalsRule(roles: ColumnRole[]): (row: Record<string, unknown>) => boolean {
  const cols = totalsColumns(roles);
  return (row) => cols.some((c) => row[c.name] !== null && row[c.name] !== undefined && c.total(String(row[c.name])));
}

/** Unmatched values of a column by the JS matchers, as unmatchedValuesSql lists them. */
function expectedUnmatched(counts: Map<string, number>, role: ColumnRole): { value: string; row_count: string }[] {
  const unmatched = [...counts].filter(([v]) => {
    if (isBlank(v)) return false;
    switch (role.role) {
      case 'force': return !matchForce(v) && !isForceAggregate(v);
      case 'region': return !matchRegion(v) && !isTotalLabel(v);
      case 'threat': return !matchThreat(v) && !isTotalLabel(v);
      case 'period': return !readPeriod(v, role.periodType);
      default: return false;
    }
  });
  return unmatched
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, n]) => ({ value, row_count: String(n) }));
}

const FILES: [string, string][] = [
  ['disruptions', samples + 'disruptions_synthetic.csv'],
  ['outcomes', samples + 'outcomes_synthetic.csv'],
  ['population', samples + 'force_population_synthetic.csv'],
  ['gradings', samples + 'hmicfrs_gradings_synthetic.parquet'.replace('.parquet', '.csv')],
  ['disruptions_pq', samples + 'disruptions_synthetic.parquet'],
  ...[
    'street/2019-06-city-of-london-street.csv', 'stop-and-search/2019-08-city-of-london-stop-and-search.csv', 'lookups/lad16_csp16_pfa16_lookup.csv',
    'lookups/forces_population_2010.csv', 'home-office/officer_fte_by_force_region_2019.csv', 'home-office/use_of_force_incidents_2019-20.csv',
    'home-office/use_of_force_by_ethnicity_force_2019-20.csv', 'home-office/taser_use_by_force_by_year.csv', 'iopc/deaths_in_custody_by_force_fy.csv',
  ].map((f): [string, string] => [f.replace(/^.*\//, '').replace(/[^a-z0-9]+/gi, '_').replace(/_csv$/, ''), testdataPath(`police/${f}`)]),
];

// Unmatched values found in the real files, by column: what a user will be asked to map or leave.
const UNMATCHED: Record<string, { value: string; row_count: string }[]> = {
  'officer_fte_by_force_region_2019.Force/Region': [{ value: 'Central Service Secondments', row_count: '1' }],
  'use_of_force_incidents_2019_20.Region': [{ value: 'East of England', row_count: '7' }, { value: 'Wales', row_count: '5' }],
  'deaths_in_custody_by_force_fy.Authority': [
    { value: 'HMRC', row_count: '1' }, { value: 'Home Office', row_count: '1' }, { value: 'Ministry of Defence', row_count: '1' }, { value: 'SOCA / NCA', row_count: '1' },
  ],
};

// Each case takes 3–5 s on this 2-core machine, up to 17 s while six other sessions share it.
describe('the normalised view in native DuckDB', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await nativeRows(`SET TimeZone = 'UTC'`);
    await runAll(nativeRows, mappingTablesSql());
  });

  async function check(table: string, roles: ColumnRole[]) {
    await nativeRows(normalisedViewSql(table, roles));
    const { sources, names } = normalisedColumns(roles);
    const view = `"${table}_norm"`;
    // Same rows, same original columns, nothing dropped or duplicated (EXCEPT ALL compares as multisets).
    const [{ n: base }] = await nativeRows(`SELECT count(*) AS n FROM "${table}"`);
    const [{ n: norm }] = await nativeRows(`SELECT count(*) AS n FROM ${view}`);
    expect(norm).toBe(base);
    const added = Object.values(names).map((n) => `"${n}"`).join(', ');
    const [{ n: extra }] = await nativeRows(`SELECT count(*) AS n FROM (SELECT * EXCLUDE (${added}) FROM ${view} EXCEPT ALL SELECT * FROM "${table}")`);
    expect(extra).toBe('0');
    const cols = (await nativeRows(`DESCRIBE ${view}`)).map((r) => String(r.column_name));
    expect(cols).toEqual([...roles.map((r) => r.name), ...Object.values(names)]);
    expect(new Set(cols.map((c) => c.toLowerCase())).size).toBe(cols.length);

    if (sources.force) {
      const col = sources.force.name;
      const got = await nativeRows(
        `SELECT DISTINCT CAST("${col}" AS VARCHAR) AS v, "${names.force}" AS force, "${names.force_code}" AS force_code, "${names.region}" AS region, "${names.is_total}" AS is_total ` +
          `FROM ${view} WHERE "${col}" IS NOT NULL ORDER BY v`,
      );
      for (const r of got) {
        const e = expectedForce(String(r.v));
        // A force row's region comes from the force; otherwise from the region column, if any.
        if (!e.force && sources.region) e.region = (r.region as string | null) ?? null;
        const { is_total: _, ...mapped } = e;
        expect({ v: r.v, force: r.force, force_code: r.force_code, region: r.region }).toEqual({ v: r.v, ...mapped });
      }
    }
    // is_total on every distinct combination of the columns that can make a total, judged by the JS matchers on that
    // row's own values, so a total flagged on a plain row fails.
    const totalCols = totalsColumns(roles).map((t) => t.name);
    const flagged = await nativeRows(`SELECT DISTINCT ${totalCols.map((c) => `CAST("${c}" AS VARCHAR) AS "${c}", `).join('')}"${names.is_total}" AS is_total_ FROM ${view}`);
    const rule = totalsRule(roles);
    for (const r of flagged) expect({ row: r, is_total: r.is_total_ }).toEqual({ row: r, is_total: rule(r) });
    if (sources.period) {
      const col = sources.period.name;
      const got = await nativeRows(`SELECT DISTINCT "${col}" AS v, "${names.period}" AS period, "${names.period_start}" AS start, "${names.period_type}" AS type FROM ${view} WHERE "${col}" IS NOT NULL`);
      for (const r of got) {
        const text = r.v instanceof Date ? r.v.toISOString() : String(r.v);
        const p = sources.period.role === 'period' ? readPeriod(text, sources.period.periodType, periodContext(sources.period.name)) : undefined;
        expect({ v: text, period: r.period, start: iso(r.start), type: r.type }).toEqual({ v: text, period: p?.label ?? null, start: p?.start ?? null, type: p?.type ?? null });
      }
    }
    if (sources.threat) {
      const got = await nativeRows(`SELECT DISTINCT "${sources.threat.name}" AS v, "${names.threat_type}" AS t FROM ${view} WHERE "${sources.threat.name}" IS NOT NULL`);
      for (const r of got) expect(r.t).toBe(matchThreat(String(r.v))?.name ?? null);
    }
    // The unmatched list of every recognised column, against the JS matchers over all distinct values.
    for (const role of roles.filter((r) => ['force', 'region', 'period', 'threat'].includes(r.role))) {
      const counts = new Map(
        (await nativeRows(`SELECT CAST("${role.name}" AS VARCHAR) AS v, count(*) AS n FROM "${table}" WHERE "${role.name}" IS NOT NULL GROUP BY 1`)).map((r) => [
          String(r.v),
          Number(r.n),
        ]),
      );
      const got = await nativeRows(unmatchedValuesSql(table, role));
      // Typed dates are never unmatched; their JS reading is checked above.
      const expected = role.role === 'period' && /^(DATE|TIMESTAMP)/.test(role.type) ? [] : expectedUnmatched(counts, role);
      expect({ column: role.name, got }).toEqual({ column: role.name, got: expected });
      expect(got).toEqual(UNMATCHED[`${table}.${role.name}`] ?? []);
    }
  }

  test.each(FILES)('%s', async (table, path) => {
    await loadNative(table, path);
    await check(table, recogniseRoles(await columnSamples(table)));
  });

  test('the messy sample, cleaned', async () => {
    const path = `${process.env.TMPDIR ?? '/tmp'}/soc-normalise-messy-${process.pid}.csv`;
    (await import('node:fs')).writeFileSync(path, messyText);
    const plan = detectMessyCsv(messyText);
    const sql = cleanCsvSql(path, 'messy', plan);
    await runAll(nativeRows, [...sql.setup, sql.raw, sql.clean, sql.dropRaw]);
    const roles = recogniseRoles((await columnSamples('messy')).map((c, i) => ({ ...c, unit: plan.columns[i].unit })));
    await check('messy', roles);
    const totals = await nativeRows(`SELECT "Force" AS f, "Financial year" AS y FROM messy_norm WHERE is_total ORDER BY y`);
    expect(totals).toEqual([{ f: 'Total England and Wales', y: '2022/23' }, { f: 'Total England and Wales', y: '2023/24' }]);
    // The totals row is the sum of the 43 force rows as shown: is_total is what makes that check possible.
    const sums = await nativeRows(
      `SELECT period, sum(Disruptions) FILTER (WHERE NOT is_total AND force <> 'British Transport Police') AS forces, sum(Disruptions) FILTER (WHERE is_total) AS total FROM messy_norm GROUP BY period ORDER BY period`,
    );
    for (const s of sums) expect(s.forces).toBe(s.total);
    const years = messyData.map(([, y]) => y);
    expect(years.every((y) => readPeriod(y)?.type === 'financial-year')).toBe(true);
    expect(await nativeRows(periodTypesSql('messy', roles[1]))).toEqual([
      { period_type: 'financial-year', value_count: String(new Set(years).size), row_count: String(years.length) },
    ]);
  });

  // Issue 12 item 3: the period forms of real tables, through recognition and the view, as a user's file would go.
  test('a rolling 12-month quarterly series (Home Office recorded crime by PFA shape)', async () => {
    await nativeRows(
      `CREATE OR REPLACE TABLE rolling AS SELECT * FROM (VALUES ('31-03-2003', 'Kent', 'Burglary', 30100), ('30-06-2007', 'Kent', 'Burglary', 29800), ` +
        `('30-09-2007', 'Kent', 'Burglary', 29500), ('31-12-2007', 'Kent', 'Burglary', 29000), ('31-12-2007', 'Total', 'Burglary', 500000)) ` +
        `t("12 months ending", "PFA", "Offence", "Rolling year total number of offences")`,
    );
    const roles = recogniseRoles(await columnSamples('rolling'));
    // The dates under "12 months ending" end rolling years, as text and as DATE values.
    expect(roles[0]).toMatchObject({ role: 'period', periodType: 'rolling-year' });
    await check('rolling', roles);
    const labels = async (view: string) =>
      nativeRows(`SELECT DISTINCT period AS p, CAST(period_start AS VARCHAR) AS s, period_type AS t FROM ${view} ORDER BY s`);
    await nativeRows(`CREATE OR REPLACE TABLE rolling_d AS SELECT strptime("12 months ending", '%d-%m-%Y')::DATE AS "12 months ending", * EXCLUDE ("12 months ending") FROM rolling`);
    const rolesD = recogniseRoles(await columnSamples('rolling_d'));
    expect(rolesD[0]).toMatchObject({ role: 'period', type: 'DATE', periodType: 'rolling-year' });
    await check('rolling_d', rolesD);
    expect(await labels('rolling_d_norm')).toEqual(await labels('rolling_norm'));
    // Labels spelled out in full read as rolling years.
    await nativeRows(`CREATE OR REPLACE TABLE rolling2 AS SELECT '12 months ending ' || "12 months ending" AS quarter_label, * EXCLUDE ("12 months ending") FROM rolling`);
    const roles2 = recogniseRoles(await columnSamples('rolling2'));
    expect(roles2[0]).toMatchObject({ role: 'period', periodType: 'rolling-year', mixed: false });
    await check('rolling2', roles2);
    expect(await labels('rolling_norm')).toEqual(await labels('rolling2_norm'));
    expect(await labels('rolling2_norm')).toEqual([
      { p: '12 months ending 31 Mar 2003', s: '2002-04-01', t: 'rolling-year' }, { p: '12 months ending 30 Jun 2007', s: '2006-07-01', t: 'rolling-year' },
      { p: '12 months ending 30 Sep 2007', s: '2006-10-01', t: 'rolling-year' }, { p: '12 months ending 31 Dec 2007', s: '2007-01-01', t: 'rolling-year' },
    ]);
  }, 60_000);

  test('bare years in an "As at 31 March" column, and mid-year labels', async () => {
    await nativeRows(
      `CREATE OR REPLACE TABLE asat AS SELECT * FROM (VALUES ('Kent', 2021, 'Mid-2020', 3500), ('Kent', 2022, 'Mid 2021', 3600), ('Essex', 2023, 'mid-2022', 3400)) ` +
        `t("Force", "As at 31 March", "Population estimate", "Officers")`,
    );
    const roles = recogniseRoles(await columnSamples('asat'));
    expect(roles.map((r) => [r.role, r.role === 'period' ? r.periodType : ''])).toEqual([['force', ''], ['period', 'point'], ['period', 'point'], ['measure', '']]);
    await check('asat', roles);
    expect(await nativeRows(`SELECT period AS p, CAST(period_start AS VARCHAR) AS s, period_type AS t FROM asat_norm ORDER BY s`)).toEqual([
      { p: 'As at 31 Mar 2021', s: '2021-03-31', t: 'point' }, { p: 'As at 31 Mar 2022', s: '2022-03-31', t: 'point' }, { p: 'As at 31 Mar 2023', s: '2023-03-31', t: 'point' },
    ]);
    await check('asat', roles.map((r) => (r.name === 'As at 31 March' ? { ...r, role: 'measure', unit: 'other', aggregation: 'sum' } as ColumnRole : r)));
    expect(await nativeRows(`SELECT DISTINCT period AS p FROM asat_norm ORDER BY p`)).toEqual([{ p: 'Mid-2020' }, { p: 'Mid-2021' }, { p: 'Mid-2022' }]);
  }, 60_000);

  test('the long view of a wide table whose headers carry footnote markers (10/11*, 15/16**, 16/17~)', async () => {
    await nativeRows(`CREATE OR REPLACE TABLE marked AS SELECT * FROM (VALUES ('Kent', 1, 2, 3, 4, 10), ('Essex', 5, 6, 7, 8, 26)) t("Authority", "10/11*", "11/12", "15/16**", "16/17~", "Total")`);
    const wide = detectWideTable(['Authority', '10/11*', '11/12', '15/16**', '16/17~', 'Total'])!;
    await nativeRows(longViewSql('marked', wide));
    const roles = recogniseRoles(await columnSamples('marked_long'));
    expect(roles.map((r) => r.role)).toEqual(['force', 'period', 'measure']);
    await check('marked_long', roles);
    expect(await nativeRows(`SELECT period_canonical AS p, sum(value) AS n FROM marked_long_norm GROUP BY ALL ORDER BY p`)).toEqual([
      { p: '2010/11', n: '6' }, { p: '2011/12', n: '8' }, { p: '2015/16', n: '10' }, { p: '2016/17', n: '12' },
    ]);
  }, 60_000);

  test('added columns never collide: force, region … become *_canonical, then *_canonical_2', async () => {
    await nativeRows(`CREATE OR REPLACE TABLE clash AS SELECT 'Kent' AS "Force", 'x' AS "FORCE_CANONICAL", 1 AS is_total, 'FY 2023/24' AS period`);
    const roles = recogniseRoles(await columnSamples('clash'));
    expect(normalisedColumns(roles).names).toEqual({
      force: 'force_canonical_2', force_code: 'force_code', region: 'region', period: 'period_canonical',
      period_start: 'period_start', period_type: 'period_type', is_total: 'is_total_canonical',
    });
    await check('clash', roles);
  });

  test('user mappings and region overrides apply, and win over the domain', async () => {
    await nativeRows(`CREATE OR REPLACE TABLE typos AS SELECT * FROM (VALUES ('Thames Vally'), ('Kent'), ('Met'), ('Kent'), (NULL), ('  ')) t(force)`);
    const roles: ColumnRole[] = [{ name: 'force', type: 'VARCHAR', role: 'force', totals: false, confidence: 1, reason: '' }];
    expect(await nativeRows(unmatchedValuesSql('typos', roles[0]))).toEqual([{ value: 'Thames Vally', row_count: '1' }]);
    await runAll(nativeRows, mappingTablesSql({
      mappings: [{ role: 'force', value: 'thames vally', to: 'thames-valley' }, { role: 'force', value: 'Met', to: 'city-of-london' }],
      regionOverrides: { kent: 'south-east' },
    }));
    await nativeRows(normalisedViewSql('typos', roles));
    expect(await nativeRows(`SELECT force, force_canonical AS f, region FROM typos_norm ORDER BY force NULLS LAST`)).toEqual([
      { force: '  ', f: null, region: null }, { force: 'Kent', f: 'Kent', region: 'South East' }, { force: 'Kent', f: 'Kent', region: 'South East' },
      { force: 'Met', f: 'City of London', region: 'London' }, { force: 'Thames Vally', f: 'Thames Valley', region: 'South East' }, { force: null, f: null, region: null },
    ]);
    expect(await nativeRows(unmatchedValuesSql('typos', roles[0]))).toEqual([]);
    await runAll(nativeRows, mappingTablesSql());
  });

  test('a role that has no unmatched list is refused with a message', () => {
    const role: ColumnRole = { name: 'n', type: 'BIGINT', role: 'measure', unit: 'count', aggregation: 'sum', confidence: 1, reason: '' };
    expect(() => unmatchedValuesSql('t', role)).toThrow('not for a measure column ("n")');
  });
});

describe('subtotals in a table of categories over sub-categories (native DuckDB)', () => {
  test('a "Total <category>" or "…, of which" row is a total beside the rows it totals; alone under its category it is the figure', async () => {
    // Home Office use-of-force Table 1's shape, cut down: its own numbers for Restraint, Firearms and the grand total.
    await nativeRows(`CREATE OR REPLACE TABLE uof_t1 AS SELECT * FROM (VALUES
      ('Total (excluding not reported)', 'Total Tactics', 456364),
      ('Restraint', 'Total Restraint', 451578), ('Restraint', 'Handcuffing, of which', 350470),
      ('Restraint', 'Compliant handcuffing', 197091), ('Restraint', 'Non-compliant handcuffing', 114690),
      ('Restraint', 'Handcuffing not stated', 38689), ('Restraint', 'Limb / Body restraints', 30603),
      ('Restraint', 'Ground restraint', 70505), ('Firearms', 'Total Firearms', 4786)
    ) AS t("Type of force", "Tactic", "Times")`);
    await runAll(nativeRows, mappingTablesSql());
    const roles = recogniseRoles(await columnSamples('uof_t1'));
    expect(roles.map((r) => [r.name, r.role, r.role === 'dimension' ? r.totals : undefined])).toEqual([
      ['Type of force', 'dimension', true], ['Tactic', 'dimension', true], ['Times', 'measure', undefined],
    ]);
    await nativeRows(normalisedViewSql('uof_t1', roles));
    const kept = await nativeRows(`SELECT "Type of force" AS type, sum("Times")::INTEGER AS n FROM uof_t1_norm WHERE NOT is_total GROUP BY 1 ORDER BY 1`);
    // Each category as the sheet's own "Total <category>" row gives it; the grand total row is left out.
    expect(kept).toEqual([{ type: 'Firearms', n: 4786 }, { type: 'Restraint', n: 451578 }]);
    // The same with the lone values read once and written into the view (as DomainState does), not counted per query.
    const lone = Object.fromEntries(
      await Promise.all(['Type of force', 'Tactic'].map(async (c) => [c, (await nativeRows(loneValuesSql('uof_t1', c))).map((r) => String(r.v))] as const)),
    );
    expect(lone['Type of force']).toEqual(['Firearms', 'Total (excluding not reported)']);
    const sql = normalisedViewSql('uof_t1', roles, { lone });
    expect(sql).not.toMatch(/OVER \(PARTITION/);
    await nativeRows(sql);
    expect(await nativeRows(`SELECT "Type of force" AS type, sum("Times")::INTEGER AS n FROM uof_t1_norm WHERE NOT is_total GROUP BY 1 ORDER BY 1`)).toEqual(kept);
  });
});

describe('end to end in DuckDB-WASM 1.28.0 (DuckDB 0.9.1)', () => {
  let wasm: Wasm;
  beforeAll(async () => {
    wasm = await openWasm();
    await runAll(wasm.rows, mappingTablesSql());
  }, 60_000);
  afterAll(() => wasm?.close());

  test('messy sample: clean, recognise, normalise, list unmatched', async () => {
    const plan = detectMessyCsv(messyText);
    wasm.registerText('messy.csv', messyText);
    const sql = cleanCsvSql('messy.csv', 'messy', plan);
    await runAll(wasm.rows, [...sql.setup, sql.raw, sql.clean, sql.dropRaw]);
    const desc = await wasm.rows('DESCRIBE messy');
    const sample = await wasm.rows('SELECT * FROM messy LIMIT 1000');
    const roles = recogniseRoles(desc.map((d, i) => ({ name: String(d.column_name), type: String(d.column_type), sample: sample.map((r) => r[String(d.column_name)]), unit: plan.columns[i].unit })));
    expect(roles.map((r) => r.role)).toEqual(['force', 'period', 'measure', 'measure', 'measure', 'dimension']);
    await wasm.run(normalisedViewSql('messy', roles));
    // "force" would be the file's own "Force" column (names are case-insensitive): the added one is force_canonical.
    expect(normalisedColumns(roles).names.force).toBe('force_canonical');
    // Counted from the file's own lines by the JS matchers.
    expect(await wasm.rows(`SELECT count(*) AS n, count(force_canonical) AS forces, count(period) AS periods, count(*) FILTER (WHERE is_total) AS totals FROM messy_norm`)).toEqual([
      {
        n: String(messyData.length),
        forces: String(messyData.filter(([f]) => matchForce(f)).length),
        periods: String(messyData.filter(([, y]) => readPeriod(y)).length),
        totals: String(messyData.filter(([f]) => expectedForce(f).is_total).length),
      },
    ]);
    const got = await wasm.rows(`SELECT DISTINCT "Force" AS v, force_canonical AS force, region, is_total FROM messy_norm ORDER BY v`);
    for (const r of got) {
      const e = expectedForce(String(r.v));
      expect({ v: r.v, force: r.force, region: r.region, is_total: r.is_total }).toEqual({ v: r.v, force: e.force, region: e.region, is_total: e.is_total });
    }
    expect(await wasm.rows(unmatchedValuesSql('messy', roles[0]))).toEqual([]);
    expect(await wasm.rows(unmatchedValuesSql('messy', roles[1]))).toEqual([]);
    expect(await wasm.rows(`SELECT DISTINCT "Financial year" AS y, period, CAST(period_start AS VARCHAR) AS s FROM messy_norm ORDER BY y`)).toEqual([
      { y: '2022-23', period: '2022/23', s: '2022-04-01' }, { y: '2022/23', period: '2022/23', s: '2022-04-01' },
      { y: '2023/24', period: '2023/24', s: '2023-04-01' }, { y: 'FY 2023/24', period: '2023/24', s: '2023-04-01' },
    ]);
  }, 60_000);

  test('police files with totals, region headings and timestamps', async () => {
    for (const [table, file, has] of [
      ['incidents', 'home-office/use_of_force_incidents_2019-20.csv', { totals: true, forces: true }],
      ['fte', 'home-office/officer_fte_by_force_region_2019.csv', { totals: true, forces: true }],
      ['searches', 'stop-and-search/2019-08-city-of-london-stop-and-search.csv', { totals: false, forces: false }],
    ] as const) {
      const path = str(testdataPath(`police/${file}`));
      await wasm.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv_auto(${path})`);
      const desc = await wasm.rows(`DESCRIBE ${table}`);
      const sample = await wasm.rows(`SELECT * FROM ${table} LIMIT 1000`);
      const roles = recogniseRoles(desc.map((d) => ({ name: String(d.column_name), type: String(d.column_type), sample: sample.map((r) => r[String(d.column_name)]) })));
      await wasm.run(normalisedViewSql(table, roles));
      const { names, sources } = normalisedColumns(roles);
      const [r] = await wasm.rows(
        `SELECT count(*) AS n, count(*) FILTER (WHERE is_total) AS totals, ${names.force ? `count(${names.force})` : '0::BIGINT'} AS forces FROM ${table}_norm`,
      );
      // The same file read by native DuckDB, its rows judged one by one by the JS matchers.
      const raw = await nativeRows(`SELECT * FROM read_csv_auto(${path})`);
      const rule = totalsRule(roles);
      const expected = {
        n: String(raw.length),
        totals: String(raw.filter((row) => rule(row)).length),
        forces: String(sources.force ? raw.filter((row) => row[sources.force!.name] !== null && matchForce(String(row[sources.force!.name]))).length : 0),
      };
      expect({ table, ...r }).toEqual({ table, ...expected });
      // The files do have what the check is about.
      expect({ table, totals: expected.totals !== '0', forces: expected.forces !== '0' }).toEqual({ table, ...has });
    }
    // A TIMESTAMPTZ column (0.9.1 without ICU has no TIMESTAMPTZ → DATE cast) reads as a date period.
    expect(await wasm.rows(`SELECT period_type, count(*) AS n, min(period) AS first FROM searches_norm GROUP BY ALL`)).toEqual([
      { period_type: 'date', n: '336', first: '2019-08-01' },
    ]);
    expect(await wasm.rows(unmatchedValuesSql('incidents', { name: 'Region', type: 'VARCHAR', role: 'region', totals: true, confidence: 1, reason: '' }))).toEqual([
      { value: 'East of England', row_count: '7' }, { value: 'Wales', row_count: '5' },
    ]);
  });

  test('period readings written into the view give the same rows as parsing them in the view, with no period parser left to plan', async () => {
    // The wide IOPC table read long (one period column, "04/05" … "19/20"), the messy sample, the stop-and-search dates.
    const deaths = str(testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv'));
    await wasm.run(`CREATE TABLE deaths AS SELECT * FROM read_csv_auto(${deaths})`);
    const dd = await wasm.rows('DESCRIBE deaths');
    const wide = detectWideTable(dd.map((d) => String(d.column_name)))!;
    expect(wide).toBeTruthy();
    await wasm.run(longViewSql('deaths', wide));
    // And a value no period reader takes, so that the unmatched report has something to list.
    await wasm.run(`CREATE TABLE oddp AS SELECT * FROM (VALUES ('Kent', '2019/20', 1), ('Kent', 'Q5 2019', 2), ('Essex', '2020/21', 3), ('Essex', 'Q5 2019', 4)) t(force, "Financial year", n)`);
    for (const table of ['deaths_long', 'messy', 'searches', 'oddp']) {
      const desc = await wasm.rows(`DESCRIBE ${table}`);
      const sample = await wasm.rows(`SELECT * FROM ${table} LIMIT 1000`);
      const roles = recogniseRoles(desc.map((d) => ({ name: String(d.column_name), type: String(d.column_type), sample: sample.map((r) => r[String(d.column_name)]) })));
      const periods = (await wasm.rows(periodValuesSql(table, roles)!)).map((r) => ({ raw: String(r.raw), period: r.period as string | null, start: r.start as string | null, type: r.type as string | null }));
      expect(periods.length, table).toBeGreaterThan(0);
      // The same readings made in JavaScript from the column's text, as the app makes them for a non-date column.
      const texts = periodTextsSql(table, roles);
      if (texts) expect(readPeriodValues((await wasm.rows(texts.sql)).map((r) => String(r.raw)), texts.role), table).toEqual(periods);
      else expect(table).toBe('searches'); // a TIMESTAMPTZ column: read by the SQL, which casts it to a date
      await wasm.run(normalisedViewSql(table, roles, { view: `${table}_parsed` }));
      await wasm.run(normalisedViewSql(table, roles, { view: `${table}_inlined`, periods }));
      const all = (v: string) => wasm.rows(`SELECT * EXCLUDE (period_start), CAST(period_start AS VARCHAR) AS start FROM ${v} ORDER BY ALL`);
      const parsed = await all(`${table}_parsed`);
      expect(parsed.filter((r) => r.period !== null).length, table).toBeGreaterThan(0);
      expect(await all(`${table}_inlined`), table).toEqual(parsed);
      // The view with the readings written in has no period parser to plan: its SQL holds no soc_p_ macro.
      expect(normalisedViewSql(table, roles, { periods }), table).not.toMatch(/soc_p_|soc_period_text/);
      // So do the reports made from the same readings: unmatched values and period types, the same as parsed.
      const period = normalisedColumns(roles).sources.period!;
      expect(unmatchedValuesSql(table, period, { periods }), table).not.toMatch(/soc_p_|soc_period_text/);
      expect(await wasm.rows(unmatchedValuesSql(table, period, { periods })), table).toEqual(await wasm.rows(unmatchedValuesSql(table, period)));
      expect(await wasm.rows(periodTypesSql(table, period, periods)), table).toEqual(await wasm.rows(periodTypesSql(table, period)));
      if (table === 'oddp') expect(await wasm.rows(unmatchedValuesSql(table, period, { periods }))).toEqual([{ value: 'Q5 2019', row_count: '2' }]);
    }
    // Too many values to write in: the view parses them itself.
    const many = Array.from({ length: 2001 }, (_, i) => ({ raw: String(i), period: null, start: null, type: null }));
    const roles = recogniseRoles([{ name: 'Financial year', type: 'VARCHAR', sample: ['2019/20'] }, { name: 'n', type: 'BIGINT', sample: [1] }]);
    expect(normalisedViewSql('t', roles, { periods: many })).toMatch(/soc_period_text/);
  }, 60_000);
});

/**
 * The normalised relation `<table>_norm`: every original column, plus canonical force, region, period and threat
 * columns and an `is_total` flag, all computed in DuckDB. Each recognised column's distinct values are mapped once
 * (lookup tables from src/domain, period parsing by regexp) and LEFT JOINed back on the raw value, a unique key,
 * so no row is dropped or duplicated. Two forms give the same rows: normalisedViewSql() maps in every query on it
 * (12× a GROUP BY over the table at 1M rows); normalisedRelationSql() maps once into a small keys table that the view
 * joins by one hash (2–3×).
 * Past 300 lines because the macros, lookup tables and view SQL must agree exactly, so they change together.
 */
import {
  DIMENSION_TOTAL_PATTERN,
  foldText,
  forceLabels,
  FORCES,
  isTemporalType,
  normaliseForceText,
  REVISION_MARK,
  normaliseRegionText,
  OTHER_REGION_KEYS,
  regionById,
  regionLabels,
  regionOf,
  REGIONS,
  THREAT_TYPES,
  threatById,
  TOTAL_LABEL_PATTERN,
  type ColumnRole,
  PERIOD_TYPES,
  periodContext,
  readPeriod,
  type PeriodContext,
  type PeriodType,
  type RegionOverrides,
  type RoleKind,
} from '../domain';
import { ident, literal, str } from './sql';
import { periodMacros, yearInContextSql } from './period-sql';

// The lookup tables' names live with the rule that says they are the workbench's own.
export { MAPPING_TABLES, type MappingTables } from './own-objects';
import { MAPPING_TABLES, normalisedViewName, type MappingTables } from './own-objects';

/** A user's mapping of one unmatched value to a canonical force, region or threat (by id); it wins over the domain's. */
export interface ValueMapping {
  role: 'force' | 'region' | 'threat';
  value: string;
  to: string;
}

/** What the lookup tables hold beyond the domain data. */
export interface MappingOptions {
  mappings?: readonly ValueMapping[];
  regionOverrides?: RegionOverrides;
  tables?: Partial<MappingTables>;
}

// JS's \s, spelled for RE2, so SQL trims and blanks exactly what String.prototype.trim() does.
const WS = String.raw`[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`;

/** The key a force label is matched by, as soc_force_key() computes it in SQL: an ONS code, or normalised text. */
export function forceKey(text: string): string {
  const trimmed = text.trim();
  return /^[EW]\d{8}$/i.test(trimmed) ? `code:${trimmed.toUpperCase()}` : normaliseForceText(trimmed);
}

// DuckDB's strip_accents() is not NFKD ("²", "ﬁ", fullwidth letters survive it), so the SQL fold maps every
// character of the Latin and compatibility blocks to what foldText()'s NFKD gives, read from the JS engine itself.
const FOLD_BLOCKS: readonly [number, number][] = [
  [0xa0, 0x36f], [0x1d00, 0x1dbf], [0x1e00, 0x1eff], [0x2070, 0x209f], [0x2100, 0x214f], [0xfb00, 0xfb06], [0xff00, 0xffef],
];

function foldTable(): { from: string; to: string; multi: [string, string][] } {
  let from = '', to = '', gone = '';
  const multi: [string, string][] = [];
  for (const [lo, hi] of FOLD_BLOCKS) {
    for (let cp = lo; cp <= hi; cp++) {
      const c = String.fromCodePoint(cp);
      const r = c.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      if (r === c) continue;
      if (r === '') gone += c;
      else if (!/[A-Za-z0-9&]/.test(r)) continue; // folds to a separator either way
      else if ([...r].length === 1) (from += c), (to += r);
      else multi.push([c, r]);
    }
  }
  return { from: from + gone, to, multi };
}

const REGION_LIKE_KEYS = [...new Set([...REGIONS.flatMap((r) => regionLabels(r).map(normaliseRegionText)), ...OTHER_REGION_KEYS])].sort();

function macros(): string[] {
  const { from, to, multi } = foldTable();
  const nfkd = multi.reduce((e, [c, r]) => `replace(${e}, ${str(c)}, ${str(r)})`, `translate(s, ${str(from)}, ${str(to)})`);
  const suffix = String.raw`( (police service|police force|constabulary|police|service|force))+$`;
  return [
    `CREATE OR REPLACE MACRO soc_fold(s) AS trim(regexp_replace(replace(lower(${nfkd}), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))`,
    `CREATE OR REPLACE MACRO soc_is_blank(s) AS regexp_full_match(s, ${str(`${WS}*`)})`,
    `CREATE OR REPLACE MACRO soc_force_key(s) AS CASE WHEN regexp_matches(s, ${str(`^${WS}*[EWew][0-9]{8}${WS}*$`)}) ` +
      `THEN 'code:' || upper(regexp_replace(s, ${str(WS)}, '', 'g')) ` +
      `ELSE regexp_replace(regexp_replace(regexp_replace(soc_fold(s), '^the ', ''), ${str(REVISION_MARK.source)}, ''), ${str(suffix)}, '') END`,
    `CREATE OR REPLACE MACRO soc_region_key(s) AS regexp_replace(soc_fold(s), ' region$', '')`,
    `CREATE OR REPLACE MACRO soc_is_total(s) AS regexp_matches(soc_fold(s), ${str(TOTAL_LABEL_PATTERN)})`,
    `CREATE OR REPLACE MACRO soc_is_dimension_total(s) AS regexp_matches(soc_fold(s), ${str(DIMENSION_TOTAL_PATTERN)})`,
    `CREATE OR REPLACE MACRO soc_is_region_like(s) AS soc_region_key(s) IN (${REGION_LIKE_KEYS.map(str).join(', ')})`,
    ...periodMacros(WS),
  ];
}

interface ForceRow { key: string; forceId: string; source: 'domain' | 'user' }
interface KeyedRow { key: string; id: string; source: 'domain' | 'user' }

/** The rows of the three lookup tables: the domain's labels by normalised key, the user's mappings winning. */
export function mappingRows(options: MappingOptions = {}): { force: ForceRow[]; region: KeyedRow[]; threat: KeyedRow[] } {
  const force = new Map<string, ForceRow>();
  const region = new Map<string, KeyedRow>();
  const threat = new Map<string, KeyedRow>();
  for (const m of options.mappings ?? []) {
    const known = m.role === 'force' ? FORCES.some((f) => f.id === m.to) : m.role === 'region' ? !!regionById(m.to) : !!threatById(m.to);
    if (!known) throw new RangeError(`unknown ${m.role} id ${JSON.stringify(m.to)} in the mapping of ${JSON.stringify(m.value)}`);
    const key = m.role === 'force' ? forceKey(m.value) : m.role === 'region' ? normaliseRegionText(m.value) : foldText(m.value);
    if (key === '') throw new RangeError(`cannot map ${JSON.stringify(m.value)}: it has no letters or digits to match by`);
    if (m.role === 'force') force.set(key, { key, forceId: m.to, source: 'user' });
    else (m.role === 'region' ? region : threat).set(key, { key, id: m.to, source: 'user' });
  }
  const add = <T extends { key: string }>(map: Map<string, T>, row: T) => {
    if (!map.has(row.key)) map.set(row.key, row);
  };
  for (const f of FORCES) {
    for (const label of forceLabels(f)) add(force, { key: forceKey(label), forceId: f.id, source: 'domain' });
    if (f.code) add(force, { key: forceKey(f.code), forceId: f.id, source: 'domain' });
  }
  for (const r of REGIONS) for (const label of regionLabels(r)) add(region, { key: normaliseRegionText(label), id: r.id, source: 'domain' });
  for (const t of THREAT_TYPES) for (const label of [t.name, ...t.aliases]) add(threat, { key: foldText(label), id: t.id, source: 'domain' });
  const sorted = <T extends { key: string }>(m: Map<string, T>) => [...m.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { force: sorted(force), region: sorted(region), threat: sorted(threat) };
}

const tableNames = (options?: { tables?: Partial<MappingTables> }): MappingTables => ({ ...MAPPING_TABLES, ...options?.tables });
// DuckDB-WASM 0.9.1 overflows its stack (a wasm crash, not an error) parsing a VALUES list of a few thousand rows.
const INSERT_CHUNK = 500;

function inserts(table: string, rows: (string | boolean | null)[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => `(${r.map(literal).join(', ')})`);
    out.push(`INSERT INTO ${ident(table)} VALUES\n  ${chunk.join(',\n  ')}`);
  }
  return out;
}

/**
 * Statements that create the SQL helpers (soc_* macros) and the lookup tables: force alias → canonical force, code
 * and region (after overrides); region and threat aliases. Run them before any view, and again when mappings change.
 */
export function mappingTablesSql(options: MappingOptions = {}): string[] {
  const t = tableNames(options);
  const rows = mappingRows(options);
  const forceRows = rows.force.map((r) => {
    const f = FORCES.find((x) => x.id === r.forceId)!;
    const regionId = regionOf(f.id, options.regionOverrides) ?? null;
    return [r.key, f.id, f.name, f.code, regionId, regionId ? regionById(regionId)!.name : null, f.territorial, r.source];
  });
  const regionRows = rows.region.map((r) => [r.key, r.id, regionById(r.id)!.name, r.source]);
  const threatRows = rows.threat.map((r) => [r.key, r.id, threatById(r.id)!.name, r.source]);
  return [
    ...macros(),
    `CREATE OR REPLACE TABLE ${ident(t.force)} (key VARCHAR PRIMARY KEY, force_id VARCHAR NOT NULL, force VARCHAR NOT NULL, ` +
      `force_code VARCHAR, region_id VARCHAR, region VARCHAR, territorial BOOLEAN NOT NULL, source VARCHAR NOT NULL)`,
    ...inserts(t.force, forceRows),
    `CREATE OR REPLACE TABLE ${ident(t.region)} (key VARCHAR PRIMARY KEY, region_id VARCHAR NOT NULL, region VARCHAR NOT NULL, source VARCHAR NOT NULL)`,
    ...inserts(t.region, regionRows),
    `CREATE OR REPLACE TABLE ${ident(t.threat)} (key VARCHAR PRIMARY KEY, threat_id VARCHAR NOT NULL, threat_type VARCHAR NOT NULL, source VARCHAR NOT NULL)`,
    ...inserts(t.threat, threatRows),
  ];
}

/** Where normalisation reads from and what it writes, when not the defaults. */
export interface NormaliseOptions {
  tables?: Partial<MappingTables>;
  /** The view's name; default `<table>_norm`. */
  view?: string;
  /** Which column to use when several have the role; default the most confident, then the first. */
  columns?: Partial<Record<'force' | 'region' | 'period' | 'threat', string>>;
  /** A condition over the table's columns (alias `b`) marking more rows as totals: aggregates found by arithmetic. */
  aggregates?: string;
  /**
   * The period column's readings, made once by periodValuesSql(): written into the view as values, so that a query on
   * the view does not plan the period parsers again (DuckDB-WASM takes up to a second to plan their macros, on every
   * chart). Without it the view parses the periods itself.
   */
  periods?: readonly PeriodValue[];
  /**
   * Per category column, its values that stand on one row only (loneValuesSql), read once: written into the view so
   * that keeping a lone subtotal costs no count over the table in every query on it. Without it the view counts.
   */
  lone?: Readonly<Record<string, readonly string[]>>;
}

/** Most lone values written into the view as a list; past this the view counts them itself. */
export const MAX_LONE_VALUES = 2000;

/** The values of `column` that stand on one row only, as text: `v`; one more than MAX_LONE_VALUES at most. */
export function loneValuesSql(table: string, column: string): string {
  return `SELECT ${asText(ident(column))} AS v FROM ${ident(table)} GROUP BY 1 HAVING count(*) = 1 ORDER BY 1 LIMIT ${MAX_LONE_VALUES + 1}`;
}

/** One raw period value (as text) and its reading, from periodValuesSql(). */
export interface PeriodValue {
  raw: string;
  period: string | null;
  start: string | null;
  type: string | null;
}

/** Beyond these the view parses its periods itself: DuckDB-WASM 1.28.0 fails on statements much over 64k characters. */
const INLINE_PERIODS = { values: 2000, chars: 24_000 };

/**
 * The distinct values of the period column of `table` with their readings (columns raw, period, start, type, all
 * text), for NormaliseOptions.periods; null when no column has the period role.
 */
export function periodValuesSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): string | null {
  const { sources } = normalisedColumns(roles, options);
  if (!sources.period) return null;
  return `SELECT ${asText('raw')} AS raw, ${asText('period')} AS period, ${asText('period_start')} AS start, ${asText('period_type')} AS type ` +
    `FROM (${mapSql(table, sources.period, 'period', tableNames(options))}) ORDER BY 1 LIMIT ${INLINE_PERIODS.values + 1}`;
}

/**
 * For a period column that is not a date type: SQL for its distinct values as text (column raw), to be read by
 * readPeriodValues() in JavaScript rather than by the SQL parsers (planning them costs DuckDB-WASM up to a second per
 * statement; the two readings agree on every form, test/query/normalise.test.ts). Null for a date column or none.
 */
export function periodTextsSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): { sql: string; role: ColumnRole } | null {
  const { sources } = normalisedColumns(roles, options);
  const role = sources.period;
  if (!role || isTemporalType(role.type)) return null;
  return { sql: `SELECT DISTINCT ${asText(ident(role.name))} AS raw FROM ${ident(table)} WHERE ${ident(role.name)} IS NOT NULL ORDER BY 1 LIMIT ${INLINE_PERIODS.values + 1}`, role };
}

/** The readings periodValuesSql() gives, made in JavaScript from the values periodTextsSql() lists. */
export function readPeriodValues(texts: readonly string[], role: ColumnRole): PeriodValue[] {
  const preferred = role.role === 'period' ? role.periodType : undefined;
  const context = periodContext(role.name);
  return texts.map((raw) => {
    const p = readPeriod(raw, preferred, context);
    return { raw, period: p?.label ?? null, start: p?.start ?? null, type: p?.type ?? null };
  });
}

/** The period readings as a subquery, or null when there are none or too many to write into a view. */
function inlinePeriods(values: readonly PeriodValue[] | undefined): string | null {
  if (!values?.length || values.length > INLINE_PERIODS.values) return null;
  const text = (v: string | null) => (v === null ? 'NULL' : str(v));
  const rows = values.map((v) => `(${text(v.raw)}, ${text(v.period)}, ${text(v.start)}, ${text(v.type)})`).join(', ');
  if (rows.length > INLINE_PERIODS.chars) return null;
  return `SELECT raw, period, CAST(start AS DATE) AS period_start, CAST(type AS VARCHAR) AS period_type, FALSE AS is_total ` +
    `FROM (VALUES ${rows}) AS v(raw, period, start, type)`;
}

/** The columns normalisation adds, by their canonical name; each is renamed `<name>_canonical` if the table has one. */
export type AddedColumn = 'force' | 'force_code' | 'region' | 'period' | 'period_start' | 'period_type' | 'threat_type' | 'is_total';

function pick(roles: readonly ColumnRole[], kind: RoleKind, chosen?: string): ColumnRole | undefined {
  if (chosen !== undefined) {
    const r = roles.find((x) => x.name === chosen);
    if (!r) throw new RangeError(`${JSON.stringify(chosen)} is not a column of this table (columns: ${roles.map((x) => x.name).join(', ')})`);
    return r;
  }
  return roles.filter((r) => r.role === kind).reduce<ColumnRole | undefined>((a, b) => (!a || b.confidence > a.confidence ? b : a), undefined);
}

/** The name to give an added column so that it never collides with an existing one. */
function outName(base: string, taken: Set<string>): string {
  const lower = new Set([...taken].map((n) => n.toLowerCase()));
  let name = base;
  for (let i = 1; lower.has(name.toLowerCase()); i++) name = i === 1 ? `${base}_canonical` : `${base}_canonical_${i}`;
  return name;
}

/** The names the view gives its added columns, and the source column behind each role (DuckDB names are case-insensitive). */
export function normalisedColumns(
  roles: readonly ColumnRole[],
  options: NormaliseOptions = {},
): { sources: Partial<Record<'force' | 'region' | 'period' | 'threat', ColumnRole>>; dimensions: ColumnRole[]; names: Partial<Record<AddedColumn, string>> } {
  const c = options.columns ?? {};
  const sources = {
    force: pick(roles, 'force', c.force),
    region: pick(roles, 'region', c.region),
    period: pick(roles, 'period', c.period),
    threat: pick(roles, 'threat', c.threat),
  };
  const wanted: AddedColumn[] = [
    ...(sources.force ? (['force', 'force_code'] as const) : []),
    ...(sources.force || sources.region ? (['region'] as const) : []),
    ...(sources.period ? (['period', 'period_start', 'period_type'] as const) : []),
    ...(sources.threat ? (['threat_type'] as const) : []),
    'is_total',
  ];
  const taken = new Set(roles.map((r) => r.name));
  const names: Partial<Record<AddedColumn, string>> = {};
  for (const w of wanted) taken.add((names[w] = outName(w, taken)));
  const used = new Set(Object.values(sources).map((r) => r?.name));
  const dimensions = roles.filter((r) => (r.role === 'dimension' || r.role === 'force' || r.role === 'region' || r.role === 'threat') && r.totals && !used.has(r.name));
  return { sources, dimensions, names };
}

const distinct = (table: string, column: string) => `SELECT DISTINCT ${ident(column)} AS raw FROM ${ident(table)} WHERE ${ident(column)} IS NOT NULL`;
const asText = (e: string) => `CAST(${e} AS VARCHAR)`;

/** One mapped-values subquery per role: raw value (unique) → canonical columns and is_total. */
function mapSql(table: string, role: ColumnRole, kind: 'force' | 'region' | 'period' | 'threat', t: MappingTables, withTotals = true): string {
  const v = asText('v.raw');
  switch (kind) {
    case 'force':
      return `SELECT v.raw, m.force, m.force_code, m.region, ` +
        `(m.key IS NULL AND (soc_is_total(${v}) OR soc_is_region_like(${v}))) AS is_total ` +
        `FROM (${distinct(table, role.name)}) AS v LEFT JOIN ${ident(t.force)} AS m ON m.key = soc_force_key(${v})`;
    case 'region':
      return `SELECT v.raw, m.region, ${withTotals ? `(m.key IS NULL AND soc_is_total(${v}))` : 'FALSE'} AS is_total ` +
        `FROM (${distinct(table, role.name)}) AS v LEFT JOIN ${ident(t.region)} AS m ON m.key = soc_region_key(${v})`;
    case 'threat':
      return `SELECT v.raw, m.threat_type, (m.key IS NULL AND soc_is_total(${v})) AS is_total ` +
        `FROM (${distinct(table, role.name)}) AS v LEFT JOIN ${ident(t.threat)} AS m ON m.key = soc_fold(${v})`;
    case 'period': {
      if (isTemporalType(role.type)) {
        // TIMESTAMPTZ → DATE has no cast without ICU (DuckDB-WASM 0.9.1); through TIMESTAMP it reads as UTC.
        const day = `CAST(CAST(raw AS TIMESTAMP) AS DATE)`;
        // Dates under "12 months ending" end rolling years (the Home Office's recorded crime by PFA).
        if (periodContext(role.name)?.kind === 'rolling-year') {
          return `SELECT raw, struct_extract(p, 'label') AS period, struct_extract(p, 'start') AS period_start, struct_extract(p, 'type') AS period_type, ` +
            `FALSE AS is_total FROM (SELECT raw, soc_rolling_of(${day}) AS p FROM (${distinct(table, role.name)}))`;
        }
        return `SELECT raw, strftime(d, '%Y-%m-%d') AS period, d AS period_start, 'date' AS period_type, FALSE AS is_total ` +
          `FROM (SELECT raw, ${day} AS d FROM (${distinct(table, role.name)}))`;
      }
      const preferred = role.role === 'period' ? role.periodType : undefined;
      return `SELECT raw, struct_extract(p, 'label') AS period, struct_extract(p, 'start') AS period_start, ` +
        `struct_extract(p, 'type') AS period_type, FALSE AS is_total ` +
        `FROM (SELECT raw, ${periodExpr('t', preferred, periodContext(role.name))} AS p FROM (SELECT raw, soc_period_text(${asText('raw')}) AS t FROM (${distinct(table, role.name)})))`;
    }
  }
}

const PERIOD_MACRO: Record<PeriodType, string> = {
  'financial-year': 'soc_p_fy', 'calendar-year': 'soc_p_cy', quarter: 'soc_p_quarter', month: 'soc_p_month', date: 'soc_p_date',
  'rolling-year': 'soc_p_rolling', point: 'soc_p_point',
};

/**
 * SQL for the reading of cleaned period text `t` (soc_period_text()) that readPeriod(text, preferred, context) gives.
 */
export function periodExpr(t: string, preferred?: PeriodType, context?: PeriodContext): string {
  const order = preferred ? [preferred, ...PERIOD_TYPES.filter((p) => p !== preferred)] : PERIOD_TYPES;
  // A header's context changes some readings (periods.ts parsersIn()): under "12 months ending" a date or month is a
  // rolling year; under "As at 31 March" or "Mid-year" a bare year is a point in time, not a calendar year.
  const reading = (p: PeriodType, x: string) => {
    if (context?.kind === 'rolling-year') {
      if (p === 'month' || p === 'date') return 'NULL';
      if (p === 'rolling-year') return `soc_p_rolling(${x}), soc_rolling_of(soc_end_of(${x}))`;
    } else if (context) {
      if (p === 'calendar-year') return 'NULL';
      if (p === 'point') return `soc_p_point(${x}), ${yearInContextSql(x, context)}`;
    }
    return `${PERIOD_MACRO[p]}(${x})`;
  };
  return `coalesce(${order.map((p) => reading(p, t)).join(', ')})`;
}

/** Joins `added` needs, by role: the subquery's alias and the source column. Subqueries read distinct values from `from`. */
function plan(table: string, roles: readonly ColumnRole[], options: NormaliseOptions, from = table) {
  const { sources, dimensions, names } = normalisedColumns(roles, options);
  const t = tableNames(options);
  const joins: { alias: string; column: string; sql: string; totals: boolean; asText?: boolean }[] = [];
  const alias = (base: string) => cteName(base, table);
  if (sources.force) joins.push({ alias: alias('soc_n_force'), column: sources.force.name, sql: mapSql(from, sources.force, 'force', t), totals: true });
  if (sources.region)
    joins.push({ alias: alias('soc_n_region'), column: sources.region.name, sql: mapSql(from, sources.region, 'region', t, !sources.force), totals: !sources.force });
  if (sources.period) {
    // Periods written in as text values are joined by the column's text.
    const inline = inlinePeriods(options.periods);
    joins.push({ alias: alias('soc_n_period'), column: sources.period.name, sql: inline ?? mapSql(from, sources.period, 'period', t), totals: false, asText: !!inline });
  }
  if (sources.threat) joins.push({ alias: alias('soc_n_threat'), column: sources.threat.name, sql: mapSql(from, sources.threat, 'threat', t), totals: true });
  dimensions.forEach((d, i) =>
    joins.push({
      alias: alias(`soc_n_total${i + 1}`),
      column: d.name,
      sql: `SELECT raw, soc_is_dimension_total(${asText('raw')}) AS is_total FROM (${distinct(from, d.name)})`,
      totals: true,
    }),
  );
  return { sources, names, joins };
}

// DuckDB names are case-insensitive: a subquery named as the table would stand for it.
const cteName = (base: string, table: string) => (base.toLowerCase() === table.toLowerCase() ? `${base}_` : base);

type Plan = ReturnType<typeof plan>;

/**
 * A subtotal is one only beside what it totals. In a table of categories over sub-categories (Home Office
 * use-of-force Table 1: "Restraint" over "Total Restraint", "Handcuffing, of which", "Compliant handcuffing", …) a
 * "Total Firearms" row alone under "Firearms" is that category's only figure, not a total of others: a row whose
 * value in another category column is on no other row (and is no total itself) is kept. `rowsWith(c)` counts the
 * table's rows holding b's value of column c.
 */
function lone(x: { alias: string }, categories: readonly { alias: string; column: string }[], known: NormaliseOptions['lone'], rowsWith: (column: string) => string): string {
  const others = categories.filter((c) => c !== x);
  const alone = (c: { column: string }) => {
    const values = known?.[c.column];
    return values ? (values.length ? `${asText(`b.${ident(c.column)}`)} IN (${values.map(str).join(', ')})` : 'FALSE') : `${rowsWith(c.column)} = 1`;
  };
  return `(${others.map((c) => `(${alone(c)} AND NOT coalesce(${ident(c.alias)}.is_total, FALSE))`).join(' OR ')})`;
}

/**
 * The added columns over `b` LEFT JOINed to the plan's subqueries: the canonical ones as [expression, name], and
 * is_total's terms except options.aggregates (empty when nothing can be a total). Both forms of `<table>_norm`
 * compute them with this, over the table's rows or over its distinct key values.
 */
function addedColumns(p: Plan, options: NormaliseOptions, rowsWith: (column: string) => string): { columns: [string, string][]; totals: string[] } {
  const { sources, names, joins } = p;
  const j = (role: string) => joins.find((x) => x.alias.startsWith(`soc_n_${role}`))?.alias;
  const col = (alias: string | undefined, c: string) => `${ident(alias!)}.${c}`;
  const columns: [string, string][] = [];
  const as = (expr: string, name: AddedColumn) => columns.push([expr, names[name]!]);
  if (sources.force) {
    as(col(j('force'), 'force'), 'force');
    as(col(j('force'), 'force_code'), 'force_code');
  }
  if (sources.force && sources.region) as(`coalesce(${col(j('force'), 'region')}, ${col(j('region'), 'region')})`, 'region');
  else if (sources.force) as(col(j('force'), 'region'), 'region');
  else if (sources.region) as(col(j('region'), 'region'), 'region');
  if (sources.period) for (const c of ['period', 'period_start', 'period_type'] as const) as(col(j('period'), c), c);
  if (sources.threat) as(col(j('threat'), 'threat_type'), 'threat_type');
  const flag = (x: { alias: string }) => `coalesce(${ident(x.alias)}.is_total, FALSE)`;
  const categories = joins.filter((x) => x.alias.includes('soc_n_total'));
  const totals = joins
    .filter((x) => x.totals)
    .map((x) => (categories.includes(x) && categories.length > 1 ? `(${flag(x)} AND NOT ${lone(x, categories, options.lone, rowsWith)})` : flag(x)));
  return { columns, totals };
}

/** The plan's subqueries as CTEs, and their LEFT JOINs to `b`. */
function joined(p: Plan): { ctes: string[]; joins: string[] } {
  // Period and dimension-total values are functions of the raw value alone, so DuckDB 0.9.1 pushes a filter on them
  // (WHERE period = '2022/23') through the DISTINCT onto the table scan and runs the parsing macros on every row
  // instead of every value: 25× slower at 100k rows. MATERIALIZED stops that; force, region and threat values come
  // from a lookup join, which a filter cannot pass, and stay inlined (cheaper in native DuckDB).
  const ctes = p.joins.map((x) => `${ident(x.alias)} AS ${/^soc_n_(period|total)/.test(x.alias) ? 'MATERIALIZED ' : ''}(${x.sql})`);
  const joins = p.joins.map((x) => `LEFT JOIN ${ident(x.alias)} ON ${x.asText ? asText(`b.${ident(x.column)}`) : `b.${ident(x.column)}`} = ${ident(x.alias)}.raw`);
  return { ctes, joins };
}

/**
 * `CREATE OR REPLACE VIEW "<table>_norm"`: every column of `table`, then force, force_code, region (from a force or
 * region column), period, period_start, period_type (from a period column), threat_type, and is_total. `roles` has
 * one entry per column (recogniseRoles' output, corrected by the user). Needs mappingTablesSql() to have run.
 * Each query on it maps every row again (about 12× a GROUP BY over the table at 1M rows): normalisedRelationSql()
 * makes the same rows fast; this form needs no table of its own, and is what that one is checked against.
 */
export function normalisedViewSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): string {
  const p = plan(table, roles, options);
  const { columns, totals } = addedColumns(p, options, (c) => `count(*) OVER (PARTITION BY b.${ident(c)})`);
  if (options.aggregates) totals.push(`coalesce(${options.aggregates}, FALSE)`);
  const select = ['b.*', ...[...columns, [totals.length ? totals.join(' OR ') : 'FALSE', p.names.is_total!]].map(([e, n]) => `${e} AS ${ident(n)}`)];
  const { ctes, joins } = joined(p);
  const view = options.view ?? normalisedViewName(table);
  return `CREATE OR REPLACE VIEW ${ident(view)} AS\n${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT ${select.join(', ')}\nFROM ${[`${ident(table)} AS b`, ...joins].join('\n')}`;
}

/**
 * The name of a normalised view's keys table (normalisedRelationSql): a TEMP table named as the view with `_norm`
 * once more. TEMP keeps it out of the catalogue (CATALOGUE_SQL reads the database's own schema) and out of saved
 * work, as the builder's cubes are; the name makes it, by objectKind()'s rule (a `_norm` object beside the one it is
 * made from), the workbench's own in any list that shows temporary tables, so it is never recognised or shown.
 */
export const keysTableName = (view: string): string => normalisedViewName(view);

// Qualified wherever it is read or dropped: `main.x` and `x` find a TEMP table before the database's own.
const keysTable = (view: string) => `temp.main.${ident(keysTableName(view))}`;

/**
 * When a keys table is worth its memory: up to `minRows` rows always (a few MB), else up to `maxRowFraction` of the
 * table's rows. Past that (a table whose rows are nearly all distinct in the mapped columns) the view maps each row.
 */
export const KEYS_LIMITS = { minRows: 100_000, maxRowFraction: 0.1 } as const;

/** Whether a keys table of about `keys` rows beside a table of `rows` rows is within KEYS_LIMITS. */
export function keysWorthwhile(keys: number, rows: number): boolean {
  return keys <= Math.max(KEYS_LIMITS.minRows, rows * KEYS_LIMITS.maxRowFraction);
}

/** The columns the keys table of normalisedRelationSql is keyed by: every column the view maps, once each, in its order. */
export function keyColumnsOf(roles: readonly ColumnRole[], options: NormaliseOptions = {}): string[] {
  const { sources, dimensions } = normalisedColumns(roles, options);
  const seen = new Set<string>();
  return [sources.force, sources.region, sources.period, sources.threat, ...dimensions]
    .flatMap((r) => (r && !seen.has(r.name.toLowerCase()) && seen.add(r.name.toLowerCase()) ? [r.name] : []));
}

/**
 * One row, `keys` and `row_count`: about how many rows normalisedRelationSql's keys table would hold (a HyperLogLog
 * estimate of the distinct combinations of the mapped columns, in one pass with bounded memory) and the table's rows,
 * for keysWorthwhile(). Null when the view maps no column.
 */
export function keysEstimateSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): string | null {
  const keys = keyColumnsOf(roles, options);
  if (!keys.length) return null;
  return `SELECT approx_count_distinct(hash(${keys.map(ident).join(', ')})) AS keys, count(*) AS row_count FROM ${ident(table)}`;
}

/** The keys table's hash column: named apart from the table's columns and the added ones, which it also holds. */
function hashColumn(roles: readonly ColumnRole[], names: Plan['names']): string {
  return outName('soc_key', new Set([...roles.map((r) => r.name), ...Object.values(names)]));
}

/**
 * `CREATE OR REPLACE TEMP TABLE` of `view`'s keys (keysTableName()): one row per distinct combination of the mapped
 * columns (keyColumnsOf()), holding those columns, the added columns and is_total but for options.aggregates, computed
 * once, and a hash of the combination to join the table's rows by. Making it fails, and nothing is replaced, if two
 * combinations share a hash. Null when the view maps no column. Needs mappingTablesSql() to have run.
 */
export function normalisedKeysSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): string | null {
  const view = options.view ?? normalisedViewName(table);
  // The subqueries read the distinct combinations (one pass over the table), and lone subtotals count the rows by them.
  const combos = cteName('soc_n_keys', table);
  const p = plan(table, roles, options, combos);
  const keys = keyColumnsOf(roles, options);
  if (!keys.length) return null;
  const count = outName('soc_rows', new Set(roles.map((r) => r.name)));
  const { columns, totals } = addedColumns(p, options, (c) => `sum(b.${ident(count)}) OVER (PARTITION BY b.${ident(c)})`);
  const key = hashColumn(roles, p.names);
  const { ctes, joins } = joined(p);
  const collision = str(`two combinations of ${keys.join(', ')} in ${table} share a hash: ${view} cannot be keyed by it`);
  const select = [
    `hash(${keys.map((c) => `b.${ident(c)}`).join(', ')}) AS ${ident(key)}`,
    ...keys.map((c) => `b.${ident(c)}`),
    ...[...columns, [totals.length ? totals.join(' OR ') : 'FALSE', p.names.is_total!]].map(([e, n]) => `${e} AS ${ident(n)}`),
  ];
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(keysTableName(view))} AS\n` +
    `WITH ${[`${ident(combos)} AS MATERIALIZED (SELECT ${keys.map(ident).join(', ')}, count(*) AS ${ident(count)} FROM ${ident(table)} GROUP BY ALL)`, ...ctes].join(',\n')}\n` +
    `SELECT ${select.join(', ')}\n` +
    `FROM ${[`${ident(combos)} AS b`, ...joins].join('\n')}\n` +
    `QUALIFY CASE WHEN count(*) OVER (PARTITION BY ${ident(key)}) > 1 THEN error(${collision}) ELSE TRUE END`
  );
}

/**
 * One row over `view`'s keys, `keys` and `distinct_keys`: its rows, and the distinct hashes of `columns` alone (a
 * subset of keyColumnsOf()). Equal, those columns tell every key apart, and the keys can be hashed by them alone
 * (rekeySql): a region column beside a force column is, in most tables, one of the force's.
 */
export function distinctKeysSql(view: string, columns: readonly string[]): string {
  return `SELECT count(*) AS keys, count(DISTINCT hash(${columns.map(ident).join(', ')})) AS distinct_keys FROM ${keysTable(view)}`;
}

/** Hash `view`'s keys by `columns` alone, which distinctKeysSql() found tell them apart; then make the view by them. */
export function rekeySql(view: string, roles: readonly ColumnRole[], columns: readonly string[], options: NormaliseOptions = {}): string {
  const key = hashColumn(roles, normalisedColumns(roles, options).names);
  return `UPDATE ${keysTable(view)} SET ${ident(key)} = hash(${columns.map(ident).join(', ')})`;
}

/**
 * `CREATE OR REPLACE VIEW "<table>_norm"` over its keys table (normalisedKeysSql()): every column of `table` and the
 * added ones, as normalisedViewSql() gives them, by one hash join on `key` (default every mapped column; fewer after
 * rekeySql()); is_total adds options.aggregates, row by row.
 */
export function normalisedKeyedViewSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}, key?: readonly string[]): string {
  const view = options.view ?? normalisedViewName(table);
  const p = plan(table, roles, options);
  const isTotal = p.names.is_total!;
  // Their names alone: their values are the keys table's.
  const added = addedColumns(p, options, () => '').columns.map(([, n]) => n);
  const flag = [`coalesce(k.${ident(isTotal)}, FALSE)`, ...(options.aggregates ? [`coalesce(${options.aggregates}, FALSE)`] : [])].join(' OR ');
  const select = ['b.*', ...added.map((n) => `k.${ident(n)} AS ${ident(n)}`), `${flag} AS ${ident(isTotal)}`];
  const hash = `hash(${(key ?? keyColumnsOf(roles, options)).map((c) => `b.${ident(c)}`).join(', ')})`;
  return `CREATE OR REPLACE VIEW ${ident(view)} AS\nSELECT ${select.join(', ')}\nFROM ${ident(table)} AS b LEFT JOIN ${keysTable(view)} AS k ON ${hash} = k.${ident(hashColumn(roles, p.names))}`;
}

/**
 * `<table>_norm` with the same rows and columns as normalisedViewSql() gives, made fast: statements to run in order.
 * The mapping is computed once, per distinct combination of the mapped columns' values, into a keys table
 * (normalisedKeysSql()), and the view joins it by a hash of those columns (normalisedKeyedViewSql()): one hash join
 * instead of a DISTINCT and a join per mapped column in every query (2–3× a GROUP BY over the table at 1M rows, not
 * 12×, in DuckDB-WASM 1.28.0; DomainState hashes fewer columns where fewer tell the keys apart). The keys hold what
 * the table held when they were made: run these again when the table or the mappings change. keysEstimateSql() says
 * beforehand how many rows the keys will take. With no column to map, the per-row view and no keys.
 */
export function normalisedRelationSql(table: string, roles: readonly ColumnRole[], options: NormaliseOptions = {}): string[] {
  const keys = normalisedKeysSql(table, roles, options);
  if (!keys) return [dropKeysSql(options.view ?? normalisedViewName(table)), normalisedViewSql(table, roles, options)];
  return [keys, normalisedKeyedViewSql(table, roles, options)];
}

/** Drop a normalised view's keys table, if it has one. */
export function dropKeysSql(view: string): string {
  return `DROP TABLE IF EXISTS ${keysTable(view)}`;
}

/** Drop a normalised view and its keys table, if there are any. */
export function dropNormalisedSql(view: string): string[] {
  return [`DROP VIEW IF EXISTS ${ident(view)}`, dropKeysSql(view)];
}

/**
 * Values of `column` that did not map, with their row counts, most rows first: not a known force (region, threat
 * type, period), not a total or region heading, not blank. Columns: value VARCHAR, row_count BIGINT.
 */
export function unmatchedValuesSql(table: string, role: ColumnRole, options: { tables?: Partial<MappingTables>; periods?: readonly PeriodValue[] } = {}): string {
  const kind = role.role;
  if (kind !== 'force' && kind !== 'region' && kind !== 'period' && kind !== 'threat')
    throw new RangeError(`unmatched values are listed for force, region, period and threat columns, not for a ${kind} column (${JSON.stringify(role.name)})`);
  const mapped = { force: 'force', region: 'region', period: 'period', threat: 'threat_type' }[kind];
  const m = mappedValues(table, role, kind, tableNames(options), options.periods);
  return `WITH m AS MATERIALIZED (${m.sql})\n` +
    `SELECT ${asText('m.raw')} AS value, count(*) AS row_count FROM ${ident(table)} AS b JOIN m ON ${m.key} = m.raw\n` +
    `WHERE m.${mapped} IS NULL AND NOT m.is_total AND NOT soc_is_blank(${asText('m.raw')})\n` +
    `GROUP BY m.raw ORDER BY row_count DESC, value`;
}

/** Period types found in a period column over all its rows (to flag mixed years and financial years). */
export function periodTypesSql(table: string, role: ColumnRole, periods?: readonly PeriodValue[]): string {
  const m = mappedValues(table, role, 'period', MAPPING_TABLES, periods);
  return `WITH m AS MATERIALIZED (${m.sql})\n` +
    `SELECT m.period_type, count(DISTINCT m.raw) AS value_count, count(*) AS row_count FROM ${ident(table)} AS b JOIN m ON ${m.key} = m.raw\n` +
    `WHERE m.period_type IS NOT NULL GROUP BY m.period_type ORDER BY row_count DESC, m.period_type`;
}

/** A role's mapped values and the table's side of the join: periods read once (periodValuesSql) are joined as text. */
function mappedValues(table: string, role: ColumnRole, kind: 'force' | 'region' | 'period' | 'threat', t: MappingTables, periods?: readonly PeriodValue[]) {
  const inline = kind === 'period' ? inlinePeriods(periods) : null;
  const column = `b.${ident(role.name)}`;
  return inline ? { sql: inline, key: asText(column) } : { sql: mapSql(table, role, kind, t), key: column };
}

/**
 * The roles of the normalised view's columns, as the compare builder reads them: the canonical force, region, period
 * and threat columns play those roles; the raw force and region columns stay as plain dimensions (so a user can
 * still compare by the labels as published, aggregates and all); the raw period and threat columns are dropped.
 */
export function normalisedRoles(roles: readonly ColumnRole[], options: NormaliseOptions = {}): ColumnRole[] {
  const { sources, names } = normalisedColumns(roles, options);
  const raw = new Map(Object.entries(sources).filter(([, r]) => r).map(([k, r]) => [r!.name, k]));
  const out: ColumnRole[] = [];
  for (const r of roles) {
    const kind = raw.get(r.name);
    if (kind === 'period' || kind === 'threat') continue;
    if (kind === 'force' || kind === 'region') out.push({ name: r.name, type: r.type, role: 'dimension', totals: true, confidence: r.confidence, reason: `${r.name} as published` });
    else out.push(r);
  }
  const canonical = (name: string | undefined, role: 'force' | 'region' | 'threat', reason: string) => {
    if (name) out.push({ name, type: 'VARCHAR', role, totals: false, confidence: 1, reason });
  };
  canonical(sources.force && names.force, 'force', `canonical force from ${sources.force?.name}`);
  canonical((sources.force || sources.region) && names.region, 'region', 'canonical SOC region');
  const p = sources.period;
  if (p && names.period) {
    out.push(p.role === 'period'
      ? { ...p, name: names.period, type: 'VARCHAR', confidence: 1, reason: `canonical period from ${p.name}` }
      : { name: names.period, type: 'VARCHAR', role: 'period', periodType: 'date', mixed: false, periodTypes: ['date'], confidence: 1, reason: `canonical period from ${p.name}` });
  }
  canonical(sources.threat && names.threat_type, 'threat', `canonical threat type from ${sources.threat?.name}`);
  return out;
}

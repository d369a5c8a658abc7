/**
 * SQL that reads a messy CSV by its plan (src/domain/messy-csv.ts): every cell as text into a raw table, then a clean
 * table with numbers converted and footnoted labels relabelled. A value is converted only when it reads as a number in
 * full; anything else becomes NULL and is counted by the `unconverted` statement, with examples, so no value
 * disappears without a word.
 *
 * Each cell is trimmed once, in a subquery, and the counts are one row of aggregates: DuckDB 0.9.1 in wasm ran out of
 * stack ("memory access out of bounds") on a UNION ALL of one SELECT per column, each repeating the trim, for the
 * 28 number columns of an ONS police-force-area table.
 */
import { MISSING_MARKERS, NUMBER_FOOTNOTE_PATTERN, type CsvColumnPlan, type CsvPlan } from '../domain';
import { ident, num, str } from './sql';
import { stagingTableName } from './own-objects';

/** The statements of one cleaning load, to run in order: setup, raw, clean, unconverted (read them), dropRaw. */
export interface CleanCsvSql {
  /** Temporary macros the other statements use (they keep each statement short). */
  setup: string[];
  /** Reads every cell as VARCHAR into the raw table (title rows and the header skipped). */
  raw: string;
  /** Creates the clean table from the raw one: footnote rows left out, numbers converted, row order kept. */
  clean: string;
  /**
   * Statements of one row each: for the number column at position i, `p<i>` (placeholders), `u<i>` (values that did
   * not convert) and `e<i>` (up to 5 of those, sorted). Merge the rows and read them with readUnconverted.
   */
  unconverted: string[];
  dropRaw: string;
}

// JS's \s for RE2, so a cell of non-breaking spaces is as blank here as in the plan.
const WS = String.raw`[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`;
const escape = (c: string) => c.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&');

/**
 * The longest statement the cleaning sends. DuckDB-WASM 1.28.0 crashes ("memory access out of bounds", then every
 * call fails) on SQL texts of about 64,000 characters, and sometimes on shorter ones: so the per-cell logic lives in
 * macros, each statement names them briefly, and the counts go in batches of columns.
 */
export const MAX_STATEMENT_CHARS = 24_000;

// The marker test is list_contains over one list literal, written once here rather than an IN list in every column.
const MACROS = [
  `CREATE OR REPLACE TEMP MACRO soc_trim(x) AS regexp_replace(x, ${str(`^${WS}+|${WS}+$`)}, '', 'g')`,
  `CREATE OR REPLACE TEMP MACRO soc_unnote(x) AS regexp_replace(x, ${str(String.raw`^(.*\d)` + NUMBER_FOOTNOTE_PATTERN)}, '\\1')`,
  `CREATE OR REPLACE TEMP MACRO soc_missing(t) AS list_contains([${MISSING_MARKERS.map(str).join(', ')}], lower(regexp_replace(t, '\s+', ' ', 'g')))`,
  // TRY_CAST('1234.5' AS BIGINT) rounds to 1235 without a word, so integer columns accept only "1,234" or "1,234.0".
  String.raw`CREATE OR REPLACE TEMP MACRO soc_int(t, pattern) AS CASE WHEN regexp_full_match(t, pattern) THEN TRY_CAST(regexp_replace(t, '[£$€,%\s]|\.0+$', '', 'g') AS BIGINT) END`,
  String.raw`CREATE OR REPLACE TEMP MACRO soc_dec(t, pattern) AS CASE WHEN regexp_full_match(t, pattern) THEN TRY_CAST(regexp_replace(t, '[£$€,%\s]', '', 'g') AS DOUBLE) END`,
];

function raw(c: CsvColumnPlan): string {
  return ident(`c${c.index}`);
}

/** The column trimmed, as the subquery of trimmedRows names it. */
function trimmed(c: CsvColumnPlan): string {
  return ident(`t${c.index}`);
}

function trimExpr(c: CsvColumnPlan): string {
  // "1,234*" → "1,234": the plan met footnote markers after this column's numbers.
  return c.footnotes?.length ? `soc_unnote(soc_trim(${raw(c)}))` : `soc_trim(${raw(c)})`;
}

function isPlaceholder(c: CsvColumnPlan): string {
  return `soc_missing(${trimmed(c)})`;
}

/** The full-match pattern of a number as the plan reads it: only the plan's currency, "," grouping always, % if a percentage. */
function numberPattern(c: CsvColumnPlan): string {
  const currency = c.strip.filter((s) => s !== ',' && s !== '%').map(escape).join('');
  const cur = currency ? `[${currency}]?` : '';
  const frac = c.integer ? String.raw`(?:\.0+)?` : String.raw`(?:\.\d+)?`;
  const digits = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)${frac}` + (c.integer ? '' : String.raw`|\.\d+`);
  const pct = c.kind === 'percentage' ? String.raw`\s*%?` : '';
  return `[+-]?${cur}[+-]?(?:${digits})${pct}`;
}

function converted(c: CsvColumnPlan): string {
  return `${c.integer ? 'soc_int' : 'soc_dec'}(${trimmed(c)}, ${str(numberPattern(c))})`;
}

/** The value of a column in the clean table. */
function cleanExpr(c: CsvColumnPlan): string {
  if (c.kind === 'text') {
    const relabel = Object.entries(c.relabel ?? {});
    if (relabel.length === 0) return raw(c);
    // A flat CASE (one list of branches), not nested expressions: a long one costs no stack.
    return `CASE ${raw(c)} ${relabel.map(([from, to]) => `WHEN ${str(from)} THEN ${str(to)}`).join(' ')} ELSE ${raw(c)} END`;
  }
  return `CASE WHEN ${raw(c)} IS NULL OR ${trimmed(c)} = '' OR ${isPlaceholder(c)} THEN NULL ELSE ${converted(c)} END`;
}

/** The kept rows of the raw table, with rowid and the given number columns also trimmed once (as t<i>). */
function trimmedRows(numbers: CsvColumnPlan[], rawTable: string, kept: string): string {
  const cols = ['rowid AS _row', '*', ...numbers.map((c) => `${trimExpr(c)} AS ${trimmed(c)}`)];
  return `(SELECT ${cols.join(', ')} FROM ${rawTable} WHERE ${kept})`;
}

/** Thrown when a plan's SQL would be longer than DuckDB-WASM 1.28.0 can take: the message says what to do instead. */
export class CleanTooWideError extends RangeError {
  override name = 'CleanTooWideError';
}

/**
 * The statements that load `file` (a registered, UTF-8 CSV) into `table` by `plan`. The raw table is
 * `<table>__raw`; its rowid is the file's row order (DuckDB keeps insertion order), which drops the footnotes.
 */
export function cleanCsvSql(file: string, table: string, plan: CsvPlan, options: { rawTable?: string } = {}): CleanCsvSql {
  if (plan.width < 1) throw new RangeError(`cannot clean ${JSON.stringify(file)}: the plan has no columns`);
  const rawTable = ident(options.rawTable ?? stagingTableName(table));
  const columns = `{${Array.from({ length: plan.width }, (_, i) => `${str(`c${i}`)}: 'VARCHAR'`).join(', ')}}`;
  const read =
    `read_csv(${str(file)}, columns=${columns}, header=false, skip=${num(plan.skipTop + plan.headerLines)}, ` +
    `delim=${str(plan.delimiter)}, quote='"', escape='"', null_padding=true, auto_detect=false)`;
  const kept = `rowid < (SELECT count(*) FROM ${rawTable}) - ${num(plan.skipBottom)}`;
  const numbers = plan.columns.filter((c) => c.kind !== 'text');
  const select = plan.columns.map((c) => `${cleanExpr(c)} AS ${ident(c.name)}`).join(',\n  ');
  const clean = `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT\n  ${select}\nFROM ${trimmedRows(numbers, rawTable, kept)} ORDER BY _row`;
  if (clean.length > MAX_STATEMENT_CHARS)
    throw new CleanTooWideError(`the table is too wide to clean in the browser (${plan.columns.length} columns, ${numbers.length} of them numbers)`);
  const bad = (c: CsvColumnPlan) => `${raw(c)} IS NOT NULL AND ${trimmed(c)} <> '' AND NOT ${isPlaceholder(c)} AND (${converted(c)}) IS NULL`;
  const stats = (c: CsvColumnPlan) => [
    `count(*) FILTER (WHERE ${raw(c)} IS NOT NULL AND ${isPlaceholder(c)}) AS ${ident(`p${c.index}`)}`,
    `count(*) FILTER (WHERE ${bad(c)}) AS ${ident(`u${c.index}`)}`,
    `coalesce(list_sort(list(DISTINCT ${raw(c)}) FILTER (WHERE ${bad(c)}))[1:5], []::VARCHAR[]) AS ${ident(`e${c.index}`)}`,
  ];
  const unconverted: string[] = [];
  for (let i = 0; i < numbers.length; i += STATS_BATCH) {
    const batch = numbers.slice(i, i + STATS_BATCH);
    unconverted.push(`SELECT ${batch.flatMap(stats).join(',\n  ')}\nFROM ${trimmedRows(batch, rawTable, kept)}`);
  }
  return {
    setup: MACROS,
    raw: `CREATE OR REPLACE TABLE ${rawTable} AS SELECT * FROM ${read}`,
    clean,
    unconverted,
    dropRaw: `DROP TABLE IF EXISTS ${rawTable}`,
  };
}

// Columns counted per statement: about 700 characters of SQL each.
const STATS_BATCH = 16;

/** What cleaning did to one number column: never a silent NULL. */
export interface ColumnConversion {
  column: string;
  placeholders: number;
  unconverted: number;
  /** Up to five of the values that could not be converted, as written. */
  examples: string[];
}

/** The rows of the `unconverted` statements (plain values, merged into one) as one conversion per number column. */
export function readUnconverted(plan: CsvPlan, row: Record<string, unknown> | undefined): ColumnConversion[] {
  return plan.columns
    .filter((c) => c.kind !== 'text')
    .map((c) => ({
      column: c.name,
      placeholders: Number(row?.[`p${c.index}`] ?? 0),
      unconverted: Number(row?.[`u${c.index}`] ?? 0),
      examples: [...((row?.[`e${c.index}`] ?? []) as Iterable<unknown>)].map(String),
    }));
}

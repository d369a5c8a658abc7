/**
 * SQL that reads a messy CSV by its plan (src/domain/messy-csv.ts): every cell as text into a raw table, then a clean
 * table with numbers converted. A value is converted only when it reads as a number in full; anything else becomes
 * NULL and is counted by the `unconverted` statement, with examples, so no value disappears without a word.
 */
import { MISSING_MARKERS, type CsvColumnPlan, type CsvPlan } from '../domain';
import { ident, num, str } from './sql';
import { stagingTableName } from './own-objects';

/** The statements of one cleaning load, to run in order: raw, clean, unconverted (read it), dropRaw. */
export interface CleanCsvSql {
  /** Reads every cell as VARCHAR into the raw table (title rows and the header skipped). */
  raw: string;
  /** Creates the clean table from the raw one: footnote rows left out, numbers converted, row order kept. */
  clean: string;
  /** One row per number column: column_name, placeholder_count, unconverted_count, examples (up to 5, sorted). */
  unconverted: string;
  dropRaw: string;
}

// JS's \s for RE2, so a cell of non-breaking spaces is as blank here as in the plan.
const WS = String.raw`[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`;
const escape = (c: string) => c.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&');

function raw(c: CsvColumnPlan): string {
  return ident(`c${c.index}`);
}

function trimmed(c: CsvColumnPlan): string {
  return `regexp_replace(${raw(c)}, ${str(`^${WS}+|${WS}+$`)}, '', 'g')`;
}

function isPlaceholder(c: CsvColumnPlan): string {
  return `lower(${trimmed(c)}) IN (${MISSING_MARKERS.map(str).join(', ')})`;
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
  const type = c.integer ? 'BIGINT' : 'DOUBLE';
  // TRY_CAST('1234.5' AS BIGINT) rounds to 1235 without a word, so integer columns accept only "1,234" or "1,234.0".
  const strip = c.integer ? String.raw`[£$€,%\s]|\.0+$` : String.raw`[£$€,%\s]`;
  const digits = `regexp_replace(${trimmed(c)}, ${str(strip)}, '', 'g')`;
  return `CASE WHEN regexp_full_match(${trimmed(c)}, ${str(numberPattern(c))}) THEN TRY_CAST(${digits} AS ${type}) END`;
}

/** The value of a column in the clean table. */
function cleanExpr(c: CsvColumnPlan): string {
  if (c.kind === 'text') return raw(c);
  return `CASE WHEN ${raw(c)} IS NULL OR ${trimmed(c)} = '' OR ${isPlaceholder(c)} THEN NULL ELSE ${converted(c)} END`;
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
  const select = plan.columns.map((c) => `${cleanExpr(c)} AS ${ident(c.name)}`).join(',\n  ');
  const numbers = plan.columns.filter((c) => c.kind !== 'text');
  const bad = (c: CsvColumnPlan) => `${raw(c)} IS NOT NULL AND ${trimmed(c)} <> '' AND NOT ${isPlaceholder(c)} AND (${converted(c)}) IS NULL`;
  const unconverted = numbers.length
    ? numbers
        .map(
          (c) =>
            `SELECT ${num(c.index)} AS position, ${str(c.name)} AS column_name, ` +
            `count(*) FILTER (WHERE ${raw(c)} IS NOT NULL AND ${isPlaceholder(c)}) AS placeholder_count, ` +
            `count(*) FILTER (WHERE ${bad(c)}) AS unconverted_count, ` +
            `coalesce(list_sort(list(DISTINCT ${raw(c)}) FILTER (WHERE ${bad(c)}))[1:5], []::VARCHAR[]) AS examples ` +
            `FROM ${rawTable} WHERE ${kept}`,
        )
        .join('\nUNION ALL\n') + '\nORDER BY position'
    : `SELECT 0 AS position, NULL::VARCHAR AS column_name, 0::BIGINT AS placeholder_count, 0::BIGINT AS unconverted_count, []::VARCHAR[] AS examples WHERE FALSE`;
  return {
    raw: `CREATE OR REPLACE TABLE ${rawTable} AS SELECT * FROM ${read}`,
    clean: `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT\n  ${select}\nFROM ${rawTable} WHERE ${kept} ORDER BY rowid`,
    unconverted,
    dropRaw: `DROP TABLE IF EXISTS ${rawTable}`,
  };
}

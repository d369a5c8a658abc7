/**
 * A view's SQL as a `.sql` script for the DuckDB CLI: the scale path from the browser to native DuckDB or MotherDuck
 * over the full data. Each source file becomes a view named as the workbench named its table, so the compiled query
 * runs unchanged. File names go through str() (src/query/sql.ts) like every literal; user text (titles, notes) only
 * ever lands in `--` comments, one line each, so it can't end a comment and start a statement.
 */
import type { ViewSpec } from '../domain';
import { ident, sourceTableIn, str } from '../query';
import type { Source } from './workbook';

/** What the script is made from. */
export interface SqlScriptInput {
  /** The view's name or title, for the header. */
  title: string;
  /** The compiled view's SQL (compileView(spec, schema).sql). */
  sql: string;
  /** The workbook's sources; with `tables`, only those the query reads are written. */
  sources: readonly Source[];
  /** The tables the query reads (viewTables(spec)); a table with no source is named in the header. */
  tables?: readonly string[];
  exportedAt: Date;
  /** More header lines: the provenance line, the compiler's notes. */
  notes?: readonly string[];
  /**
   * Statements that make what the query reads beyond the files, run after the files' views: the workbench's lookups,
   * macros and normalised or long views, and the built-in population, as the workbench made them.
   */
  setup?: readonly string[];
}

/** The tables a view reads: its table and, for rates, the population lookup. */
export function viewTables(spec: ViewSpec): string[] {
  return [spec.table, ...(spec.denominator && spec.denominator.table !== spec.table ? [spec.denominator.table] : [])];
}

/** The script header's warning when the workbook protects small numbers: the script's numbers are not protected. */
export function unprotectedScriptNote(threshold: number): string {
  return `NOT PROTECTED: this script computes the full numbers. The workbench showed counts below ${threshold} as [c] (Protect small numbers); these results do not, so check them before you share them.`;
}

/** Text as `--` comment lines: every kind of line break starts a new comment line, other control characters go. */
export function commentLines(text: string): string[] {
  return text
    .split(/\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029]/)
    .map((line) => `-- ${line.replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, ' ')}`.trimEnd());
}

/** `2026-12-01 13:10 UTC`: unambiguous in any locale. */
export function utcStamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function reader(s: Source): { sql: string; note?: string } {
  switch (s.kind) {
    case 'csv':
      return { sql: `read_csv_auto(${str(s.file)})` };
    case 'parquet':
      return { sql: `read_parquet(${str(s.file)})` };
    case 'json':
      return { sql: `read_json_auto(${str(s.file)})` };
    case 'arrow': {
      // The CLI has no built-in Arrow IPC reader; the workbench exports any table as Parquet, which it reads.
      const parquet = `${s.file.replace(/\.[^.]*$/, '')}.parquet`;
      return { sql: `read_parquet(${str(parquet)})`, note: `${s.file} is Arrow IPC, which the DuckDB CLI does not read: export ${s.table} as Parquet from the workbench and save it as ${parquet} beside this script.` };
    }
  }
}

/** The table, view or macro a `CREATE` statement makes (its name unquoted), or undefined for any other statement. */
export function createdObject(sql: string): string | undefined {
  const m = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW|MACRO)\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[^\s(]+)/i.exec(sql);
  if (!m) return undefined;
  return m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1];
}

/** The script: header comment (title, export date, provenance), one view per source, then the query. */
export function sqlScript(input: SqlScriptInput): string {
  // A view of the workbench's (`x_norm`, `x_long_norm`) reads the file of its table.
  const all = input.sources.map((s) => s.table);
  const wanted = input.tables ? new Set(input.tables.map((t) => sourceTableIn(t, all) ?? t)) : undefined;
  const sources = wanted ? input.sources.filter((s) => wanted.has(s.table)) : [...input.sources];
  const made = (t: string) => (input.setup ?? []).some((sql) => createdObject(sql)?.toLowerCase() === t.toLowerCase());
  const missing = wanted ? [...wanted].filter((t) => !sources.some((s) => s.table === t) && !made(t)) : [];
  // A view the workbench made of a table (x_norm) that this script does not make: the query would stop at it.
  const unmade = (input.tables ?? []).filter((t) => wanted?.has(t) === false && !made(t));
  const header = [
    `SOC Workbench: ${input.title}`,
    `Exported ${utcStamp(input.exportedAt)}. Run it in the DuckDB CLI from the folder that holds the files below:`,
    '  duckdb -c ".read this-file.sql"   (or .read it inside the CLI)',
    'Files are read by DuckDB\'s own readers. A CSV the workbench had to decode (Windows-1252, UTF-16) or clean',
    '(thousands separators, £) needs saving as UTF-8 first, or export the table from the workbench as Parquet.',
    ...(sources.length ? ['', 'Sources:'] : []),
    ...sources.map((s) => `  ${s.table} <- ${s.file} (${s.kind}${s.size === null ? '' : `, ${s.size.toLocaleString('en-GB')} bytes`})`),
    ...missing.map((t) => `  ${t} <- no file recorded: create this table before running the query.`),
    ...unmade.map((t) => `  ${t} <- made by the workbench from ${sourceTableIn(t, all)}, not by this script: run the view with \`soc-workbench render\`, whose scripts make it, or export the view's rows.`),
    ...(input.notes?.length ? ['', ...input.notes] : []),
  ];
  const lines = header.flatMap(commentLines);
  lines.push('');
  for (const s of sources) {
    const r = reader(s);
    if (r.note) lines.push(...commentLines(r.note));
    lines.push(`CREATE OR REPLACE VIEW ${ident(s.table)} AS SELECT * FROM ${r.sql};`);
  }
  if (input.setup?.length) {
    lines.push('', ...commentLines('What the workbench made of the tables (lookups, macros, views), as it made them:'));
    lines.push(...input.setup.map((sql) => `${sql.trim().replace(/;\s*$/, '')};`));
  }
  lines.push('', ...commentLines('The view\'s query, as the workbench ran it:'), `${input.sql.trim().replace(/;\s*$/, '')};`, '');
  return lines.join('\n');
}

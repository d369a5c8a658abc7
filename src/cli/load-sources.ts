/**
 * The workbook's files into native DuckDB, under the table names the workbook's views use. Files are read by DuckDB's
 * own readers; a CSV that the workbench would clean (title rows, footnotes, "1,234", £, %) is read by the same plan
 * and the same SQL as in the browser (detectMessyCsv, cleanCsvSql), and one not in UTF-8 is decoded as the browser
 * decodes it. A table the views need and no file or embedded copy provides is an error naming both.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectMessyCsv, shouldClean } from '../domain';
import { REFERENCE_POPULATION } from '../domain/population';
import { decodeText, detectFormat, encodingLabel, guessEncoding, isSpreadsheetFile } from '../engine/detect';
import type { TableInfo } from '../engine';
import { CATALOGUE_SQL, cleanCsvSql, ident, num, readUnconverted, sourceTableIn, str } from '../query';
import { embeddedFileName, embeddedParquet, neededTables, type Source, type Workbook } from '../workbook';
import { referenceRows } from '../app/reference';
import { RenderError } from './errors';
import type { NativeDb } from './native-db';

/** A table the render made from a file (or the workbook's embedded copy), and what it did on the way. */
export interface LoadedSource {
  table: string;
  /** The file as the workbook names it (the role corrections are keyed by it). */
  file: string;
  /** Where it was read from: a path in `--data`, or "embedded in the workbook". */
  from: string;
  rows: number;
  /** What reading it did, in words (encoding, cleaning), as the browser's load report says it. */
  report: string[];
  units?: Record<string, 'gbp' | 'percentage'>;
}

/**
 * The statements that make ref_population from the figures the browser build ships (reference/ref_population.json):
 * run by the render, and written into a view's SQL script when the view reads it.
 */
export function referenceSql(): string[] {
  const rows = referenceRows();
  const out = [`CREATE OR REPLACE TABLE ${ident(REFERENCE_POPULATION)} (force VARCHAR, force_code VARCHAR, year INTEGER, population BIGINT, source VARCHAR)`];
  // 100 rows a statement (about 9,000 characters): DuckDB-WASM, which the tests run this on too, fails on long texts.
  for (let i = 0; i < rows.length; i += 100) {
    const values = rows.slice(i, i + 100).map((r) => `(${str(r.force)}, ${str(r.force_code)}, ${num(r.year)}, ${num(r.population)}, ${str(r.source)})`);
    out.push(`INSERT INTO ${ident(REFERENCE_POPULATION)} VALUES ${values.join(', ')}`);
  }
  return out;
}

/** What loading needs of a database: native DuckDB here; the tests hand the app's engine the same way. */
export type SqlDb = Pick<NativeDb, 'run' | 'table'>;

/** Above this, a CSV is read as DuckDB sniffs it: cleaning needs the text in memory (as in the browser). */
const CLEAN_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * The user tables the workbook's views read (`x` for a view of `x_norm` or `x_long_norm`), in first-use order.
 * The built-in population is left out: the render makes it itself.
 */
export function sourceTablesNeeded(w: Workbook): string[] {
  const tables = w.sources.map((s) => s.table);
  const out: string[] = [];
  for (const { table } of neededTables(w)) {
    const source = sourceTableIn(table, tables) ?? table;
    if (source.toLowerCase() !== REFERENCE_POPULATION && !out.includes(source)) out.push(source);
  }
  return out;
}

/** `name` in `folder`, matched exactly, else without regard to case (a file copied between systems). */
function findFile(folder: string, name: string): string | undefined {
  const exact = join(folder, name);
  if (existsSync(exact)) return exact;
  const lower = name.toLowerCase();
  const hit = readdirSync(folder).find((f) => f.toLowerCase() === lower);
  return hit === undefined ? undefined : join(folder, hit);
}

function head(path: string, bytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Loads files into one database; temporary copies (decoded CSVs, embedded tables) go when it is closed. */
export class SourceLoader {
  private tmp: string | undefined;

  constructor(
    private readonly db: SqlDb,
    private readonly dataDir: string | undefined,
  ) {}

  private tempPath(name: string): string {
    this.tmp ??= mkdtempSync(join(tmpdir(), 'soc-workbench-render-'));
    return join(this.tmp, name);
  }

  /** ref_population, from the same figures the browser build ships (reference/ref_population.json). */
  async loadReference(): Promise<void> {
    for (const sql of referenceSql()) await this.db.run(sql);
  }

  /** Load the source of `table`: its file from `--data`, else its embedded copy; RenderError when there is neither. */
  async load(w: Workbook, table: string): Promise<LoadedSource> {
    const source = w.sources.find((s) => s.table === table);
    const path = source && this.dataDir ? findFile(this.dataDir, source.file) : undefined;
    if (source && path) return this.loadFile(source, path);
    const embedded = embeddedParquet(w, table);
    if (embedded) {
      const copy = this.tempPath(embeddedFileName(table));
      writeFileSync(copy, embedded);
      await this.db.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${str(copy)})`);
      return { table, file: source?.file ?? embeddedFileName(table), from: 'embedded in the workbook', rows: await this.count(table), report: [] };
    }
    if (!source) throw new RenderError(table, 'the workbook\'s views read this table, but the workbook names no file for it and embeds no copy', 'export the workbook again from the workbench "with data", or render with --db on a database that has the table');
    if (!this.dataDir) throw new RenderError(source.file, `the file of table ${table} is needed and no --data folder was given`, 'give --data <folder> holding the file, or --db <database file>');
    throw new RenderError(source.file, `the file of table ${table} is not in ${this.dataDir}`, `copy ${source.file} into that folder (or give the folder that holds it), or export the workbook "with data"`);
  }

  private async count(table: string): Promise<number> {
    return Number((await this.db.table(`SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`)).get(0)?.n ?? -1);
  }

  private async loadFile(source: Source, path: string): Promise<LoadedSource> {
    const bytes = statSync(path).size;
    const first = head(path, 64 * 1024);
    const format = detectFormat(source.file, first);
    const base = { table: source.table, file: source.file, from: path };
    try {
      if (isSpreadsheetFile(source.file) || format === 'xlsx' || format === 'ods' || format === 'xls') {
        throw new RenderError(source.file, 'render reads CSV, Parquet and JSON files, not spreadsheets', `in the workbench, export table ${source.table} as Parquet (or save its sheet as CSV UTF-8) and name that file ${source.file.replace(/\.[^.]*$/, '')}.parquet in --data`);
      }
      if (format === 'arrow') {
        throw new RenderError(source.file, 'native DuckDB reads no Arrow IPC files without an extension it would have to download', `in the workbench, export table ${source.table} as Parquet and put it in --data, or export the workbook "with data"`);
      }
      if (format === 'parquet') {
        // A view: Parquet is columnar and compressed, read where it lies as fast as from a table, and never copied.
        await this.db.run(`CREATE VIEW ${ident(source.table)} AS SELECT * FROM read_parquet(${str(path)})`);
        return { ...base, rows: await this.count(source.table), report: [] };
      }
      if (format === 'json' || format === 'ndjson') {
        await this.db.run(`CREATE TABLE ${ident(source.table)} AS SELECT * FROM read_json_auto(${str(path)})`);
        return { ...base, rows: await this.count(source.table), report: [] };
      }
      return await this.loadCsv(base, path, bytes, first);
    } catch (e) {
      if (e instanceof RenderError) throw e;
      throw new RenderError(source.file, `DuckDB could not read it as table ${source.table}: ${e instanceof Error ? e.message : String(e)}`, 'check the file opens in the workbench', { cause: e });
    }
  }

  private async loadCsv(base: Pick<LoadedSource, 'table' | 'file' | 'from'>, path: string, bytes: number, first: Uint8Array): Promise<LoadedSource> {
    const guess = guessEncoding(first);
    if ('binary' in guess) throw new RenderError(base.file, `this does not look like a text (CSV) file: byte ${guess.offset + 1} is a binary control character`, 'check the file is really CSV');
    const report = [`Read as ${encodingLabel(guess.encoding)}.`];
    const utf8 = guess.encoding === 'utf-8' || guess.encoding === 'utf-8-bom';
    if (bytes > CLEAN_LIMIT_BYTES) {
      if (!utf8) throw new RenderError(base.file, `this file is ${encodingLabel(guess.encoding)} and larger than ${CLEAN_LIMIT_BYTES / 1024 / 1024} MB`, 'save it as CSV UTF-8 and render again');
      await this.db.run(`CREATE TABLE ${ident(base.table)} AS SELECT * FROM read_csv_auto(${str(path)})`);
      return { ...base, rows: await this.count(base.table), report };
    }
    const raw = readFileSync(path);
    const text = decodeText(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), guess.encoding).replace(/^\uFEFF/, '');
    // DuckDB reads UTF-8: a file in another encoding is read from a decoded copy, as the browser reads it.
    const readable = utf8 ? path : this.tempPath(`${base.table}.utf8.csv`);
    if (!utf8) writeFileSync(readable, text);
    const plan = detectMessyCsv(text);
    if (!shouldClean(plan, text) || !plan.messy) {
      await this.db.run(`CREATE TABLE ${ident(base.table)} AS SELECT * FROM read_csv_auto(${str(readable)})`);
      return { ...base, rows: await this.count(base.table), report };
    }
    const sql = cleanCsvSql(readable, base.table, plan);
    try {
      for (const s of [...sql.setup, sql.raw, sql.clean]) await this.db.run(s);
      const counts: Record<string, unknown> = {};
      for (const s of sql.unconverted) Object.assign(counts, (await this.db.table(s)).get(0)?.toJSON());
      for (const c of readUnconverted(plan, counts)) {
        if (c.unconverted > 0) report.push(`${c.unconverted.toLocaleString('en-GB')} value${c.unconverted === 1 ? '' : 's'} in "${c.column}" could not be read as numbers and ${c.unconverted === 1 ? 'is' : 'are'} empty in the table.`);
      }
    } finally {
      await this.db.run(sql.dropRaw).catch(() => {});
    }
    report.push(...plan.report.map((r) => `${r}.`));
    const units = Object.fromEntries(plan.columns.filter((c) => c.unit).map((c) => [c.name, c.unit!]));
    return { ...base, rows: await this.count(base.table), report, units };
  }

  /** Remove the temporary copies. */
  close(): void {
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** The catalogue as the domain state reads it: every table and view in `main`, with the source of each loaded one. */
export async function describeNative(db: Pick<SqlDb, 'table'>, loaded: readonly LoadedSource[]): Promise<TableInfo[]> {
  const t = await db.table(CATALOGUE_SQL);
  const byName = new Map<string, TableInfo>();
  for (const row of t.toArray()) {
    const name = String(row.name);
    let info = byName.get(name);
    if (!info) {
      const l = loaded.find((x) => x.table === name);
      info = {
        name,
        kind: String(row.kind).includes('VIEW') ? 'view' : 'table',
        columns: [],
        rows: l?.rows ?? -1,
        ...(l ? { source: { table: l.table, file: l.file, format: 'csv', mode: 'table', modeReason: '', bytes: 0, rows: l.rows, report: l.report, ...(l.units ? { units: l.units } : {}) } } : {}),
      };
      byName.set(name, info);
    }
    info.columns.push({ name: String(row.col), type: String(row.type) });
  }
  return [...byName.values()];
}

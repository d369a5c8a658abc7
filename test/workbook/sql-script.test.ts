import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseViewSpec } from '../../src/domain/view-spec';
import { compileView } from '../../src/query/compile';
import type { SchemaInfo } from '../../src/query/schema';
import { commentLines, createdObject, sqlScript, viewTables, type Source } from '../../src/workbook';
import { nativeDb, sampleTablesSql, type NativeDb } from '../helpers/view-fixtures';
import { GOLDEN } from '../query/golden-specs';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));
const size = (f: string) => statSync(join(samples, f)).size;
const CSV_SOURCES: Source[] = [
  { table: 'disruptions_synthetic', file: 'disruptions_synthetic.csv', size: size('disruptions_synthetic.csv'), kind: 'csv' },
  { table: 'force_population_synthetic', file: 'force_population_synthetic.csv', size: size('force_population_synthetic.csv'), kind: 'csv' },
  { table: 'outcomes_synthetic', file: 'outcomes_synthetic.csv', size: size('outcomes_synthetic.csv'), kind: 'csv' },
];
const WHEN = new Date('2026-12-01T13:10:00Z');

let reference: NativeDb;
let schema: SchemaInfo;
beforeAll(async () => {
  reference = await nativeDb(sampleTablesSql()); // the samples loaded by absolute path, as compile.test.ts does
  schema = await reference.schema();
}, 60_000);
afterAll(() => reference?.close());

/** Run a script in a fresh native DuckDB with `dir` as the working directory; rows of its last statement. */
async function runScript(script: string, dir: string): Promise<Record<string, unknown>[]> {
  const before = process.cwd();
  process.chdir(dir); // the script names files relative to where it runs, as in the CLI
  try {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    // The whole script at once: DuckDB's own parser splits it, as the CLI does (not the app's splitter).
    const reader = await conn.runAndReadAll(script);
    const names = reader.columnNames();
    const last = reader.getRowsJS().map((r) => Object.fromEntries(r.map((v, i) => [names[i], typeof v === 'bigint' ? Number(v) : v])));
    conn.closeSync();
    return last;
  } finally {
    process.chdir(before);
  }
}

// rate_force_only_lookup reads a table made in SQL, not a file: the script names it as missing (tested below).
const FROM_FILES = (Object.keys(GOLDEN) as (keyof typeof GOLDEN)[]).filter((n) => n !== 'rate_force_only_lookup');

describe('SQL script export, run in native DuckDB from the samples folder', () => {
  it.each(FROM_FILES)('%s gives the rows the compiled SQL gives', async (name) => {
    const spec = parseViewSpec(GOLDEN[name]);
    const { sql, notes } = compileView(spec, schema);
    const script = sqlScript({ title: name, sql, sources: CSV_SOURCES, tables: viewTables(spec), exportedAt: WHEN, notes });
    const rows = await runScript(script, samples);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(await reference.rows(sql));
  });

  it('reads Parquet sources with read_parquet and gets the same numbers as from the CSV', async () => {
    const spec = parseViewSpec(GOLDEN.rate_by_force_ci);
    const { sql } = compileView(spec, schema);
    const sources: Source[] = [{ table: 'disruptions_synthetic', file: 'disruptions_synthetic.parquet', size: 9301, kind: 'parquet' }, CSV_SOURCES[1]];
    const script = sqlScript({ title: 'Rates', sql, sources, exportedAt: WHEN });
    expect(script).toContain(`CREATE OR REPLACE VIEW "disruptions_synthetic" AS SELECT * FROM read_parquet('disruptions_synthetic.parquet');`);
    expect(await runScript(script, samples)).toEqual(await reference.rows(sql));
  });

  it('the whole script for one view, header and all', () => {
    const spec = parseViewSpec(GOLDEN.total_by_force);
    const script = sqlScript({ title: 'Disruptions by force', sql: 'SELECT 1', sources: CSV_SOURCES, tables: viewTables(spec), exportedAt: WHEN, notes: ['Data: disruptions_synthetic.csv'] });
    expect(script).toBe(
      [
        '-- SOC Workbench: Disruptions by force',
        '-- Exported 2026-12-01 13:10 UTC. Run it in the DuckDB CLI from the folder that holds the files below:',
        '--   duckdb -c ".read this-file.sql"   (or .read it inside the CLI)',
        "-- Files are read by DuckDB's own readers. A CSV the workbench had to decode (Windows-1252, UTF-16) or clean",
        '-- (thousands separators, £) needs saving as UTF-8 first, or export the table from the workbench as Parquet.',
        '--',
        '-- Sources:',
        '--   disruptions_synthetic <- disruptions_synthetic.csv (csv, 562,394 bytes)',
        '--',
        '-- Data: disruptions_synthetic.csv',
        '',
        `CREATE OR REPLACE VIEW "disruptions_synthetic" AS SELECT * FROM read_csv_auto('disruptions_synthetic.csv');`,
        '',
        "-- The view's query, as the workbench ran it:",
        'SELECT 1;',
        '',
      ].join('\n'),
    );
  });

  it("a view of the workbench's reads its table's file, and the statements that make it come before the query", () => {
    const setup = ['CREATE OR REPLACE MACRO soc_key(x) AS lower(x)', 'CREATE OR REPLACE VIEW "disruptions_synthetic_long_norm" AS SELECT * FROM "disruptions_synthetic"'];
    const script = sqlScript({ title: 'x', sql: 'SELECT 1', sources: CSV_SOURCES, tables: ['disruptions_synthetic_long_norm'], exportedAt: WHEN, setup });
    expect(script).toContain('--   disruptions_synthetic <- disruptions_synthetic.csv (csv');
    expect(script).not.toContain('no file recorded');
    const at = (text: string) => script.indexOf(text);
    expect(at(`CREATE OR REPLACE VIEW "disruptions_synthetic" AS`)).toBeLessThan(at(`${setup[1]};`));
    expect(at(`${setup[0]};`)).toBeLessThan(at(`${setup[1]};`));
    expect(at(`${setup[1]};`)).toBeLessThan(at('SELECT 1;'));
  });

  it("says when the query reads a view of the workbench's that the script does not make", () => {
    const script = sqlScript({ title: 'x', sql: 'SELECT 1', sources: CSV_SOURCES, tables: ['disruptions_synthetic_norm'], exportedAt: WHEN });
    expect(script).toContain('--   disruptions_synthetic <- disruptions_synthetic.csv (csv');
    expect(script).toContain('--   disruptions_synthetic_norm <- made by the workbench from disruptions_synthetic, not by this script: run the view with `soc-workbench render`');
  });

  it('names what a CREATE statement makes, quoted or not', () => {
    expect(createdObject('CREATE OR REPLACE VIEW "a ""b"" c" AS SELECT 1')).toBe('a "b" c');
    expect(createdObject('  create table soc_force_map (key VARCHAR)')).toBe('soc_force_map');
    expect(createdObject('CREATE OR REPLACE TEMP MACRO soc_key(x) AS x')).toBe('soc_key');
    expect(createdObject('INSERT INTO t VALUES (1)')).toBeUndefined();
  });

  it('a table with no file is named in the header', () => {
    const spec = parseViewSpec(GOLDEN.rate_force_only_lookup);
    const script = sqlScript({ title: 'x', sql: 'SELECT 1', sources: CSV_SOURCES, tables: viewTables(spec), exportedAt: WHEN });
    expect(script).toContain('--   force_population_latest <- no file recorded: create this table before running the query.');
  });

  it("file names with quotes are quoted by str(), and still read (O'Brien \"final\".csv)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sql-script-'));
    try {
      const odd = `O'Brien "final" £.csv`;
      copyFileSync(join(samples, 'force_population_synthetic.csv'), join(dir, odd));
      copyFileSync(join(samples, 'disruptions_synthetic.parquet'), join(dir, 'd.parquet'));
      const spec = parseViewSpec(GOLDEN.rate_by_threat);
      const { sql } = compileView(spec, schema);
      const sources: Source[] = [
        { table: 'disruptions_synthetic', file: 'd.parquet', size: null, kind: 'parquet' },
        { table: 'force_population_synthetic', file: odd, size: null, kind: 'csv' },
      ];
      const script = sqlScript({ title: 'x', sql, sources, exportedAt: WHEN });
      expect(script).toContain(`read_csv_auto('O''Brien "final" £.csv')`);
      expect(await runScript(script, dir)).toEqual(await reference.rows(sql));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('a hostile title or note stays inside comments: native DuckDB finds one statement per source plus the query, and runs nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sql-script-hostile-'));
    try {
      for (const f of CSV_SOURCES.slice(0, 2)) copyFileSync(join(samples, f.file), join(dir, f.file));
      const title = "Kent\nCREATE TABLE pwned AS SELECT 1; --\r\nCOPY (SELECT 1) TO 'pwned.csv';\u2028SELECT 'still a comment'";
      const notes = ["*/ ATTACH 'pwned.db';\u0085COPY (SELECT 2) TO 'pwned2.csv';"];
      const script = sqlScript({ title, sql: 'SELECT 42 AS answer', sources: CSV_SOURCES.slice(0, 2), exportedAt: WHEN, notes });
      const before = process.cwd();
      process.chdir(dir);
      try {
        const conn = await (await DuckDBInstance.create(':memory:')).connect();
        // DuckDB's own parser, not the app's splitter, counts the statements: two views and the query.
        expect((await conn.extractStatements(script)).count).toBe(3);
        // Run whole, as the CLI runs it: the query answers, and only the two views exist.
        const reader = await conn.runAndReadAll(script);
        expect(reader.getRowsJS()).toEqual([[42]]);
        const objects = await conn.runAndReadAll('SELECT table_name, table_type FROM information_schema.tables ORDER BY 1');
        expect(objects.getRowsJS()).toEqual([['disruptions_synthetic', 'VIEW'], ['force_population_synthetic', 'VIEW']]);
        expect((await conn.runAndReadAll('SELECT database_name FROM duckdb_databases() WHERE NOT internal')).getRowsJS()).toEqual([['memory']]);
        conn.closeSync();
      } finally {
        process.chdir(before);
      }
      // No file was written beside the script.
      expect(readdirSync(dir).sort()).toEqual(CSV_SOURCES.slice(0, 2).map((f) => f.file).sort());
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(commentLines('a\nb\r\nc\rd')).toEqual(['-- a', '-- b', '-- c', '-- d']);
  });

  it('Arrow IPC sources are pointed at a Parquet export, with a note saying why', () => {
    const script = sqlScript({ title: 'x', sql: 'SELECT 1', sources: [{ table: 't', file: 'extract.arrow', size: null, kind: 'arrow' }], exportedAt: WHEN });
    expect(script).toContain("-- extract.arrow is Arrow IPC, which the DuckDB CLI does not read: export t as Parquet from the workbench and save it as extract.parquet beside this script.\nCREATE OR REPLACE VIEW \"t\" AS SELECT * FROM read_parquet('extract.parquet');");
  });
});

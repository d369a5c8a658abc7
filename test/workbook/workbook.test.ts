import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseViewSpec } from '../../src/domain/view-spec';
import { pathLiteral } from '../helpers/native';
import {
  LIMITS,
  WorkbookError,
  addQuery,
  addView,
  deleteQuery,
  deleteView,
  duplicateView,
  embedParquet,
  embeddedParquet,
  emptyWorkbook,
  moveView,
  neededTables,
  parseWorkbookFile,
  queryNameFrom,
  renameQuery,
  renameView,
  retitle,
  updateQuery,
  serializeWorkbook,
  withoutData,
  withProtection,
  workbookFileName,
  type Workbook,
} from '../../src/workbook';
import { GOLDEN } from '../query/golden-specs';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));
const spec = (name: keyof typeof GOLDEN) => parseViewSpec(GOLDEN[name]);

function threeViews(): Workbook {
  let w = emptyWorkbook('Briefing');
  w = addView(w, 'Totals', spec('total_by_force')).workbook;
  w = addView(w, 'Rates', spec('rate_by_force_ci')).workbook;
  w = addView(w, 'Index', spec('index_by_year_threat')).workbook;
  return {
    ...w,
    sources: [
      { table: 'disruptions_synthetic', file: 'disruptions_synthetic.parquet', size: 9301, kind: 'parquet' },
      { table: 'force_population_synthetic', file: 'force_population_synthetic.csv', size: 8238, kind: 'csv' },
    ],
  };
}

describe('view operations are immutable updates', () => {
  it('add, rename, duplicate, move and delete, leaving the original untouched', () => {
    const w = threeViews();
    const frozen = structuredClone(w);
    expect(w.views.map((v) => [v.id, v.name])).toEqual([['v1', 'Totals'], ['v2', 'Rates'], ['v3', 'Index']]);

    const renamed = renameView(w, 'v2', 'Rates per 100k');
    expect(renamed.views[1]).toMatchObject({ id: 'v2', name: 'Rates per 100k' });
    expect(renamed.views[0]).toBe(w.views[0]); // untouched views are shared, not copied

    const dup = duplicateView(w, 'v1');
    expect(dup.id).toBe('v4');
    expect(dup.workbook.views.map((v) => v.name)).toEqual(['Totals', 'Totals (copy)', 'Rates', 'Index']);
    expect(dup.workbook.views[1].spec).toEqual(w.views[0].spec);
    expect(dup.workbook.views[1].spec.filters).not.toBe(w.views[0].spec.filters); // a deep copy

    expect(moveView(w, 'v3', 0).views.map((v) => v.id)).toEqual(['v3', 'v1', 'v2']);
    expect(moveView(w, 'v1', 99).views.map((v) => v.id)).toEqual(['v2', 'v3', 'v1']);
    expect(moveView(w, 'v2', -5).views.map((v) => v.id)).toEqual(['v2', 'v1', 'v3']);
    expect(deleteView(w, 'v2').views.map((v) => v.id)).toEqual(['v1', 'v3']);
    expect(addView(deleteView(w, 'v2'), 'New', spec('share_of_total')).id).toBe('v4'); // ids are not reused while taken
    expect(retitle(w, 'Kent briefing').title).toBe('Kent briefing');

    expect(w).toEqual(frozen);
  });

  it('an unknown id is a RangeError that lists the ids there are', () => {
    expect(() => renameView(threeViews(), 'v9', 'x')).toThrow(new RangeError('no view with id "v9" (the workbook has v1, v2, v3)'));
  });

  it('names are checked as the file check does: plain text, not empty, not too long', () => {
    const w = threeViews();
    expect(() => renameView(w, 'v1', '<b>Totals</b>')).toThrow(WorkbookError);
    expect(() => renameView(w, 'v1', '  ')).toThrow('name: must not be empty');
    expect(() => renameView(w, 'v1', 'x'.repeat(121))).toThrow('name: is 121 characters long, more than the 120 allowed');
    // A name that reads like SQL is only text: it never reaches SQL, so it is kept as written.
    expect(renameView(w, 'v1', "Robert'); DROP TABLE forces; --").views[0].name).toBe("Robert'); DROP TABLE forces; --");
  });

  it('a view whose chart words or table names would be refused on import is refused when it is added', () => {
    const w = threeViews();
    expect(() => addView(w, 'x', parseViewSpec({ ...GOLDEN.total_by_force, chart: { title: 'Rates <script>' } }))).toThrow('spec.chart.title: contains markup');
    expect(() => addView(w, 'x', parseViewSpec({ ...GOLDEN.total_by_force, table: 'x; DROP TABLE y' }))).toThrow('spec.table: "x; DROP TABLE y" is not a table name (it contains ";")');
    expect(() => addView(w, 'x', parseViewSpec({ ...GOLDEN.total_by_force, chart: { note: 'two\nlines are fine in a note' } }))).not.toThrow();
    expect(() => addView(w, 'x', parseViewSpec({ ...GOLDEN.total_by_force, chart: { note: 'n'.repeat(2001) } }))).toThrow('spec.chart.note: is 2001 characters long, more than the 2000 allowed');
    // A note is text, not markup: kept as written and shown as text (the export and browser tests check the showing).
    expect(addView(w, 'x', parseViewSpec({ ...GOLDEN.total_by_force, chart: { note: '<b>bold?</b>' } })).workbook.views.at(-1)?.spec.chart.note).toBe('<b>bold?</b>');
  });

  it('neededTables lists each table the views read with its file, for asking on import', () => {
    const w = { ...threeViews(), sources: threeViews().sources.slice(0, 1) };
    expect(neededTables(w)).toEqual([
      { table: 'disruptions_synthetic', file: 'disruptions_synthetic.parquet', kind: 'parquet' },
      { table: 'force_population_synthetic' },
    ]);
  });

  it('workbookFileName makes the title safe for any file system', () => {
    expect(workbookFileName(retitle(threeViews(), 'Kent: county lines / 2023–24 £'))).toBe('Kent county lines 2023 24.workbook.json');
    expect(workbookFileName(retitle(threeViews(), '...'))).toBe('workbook.workbook.json');
  });
});

describe('saved queries (issue 20 item 2)', () => {
  const sql = "-- Kent's disruptions\nSELECT force, sum(disruptions) AS n\nFROM disruptions_synthetic\nWHERE force = 'Kent' AND n < 10\nGROUP BY force;";

  it('save, rename, change and delete are immutable updates with their own ids', () => {
    const w = threeViews();
    const frozen = structuredClone(w);
    const a = addQuery(w, 'Kent', sql);
    expect(a.id).toBe('q1');
    const b = addQuery(a.workbook, 'All forces', 'SELECT * FROM disruptions_synthetic');
    expect(b.workbook.queries.map((q) => [q.id, q.name])).toEqual([['q1', 'Kent'], ['q2', 'All forces']]);
    expect(renameQuery(b.workbook, 'q2', 'Every row').queries[1]).toEqual({ id: 'q2', name: 'Every row', sql: 'SELECT * FROM disruptions_synthetic' });
    expect(updateQuery(b.workbook, 'q1', 'SELECT 1').queries[0]).toEqual({ id: 'q1', name: 'Kent', sql: 'SELECT 1' });
    expect(deleteQuery(b.workbook, 'q1').queries.map((q) => q.id)).toEqual(['q2']);
    expect(addQuery(deleteQuery(b.workbook, 'q1'), 'Again', 'SELECT 2').id).toBe('q3'); // ids are not reused while taken
    expect(b.workbook.views).toBe(w.views);
    expect(w).toEqual(frozen);
  });

  it('refuses what the file check would refuse: a name with markup, empty or over-long SQL, control characters', () => {
    const w = threeViews();
    expect(() => addQuery(w, '<b>Kent</b>', sql)).toThrow('name: contains markup');
    expect(() => addQuery(w, 'Kent', '   ')).toThrow('sql: must not be empty');
    expect(() => addQuery(w, 'Kent', 'x'.repeat(LIMITS.sqlChars + 1))).toThrow(`sql: is ${LIMITS.sqlChars + 1} characters long, more than the ${LIMITS.sqlChars} allowed`);
    expect(() => addQuery(w, 'Kent', 'SELECT 1\u202E')).toThrow('sql: contains the control character U+202E');
    expect(() => renameQuery(w, 'q9', 'x')).toThrow(new RangeError('no saved query with id "q9" (the workbook has no saved queries)'));
  });

  it.each([
    ['-- Disruptions by force, 2023/24\nSELECT 1', 'Disruptions by force, 2023/24'],
    ['  --Kent\nSELECT 1', 'Kent'],
    ['SELECT 1 -- not a title', 'Query 3'],
    ['--\nSELECT 1', 'Query 3'],
    ['-- Rates <script>x</script>\nSELECT 1', 'Rates ‹script>x‹/script>'],
    [`-- ${'y'.repeat(300)}`, 'y'.repeat(120)],
  ])('queryNameFrom(%j) is %j, a name addQuery takes', (sql, name) => {
    expect(queryNameFrom(sql, 3)).toBe(name);
    expect(() => addQuery(threeViews(), queryNameFrom(sql, 3), 'SELECT 1')).not.toThrow();
  });

  it('travel in the workbook file as written, tabs, quotes and `<` included', () => {
    const w = addQuery(addQuery(threeViews(), 'Kent', sql).workbook, 'Tabbed', 'SELECT\t1 AS "a<b"').workbook;
    const text = serializeWorkbook(w);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'title', 'views', 'queries', 'roleCorrections', 'valueMappings', 'peerGroups', 'sources']);
    const back = parseWorkbookFile(text);
    expect(back.queries).toEqual(w.queries);
    expect(serializeWorkbook(back)).toBe(text);
  });

  it('a query longer than any other string of a workbook is kept (up to its own limit)', () => {
    const long = `SELECT '${'x'.repeat(LIMITS.stringChars * 5)}'`;
    const w = addQuery(threeViews(), 'Long', long).workbook;
    expect(parseWorkbookFile(serializeWorkbook(w)).queries[0].sql).toBe(long);
  });
});

describe('file round trip', () => {
  it('serialize → parse gives the same workbook, and serializing again the same text', () => {
    const w = threeViews();
    const text = serializeWorkbook(w);
    const back = parseWorkbookFile(text);
    expect(back).toEqual(w);
    expect(serializeWorkbook(back)).toBe(text);
    expect(parseWorkbookFile(new TextEncoder().encode(`\uFEFF${text}`))).toEqual(w); // a BOM added by an editor is fine
  });

  it('serialize refuses what it could not read back', () => {
    const w = { ...threeViews(), title: '<script>x</script>' };
    expect(() => serializeWorkbook(w)).toThrow('title: contains markup');
  });

  it('embedded Parquet survives the round trip byte for byte and native DuckDB reads the same rows', async () => {
    const parquet = new Uint8Array(readFileSync(`${samples}disruptions_synthetic.parquet`));
    const w = embedParquet(threeViews(), 'disruptions_synthetic', parquet);
    const text = serializeWorkbook(w);
    const back = parseWorkbookFile(text);
    const bytes = embeddedParquet(back, 'disruptions_synthetic')!;
    expect(bytes).toEqual(parquet);
    expect(embeddedParquet(back, 'force_population_synthetic')).toBeUndefined();
    expect(withoutData(back)).toEqual(threeViews());

    const dir = mkdtempSync(join(tmpdir(), 'wb-'));
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'x.parquet'), bytes);
      const conn = await (await DuckDBInstance.create(':memory:')).connect();
      const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowsJS();
      const sum = `SELECT count(*)::INT, sum(disruptions)::BIGINT FROM read_parquet(`;
      expect(await q(`${sum}${pathLiteral(join(dir, 'x.parquet'))})`)).toEqual(await q(`${sum}${pathLiteral(`${samples}disruptions_synthetic.parquet`)})`));
      conn.closeSync();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('damaged embedded bytes are caught when they are read', () => {
    const parquet = new Uint8Array(readFileSync(`${samples}disruptions_synthetic.parquet`));
    const w = embedParquet(threeViews(), 'disruptions_synthetic', parquet);
    const damaged: Workbook = { ...w, data: [{ ...w.data![0], base64: `AAAA${w.data![0].base64.slice(4)}` }] };
    expect(() => embeddedParquet(damaged, 'disruptions_synthetic')).toThrow('data[0].base64: is not a Parquet file (no PAR1 markers)');
    expect(() => embedParquet(threeViews(), 'disruptions_synthetic', new Uint8Array(100))).toThrow(/not a Parquet file/);
    expect(() => embedParquet(threeViews(), 'outcomes', parquet)).toThrow(/not a source/);
  });
});

describe('small-number protection (issue 19 item 2)', () => {
  const text = (protection: unknown) => JSON.stringify({ ...JSON.parse(serializeWorkbook(threeViews())), protection });

  it('is off when absent: a workbook written before it existed opens as it did, and saves without the field', () => {
    const old = serializeWorkbook(threeViews());
    const w = parseWorkbookFile(old);
    expect(w.protection).toBeUndefined();
    expect(serializeWorkbook(w)).toBe(old);
    expect(old).not.toContain('protection');
  });

  it('is kept through the file, after the sources and before the data, and read back the same', () => {
    const w = withProtection(threeViews(), { threshold: 5, roundTo5: true });
    const t = serializeWorkbook(w);
    expect(t.indexOf('"protection"')).toBeGreaterThan(t.indexOf('"sources"'));
    expect(parseWorkbookFile(t).protection).toEqual({ threshold: 5, roundTo5: true });
    expect(serializeWorkbook(parseWorkbookFile(t))).toBe(t);
    // Missing fields take the defaults (10, not rounded), as the setter gives them.
    expect(parseWorkbookFile(text({})).protection).toEqual({ threshold: 10, roundTo5: false });
  });

  it('is switched off by the setter, and the setter checks the range as the file does', () => {
    const on = withProtection(threeViews(), { threshold: 10, roundTo5: false });
    expect('protection' in withProtection(on, undefined)).toBe(false);
    expect(() => withProtection(on, { threshold: 11, roundTo5: false })).toThrow(RangeError);
  });

  it.each([
    [{ threshold: 2 }, 'protection.threshold: 2 is not a threshold: a whole number from 3 to 10'],
    [{ threshold: 7.5 }, 'protection.threshold: 7.5 is not a threshold'],
    [{ threshold: '10' }, 'protection.threshold: "10" is not a threshold'],
    [{ roundTo5: 'yes' }, 'protection.roundTo5: "yes" is not true or false'],
    [{ threshold: 10, below: 3 }, 'protection.below: is not a field of a workbook'],
    [true, 'protection: expected Object'],
  ])('refuses %j with a message that names the field and the range', (protection, message) => {
    const e = (() => {
      try {
        parseWorkbookFile(text(protection));
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(WorkbookError);
    expect((e as Error).message).toContain(message);
  });
});

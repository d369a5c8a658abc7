/**
 * `soc-workbench render`: a workbook's saved views, drawn by native DuckDB over files the browser cannot hold. The
 * workbook is read by the app's own parser; the files are loaded under the names its views use; the app's domain
 * state (role recognition, the user's corrections and mappings, normalised and long views) runs unchanged against
 * native DuckDB; each view is compiled by the app's compiler and drawn with the app's Plot options.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DomainState } from '../app/domain-state.svelte';
import { memoryStore } from '../app/browser-storage';
import { errorMessage, leftOutCaption, type ViewSpec } from '../domain';
import { createdObject, parseWorkbookFile, safeFileName, sqlScript, unprotectedScriptNote, viewTables, WorkbookError, type Workbook } from '../workbook';
import { REFERENCE_POPULATION } from '../domain/population';
import { sourceTableIn, type SchemaInfo } from '../query';
import { RenderError } from './errors';
import { indexPage, type IndexEntry } from './index-page';
import { SourceLoader, describeNative, referenceSql, sourceTablesNeeded, type LoadedSource } from './load-sources';
import { NativeDb } from './native-db';
import { renderView } from './render-view';
import type { RenderArgs } from './args';

/** What happened to one view. */
export interface ViewOutcome {
  id: string;
  name: string;
  /** Result rows, files written and seconds, when drawn. */
  rows?: number;
  files?: Record<string, string>;
  queryMs?: number;
  totalMs?: number;
  error?: string;
}

/** What a render did: the tables loaded, each view's outcome, and the time taken. */
export interface RenderSummary {
  title: string;
  loaded: LoadedSource[];
  warnings: string[];
  views: ViewOutcome[];
  loadMs: number;
  totalMs: number;
}

function readWorkbook(path: string): Workbook {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RenderError(path, `the workbook could not be read (${errorMessage(e)})`, 'check the path', { cause: e });
  }
  try {
    return parseWorkbookFile(bytes);
  } catch (e) {
    if (e instanceof WorkbookError) throw new RenderError(path, e.message, undefined, { cause: e });
    throw e;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** Render every view of the workbook into `args.out`; `log` hears a line per step. Views that fail are reported, not thrown. */
export async function render(args: RenderArgs, log: (line: string) => void = () => {}): Promise<RenderSummary> {
  const t0 = performance.now();
  const w = readWorkbook(args.workbook);
  const db = await NativeDb.open({ threads: args.threads, memoryLimit: args.memoryLimit });
  const loader = new SourceLoader(db, args.data === undefined ? undefined : resolve(args.data));
  const warnings: string[] = [];
  try {
    await loader.loadReference();
    const needed = sourceTablesNeeded(w);
    const loaded: LoadedSource[] = [];
    if (args.db) {
      const shown = await db.attach(resolve(args.db));
      const missing = needed.filter((t) => !shown.some((n) => n.toLowerCase() === t.toLowerCase()));
      if (missing.length) throw new RenderError(args.db, `has no table ${missing.map((m) => JSON.stringify(m)).join(', ')}, which the workbook's views read`, 'create the table in that database under this name, or render with --data');
      log(`Database ${args.db}: ${shown.length} table${shown.length === 1 ? '' : 's'} attached read-only.`);
    } else {
      for (const table of needed) {
        const t = performance.now();
        const l = await loader.load(w, table);
        loaded.push(l);
        log(`Loaded ${l.table} from ${l.from}: ${l.rows.toLocaleString('en-GB')} rows, ${seconds(performance.now() - t)}.${l.report.length > 1 ? ` ${l.report.slice(1).join(' ')}` : ''}`);
      }
    }
    // The app's own recognition, with the workbook's teaching: the views its saved views read (x_norm, x_long_norm).
    // What the domain state makes (macros, lookup tables and their rows, views), in order, for the views' SQL scripts.
    const made: string[] = [];
    const domain = new DomainState((sql) => {
      if (createdObject(sql) !== undefined || /^\s*INSERT\b/i.test(sql)) made.push(sql);
      return db.table(sql);
    }, memoryStore());
    await domain.adopt({ roleCorrections: w.roleCorrections, valueMappings: w.valueMappings }, 'theirs').applied;
    // A wide table's long form is made by one pass and normalised by the next.
    for (let pass = 0; pass < 4 && (await domain.sync(await describeNative(db, loaded))); pass++);
    warnings.push(...domain.errors, ...Object.values(domain.tables).flatMap((d) => (d.error ? [d.error] : [])));
    for (const warning of warnings) log(`Warning: ${warning}`);
    const tables = await describeNative(db, loaded);
    const schema: SchemaInfo = { tables: tables.map((t) => ({ name: t.name, kind: t.kind, columns: t.columns })) };
    const loadMs = performance.now() - t0;
    // The rows a view's table leaves out of a by-force comparison, said in its caption as the builder says them.
    const leftOut = (spec: ViewSpec) => {
      const prepared = Object.keys(domain.tables).map((t) => domain.prepared(t)).find((p) => p?.relation === spec.table);
      return leftOutCaption(spec, prepared?.leftOut);
    };

    // A view's script makes what its query reads beyond the files: the population if it reads it, the lookups and
    // macros, and the workbench's views of its own tables (not of the others).
    const sourceTables = [...w.sources.map((s) => s.table), REFERENCE_POPULATION];
    const setupFor = (spec: ViewSpec) => {
      const tables = viewTables(spec);
      const own = new Set(tables.map((t) => sourceTableIn(t, sourceTables)).filter((t) => t !== undefined));
      const reference = tables.some((t) => t.toLowerCase() === REFERENCE_POPULATION) ? referenceSql() : [];
      return [
        ...reference,
        ...made.filter((sql) => {
          const table = sourceTableIn(createdObject(sql) ?? '', sourceTables);
          return table === undefined || own.has(table);
        }),
      ];
    };
    const out = resolve(args.out);
    mkdirSync(out, { recursive: true });
    const renderedAt = new Date();
    const views: ViewOutcome[] = [];
    const entries: IndexEntry[] = [];
    for (const [i, view] of w.views.entries()) {
      const stem = `${String(i + 1).padStart(2, '0')}-${safeFileName(view.name, 'x', 'view').slice(0, -2)}`;
      try {
        const r = await renderView(view, schema, db, w.sources, renderedAt, leftOut(view.spec), w.protection);
        const files = { SVG: `${stem}.svg`, PNG: `${stem}.png`, CSV: `${stem}.csv`, SQL: `${stem}.sql` };
        writeFileSync(join(out, files.SVG), r.svg.svg);
        writeFileSync(join(out, files.PNG), r.png);
        writeFileSync(join(out, files.CSV), r.csv);
        const notes = w.protection ? [...r.drawn.compiled.notes, unprotectedScriptNote(w.protection.threshold)] : r.drawn.compiled.notes;
        writeFileSync(join(out, files.SQL), sqlScript({ title: view.name, sql: r.drawn.compiled.sql, sources: w.sources, tables: viewTables(view.spec), exportedAt: renderedAt, notes, setup: setupFor(view.spec) }));
        const rows = r.drawn.rows.length;
        views.push({ id: view.id, name: view.name, rows, files, queryMs: r.queryMs, totalMs: r.totalMs });
        entries.push({ name: view.name, title: String(r.drawn.chart.options.title ?? view.name), files, description: r.drawn.chart.description, notes: [...r.drawn.chart.note, ...notes], summary: `${rows.toLocaleString('en-GB')} rows, ${seconds(r.totalMs)}` });
        log(`View ${view.id} "${view.name}": ${rows.toLocaleString('en-GB')} rows, ${seconds(r.totalMs)} (query ${seconds(r.queryMs)}) → ${stem}.svg .png .csv .sql`);
      } catch (e) {
        const message = `${errorMessage(e)} (table ${view.spec.table})`;
        views.push({ id: view.id, name: view.name, error: message });
        entries.push({ name: view.name, error: message });
        log(`View ${view.id} "${view.name}" not drawn: ${message}`);
      }
    }
    const source = args.db ? `the database ${args.db}` : loaded.map((l) => `${l.file} (${l.rows.toLocaleString('en-GB')} rows)`).join(', ') || 'no files';
    const lines = [`Rendered ${renderedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by soc-workbench render with native DuckDB, from ${source}.`, ...warnings.map((x) => `Warning: ${x}`)];
    writeFileSync(join(out, 'index.html'), indexPage(w.title, lines, entries));
    return { title: w.title, loaded, warnings, views, loadMs, totalMs: performance.now() - t0 };
  } finally {
    loader.close();
    db.close();
  }
}

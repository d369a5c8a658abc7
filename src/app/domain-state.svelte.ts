/**
 * What the workbench knows about each loaded table: recognised column roles (with the user's corrections), the
 * normalised view `<table>_norm`, values that did not map, total rows, mixed periods and wide layouts. It runs its
 * SQL through the engine the Workbench gives it and keeps what the user taught it in an injected store.
 * Past 300 lines because roles, views and reports share one queue and one record per table.
 */
import type * as arrow from 'apache-arrow';
import type { TableInfo } from '../engine';
// The classes alone: the engine's index pulls in its worker bundle, which the command line does not have.
import { CancelledError, EngineError } from '../engine/errors';
import { classifyRows, dict, isNumericType, longValueName, matchForce, own, withKey, type RowKind } from '../domain';
import { MAX_CLASSIFIED_MEASURES, MAX_CLASSIFIED_ROWS, aggregateRowsCondition, differingRowsSql, grandTotalSql, labelledRowsSql, type AggregateRow } from '../query';
import {
  correctRole,
  detectWideTable,
  errorMessage,
  recogniseRoles,
  type ColumnRole,
  type RoleKind,
  type WideTable,
} from '../domain';
import {
  flaggedCountSql,
  longViewName,
  longViewSql,
  loneValuesSql,
  MAX_LONE_VALUES,
  mappingTablesSql,
  normalisedColumns,
  normalisedViewName,
  normalisedRoles,
  normalisedViewSql,
  periodTextsSql,
  periodValuesSql,
  readPeriodValues,
  periodTypesSql,
  placeOf,
  rowCountsSql,
  sampleSql,
  totalLabelsSql,
  unmatchedValuesSql,
  type TotalLabelColumn,
  type ValueMapping,
  distinctKeysSql,
  dropKeysSql,
  dropNormalisedSql,
  keyColumnsOf,
  keysEstimateSql,
  keysWorthwhile,
  normalisedKeyedViewSql,
  normalisedKeysSql,
  rekeySql,
  type NormaliseOptions,
} from '../query';
import type { KeyValueStore } from './browser-storage';
import { mergeTaught, type Taught, type TaughtMerge } from '../workbook';
import { memoryToTaught, readMemory, taughtToMemory, writeMemory, type DomainMemory } from './domain-store';
import type { PreparedTable } from './builder.svelte';

/** A role that maps values to canonical entities. */
export type MappedRole = 'force' | 'region' | 'period' | 'threat';

/** Values of one recognised column that did not map. */
export interface Unmatched {
  column: string;
  role: MappedRole;
  values: { value: string; rows: number }[];
}

/** What the domain layer found in one table. */
export interface TableDomain {
  table: string;
  /** The key corrections are stored under: the file's name, else the table's. */
  file: string;
  detected: ColumnRole[];
  /** Sampled values by column name (for corrections); a null-prototype object, as column names are the file's text. */
  samples: Record<string, unknown[]>;
  norm: { view: string; ms: number; baseRows: number; normRows: number; totalColumn: string } | null;
  unmatched: Unmatched[];
  /** Rows marked as totals, and the labels that marked them, by column. */
  totals: { rows: number; labels: { column: string; value: string; rows: number }[] } | null;
  periodMix: { column: string; types: { type: string; values: number; rows: number }[] }[];
  wide: WideTable | null;
  /** Per dimension column with total rows ("*Total Tactics"), its grand-total label; the builder compares those rows. */
  grandTotals: { column: string; value: string }[];
  /** Rows of the force column that are not territorial forces, by label and kind (totals, regions, other bodies). */
  rowKinds: { label: string; kind: RowKind; rows: number }[];
  /**
   * What the compare builder reads: the normalised view when the table needs it (aliases, totals, regions, other
   * bodies, non-canonical periods), null when the table is already tidy and is read as it is.
   */
  prepared: string | null;
  error: string | null;
  /** Set when the table has more columns than are recognised automatically: it then has no roles, views or reports. */
  tooWide: { columns: number; limit: number } | null;
}

type Run = (sql: string) => Promise<arrow.Table>;

const MAPPED: readonly MappedRole[] = ['force', 'region', 'period', 'threat'];
const SAMPLE_ROWS = 2000;
/**
 * Tables wider than this are not recognised automatically (issue 17 item 3): their samples, views and reports are SQL
 * that grows with the columns, and a 5,000-column table's sample crashed the engine. The widest real table seen had
 * a few hundred columns.
 */
export const MAX_RECOGNISED_COLUMNS = 1000;
/** Columns read by one sample statement: 200 keeps each well inside the engine's limit on a statement's size. */
const SAMPLE_COLUMNS_PER_STATEMENT = 200;
/** Cells sampled per table: a wide table gets fewer rows (at least 200), so its sample stays a few MB in JS. */
const SAMPLE_CELLS = 500_000;
/** Most mapped columns tried for leaving out of a normalised view's key (a query over its keys table each). */
const MAX_KEY_TRIES = 8;

/** The domain layer's state. */
/** A text cell from the engine, or null. */
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class DomainState {
  /**
   * Table name → column roles, the user's corrections applied. Read by the compare builder. This and every map below
   * keyed by a table name are null-prototype objects (`dict`): a table may be called `constructor` or `__proto__`.
   */
  roles = $state.raw<Record<string, ColumnRole[]>>(dict());
  /** Called once the roles of newly seen tables are known; their views and reports are made after it settles. */
  onRoles?: () => void | Promise<void>;
  /** Table name → what was found. */
  tables = $state.raw<Record<string, TableDomain>>(dict());
  /** The table whose details (load report, unmatched values, profile) are open, if any. */
  focus = $state<string | null>(null);
  /** Problems to tell the user about (a failed view, storage refused). */
  errors = $state.raw<string[]>([]);
  /** What the user taught the workbench (role corrections, value mappings), as stored. */
  memory = $state.raw<DomainMemory>({ version: 1, roles: dict(), mappings: [] });
  /** Called after the user's teaching changed (a correction, a mapping, an opened workbook's), e.g. to autosave it. */
  onTaught?: () => void;
  /** Short notes per table for the data panel. */
  badges: Record<string, string[]> = $derived(
    dict(
      Object.entries(this.tables).map(([name, d]) => {
        const unmatched = d.unmatched.reduce((a, u) => a + u.values.length, 0);
        const notes = [
          unmatched ? `${unmatched} unmatched` : '',
          d.totals ? `${d.totals.rows} total row${d.totals.rows === 1 ? '' : 's'}` : '',
          d.periodMix.length ? 'mixed periods' : '',
          d.wide ? 'wide' : '',
          d.tooWide ? 'too wide to recognise' : '',
          d.error ? 'problem' : '',
        ];
        return [name, notes.filter(Boolean)];
      }),
    ),
  );
  private signatures = new Map<string, string>();
  // One operation at a time: two overlapping syncs would each drop the views the other just made.
  private queue: Promise<unknown> = Promise.resolve();
  private lookupsReady = false;
  private views = new Set<string>();
  /** A spreadsheet table's unit label, by table: names the values of its long form. */
  private readonly units = new Map<string, string>();

  constructor(
    private readonly run: Run,
    private readonly store: KeyValueStore,
  ) {
    this.memory = readMemory(store);
  }

  /** The engine restarted: its lookup tables and views are gone, so everything is made again at the next sync. */
  reset(): void {
    this.lookupsReady = false;
    this.signatures.clear();
    this.views.clear();
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Bring roles and views up to date with the engine's tables; true when views were made or dropped. */
  sync(list: readonly TableInfo[]): Promise<boolean> {
    return this.exclusive(() => this.syncNow(list));
  }

  private async syncNow(list: readonly TableInfo[]): Promise<boolean> {
    const names = list.map((t) => t.name);
    const user = list.filter((t) => placeOf(t.name, names).recognised && t.columns.length > 0);
    let changed = false;
    try {
      await this.ensureLookups();
    } catch (e) {
      this.errors = [`The force, region and threat lookups could not be made: ${errorMessage(e)}`];
      return false;
    }
    const next = dict<TableDomain>();
    const fresh: string[] = [];
    for (const t of user) {
      if (t.source?.unit) this.units.set(t.name, t.source.unit);
      const sig = JSON.stringify([t.columns, t.rows, t.source?.file, t.source?.bytes]);
      const old = this.tables[t.name];
      if (old && this.signatures.get(t.name) === sig) {
        next[t.name] = old;
        continue;
      }
      this.signatures.set(t.name, sig);
      next[t.name] = await this.recognise(t);
      fresh.push(t.name);
    }
    // Roles first, for the builder's first chart; the views and reports (seconds over the samples) follow.
    this.roles = dict([...Object.entries(this.roles), ...fresh.map((k) => [k, this.applied(next[k]!)] as const)]);
    await this.onRoles?.();
    for (const name of fresh) {
      const d = next[name]!;
      if (d.error || d.tooWide) continue;
      next[name] = await this.normalise(d, this.applied(d));
      if (next[name]!.norm) changed = true;
    }
    // A wide table (one column per period) is read through its long form: make it, and the next sync normalises it.
    for (const name of fresh) {
      const d = next[name]!;
      if (d.wide && !d.error && !names.some((n) => n.toLowerCase() === longViewName(name).toLowerCase())) {
        try {
          await this.run(longViewSql(name, d.wide, { value: longValueName(name, this.units.get(name)) }));
          this.views.add(longViewName(name));
          changed = true;
        } catch (e) {
          next[name] = { ...d, error: `Could not read ${name} as a long table: ${errorMessage(e)}` };
        }
      }
    }
    // A dropped or renamed table leaves its view pointing at nothing: drop it, and a normalised view's keys.
    for (const view of [...this.views]) {
      const base = view.replace(/_(norm|long)$/, '');
      if (!user.some((t) => t.name === base)) {
        for (const sql of dropNormalisedSql(view)) await this.run(sql).catch(() => {});
        this.views.delete(view);
        this.signatures.delete(base);
        changed = true;
      }
    }
    this.tables = next;
    this.roles = dict(Object.entries(next).map(([k, d]) => [k, this.applied(d)]));
    return changed;
  }

  /**
   * How the compare builder reads a table: through `<table>_long`'s normalised view when the table is wide, through
   * `<table>_norm` when normalisation changes anything, else as it is; with the rows that are not forces.
   */
  prepared(table: string): PreparedTable | undefined {
    const d = this.tables[table];
    if (!d) return undefined;
    const long = d.wide ? this.tables[longViewName(table)] : undefined;
    const via = long?.norm ? long : d;
    const roles = this.applied(via);
    const source = normalisedColumns(roles).sources.force?.name;
    const common = { leftOut: via.rowKinds, labelColumn: source, grandTotals: via.grandTotals };
    if (!via.prepared && via === d) return { relation: table, roles, ...common };
    return { relation: via.prepared ?? via.table, roles: via.prepared ? normalisedRoles(roles) : roles, ...common };
  }

  /** Correct the role of a column; persisted by file name and column, applied at once. */
  setRole(table: string, column: string, kind: RoleKind): Promise<void> {
    return this.exclusive(() => this.setRoleNow(table, column, kind));
  }

  private async setRoleNow(table: string, column: string, kind: RoleKind): Promise<void> {
    const d = this.tables[table];
    if (!d) return;
    const detected = d.detected.find((r) => r.name === column);
    const byFile = dict(Object.entries(this.memory.roles[d.file] ?? {}));
    if (detected?.role === kind) delete byFile[column];
    else byFile[column] = kind;
    const roles = dict(Object.entries(this.memory.roles));
    roles[d.file] = byFile;
    this.memory = { ...this.memory, roles };
    writeMemory(this.store, this.memory);
    this.onTaught?.();
    await this.renormalise(table);
  }

  /** The user's teaching as a workbook carries it: corrections of the files named, and every value mapping. */
  taught(files: readonly string[]): Taught {
    return memoryToTaught(this.memory, files);
  }

  /**
   * Combine a workbook's teaching with the user's (see mergeTaught: `theirs` for an opened workbook, `mine` for the
   * autosaved one) and keep it at once, so tables recognised from now on get it; the tables already loaded are
   * normalised again after whatever the domain is doing now (the returned `applied`).
   */
  adopt(taught: Taught, prefer: 'theirs' | 'mine'): { merge: TaughtMerge; applied: Promise<void> } {
    const merge = mergeTaught(memoryToTaught(this.memory), taught, prefer);
    if (merge.added.length + merge.replaced.length === 0) return { merge, applied: Promise.resolve() };
    const before = this.memory;
    this.memory = taughtToMemory(merge.taught);
    writeMemory(this.store, this.memory);
    this.onTaught?.();
    const after = this.memory;
    const applied = this.exclusive(async () => {
      const mappingsChanged = JSON.stringify(before.mappings) !== JSON.stringify(after.mappings);
      if (mappingsChanged) this.lookupsReady = false;
      await this.ensureLookups();
      // A new mapping can change any table; a correction only the tables loaded from its file.
      const same = (file: string) => JSON.stringify(Object.entries(before.roles[file] ?? {}).sort()) === JSON.stringify(Object.entries(after.roles[file] ?? {}).sort());
      for (const [table, d] of Object.entries(this.tables)) if (mappingsChanged || !same(d.file)) await this.renormalise(table);
    }).catch((e) => {
      this.errors = [...this.errors, `The corrections and mappings could not be applied: ${errorMessage(e)}`];
    });
    return { merge, applied };
  }

  /** Map an unmatched value to a canonical force, region or threat type (by id); persisted, applied at once. */
  mapValue(mapping: ValueMapping): Promise<void> {
    return this.exclusive(() => this.remap([...this.memory.mappings.filter((m) => !(m.role === mapping.role && m.value === mapping.value)), mapping]));
  }

  /** Forget a value mapping. */
  unmapValue(role: ValueMapping['role'], value: string): Promise<void> {
    return this.exclusive(() => this.remap(this.memory.mappings.filter((m) => !(m.role === role && m.value === value))));
  }

  private async remap(mappings: ValueMapping[]): Promise<void> {
    this.memory = { ...this.memory, mappings };
    writeMemory(this.store, this.memory);
    this.onTaught?.();
    this.lookupsReady = false;
    await this.ensureLookups();
    for (const table of Object.keys(this.tables)) await this.renormalise(table);
  }

  /** Make `<table>_long` from a wide table. */
  makeLong(table: string): Promise<string> {
    return this.exclusive(() => this.makeLongNow(table));
  }

  private async makeLongNow(table: string): Promise<string> {
    const wide = this.tables[table]?.wide;
    if (!wide) throw new Error(`${table} does not have period columns to unpivot`);
    await this.run(longViewSql(table, wide, { value: longValueName(table, this.units.get(table)) }));
    this.views.add(longViewName(table));
    return longViewName(table);
  }

  private async ensureLookups(): Promise<void> {
    if (this.lookupsReady) return;
    for (const sql of mappingTablesSql({ mappings: this.memory.mappings })) await this.run(sql);
    this.lookupsReady = true;
  }

  private applied(d: TableDomain): ColumnRole[] {
    const fixes = this.memory.roles[d.file];
    return d.detected.map((r) => {
      const fix = fixes && own(fixes, r.name);
      return fix ? correctRole(r, fix, own(d.samples, r.name) ?? []) : r;
    });
  }

  private async renormalise(table: string): Promise<void> {
    const d = this.tables[table];
    if (!d) return;
    const again = await this.normalise(d, this.applied(d));
    this.tables = withKey(this.tables, table, again);
    this.roles = withKey(this.roles, table, this.applied(again));
  }

  /** Sample a table and recognise its columns' roles (no views yet). */
  private async recognise(t: TableInfo): Promise<TableDomain> {
    const file = t.source?.file ?? t.name;
    const d: TableDomain = { table: t.name, file, detected: [], samples: dict(), norm: null, unmatched: [], totals: null, periodMix: [], wide: null, grandTotals: [], rowKinds: [], prepared: null, error: null, tooWide: null };
    if (t.columns.length > MAX_RECOGNISED_COLUMNS) return { ...d, tooWide: { columns: t.columns.length, limit: MAX_RECOGNISED_COLUMNS } };
    try {
      const rows = Math.max(200, Math.min(SAMPLE_ROWS, Math.floor(SAMPLE_CELLS / t.columns.length)));
      for (let from = 0; from < t.columns.length; from += SAMPLE_COLUMNS_PER_STATEMENT) {
        const columns = t.columns.slice(from, from + SAMPLE_COLUMNS_PER_STATEMENT);
        const sample = await this.run(sampleSql(t.name, columns.map((c) => c.name), rows));
        columns.forEach((c, i) => (d.samples[c.name] = sample.getChild(`c${i}`)?.toArray() ?? []));
      }
      const units = t.source?.units ?? {};
      const unit = (column: string) => (Object.hasOwn(units, column) ? units[column] : undefined);
      d.detected = recogniseRoles(t.columns.map((c) => ({ name: c.name, type: c.type, sample: d.samples[c.name], unit: unit(c.name) })));
      d.wide = detectWideTable(t.columns.map((c) => c.name)) ?? null;
    } catch (e) {
      return { ...d, error: `Could not read a sample of ${t.name}: ${errorMessage(e)}` };
    }
    return d;
  }

  /** (Re)create `<table>_norm` from `roles` and report what did not map. */
  private async normalise(d: TableDomain, roles: ColumnRole[]): Promise<TableDomain> {
    const out: TableDomain = { ...d, norm: null, unmatched: [], totals: null, periodMix: [], grandTotals: [], rowKinds: [], prepared: null, error: null };
    const view = normalisedViewName(d.table);
    // A table of categories alone still needs its view when a category column holds subtotals ("Total Restraint",
    // "Handcuffing, of which"): is_total is what keeps them from being added in with the rows they total.
    if (!roles.some((r) => MAPPED.includes(r.role as MappedRole) || (r.role === 'dimension' && r.totals))) {
      if (this.views.has(view)) for (const sql of dropNormalisedSql(view)) await this.run(sql).catch(() => {});
      this.views.delete(view);
      return out;
    }
    try {
      const t0 = performance.now();
      const found = await this.aggregates(d.table, roles);
      out.rowKinds = found.rowKinds;
      // The period readings, made once here rather than planned again by every query on the view.
      const texts = periodTextsSql(d.table, roles);
      const periodsSql = texts ? null : periodValuesSql(d.table, roles);
      const periods = texts
        ? readPeriodValues((await this.run(texts.sql)).toArray().map((x) => String(x.raw)), texts.role)
        : periodsSql
          ? (await this.run(periodsSql)).toArray().map((x) => ({ raw: String(x.raw), period: text(x.period), start: text(x.start), type: text(x.type) }))
          : undefined;
      const lone = await this.loneValues(d.table, roles);
      await this.makeNormalised(d.table, roles, { ...(found.condition ? { aggregates: found.condition } : {}), periods, ...(lone ? { lone } : {}) });
      this.views.add(view);
      const [counts] = (await this.run(rowCountsSql(d.table, view))).toArray();
      const { sources, dimensions, names } = normalisedColumns(roles);
      out.norm = { view, ms: performance.now() - t0, baseRows: Number(counts.base_rows), normRows: Number(counts.norm_rows), totalColumn: names.is_total! };
      for (const r of roles) {
        if (!MAPPED.includes(r.role as MappedRole)) continue;
        const rows = (await this.run(unmatchedValuesSql(d.table, r, { periods: r === sources.period ? periods : undefined }))).toArray();
        out.unmatched.push({ column: r.name, role: r.role as MappedRole, values: rows.map((x) => ({ value: String(x.value), rows: Number(x.row_count) })) });
        if (r.role === 'period') {
          const types = (await this.run(periodTypesSql(d.table, r, r === sources.period ? periods : undefined))).toArray().map((x) => ({ type: String(x.period_type), values: Number(x.value_count), rows: Number(x.row_count) }));
          if (types.length > 1) out.periodMix.push({ column: r.name, types });
        }
      }
      const flag = names.is_total!;
      const [{ n: flagged }] = (await this.run(flaggedCountSql(view, flag))).toArray();
      if (Number(flagged) > 0) {
        const cols: TotalLabelColumn[] = [
          ...(sources.force ? [{ name: sources.force.name, kind: 'force' as const }] : []),
          ...[sources.region, sources.threat].filter((r): r is ColumnRole => !!r).map((r) => ({ name: r.name, kind: 'label' as const })),
          ...dimensions.map((r) => ({ name: r.name, kind: 'dimension' as const })),
        ];
        const labels = cols.length ? (await this.run(totalLabelsSql(view, flag, cols))).toArray() : [];
        out.totals = { rows: Number(flagged), labels: labels.map((x) => ({ column: String(x.column_name), value: String(x.value), rows: Number(x.row_count) })) };
        const measure = roles.find((r) => r.role === 'measure' && isNumericType(r.type));
        for (const dim of dimensions) {
          const own = out.totals.labels.filter((l) => l.column === dim.name).map((l) => l.value);
          if (!measure || own.length === 0) continue;
          const [best] = (await this.run(grandTotalSql(d.table, dim.name, own, measure.name))).toArray();
          if (best?.value !== null && best?.value !== undefined) out.grandTotals.push({ column: dim.name, value: String(best.value) });
        }
      }
      out.prepared = (await this.needsPreparing(out, roles)) ? view : null;
    } catch (e) {
      out.error = `Could not make the normalised view ${view}: ${errorMessage(e)}`;
    }
    return out;
  }

  /**
   * For a table of categories over sub-categories (two category columns holding totals), each category column's
   * values that stand on one row, read once: a subtotal alone under its category is kept (normalise.ts, lone()). A
   * column with more than MAX_LONE_VALUES of them is left to the view to count.
   */
  private async loneValues(table: string, roles: ColumnRole[]): Promise<Record<string, string[]> | undefined> {
    const { dimensions } = normalisedColumns(roles);
    if (dimensions.length < 2) return undefined;
    const out = dict<string[]>();
    for (const c of dimensions) {
      const values = (await this.run(loneValuesSql(table, c.name))).toArray().flatMap((x) => (x.v === null ? [] : [String(x.v)]));
      if (values.length <= MAX_LONE_VALUES) out[c.name] = values;
    }
    return out;
  }

  /**
   * `<table>_norm` over a keys table (normalisedRelationSql: a GROUP BY on it costs 2–3× one on the table, on the
   * per-row view 12×) when the keys are few enough to keep (keysWorthwhile); else, or when making them fails (out of
   * memory, two keys sharing a hash), the per-row view, which needs no memory of its own.
   */
  private async makeNormalised(table: string, roles: ColumnRole[], options: NormaliseOptions): Promise<void> {
    const view = normalisedViewName(table);
    try {
      const estimate = keysEstimateSql(table, roles, options);
      const [size] = estimate ? (await this.run(estimate)).toArray() : [];
      const keys = normalisedKeysSql(table, roles, options);
      if (size && keys && keysWorthwhile(Number(size.keys), Number(size.row_count))) {
        await this.run(keys);
        const key = await this.narrowKey(view, roles, options);
        if (key) await this.run(rekeySql(view, roles, key, options));
        await this.run(normalisedKeyedViewSql(table, roles, options, key));
        return;
      }
    } catch (e) {
      if (e instanceof CancelledError || e instanceof EngineError) throw e;
    }
    await this.run(dropKeysSql(view));
    await this.run(normalisedViewSql(table, roles, options));
  }

  /**
   * Fewer mapped columns that still tell `view`'s keys apart, or undefined: each is left out in turn, from the last,
   * while the rest do (a region column beside a force column is, in most tables, one of the force's). Every column
   * fewer is one fewer to hash in every row of every query on the view.
   */
  private async narrowKey(view: string, roles: ColumnRole[], options: NormaliseOptions): Promise<string[] | undefined> {
    const all = keyColumnsOf(roles, options);
    let kept = all;
    for (const column of all.slice(-MAX_KEY_TRIES).reverse()) {
      if (kept.length === 1) break;
      const fewer = kept.filter((c) => c !== column);
      const [n] = (await this.run(distinctKeysSql(view, fewer))).toArray();
      if (Number(n.distinct_keys) === Number(n.keys)) kept = fewer;
    }
    return kept.length < all.length ? kept : undefined;
  }

  /**
   * Rows of the force column that are not forces (src/domain/aggregates.ts), read in table order and classified
   * period by period, and a condition marking those that are aggregates only by their numbers (a region row named
   * like a force: "West Midlands"). Tables too large to read whole are classified by their labels in the view.
   */
  private async aggregates(table: string, roles: ColumnRole[]): Promise<{ condition?: string; rowKinds: TableDomain['rowKinds'] }> {
    const { sources } = normalisedColumns(roles);
    const force = sources.force?.name;
    if (!force) return { rowKinds: [] };
    const period = sources.period?.name;
    const measures = roles.filter((r) => r.role === 'measure' && isNumericType(r.type)).map((r) => r.name).slice(0, MAX_CLASSIFIED_MEASURES);
    const rows = (await this.run(labelledRowsSql(table, force, period, measures))).toArray();
    if (rows.length > MAX_CLASSIFIED_ROWS) return { rowKinds: [] };
    const read = rows.map((r) => ({
      label: r.label === null ? '' : String(r.label),
      period: r.period === null ? null : String(r.period),
      values: measures.map((_, i) => (r[`m${i}`] === null ? null : Number(r[`m${i}`]))),
    }));
    const groups = new Map<string | null, typeof read>();
    for (const r of read) groups.set(r.period, [...(groups.get(r.period) ?? []), r]);
    const byNumbers: AggregateRow[] = [];
    const kinds = new Map<string, { label: string; kind: RowKind; rows: number }>();
    for (const group of groups.values()) {
      classifyRows(group).forEach((v, i) => {
        const r = group[i];
        if (v.kind === 'force') return;
        if (v.kind === 'region' && matchForce(r.label)) byNumbers.push(r);
        const key = `${v.kind}\u0000${r.label.trim()}`;
        const k = kinds.get(key) ?? { label: r.label.trim(), kind: v.kind, rows: 0 };
        k.rows++;
        kinds.set(key, k);
      });
    }
    const condition = byNumbers.length ? aggregateRowsCondition('b', force, period, measures, byNumbers) : undefined;
    return { condition, rowKinds: [...kinds.values()] };
  }

  /** Whether the builder must read the normalised view: anything it maps, marks or leaves out. */
  private async needsPreparing(d: TableDomain, roles: ColumnRole[]): Promise<boolean> {
    if (d.unmatched.some((u) => u.values.length) || d.totals || d.periodMix.length || d.rowKinds.length) return true;
    const { sources, names } = normalisedColumns(roles);
    const pairs: [string, string][] = [];
    if (sources.force && names.force) pairs.push([sources.force.name, names.force]);
    if (sources.period && names.period) pairs.push([sources.period.name, names.period]);
    if (pairs.length === 0) return false;
    const [row] = (await this.run(differingRowsSql(normalisedViewName(d.table), pairs))).toArray();
    return Number(row.n) > 0;
  }
}

/**
 * The compare builder's state: one view spec, edited by the builder's controls, compiled to SQL, run by the engine
 * and drawn as a chart. Every change re-runs at once; a result that arrives after a newer change is dropped, so the
 * chart always shows the latest spec.
 * Past 300 lines because opening a table, its defaults and the run/draw cycle share the one spec and its ordering
 * rules; the pure parts live in src/domain (view-defaults, view-edits, view-empty) and src/app/run-view.ts.
 */
import { toRows, type Chart, type PopulationMatch, type Row } from '../charts';
import {
  defaultView,
  errorMessage,
  leftOutCaption,
  relaxations,
  rollingSumProblem,
  parseViewSpec,
  sortPeriods,
  specRoles,
  withPeers,
  type ColumnRole,
  type Protection,
  type TableShape,
  type ViewSpec,
} from '../domain';
import { memoryPrefs, type Prefs } from './prefs';
import { chartOfRows, runView, type DrawnProtection } from './run-view';
import { decodeRows, snapshotOfDrawn, type ViewSnapshot } from './snapshot';
import type { Cubes } from './cubes';
import type { QueryResult, TableInfo } from '../engine';
import { ident, placeOf, type CompiledView, type SchemaInfo } from '../query';

/** What the builder needs from the workbench: queries, the live table list and each table's column roles. */
export interface BuilderDeps {
  query(sql: string): Promise<QueryResult>;
  tables(): readonly TableInfo[];
  roles(table: string): Promise<readonly ColumnRole[]>;
  /** What the domain layer found in a table: the relation to read and the rows that are not forces. */
  prepared?(table: string): PreparedTable | undefined;
  /** Where peer groups and the highlighted force are kept; memory only when absent. */
  prefs?: Prefs;
  /** Told when the user's peer groups change (the workbook keeps them too). */
  onPeerGroups?: (groups: NamedPeerGroup[]) => void;
  /** The workbook's small-number protection, read at each draw; none when absent. */
  protection?(): Protection | undefined;
  /** Pre-aggregated cubes: built after a table's first chart, read by the views they fit; none when absent. */
  cubes?: Cubes;
  /** Told after each live draw (the workbench keeps a snapshot of it for the next session). */
  drawn?: () => void;
}

/** A user table as the builder reads it: through its normalised (or long and normalised) view when it needs one. */
export interface PreparedTable {
  /** The view to query, e.g. `<table>_norm` or `<table>_long_norm`; the table itself when it is tidy. */
  relation: string;
  /** The roles of the relation's columns. */
  roles: readonly ColumnRole[];
  /** Rows that are not territorial forces, by label: left out of by-force comparisons unless asked for. */
  leftOut: readonly { label: string; kind: string; rows: number }[];
  /** The published column holding those labels, for "show them". */
  labelColumn?: string;
  /** Grand-total rows of other dimensions, compared instead of summing their parts. */
  grandTotals?: readonly { column: string; value: string }[];
}

/** A peer group the user defined: a name and canonical force names. */
export interface NamedPeerGroup {
  name: string;
  forces: string[];
}

/** A column offered as a filter: its distinct values, when there are few enough to pick from. */
export interface FilterChoice {
  column: string;
  values: string[];
  /** More distinct values than are listed. */
  truncated: boolean;
}

/** Most values a filter lists; a column with more is still filterable through SQL. */
export const MAX_FILTER_VALUES = 200;

/** The force highlighted when the user has not chosen one: a mid-sized force with a ROCU, so region peers show. */
export const DEFAULT_FORCE = 'Kent';

export class Builder {
  spec = $state.raw<ViewSpec | null>(null);
  compiled = $state.raw<CompiledView | null>(null);
  rows = $state.raw<Row[]>([]);
  /** The drawn result as a table (protected when protection is on): what the CSV and Excel exports write. */
  table = $state.raw<QueryResult['table'] | null>(null);
  /** What protection did to the drawn view; null when it is off. */
  protection = $state.raw<DrawnProtection | null>(null);
  chart = $state.raw<Chart | null>(null);
  /** Why the current spec could not be compiled, run or drawn, in words for the user. */
  error = $state<string | null>(null);
  running = $state(false);
  elapsedMs = $state(0);
  /** The tables the builder can use, with their roles. */
  shapes = $state.raw<TableShape[]>([]);
  /** Filterable columns of the current table and their values. */
  filters = $state.raw<FilterChoice[]>([]);
  /** Columns not offered as filters because their values could not be listed, each in a sentence (issue 17 item 8). */
  filterProblems = $state.raw<string[]>([]);
  /** The highlighted force, kept when the table changes. */
  myForce = $state<string | undefined>(DEFAULT_FORCE);
  /** Peer groups the user defined, kept across sessions where the browser allows. */
  peerGroups = $state.raw<NamedPeerGroup[]>([]);
  /**
   * While the chart on screen is a snapshot (snapshot.ts), drawn before the engine was ready: where it came from and
   * whether the user has changed the view since (applied once the engine is). Null once a live result replaces it.
   */
  snapshot = $state.raw<{ origin: ViewSnapshot['origin']; savedAt: string; edited: boolean } | null>(null);

  /** Whether the builder has been opened on the engine's tables (a snapshot shown before is not live). */
  private live = false;
  /** The population each force and period of the drawn rate found, for its snapshot. */
  private population: PopulationMatch[] | undefined;

  private seq = 0;
  /** The current view's run (its query, population and chart), for open() to list filter values after it. */
  private drawing: Promise<void> = Promise.resolve();
  private opened = false;
  private readonly deps: BuilderDeps;

  private readonly prefs: Prefs;

  constructor(deps: BuilderDeps) {
    this.deps = deps;
    this.prefs = deps.prefs ?? memoryPrefs();
    const groups = this.prefs.get('peer-groups');
    if (Array.isArray(groups)) this.peerGroups = groups.filter(isPeerGroup);
    const force = this.prefs.get('my-force');
    if (typeof force === 'string' || force === null) this.myForce = force ?? undefined;
  }

  /**
   * Save a named peer group (replacing one of the same name) and compare with it. Returns a message when the group
   * cannot be saved or kept.
   */
  savePeerGroup(group: NamedPeerGroup): string | undefined {
    const name = group.name.trim();
    if (!name) return 'Give the group a name.';
    if (group.forces.length === 0) return 'Choose at least one force for the group.';
    const saved = { name, forces: [...group.forces] };
    this.peerGroups = [...this.peerGroups.filter((g) => g.name !== name), saved].sort((a, b) => a.name.localeCompare(b.name));
    const kept = this.prefs.set('peer-groups', this.peerGroups);
    this.deps.onPeerGroups?.(this.peerGroups);
    this.update((s) => withPeers(s, saved));
    return kept ? undefined : 'This browser does not keep data: the group lasts until the tab is closed. Save a workbook file to keep it.';
  }

  /** Add peer groups that came with a workbook; the user's own of the same name are kept. */
  adoptPeerGroups(groups: readonly NamedPeerGroup[]): void {
    const mine = new Set(this.peerGroups.map((g) => g.name));
    const added = groups.filter((g) => !mine.has(g.name)).map((g) => ({ name: g.name, forces: [...g.forces] }));
    if (added.length === 0) return;
    this.peerGroups = [...this.peerGroups, ...added].sort((a, b) => a.name.localeCompare(b.name));
    this.prefs.set('peer-groups', this.peerGroups);
  }

  /** Forget a named peer group; a view using it falls back to no peers. */
  deletePeerGroup(name: string): void {
    this.peerGroups = this.peerGroups.filter((g) => g.name !== name);
    this.prefs.set('peer-groups', this.peerGroups);
    this.deps.onPeerGroups?.(this.peerGroups);
    const current = this.spec?.highlight.peerGroup;
    if (current && current !== 'region' && current.name === name) this.update((s) => withPeers(s, undefined));
  }

  /** The current table's shape. */
  get shape(): TableShape | undefined {
    return this.shapes.find((t) => t.name === this.spec?.table);
  }

  /** Periods of the current table, in time order (from its period filter choice). */
  get periods(): string[] {
    const p = this.spec?.roles.period;
    return this.filters.find((f) => f.column === p)?.values ?? [];
  }

  /** Open a table with its default view: the given one, else the disruptions sample, else the first with a force. */
  async open(table?: string): Promise<void> {
    this.opened = true;
    this.live = true;
    await this.refreshShapes();
    const t =
      this.shapes.find((s) => s.name === table || s.label === table) ??
      this.shapes.find((s) => s.name === 'disruptions_synthetic') ??
      this.shapes.find((s) => specRoles(s.roles).force) ??
      this.shapes[0];
    if (!t) {
      this.spec = null;
      this.error = 'No table to compare yet: open a CSV or Parquet file first.';
      return;
    }
    // The default view needs only the periods (it shows the latest): list those, draw, and list the other filters'
    // values once the chart is drawn — the engine runs one query at a time, and a rate's population query comes
    // after its main one, so listing them first would hold the chart back (issue 16).
    const period = specRoles(t.roles).period;
    await this.loadFilterChoices(t, (column) => column === period);
    const periods = this.filters.find((f) => f.column === period)?.values ?? [];
    this.set(defaultView(t, this.shapes, { periods, force: this.myForce }));
    await this.drawing;
    await this.loadFilterChoices(t, (column) => column !== period, { adding: true });
    this.cube(t);
  }

  /**
   * Build the table's cube once the chart and its filters are on screen: the engine runs one query at a time, so
   * earlier it would hold the first chart back. The next redraw reads it.
   */
  private cube(t: TableShape): void {
    const rows = this.deps.tables().find((x) => x.name === t.name)?.rows ?? -1;
    void this.deps.cubes?.ensure(t.name, t.roles, this.schema(), rows);
  }

  /** Show a given spec (from a workbook, a link or "chart this"), after validating it. */
  async show(spec: unknown): Promise<void> {
    this.live = true;
    await this.refreshShapes();
    const parsed = parseViewSpec(spec);
    const t = this.shapes.find((s) => s.name === parsed.table);
    if (t) await this.loadFilterChoices(t);
    this.set(parsed);
    if (t) {
      await this.drawing;
      this.cube(t);
    }
  }

  /** Apply a change to the spec and re-run. An invalid result is shown as an error, and the last chart stays. */
  update(change: (s: ViewSpec) => ViewSpec): void {
    if (!this.spec) return;
    this.set(change(this.spec));
  }

  /** Set the highlighted force for this and every later view. */
  setForce(force: string | undefined): void {
    this.myForce = force;
    this.prefs.set('my-force', force ?? null);
    this.update((s) => ({
      ...s,
      highlight: force ? { ...s.highlight, force } : { limitToPeers: false },
      uncertainty: !force && s.uncertainty.against === 'peers' ? { ...s.uncertainty, against: 'england-and-wales' } : s.uncertainty,
    }));
  }

  /** The tables changed (a load, drop or rename): list them again, and reopen if the view's table is gone. */
  async tablesChanged(): Promise<void> {
    if (!this.opened) return; // the workbench opens it once the samples are in
    // A cube answers only for the data it was made from: any change to the tables and it goes (and is made again).
    await this.deps.cubes?.forget();
    await this.refreshShapes();
    // A table drawn before the domain layer finished with it is read through its prepared view once there is one.
    const prepared = this.shapes.find((t) => t.label !== undefined && t.label === this.spec?.table);
    if (prepared) await this.open(prepared.name);
    else if (!this.spec || !this.shapes.some((t) => t.name === this.spec?.table)) await this.open();
    else if (this.shape) {
      // The same table, changed (or another one loaded beside it): its cube is made again from what it holds now.
      await this.drawing;
      this.cube(this.shape);
    }
  }

  private set(next: ViewSpec): void {
    let parsed: ViewSpec;
    try {
      parsed = parseViewSpec(next);
    } catch (e) {
      this.spec = next;
      this.error = errorMessage(e);
      return;
    }
    this.spec = parsed;
    // Before the engine is ready the snapshot stays on screen, marked as not yet showing the change.
    if (this.snapshot && !this.live) {
      this.snapshot = { ...this.snapshot, edited: true };
      return;
    }
    // A rolling total summed over periods is a wrong number: say why instead of drawing it.
    const rolling = rollingSumProblem(parsed, this.periods);
    if (rolling) {
      this.seq++;
      this.running = false;
      this.error = rolling;
      return;
    }
    this.drawing = this.run(parsed);
  }

  /** Draw the current view again (the workbook's protection changed). */
  redraw(): void {
    if (this.spec) this.set(this.spec);
  }

  /** Rows of the current table left out of a by-force comparison, as a caption sentence; undefined when none are. */
  get leftOut(): string | undefined {
    return this.spec ? leftOutCaption(this.spec, this.shape?.leftOut) : undefined;
  }

  /** Bring the left-out rows in: compare by the labels as published, totals and all. */
  showLeftOut(): void {
    const column = this.shape?.labelColumn;
    this.update((s) => ({ ...s, totals: 'include', ...(column && s.compareBy.by === 'force' ? { compareBy: { by: 'column', column } } : {}) }));
  }

  private async run(spec: ViewSpec): Promise<void> {
    const my = ++this.seq;
    this.running = true;
    try {
      const left = this.leftOut;
      const protection = this.deps.protection?.();
      const cube = this.deps.cubes?.for(spec.table);
      const drawn = await runView(spec, this.schema(), (sql) => this.deps.query(sql), {
        ...(left ? { leftOut: [left] } : {}),
        ...(protection ? { protection } : {}),
        ...(cube ? { cube, onCubeLost: (c) => this.deps.cubes?.lost(c) } : {}),
      });
      if (my !== this.seq) return;
      // An empty chart always says why: the first relaxation of the view that brings rows back names the cause.
      const empty = drawn.rows.length === 0 ? await this.whyEmpty(spec) : null;
      if (my !== this.seq) return;
      this.compiled = drawn.compiled;
      this.rows = drawn.rows;
      this.table = drawn.table;
      this.protection = drawn.protection ?? null;
      this.population = drawn.population;
      this.elapsedMs = drawn.elapsedMs;
      this.chart = drawn.chart;
      this.error = empty;
      if (!globalThis.performance?.getEntriesByName?.('soc: first live chart').length) globalThis.performance?.mark?.('soc: first live chart');
      this.snapshot = null;
      this.deps.drawn?.();
    } catch (e) {
      if (my !== this.seq) return;
      this.error = errorMessage(e);
      // A snapshot is never left on screen as if it answered a view the engine could not.
      if (this.snapshot) (this.chart = null, this.snapshot = null);
    } finally {
      if (my === this.seq) this.running = false;
    }
  }

  /**
   * Draw a snapshot while the engine starts: its chart, and the controls it was drawn with so the view can be changed
   * already. Nothing is shown once the builder is live or has a chart. Returns whether it was shown.
   */
  showSnapshot(s: ViewSnapshot): boolean {
    if (this.live || this.chart) return false;
    const rows = decodeRows(s.rows);
    const protection = s.protection ? { ...s.protection, suppressed: new Set(s.protection.suppressed) } : undefined;
    let chart: Chart;
    try {
      chart = chartOfRows(s.spec, rows, { population: s.population, leftOut: s.leftOut ? [s.leftOut] : undefined, protection });
    } catch {
      return false; // a snapshot this version cannot draw: the live chart comes soon enough
    }
    this.shapes = s.shapes;
    this.filters = s.filters;
    this.spec = s.spec;
    this.compiled = { ...s.compiled };
    this.rows = rows;
    this.protection = protection ?? null;
    this.chart = chart;
    this.snapshot = { origin: s.origin, savedAt: s.savedAt, edited: false };
    globalThis.performance?.mark?.('soc: snapshot drawn');
    return true;
  }

  /** Whether the builder has been opened on the engine's tables (by start-up, or by a file the user loaded). */
  get isLive(): boolean {
    return this.live;
  }

  /** The view the user changed while a snapshot was shown, to open once the engine is ready. */
  get editedBeforeReady(): ViewSpec | undefined {
    return this.snapshot?.edited && this.spec ? this.spec : undefined;
  }

  /** What a snapshot of the live view holds, but for its inputs; undefined while there is no live chart. */
  snapshotOf(): Omit<ViewSnapshot, 'inputs' | 'origin'> | undefined {
    if (!this.live || this.snapshot || this.running || !this.spec || !this.compiled || !this.chart || this.error) return undefined;
    const { spec, compiled, rows, population, leftOut, protection, shapes, filters } = this;
    return snapshotOfDrawn({ spec, compiled, rows, population, leftOut, protection, shapes, filters });
  }

  /** Why `spec` drew no rows, in words with the fix; a relaxation that errors or is still empty is passed over. */
  private async whyEmpty(spec: ViewSpec): Promise<string> {
    for (const r of relaxations(spec)) {
      try {
        const drawn = await runView(parseViewSpec(r.spec), this.schema(), (sql) => this.deps.query(sql));
        if (drawn.rows.length > 0) return `Nothing to draw. ${r.reason}`;
      } catch {
        // A relaxed view the schema cannot answer says nothing about the cause: try the next.
      }
    }
    return `Nothing to draw: ${this.shape?.label ?? spec.table} has no rows with a value of ${spec.measure.column ?? 'any measure'}.`;
  }

  /** The live schema, as the compiler wants it. */
  schema(): SchemaInfo {
    return { tables: this.deps.tables().map((t) => ({ name: t.name, kind: t.kind, columns: t.columns })) };
  }

  private async refreshShapes(): Promise<void> {
    const out: TableShape[] = [];
    const tables = this.deps.tables();
    const names = tables.map((t) => t.name);
    for (const t of tables) {
      // Views the domain layer makes (`_norm`, and `_long` of a wide table) are read through their table's entry.
      if (!placeOf(t.name, names).builder) continue;
      // A wide table's long form is read through the wide table's own entry, once.
      if (/_long$/i.test(t.name) && names.some((n) => n.toLowerCase() === t.name.slice(0, -5).toLowerCase())) continue;
      const prepared = this.deps.prepared?.(t.name);
      const relation = prepared && tables.find((x) => x.name === prepared.relation);
      if (prepared && relation && relation.name !== t.name) {
        out.push({ name: relation.name, label: t.name, columns: relation.columns, roles: prepared.roles, leftOut: prepared.leftOut, labelColumn: prepared.labelColumn, grandTotals: prepared.grandTotals });
      } else {
        out.push({ name: t.name, columns: t.columns, roles: await this.deps.roles(t.name), leftOut: prepared?.leftOut, labelColumn: prepared?.labelColumn, grandTotals: prepared?.grandTotals });
      }
    }
    this.shapes = out;
  }

  /**
   * Distinct values of the table's role and dimension columns (those `which` keeps), for the filter lists. `adding`:
   * put them beside the lists already there, in the table's column order — unless the user has meanwhile moved to
   * another table, whose lists these are not.
   */
  private async loadFilterChoices(t: TableShape, which: (column: string) => boolean = () => true, opts: { adding?: boolean } = {}): Promise<void> {
    const order = t.roles.filter((r) => r.role !== 'measure').map((r) => r.name);
    const wanted = order.filter(which);
    const out: FilterChoice[] = [];
    const problems: string[] = [];
    for (const column of wanted) {
      const c = ident(column);
      try {
        const r = await this.deps.query(
          `SELECT DISTINCT ${c}::VARCHAR AS v FROM ${ident(t.name)} WHERE ${c} IS NOT NULL ORDER BY 1 LIMIT ${MAX_FILTER_VALUES + 1}`,
        );
        const values = toRows(r.table).map((row) => String(row.v));
        const role = t.roles.find((x) => x.name === column);
        const sorted = role?.role === 'period' ? sortPeriods(values) : values;
        out.push({ column, values: sorted.slice(0, MAX_FILTER_VALUES), truncated: values.length > MAX_FILTER_VALUES });
      } catch (e) {
        const name = JSON.stringify(column);
        problems.push(`${name} is not offered as a filter: its values could not be listed (${errorMessage(e)}). The chart counts all its rows; to filter on ${name}, query ${t.label ?? t.name} in the SQL tab.`);
      }
    }
    if (!opts.adding) {
      this.filters = out;
      this.filterProblems = problems;
    } else if (this.spec?.table === t.name) {
      // Another open() of the same table may have listed some of these meanwhile: one list per column.
      const kept = this.filters.filter((f) => !out.some((o) => o.column === f.column));
      this.filters = [...kept, ...out].sort((a, b) => order.indexOf(a.column) - order.indexOf(b.column));
      this.filterProblems = [...new Set([...this.filterProblems, ...problems])];
    }
  }
}

function isPeerGroup(x: unknown): x is NamedPeerGroup {
  const g = x as NamedPeerGroup;
  return !!g && typeof g.name === 'string' && Array.isArray(g.forces) && g.forces.every((f) => typeof f === 'string');
}

/**
 * Snapshots of a drawn view (issue 16 goal 1): the builder's last chart, kept so the next session can draw it the
 * moment the page opens, while the engine starts and the files load, labelled as such until the live result
 * replaces it. A first open draws the samples' first view, made with the app (scripts/make-first-view.ts).
 *
 * A snapshot is kept with the fingerprints of what it was drawn from: each input file (name, size, and its content
 * hash for a sample or the moment it was kept for a user's file, since a kept file is replaced, never changed), the
 * built-in population and the user's roles and mappings. It is shown only when every one of them is here now, so a
 * changed file never shows a stale chart.
 */
import type { PopulationMatch, Row } from '../charts';
import { parseViewSpec, type TableShape, type ViewSpec } from '../domain';
import type { CompiledView } from '../query';
import type { KeyValueStore } from './browser-storage';
import type { FilterChoice } from './builder.svelte';
import type { DrawnProtection } from './run-view';

export const SNAPSHOT_VERSION = 1;

/** Where the last view's snapshot is kept (localStorage). */
export const LAST_VIEW_KEY = 'soc-workbench:last-view';

/** Snapshots larger than this (as JSON) are not kept: localStorage holds a few MB for every part of the app. */
export const MAX_SNAPSHOT_CHARS = 500_000;

/** What the builder shows of a view, without the engine. */
export interface ViewSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** When the view was drawn (ISO 8601). */
  savedAt: string;
  /** `session`: the user's last view; `shipped`: the samples' first view, made with the app; `file`: a standalone
   * workbench's first view, saved in it with its data. */
  origin: 'session' | 'shipped' | 'file';
  spec: ViewSpec;
  /** Fingerprints (inputToken) of everything the view was drawn from: all must be here now for it to be shown. */
  inputs: string[];
  compiled: Pick<CompiledView, 'sql' | 'columns' | 'notes'>;
  /** The result rows (protected, when protection was on), dates as `{ $date }`. */
  rows: Row[];
  population?: PopulationMatch[];
  /** The caption's sentence on rows the data layer left out (totals, regions). */
  leftOut?: string;
  /** Small-number protection as drawn: the caption and the cells shown as [c]. */
  protection?: Omit<DrawnProtection, 'suppressed'> & { suppressed: string[] };
  /** The builder's tables and filter lists, so its controls show (and take edits) before the engine is ready. */
  shapes: TableShape[];
  filters: FilterChoice[];
}

/** The one input of a snapshot saved in a standalone workbench: the data saved beside it in the same file. */
export const THIS_FILE = '(this file)';

/** What a snapshot is made of, from a view drawn live. */
export interface DrawnForSnapshot {
  spec: ViewSpec;
  compiled: Pick<CompiledView, 'sql' | 'columns' | 'notes'>;
  rows: readonly Row[];
  population?: PopulationMatch[];
  leftOut?: string;
  protection?: DrawnProtection | null;
  shapes: TableShape[];
  filters: FilterChoice[];
}

/** A snapshot of a view drawn live, but for its inputs and origin. */
export function snapshotOfDrawn(d: DrawnForSnapshot): Omit<ViewSnapshot, 'inputs' | 'origin'> {
  const p = d.protection;
  return {
    version: SNAPSHOT_VERSION,
    savedAt: new Date().toISOString(),
    spec: d.spec,
    compiled: { sql: d.compiled.sql, columns: d.compiled.columns, notes: d.compiled.notes },
    rows: encodeRows(d.rows),
    ...(d.population ? { population: d.population } : {}),
    ...(d.leftOut ? { leftOut: d.leftOut } : {}),
    ...(p ? { protection: { caption: p.caption, threshold: p.threshold, primary: p.primary, secondary: p.secondary, suppressed: [...p.suppressed] } } : {}),
    shapes: d.shapes,
    filters: d.filters,
  };
}

/** One input of a view: a file (by name and size) with what identifies its content, or built-in data. */
export interface SnapshotInput {
  file: string;
  bytes: number;
  /** A sample's content hash, a kept file's moment of keeping, or built-in data's hash. */
  id: string;
}

/** One input as a string, the unit snapshots are matched on. */
export function inputToken(i: SnapshotInput): string {
  return `${i.file}\u0000${i.bytes}\u0000${i.id}`;
}

/**
 * A 53-bit hash of bytes as 14 hex digits (cyrb53, public domain): a fingerprint of content, not a defence against
 * someone forging one. crypto.subtle would do, but a page served over plain http on an intranet has none.
 */
export function hashBytes(bytes: Uint8Array, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** hashBytes of a string's UTF-8. */
export function hashText(text: string): string {
  return hashBytes(new TextEncoder().encode(text));
}

/** Rows as JSON can carry them: dates tagged, numbers JSON cannot write (NaN, ±Infinity) as text. */
export function encodeRows(rows: readonly Row[]): Row[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, v instanceof Date ? { $date: v.toISOString() } : typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v]),
    ),
  );
}

/** The rows encodeRows wrote, as the builder had them (no prototype, as plainRows makes them). */
export function decodeRows(rows: readonly Row[]): Row[] {
  return rows.map((r) => {
    const out = Object.create(null) as Row;
    for (const [k, v] of Object.entries(r)) {
      const tagged = v as { $date?: string; $number?: string } | null;
      out[k] = tagged && typeof tagged === 'object' && typeof tagged.$date === 'string' ? new Date(tagged.$date) : tagged && typeof tagged === 'object' && typeof tagged.$number === 'string' ? Number(tagged.$number) : v;
    }
    return out;
  });
}

/**
 * The snapshot when it can be shown with what is here now (`present`: the tokens of the samples, kept files, built-in
 * data and the user's roles), else undefined: a damaged, older or foreign record, or any input changed or missing.
 */
export function usableSnapshot(raw: unknown, present: ReadonlySet<string>): ViewSnapshot | undefined {
  const s = raw as Partial<ViewSnapshot> | null;
  if (!s || typeof s !== 'object' || s.version !== SNAPSHOT_VERSION) return undefined;
  if (!Array.isArray(s.inputs) || s.inputs.length === 0 || !s.inputs.every((t) => typeof t === 'string' && present.has(t))) return undefined;
  if (!Array.isArray(s.rows) || !Array.isArray(s.shapes) || !Array.isArray(s.filters) || !s.compiled || !Array.isArray(s.compiled.columns)) return undefined;
  try {
    return { ...(s as ViewSnapshot), spec: parseViewSpec(s.spec) };
  } catch {
    return undefined; // a spec this version no longer reads: the live view comes soon enough
  }
}

/** The last view's snapshot as kept, parsed (not yet checked against the inputs). */
export function readLastView(store: KeyValueStore): unknown {
  const text = store.get(LAST_VIEW_KEY);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Keep a snapshot as the last view, or forget the last one (`undefined`: the view now shown cannot be kept). */
export function writeLastView(store: KeyValueStore, snapshot: ViewSnapshot | undefined): void {
  const text = snapshot ? JSON.stringify(snapshot) : '';
  store.set(LAST_VIEW_KEY, text.length <= MAX_SNAPSHOT_CHARS ? text : '');
}

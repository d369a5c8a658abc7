/**
 * The workbench's snapshots (snapshot.ts says what one is): which inputs are here now, the one to draw while the
 * engine starts, and keeping the builder's live view as the next session's. The samples' first view ships with the
 * app (samples/first-view.json, made by scripts/make-first-view.ts with the samples' content hashes, which a test
 * checks against the files), so a first open draws a chart at once too.
 */
import type { TableInfo } from '../engine';
// Directly: the engine's index pulls in its worker bundle.
import { tableNameFromFile } from '../engine/table-names';
import { REFERENCE_POPULATION, parseViewSpec, type ViewSpec } from '../domain';
import { sourceTableOf } from '../query';
import type { KeyValueStore } from './browser-storage';
import type { DomainMemory } from './domain-store';
import type { FileStore, KeptFile } from './file-store';
import { REFERENCE } from './reference';
import { inputToken, hashText, readLastView, usableSnapshot, writeLastView, type ViewSnapshot } from './snapshot';
import shipped from '../../samples/first-view.json';

/** The bundled samples by file name: size and content hash (hashBytes), as the shipped first view was made from. */
export const SAMPLE_HASHES: Readonly<Record<string, { bytes: number; hash: string }>> = shipped.samples;

/**
 * The samples a start loads before its first live chart: those the shipped first view reads and those the views to
 * show (`specs`: the last session's, a link's) read; the others follow the chart. All of them when nothing is shipped.
 */
export function samplesFirst(specs: readonly (ViewSpec | undefined)[]): Set<string> {
  const files = Object.keys(SAMPLE_HASHES);
  if (!shipped.snapshot) return new Set(files);
  const tableOf = (file: string) => tableNameFromFile(file).toLowerCase();
  const tables = files.map(tableOf);
  const read = new Set(
    [shipped.snapshot.spec as unknown as ViewSpec, ...specs]
      .flatMap((s) => (s ? [s.table, s.denominator?.table] : []))
      .filter((t): t is string => !!t)
      .map((t) => sourceTableOf(t, tables).toLowerCase()),
  );
  return new Set(files.filter((f) => read.has(tableOf(f))));
}

/** The built-in population: one token for all of it. */
const REFERENCE_TOKEN = inputToken({ file: REFERENCE_POPULATION, bytes: 0, id: hashText(JSON.stringify(REFERENCE)) });

/** The user's roles and mappings, which decide every normalised view: a snapshot is kept with them as they were. */
function domainToken(memory: DomainMemory): string {
  return inputToken({ file: '(roles and mappings)', bytes: 0, id: hashText(JSON.stringify(memory)) });
}

function sampleToken(file: string): string | undefined {
  const s = SAMPLE_HASHES[file];
  return s ? inputToken({ file, bytes: s.bytes, id: s.hash }) : undefined;
}

/** A kept file as a snapshot input: its name, size and the moment it was kept (a kept file is replaced, not changed). */
export function keptToken(k: Pick<KeptFile, 'name' | 'blob' | 'savedAt'>): string {
  return inputToken({ file: k.name, bytes: k.blob.size, id: k.savedAt });
}

/** Everything a snapshot may have been drawn from that is here now: samples, kept files, built-in data, roles. */
export function presentInputs(kept: readonly KeptFile[], memory: DomainMemory): Set<string> {
  const out = new Set([REFERENCE_TOKEN, domainToken(memory), ...kept.map(keptToken)]);
  for (const file of Object.keys(SAMPLE_HASHES)) out.add(sampleToken(file)!);
  return out;
}

/**
 * The inputs of a view drawn now: the files of the tables it reads (a sample by its content hash, a user's file by
 * the kept copy it was read from, `keptInput`), the built-in population and the roles. Undefined when one of its
 * tables was read from no kept copy (too large to keep, storage refused, read with options the copy does not carry,
 * or made in the SQL tab): such a view is not kept as a snapshot.
 */
export function inputsOf(spec: ViewSpec, tables: readonly TableInfo[], keptInput: (table: string) => string | undefined, memory: DomainMemory): string[] | undefined {
  const names = tables.map((t) => t.name);
  const out = [REFERENCE_TOKEN, domainToken(memory)];
  for (const relation of [spec.table, spec.denominator?.table]) {
    if (!relation) continue;
    const base = sourceTableOf(relation, names).toLowerCase();
    if (base === REFERENCE_POPULATION) continue;
    const source = tables.find((t) => t.name.toLowerCase() === base)?.source;
    if (!source) return undefined;
    const sample = SAMPLE_HASHES[source.file]?.bytes === source.bytes ? sampleToken(source.file) : undefined;
    const token = sample ?? keptInput(base);
    if (!token) return undefined;
    out.push(token);
  }
  return [...new Set(out)];
}

/**
 * What may be drawn while the engine starts, each only when all it read is here unchanged: the last view's snapshot
 * and the samples' shipped first view. `lastSpec` is the last view even when its snapshot cannot be shown (a file
 * changed): the session goes on with it once its tables are loaded, drawn live.
 */
export async function startingSnapshots(
  store: KeyValueStore,
  kept: Promise<FileStore> | undefined,
  memory: DomainMemory,
): Promise<{ last?: ViewSnapshot; shipped?: ViewSnapshot; lastSpec?: ViewSpec }> {
  const record = readLastView(store);
  // The kept files are listed (IndexedDB, tens of ms on a cold start) only when the last view read one.
  let present = presentInputs([], memory);
  const inputs = (record as { inputs?: unknown } | undefined)?.inputs;
  if (Array.isArray(inputs) && inputs.some((t) => !present.has(t))) {
    try {
      present = presentInputs((await (await kept)?.list()) ?? [], memory);
    } catch {
      // Storage refused: restoreKept says so; the samples' view can still be drawn.
    }
  }
  return { last: usableSnapshot(record, present), shipped: usableSnapshot(shipped.snapshot, present), lastSpec: specOf(record) };
}

/**
 * The snapshot to draw: the one of the view the address names (a reload keeps the view in the address), else the
 * last view's, else — when there is no last view at all — the samples' first.
 */
export function snapshotToShow(found: { last?: ViewSnapshot; shipped?: ViewSnapshot; lastSpec?: ViewSpec }, linked?: ViewSpec): ViewSnapshot | undefined {
  if (linked) return [found.last, found.shipped].find((s) => s && sameSpec(s.spec, linked));
  return found.lastSpec ? found.last : found.shipped;
}

/** Whether two parsed specs are the same view (key order aside). */
export function sameSpec(a: ViewSpec, b: ViewSpec): boolean {
  const canonical = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(canonical) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined).sort(([p], [q]) => (p < q ? -1 : 1)).map(([k, v]) => [k, canonical(v)])) : x;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The view spec a kept record holds, if it is one this version reads. */
function specOf(record: unknown): ViewSpec | undefined {
  try {
    return record && typeof record === 'object' ? parseViewSpec((record as { spec?: unknown }).spec) : undefined;
  } catch {
    return undefined;
  }
}

/** Keep the builder's live view for the next session, or forget the last one when this one cannot be kept. */
export function keepSnapshot(
  store: KeyValueStore,
  view: Omit<ViewSnapshot, 'inputs' | 'origin'> | undefined,
  tables: readonly TableInfo[],
  keptInput: (table: string) => string | undefined,
  memory: DomainMemory,
): void {
  if (!view) return;
  const inputs = inputsOf(view.spec, tables, keptInput, memory);
  writeLastView(store, inputs ? { ...view, origin: 'session', inputs } : undefined);
}

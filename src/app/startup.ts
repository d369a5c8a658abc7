/**
 * The workbench's first seconds: draw the last view's snapshot while the engine starts, load the samples and the
 * files kept from last time, bring back the workbook (or open the one embedded in a standalone file), and show the
 * view a link carries, the one the snapshot showed (changed, if the user changed it meanwhile) or the first
 * comparison — the first live chart before the normalised views, which wait until it is drawn.
 */
import type { SourceFile } from '../engine';
import { loadReference } from './reference';
import { errorMessage, type ViewSpec } from '../domain';
import { decodeViewLink, hasViewLink } from '../workbook';
import { longViewName, normalisedViewName } from '../query';
import type { FileStore } from './file-store';
import { parseStandalonePayload } from './standalone';
import { sameSpec, samplesFirst } from './snapshots';
import { FIRST_QUERY } from './sql-runner.svelte';
import { describeStorage, probeStorage, type StorageProbe } from './storage-status';
import type { Workbench } from './workbench.svelte';
import type { WorkbookState } from './workbook.svelte';

/** What start() may be given besides the samples. */
export interface StartOptions {
  /** Where loaded files are kept between sessions. */
  kept?: Promise<FileStore>;
  /** Reads the workbook embedded in a standalone file, if any (validated on import; may throw if damaged). */
  embedded?: () => unknown;
  /** Whether the page carries an embedded workbook, without reading it: its views, not the last session's, come first. */
  hasEmbedded?: boolean;
  /** Reads the snapshot of the embedded workbook's first view, if the file carries one. */
  embeddedSnapshot?: () => unknown;
  /** The page address's hash, which may carry a view. */
  hash?: string;
  /** Asks the browser what it keeps (tests pass their own). */
  probeStorage?: () => Promise<StorageProbe>;
}

/** A mark on the page's performance timeline (`soc: …`), for the bench and for a slow start looked at in DevTools. */
const mark = (step: string) => globalThis.performance?.mark?.(`soc: ${step}`);

/** Start a workbench: see the module's comment for the order, and why. */
export async function startWorkbench(wb: Workbench, samples: () => Promise<SourceFile[]>, opts: StartOptions = {}): Promise<void> {
  // Said even when the engine cannot start: it tells the user whether their work would be kept.
  void (opts.probeStorage ?? probeStorage)().then((p) => (wb.storage = describeStorage(p)));
  // The SQL history does not wait for the engine: it is there to read and copy even if the engine cannot start.
  void wb.history.restore();
  // The address names the view after a reload, or a link someone shared: its snapshot, if there is one, is drawn.
  // A standalone file opens its own views.
  let linked = !!opts.hash && hasViewLink(opts.hash);
  const wanted = linked ? decodeViewLink(opts.hash!).catch(() => undefined) : undefined;
  if (opts.hasEmbedded) wb.showEmbeddedSnapshot(opts.embeddedSnapshot?.());
  const lastSpec = opts.hasEmbedded ? Promise.resolve(undefined) : wb.showStartingSnapshot(opts.kept, wanted).catch(() => undefined);
  try {
    await wb.engine.start();
  } catch {
    return; // the status line already says what happened and what to do
  }
  mark('engine ready');
  // The samples the first view reads come first; the rest follow its chart (a few hundred ms of loading and
  // recognition on a cold engine, issue 16).
  const fetched = samples();
  fetched.catch(() => {}); // said by the first loadSamples
  const first = samplesFirst([await wanted, await lastSpec]);
  await wb.files.loadSamples(() => fetched.then((all) => all.filter((f) => first.has(f.name))));
  mark('first samples loaded');
  // The official population by force and year (ref_population), built in so rates are right out of the box.
  await loadReference(wb.engine, (text) => wb.notify('error', text));
  mark('reference loaded');
  await wb.files.restoreKept(opts.kept);
  mark('kept files loaded');
  // The first result comes before recognition, which takes a second or two over the samples.
  await wb.refresh({ domain: false });
  mark('tables listed');
  await wb.workbook.restore();
  mark('workbook restored');
  let embedded: Awaited<ReturnType<WorkbookState['import']>> | undefined;
  let present = false;
  try {
    const raw = opts.embedded?.();
    if (raw !== undefined) {
      const payload = parseStandalonePayload(raw);
      present = payload.open === 'present';
      embedded = await wb.workbook.import(payload.workbook, 'this file');
      await wb.refresh();
    }
  } catch (e) {
    wb.notify('error', `The workbook inside this file could not be opened: ${errorMessage(e)}`);
  }
  // The first chart needs the columns' roles, not the normalised views and reports, which wait until it is drawn.
  let opened = false;
  let waiting: ViewSpec | undefined;
  let atFirstView: ViewSpec | null = null;
  const openBuilder = async () => {
    wb.domain.onRoles = undefined;
    opened = true;
    mark('roles recognised');
    // A file the user opened while the app was starting is already in the builder: it is what they want to see.
    if (wb.builder.isLive) return;
    wb.builder.adoptPeerGroups(wb.workbook.workbook.peerGroups);
    // The session goes on with its last view (changed, if the user changed its snapshot meanwhile), drawn live; with
    // none, the first comparison, which is what the samples' shipped snapshot showed.
    const edited = wb.builder.editedBeforeReady;
    if (edited) linked = false; // the user changed the linked view before it went live: theirs wins
    const carried = edited ?? (await lastSpec);
    waiting = await openFirstView(wb, linked ? opts.hash : undefined, embedded?.workbook.views[0]?.spec, embedded ? undefined : carried);
    atFirstView = wb.builder.spec;
  };
  wb.domain.onRoles = openBuilder;
  await wb.refresh();
  if (!opened) await openBuilder();
  mark('views made');
  // A link to one of the workbench's views of a kept file (`x_norm`, `x_long_norm`) is shown once recognition has
  // made that view again, which is after the first chart.
  // Its snapshot stays on screen until then, and a change the user made to it meanwhile is what is shown; a view the
  // user opened meanwhile (a file they loaded, a saved view) stays.
  const moved = wb.builder.isLive && wb.builder.spec !== atFirstView;
  if (waiting && !moved) {
    const spec = wb.builder.editedBeforeReady ?? waiting;
    if (linked && spec === waiting) await openLinked(wb, spec);
    else if (missingFor(wb, spec).length === 0) await wb.builder.show(spec);
    if (!wb.builder.isLive) await wb.builder.open();
  }
  if (embedded && present && wb.workbook.workbook.views.length) wb.present(0);
  const rest = await fetched.then((all) => all.filter((f) => !first.has(f.name))).catch(() => []);
  if (rest.length) {
    await wb.files.loadSamples(async () => rest);
    await wb.refresh();
  }
  mark('samples loaded');
  // The SQL tab's first statement reads the disruptions sample; it waits for the charts, and is not run once the
  // user has written, run or started a statement of their own meanwhile.
  if (wb.tables.some((t) => t.name === 'disruptions_synthetic') && wb.sql === FIRST_QUERY && !wb.result && !wb.running) await wb.runSql(wb.sql);
  mark('first SQL result');
}

/** The tables a linked view reads that are not loaded. */
function missingFor(wb: Workbench, spec: ViewSpec): string[] {
  return [spec.table, spec.denominator?.table].filter((t): t is string => !!t && !wb.tables.some((x) => x.name.toLowerCase() === t.toLowerCase()));
}

/** Show a linked view whose tables are all loaded now, or say which are not and what to do. */
async function openLinked(wb: Workbench, spec: ViewSpec): Promise<void> {
  const missing = missingFor(wb, spec);
  if (missing.length === 0) return wb.builder.show(spec);
  wb.notify('error', `This link shows a view of ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not loaded here. Open the file${missing.length === 1 ? '' : 's'} for ${missing.join(' and ')}, then open the link again.`);
}

/** Whether every table `missing` names is a view recognition has yet to make of a loaded table (`x_norm` of `x`). */
function madeLater(wb: Workbench, missing: readonly string[]): boolean {
  const viewsOf = (x: string) => [normalisedViewName(x), longViewName(x), normalisedViewName(longViewName(x))].map((v) => v.toLowerCase());
  return missing.every((t) => wb.tables.some((x) => viewsOf(x.name).includes(t.toLowerCase())));
}

/**
 * The view a link carries when its tables are loaded; else a given one; else the one a snapshot showed (`carried`);
 * else the first comparison. Returns the linked or carried view when it reads a view the workbench has yet to make
 * of a loaded table, to be shown once it exists (a carried view's snapshot stays on screen until then).
 */
async function openFirstView(wb: Workbench, hash: string | undefined, fallback: ViewSpec | undefined, carried?: ViewSpec): Promise<ViewSpec | undefined> {
  let waiting: ViewSpec | undefined;
  if (hash && hasViewLink(hash)) {
    try {
      const spec = await decodeViewLink(hash);
      const missing = missingFor(wb, spec);
      if (missing.length === 0) return void (await wb.builder.show(spec));
      // `x_norm`, `x_long`, `x_long_norm` of a loaded `x`: recognition has yet to make them (and `x_long` too).
      if (madeLater(wb, missing)) waiting = spec;
      else await openLinked(wb, spec);
    } catch (e) {
      wb.notify('error', errorMessage(e));
    }
  }
  if (fallback) {
    try {
      await wb.builder.show(fallback);
      return waiting;
    } catch (e) {
      wb.notify('error', errorMessage(e));
    }
  }
  if (carried && !waiting) {
    const missing = missingFor(wb, carried);
    if (missing.length === 0) return void (await wb.builder.show(carried));
    if (madeLater(wb, missing)) waiting = carried;
  }
  // The view to show once it exists is on screen as a snapshot: it stays, rather than a first comparison between.
  if (waiting && wb.builder.snapshot && wb.builder.spec && sameSpec(wb.builder.spec, waiting)) return waiting;
  await wb.builder.open();
  return waiting;
}

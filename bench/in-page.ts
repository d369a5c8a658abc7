/**
 * Functions that run inside the page or the DuckDB worker (Playwright sends their source, so each is
 * self-contained: no imports, nothing from this module's scope). Timing happens where the work happens,
 * so a number never includes a round trip to Node.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** One load, timed in the page around `engine.loadFile`. */
export interface LoadSample {
  ms: number;
  mode: string;
  rows: number;
  /** Where a copied-in load's time went, from the engine's progress reports (absent for file handles). */
  phases?: { readMs: number; copyMs: number; restMs: number };
  error?: string;
}

/** One query, timed in the page around `engine.query`. */
export interface QuerySample {
  ms: number;
  rows: number;
  firstValue: unknown;
  error?: string;
}

/** Query issued → grid shows the new result's first rows; and the engine's share of that. */
export interface GridSample {
  ms: number;
  queryMs: number;
}

/** Per PageDown: keydown → the frame showing new rows rendered, and scroll event → that frame rendered. */
export interface ScrollSample {
  stepMs: number[];
  frameMs: number[];
  lastRowIndex: number;
}

/**
 * Init script for a cold start: note when the app's script runs, when the engine says ready, issue `SELECT 1` at
 * that moment, and note the first animation frames in which the Compare tab shows a chart (any: a snapshot drawn
 * before the engine is ready counts), shows the live chart, and the grid shows a result. `socWorkbench` is trapped
 * as main.ts assigns it, before the engine starts, so our status listener never misses "ready".
 */
export function recordStartMarks(): void {
  const marks: Record<string, number | string> = {};
  (globalThis as any).__benchMarks = marks;
  let handle: any;
  Object.defineProperty(globalThis, 'socWorkbench', {
    configurable: true,
    get: () => handle,
    set: (v: any) => {
      handle = v;
      marks.scriptRan = performance.now();
      // Time the engine calls the app makes while it opens, to show where start-up goes.
      const calls: { name: string; arg: string; start: number; end: number }[] = ((globalThis as any).__benchCalls = []);
      for (const name of ['loadFile', 'describe', 'query']) {
        const orig = v.engine[name].bind(v.engine);
        v.engine[name] = (...a: any[]) => {
          const c = { name, arg: name === 'loadFile' ? String(a[0]?.name) : name === 'query' ? String(a[0]) : '', start: performance.now(), end: NaN };
          calls.push(c);
          const p = orig(...a);
          p.then(() => (c.end = performance.now()), () => {});
          return p;
        };
      }
      v.engine.onstatus((s: { state: string }) => {
        if (s.state === 'failed') marks.error = 'engine failed to start';
        if (s.state !== 'ready' || marks.ready !== undefined) return;
        marks.ready = performance.now();
        v.engine.query('SELECT 1').then(
          () => (marks.select1 = performance.now()),
          (e: unknown) => (marks.error = String(e)),
        );
      });
    },
  });
  // The Compare tab is what the user sees first: its chart; the SQL tab's grid fills behind it. A snapshot chart
  // (drawn from stored results before the engine is ready) sits in a container marked `data-snapshot`, which goes
  // when the live result replaces it: the live chart is a chart with no such element left in the pane.
  const poll = () => {
    const g = document.querySelector('[role=grid]');
    if (marks.firstResult === undefined && g && Number(g.getAttribute('data-rowcount')) > 0 && g.querySelector('[role=gridcell]')) marks.firstResult = performance.now();
    const chart = document.querySelector('#pane-compare .chart .figure > *, #pane-compare [data-snapshot] svg');
    if (marks.firstChart === undefined && chart) marks.firstChart = performance.now();
    if (marks.liveChart === undefined && chart && !document.querySelector('#pane-compare [data-snapshot]')) marks.liveChart = performance.now();
    if (marks.firstResult === undefined || marks.firstChart === undefined || marks.liveChart === undefined) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/**
 * From the calls recorded at start: when the samples were all loaded, when the app's first query answered, and
 * when the last query before the live chart answered (the builder's compiled view); plus the browser's own marks.
 */
export function startCalls(): {
  samplesLoaded: number;
  firstQuery: number;
  chartQuery: number;
  firstPaint: number;
  domContentLoaded: number;
  builderCalls: number;
  builderEngineMs: number;
} {
  const calls: { name: string; arg: string; start: number; end: number }[] = (globalThis as any).__benchCalls ?? [];
  // The live chart, not the first: a snapshot is painted before any query.
  const chartAt = Number((globalThis as any).__benchMarks?.liveChart);
  const loads = calls.filter((c) => c.name === 'loadFile').map((c) => c.end);
  const first = calls.find((c) => c.name === 'query' && c.arg !== 'SELECT 1');
  const beforeChart = calls.filter((c) => c.name === 'query' && c.end <= chartAt).map((c) => c.end);
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  // Between the last sample loaded and the builder's view answered: the engine calls the app made (tables listed,
  // roles sampled, filter values listed, the view's SQL) and the time inside them (they run one after another).
  const samplesAt = loads.length ? Math.max(...loads) : NaN;
  const chartQueryAt = beforeChart.length ? Math.max(...beforeChart) : NaN;
  const window = calls.filter((c) => c.start >= samplesAt && c.end <= chartQueryAt);
  return {
    builderCalls: window.length,
    builderEngineMs: window.reduce((t, c) => t + (c.end - c.start), 0),
    samplesLoaded: loads.length ? Math.max(...loads) : NaN,
    firstQuery: first ? first.end : NaN,
    chartQuery: beforeChart.length ? Math.max(...beforeChart) : NaN,
    firstPaint: paint ? paint.startTime : NaN,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
  };
}

/** In the worker: when its fetch of the wasm finished, as an absolute time (timeOrigin + responseEnd). */
export function wasmResponseEnd(): number | null {
  const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm')) as PerformanceResourceTiming | undefined;
  return e ? performance.timeOrigin + e.responseEnd : null;
}

/**
 * In the worker: wrap DuckDB-WASM's file runtime (`globalThis.DUCKDB_RUNTIME`, which the wasm imports look up on
 * every call) to count DuckDB's reads and their time, and to learn the wasm module (every runtime call gets it as
 * its first argument). The wrapped `readFile` is the app's read-ahead (src/engine/read-ahead.ts), so the time
 * counted is the app's reads, whatever they are set to.
 */
export function instrumentWorker(): void {
  const g = globalThis as any;
  if (g.__bench) return;
  const rt = g.DUCKDB_RUNTIME;
  const s = (g.__bench = { mod: null as any, calls: 0, bytes: 0, ms: 0 });
  for (const key of Object.keys(rt)) {
    const f = rt[key];
    if (typeof f !== 'function' || key === 'readFile') continue;
    rt[key] = function (this: unknown, ...args: any[]) {
      if (!s.mod && args[0]?.HEAPU8) s.mod = args[0];
      return f.apply(this, args);
    };
  }
  const read = rt.readFile;
  rt.readFile = function (this: unknown, mod: any, fileId: number, buf: number, bytes: number, location: number) {
    s.mod ??= mod;
    const t0 = performance.now();
    const n = read.call(this, mod, fileId, buf, bytes, location);
    s.ms += performance.now() - t0;
    s.calls++;
    s.bytes += n;
    return n;
  };
}

/**
 * In the worker: zero the read counters; with `blockBytes` / `aheadBlocks`, set the app's read-ahead sizes
 * (`blockBytes` 0 = off: DuckDB's own reads), which empties its cache; with `clear`, empty the cache.
 */
export function resetReads(args: { blockBytes: number | null; aheadBlocks: number | null; clear: boolean }): void {
  const g = globalThis as any;
  Object.assign(g.__bench, { calls: 0, bytes: 0, ms: 0 });
  const ra = g.__socReadAhead;
  if (!ra) throw new Error('the engine worker has no read-ahead (__socReadAhead)');
  if (args.blockBytes !== null || args.aheadBlocks !== null) ra.configure({ blockBytes: args.blockBytes ?? undefined, aheadBlocks: args.aheadBlocks ?? undefined });
  else if (args.clear) ra.clear();
  ra.resetStats();
}

/** In the worker: the read counters, DuckDB's and the read-ahead's. */
export function readStats(): { calls: number; bytes: number; ms: number; blockReads: number; blockCalls: number; bytesFromFiles: number; peakCachedBytes: number; hits: number } {
  const g = globalThis as any;
  const s = g.__bench;
  const ra = g.__socReadAhead?.stats() ?? { blockReads: 0, blockCalls: 0, bytesFromFiles: 0, peakCachedBytes: 0, hits: 0 };
  return { calls: s.calls, bytes: s.bytes, ms: s.ms, blockReads: ra.blockReads, blockCalls: ra.blockCalls, bytesFromFiles: ra.bytesFromFiles, peakCachedBytes: ra.peakCachedBytes, hits: ra.hits };
}

/** In the worker: bytes of wasm linear memory (null until a runtime call has shown us the module). */
export function wasmHeapBytes(): number | null {
  const mod = (globalThis as any).__bench?.mod;
  return mod ? mod.HEAPU8.buffer.byteLength : null;
}

/** A hidden file input of the bench's own: setInputFiles on it gives the page real, disk-backed Files. */
export function addFileInput(): void {
  if (document.getElementById('bench-files')) return;
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.id = 'bench-files';
  input.style.display = 'none';
  document.body.append(input);
}

/** Keep the input's Files by name, so later loads can use them. */
export function collectFiles(): void {
  const g = globalThis as any;
  g.__benchFiles ??= {};
  for (const f of (document.getElementById('bench-files') as HTMLInputElement).files ?? []) g.__benchFiles[f.name] = f;
}

/** Load one attached File through the engine, optionally with a different buffer limit (forces a mode). */
export async function loadFile(args: { name: string; table: string; bufferLimitBytes: number | null }): Promise<LoadSample> {
  const g = globalThis as any;
  const { engine } = g.socWorkbench;
  const file = g.__benchFiles?.[args.name];
  if (!file) return { ms: NaN, mode: '', rows: 0, error: `${args.name} was not attached` };
  const old = engine.options.bufferLimitBytes;
  if (args.bufferLimitBytes !== null) engine.options.bufferLimitBytes = args.bufferLimitBytes;
  try {
    let readAt = NaN;
    let copiedAt = NaN;
    // The engine reports 'reading' up to the last byte, then 'loading'/'checking' once the bytes are in the worker.
    const onProgress = (p: { phase: string; bytesRead: number; bytesTotal: number }) => {
      if (p.phase === 'reading' && p.bytesRead === p.bytesTotal) readAt = performance.now();
      else if (p.phase !== 'reading' && Number.isNaN(copiedAt)) copiedAt = performance.now();
    };
    const t0 = performance.now();
    const loaded = await engine.loadFile({ name: args.name, blob: file }, { table: args.table, replace: true, onProgress });
    const end = performance.now();
    const phases = Number.isNaN(copiedAt) ? undefined : { readMs: readAt - t0, copyMs: copiedAt - readAt, restMs: end - copiedAt };
    return { ms: end - t0, mode: loaded.mode, rows: loaded.rows, phases };
  } catch (e) {
    return { ms: NaN, mode: '', rows: 0, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  } finally {
    engine.options.bufferLimitBytes = old;
  }
}

/** Run one query through the engine. */
export async function runQuery(sql: string): Promise<QuerySample> {
  const { engine } = (globalThis as any).socWorkbench;
  const t0 = performance.now();
  try {
    const r = await engine.query(sql);
    const ms = performance.now() - t0;
    const first = r.table.numRows > 0 && r.table.numCols > 0 ? r.table.getChildAt(0)?.get(0) : null;
    return { ms, rows: r.table.numRows, firstValue: typeof first === 'bigint' ? String(first) : first };
  } catch (e) {
    return { ms: NaN, rows: 0, firstValue: null, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Run SQL as the editor does (workbench.runSql) and wait for the frame in which the grid shows it. */
export async function renderInGrid(args: { sql: string; rows: number }): Promise<GridSample> {
  const { workbench } = (globalThis as any).socWorkbench;
  // The grid is keyed by result, so a new result means a new element: wait for that, not the old one.
  const old = document.querySelector('[role=grid]');
  const t0 = performance.now();
  const run = workbench.runSql(args.sql);
  const shown = await new Promise<number>((resolve) => {
    const check = () => {
      const grid = document.querySelector('[role=grid]');
      const ready = grid && grid !== old && grid.getAttribute('data-rowcount') === String(args.rows);
      if (ready && grid.querySelector('[role=row][aria-rowindex="2"] [role=gridcell]')) resolve(performance.now());
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await run;
  return { ms: shown - t0, queryMs: workbench.result?.elapsedMs ?? NaN };
}

/**
 * Press PageDown in the grid, one step per frame. stepMs runs from the keydown until the frame that shows
 * the new rows has been rendered (so it includes waiting for that frame, up to ~16.7 ms at 60 Hz);
 * frameMs runs from the scroll event to the same point: the grid's update plus style, layout and paint.
 * "Rendered" is a message posted from that frame's requestAnimationFrame, which runs after its paint.
 */
export async function scrollGrid(steps: number): Promise<ScrollSample> {
  const grid = document.querySelector('[role=grid]') as HTMLElement;
  const body = grid.querySelector('.body') ?? grid;
  grid.focus();
  let scrolledAt = 0;
  let mutated = false;
  const onScroll = () => (scrolledAt = performance.now());
  grid.addEventListener('scroll', onScroll);
  const observer = new MutationObserver(() => (mutated = true));
  observer.observe(body, { childList: true, subtree: true, characterData: true });
  const afterPaint = () =>
    new Promise<number>((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(0);
      }),
    );
  const stepMs: number[] = [];
  const frameMs: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      await afterPaint();
      scrolledAt = 0;
      mutated = false;
      const t0 = performance.now();
      grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true, cancelable: true }));
      let done = t0;
      for (let waited = 0; !mutated && waited < 120; waited++) done = await afterPaint();
      stepMs.push(done - t0);
      frameMs.push(mutated && scrolledAt ? done - scrolledAt : NaN);
    }
  } finally {
    observer.disconnect();
    grid.removeEventListener('scroll', onScroll);
  }
  const rows = [...grid.querySelectorAll('.body [role=row]')].map((r) => Number(r.getAttribute('aria-rowindex')));
  return { stepMs, frameMs, lastRowIndex: Math.max(...rows) };
}

/** One builder change: applied → the new chart's frame painted; and the engine's part of it. */
export interface RedrawSample {
  ms: number;
  /** The engine's time for the compiled SQL (the builder's `elapsedMs`: page → worker → Arrow back). */
  queryMs: number;
  /** Change applied → the new chart element in the DOM (before style, layout and paint). */
  swappedMs: number;
  sql: string;
  rows: number;
  error?: string;
}

/**
 * Apply one change to the compare builder's view (the period filter set to `year`, the comparison to `kind`) and
 * time it until the frame showing the new chart has been painted: the chart is a new element inside `.chart
 * .figure` (Plot renders into a detached figure that is swapped in); the frame counts as painted when a message
 * posted from its requestAnimationFrame arrives, which is after that frame's paint.
 */
export async function builderRedraw(args: { year: string; kind: 'total' | 'rate_per_100k'; timeoutMs: number }): Promise<RedrawSample> {
  const b = (globalThis as any).socWorkbench.workbench.builder;
  const figure = () => document.querySelector('.chart .figure > *');
  const old = figure();
  const t0 = performance.now();
  b.update((s: any) => ({
    ...s,
    filters: s.filters.some((f: any) => f.column === s.roles.period)
      ? s.filters.map((f: any) => (f.column === s.roles.period ? { ...f, values: [args.year] } : f))
      : [...s.filters, { column: s.roles.period, values: [args.year] }],
    comparison: { kind: args.kind },
  }));
  let swapped = NaN;
  const painted = await new Promise<number>((resolve) => {
    const check = () => {
      const el = figure();
      if (el && el !== old && !b.running) {
        swapped = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(0);
      } else if (b.error && !b.running) resolve(NaN);
      else if (performance.now() - t0 > args.timeoutMs) resolve(NaN);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  return {
    ms: painted - t0,
    queryMs: b.elapsedMs,
    swappedMs: swapped - t0,
    sql: b.compiled?.sql ?? '',
    rows: b.rows.length,
    error: Number.isNaN(painted) ? (b.error ?? `no new chart within ${args.timeoutMs} ms`) : undefined,
  };
}

/** Open `table` in the compare builder with its default view and wait for its first chart. */
export async function builderOpen(table: string): Promise<{ spec: unknown; error: string | null; sql: string; cube: { buildMs: number; rows?: number; tableRows?: number; refused?: string } | null }> {
  const { workbench } = (globalThis as any).socWorkbench;
  await workbench.refresh();
  await workbench.builder.open(table);
  const t0 = performance.now();
  while (workbench.builder.running && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 20));
  // The cube is made after the first chart and its filter lists (src/app/cubes.ts): wait for its report.
  let cube = null;
  while (performance.now() - t0 < 300_000) {
    const last = workbench.cubes.last;
    if (last && last.relation === table) {
      cube = { buildMs: last.buildMs, rows: last.rows, tableRows: last.tableRows, refused: last.refused };
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { spec: workbench.builder.spec, error: workbench.builder.error, sql: workbench.builder.compiled?.sql ?? '', cube };
}

/** Forget the builder's cubes: the redraws after this read the table, as before the cube existed. */
export async function forgetCubes(): Promise<void> {
  await (globalThis as any).socWorkbench.workbench.cubes.forget();
}

/** Where the single file's start-up time goes: each step of the engine's start, redone alone on the page. */
export async function wasmSteps(gzipBase64: string): Promise<{ base64Ms: number; gunzipMs: number; compileMs: number; wasmBytes: number }> {
  const t0 = performance.now();
  const fromBase64 = (Uint8Array as any).fromBase64 as ((s: string) => Uint8Array) | undefined;
  let gz: Uint8Array;
  if (fromBase64) gz = fromBase64(gzipBase64);
  else {
    const bin = atob(gzipBase64);
    gz = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  }
  const t1 = performance.now();
  const wasm = await new Response(new Blob([gz as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  const t2 = performance.now();
  await WebAssembly.compile(wasm);
  const t3 = performance.now();
  return { base64Ms: t1 - t0, gunzipMs: t2 - t1, compileMs: t3 - t2, wasmBytes: wasm.byteLength };
}

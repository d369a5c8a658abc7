/**
 * What a case gets to work with (data, browser, native DuckDB) and where it puts what it measured.
 * Resources are opened on first use and closed once at the end, so a run that skips a phase pays nothing.
 */
// @ts-expect-error plain JS module without types
import { serve } from '../scripts/serve.js';
import { BenchBrowser, type AppPage } from './browser';
import type { BenchData, Dataset } from './data';
import { NativeRunner } from './native';

/** Which engine a measurement is of. */
export type EngineName = 'wasm' | 'native-2t' | 'native-1t' | 'arquero';

/** The repeated timings of one case × size × engine. */
export interface Measurement {
  case: string;
  size: string;
  engine: EngineName;
  samplesMs: number[];
  note?: string;
}

/** How many times to repeat: quick cases and slow ones. */
export interface Runs {
  fast: number;
  slow: number;
}

/** Shared state of one bench run. */
export class BenchContext {
  readonly measurements: Measurement[] = [];
  /** Facts that are not timings (memory, read counts, what the user saw), by section. */
  readonly facts: Record<string, unknown> = {};
  /** Failures and surprises, printed and written to the report. */
  readonly problems: string[] = [];
  private browserP: Promise<BenchBrowser> | null = null;
  private server: { url: string; close(): Promise<void> } | null = null;
  private readonly natives = new Map<number, NativeRunner>();
  private readonly started = performance.now();

  constructor(
    readonly data: BenchData,
    readonly runs: Runs,
    /** Dataset labels to run (all by default; `--quick` drops 10m). */
    readonly sizeLabels: readonly string[],
    /** Folder of the built app to serve. */
    readonly appDir: string,
    readonly log: (s: string) => void,
  ) {}

  /** The datasets this run covers. */
  sizes(): Dataset[] {
    return this.data.sizes.filter((s) => this.sizeLabels.includes(s.label));
  }

  /** Seconds since the run began. */
  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  record(m: Measurement): void {
    this.measurements.push(m);
    const ms = [...m.samplesMs].sort((a, b) => a - b);
    this.log(`  ${m.case} ${m.size} ${m.engine}: ${ms.map((x) => x.toFixed(0)).join(' / ')} ms${m.note ? ` (${m.note})` : ''}`);
  }

  problem(text: string): void {
    this.problems.push(text);
    this.log(`  ! ${text}`);
  }

  /** The launched browser (and the local server it loads the app from). */
  browser(): Promise<BenchBrowser> {
    this.browserP ??= (async () => {
      this.server = await serve({ root: this.appDir, base: '/' });
      return BenchBrowser.launch(this.server!.url);
    })();
    return this.browserP;
  }

  /** Version and blocked requests of the browser, if one was launched. */
  async browserInfo(): Promise<{ version: string; blocked: string[] } | null> {
    const b = await this.browserP?.catch(() => null);
    return b ? { version: b.version(), blocked: [...b.blocked] } : null;
  }

  /** A fresh app page with the benchmark files attached (as a picker would give them). */
  async openApp(paths: string[]): Promise<AppPage> {
    const app = await (await this.browser()).openApp();
    await app.attachFiles(paths);
    return app;
  }

  /** A native DuckDB with this many threads (made once). */
  async native(threads: number): Promise<NativeRunner> {
    let n = this.natives.get(threads);
    if (!n) this.natives.set(threads, (n = await NativeRunner.create(threads)));
    return n;
  }

  /** Close native databases (frees their tables before the browser phase). */
  closeNatives(): void {
    for (const n of this.natives.values()) n.close();
    this.natives.clear();
  }

  async close(): Promise<void> {
    this.closeNatives();
    if (this.browserP) await (await this.browserP).close();
    await this.server?.close();
  }
}

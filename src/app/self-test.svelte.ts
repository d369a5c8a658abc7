/**
 * The About and self-test panel's state: what the page is (build, engine, policy) and the self-test's lines as they
 * run. The checks and their judgements live in self-test-checks.ts and self-test-report.ts; this class runs them one
 * after another, keeps the lines and gives the plain-text report.
 */
import { BUILD } from './build-info';
import type { Check } from './self-test-checks';
import { pageAddress, selfTestReport, summary, type AboutFacts, type CheckLine } from './self-test-report';

/** What the panel reads from the page besides the checks; injected so tests can stand in for the browser. */
export interface AboutSources {
  duckdbWasm: string;
  duckdb(): string;
  /** The page's Content-Security-Policy meta tag's content. */
  csp(): string;
  href(): string;
  /** The hash the build recorded for this build id, when a record can be read beside the page; else null. */
  publishedHash(buildId: string): Promise<string | null>;
  writeClipboard(text: string): Promise<void>;
}

/** About and self-test. */
export class SelfTest {
  #lines = $state<CheckLine[]>([]);
  #running = $state(false);
  #ranAt = $state<Date | null>(null);
  #elapsedMs = $state<number | null>(null);
  #sha256 = $state<string | null>(null);
  #copied = $state('');
  readonly #checks: Check[];
  readonly #sources: AboutSources;

  constructor(checks: Check[], sources: AboutSources) {
    this.#checks = checks;
    this.#sources = sources;
    this.#lines = checks.map((c) => ({ id: c.id, label: c.label, status: 'waiting', text: 'Not run yet.' }));
  }

  get lines(): readonly CheckLine[] {
    return this.#lines;
  }
  get running(): boolean {
    return this.#running;
  }
  get elapsedMs(): number | null {
    return this.#elapsedMs;
  }
  /** What happened to the last Copy report, in words ('' before one). */
  get copied(): string {
    return this.#copied;
  }
  get summary(): string {
    return this.#ranAt ? summary(this.#lines) : 'Not run yet.';
  }

  get about(): AboutFacts {
    return {
      ...BUILD,
      duckdbWasm: this.#sources.duckdbWasm,
      duckdb: this.#sources.duckdb(),
      csp: this.#sources.csp(),
      page: pageAddress(this.#sources.href()),
      sha256: this.#sha256,
    };
  }

  get report(): string {
    return selfTestReport(this.about, this.#lines, this.#ranAt, this.#elapsedMs);
  }

  /** Run every check in turn (the engine runs one thing at a time anyway); a check that throws fails in its words. */
  async run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#copied = '';
    this.#ranAt = new Date();
    this.#elapsedMs = null;
    this.#lines = this.#checks.map((c) => ({ id: c.id, label: c.label, status: 'waiting', text: 'Waiting…' }));
    const t0 = performance.now();
    void this.#sources.publishedHash(BUILD.buildId).then((h) => (this.#sha256 = h), () => (this.#sha256 = null));
    for (const [i, check] of this.#checks.entries()) {
      this.#set(i, { status: 'running', text: 'Running…' });
      try {
        this.#set(i, await check.run());
      } catch (e) {
        this.#set(i, { status: 'fail', text: `Failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    this.#elapsedMs = performance.now() - t0;
    this.#running = false;
  }

  /** Put the report on the clipboard; says so, or says to select the text instead. */
  async copy(): Promise<void> {
    try {
      await this.#sources.writeClipboard(this.report);
      this.#copied = 'Copied the report to the clipboard.';
    } catch {
      this.#copied = 'The browser did not allow copying: select the report below and copy it.';
    }
  }

  #set(i: number, outcome: Pick<CheckLine, 'status' | 'text'>): void {
    this.#lines = this.#lines.map((l, j) => (j === i ? { ...l, ...outcome } : l));
  }
}

/**
 * The printable briefing: the workbook laid out for the browser's print dialog, so "Save as PDF" gives a briefing
 * pack. A title page (the workbook's title, the date, the views and the files they read), then one view per page with
 * its title, chart and note, and, when asked, its numbers on the pages after it. Every view is compiled and run when
 * the briefing opens, as a slide is: the pack shows the data as it is now, not as it was saved.
 */
import { fileOfTable, viewInputs, type Chart, type Row, type SourceFile } from '../charts';
import { errorMessage, type ResultColumn, type ViewSpec } from '../domain';
import type { DrawnView } from './run-view';

/** A view as the briefing prints it: drawn, or the reason it could not be. */
export interface BriefingPage {
  name: string;
  /** `suppressed`: the cells protected as small numbers, when the workbook protects them. */
  drawn?: { chart: Chart; rows: Row[]; columns: ResultColumn[]; suppressed?: ReadonlySet<string> };
  error?: string;
}

/** What the title page says. */
export interface BriefingCover {
  title: string;
  /** "6 December 2026": the day the pack was made, as a UK reader writes it. */
  date: string;
  /** One line per file read: "force_returns.csv (table force_returns)". */
  sources: string[];
}

/** "6 December 2026". */
export function briefingDate(d: Date): string {
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** The cover's source lines: each file the views read, once, in the order the views first read it. */
export function coverSources(specs: readonly ViewSpec[], sources: readonly SourceFile[]): string[] {
  return [...new Set(specs.flatMap((spec) => viewInputs(spec).map((t) => fileOfTable(t, sources))))];
}

export class Briefing {
  open = $state(false);
  /** True while the views are being drawn. */
  busy = $state(false);
  cover = $state.raw<BriefingCover>({ title: '', date: '', sources: [] });
  pages = $state.raw<BriefingPage[]>([]);
  /** Whether each view's numbers table follows its chart. */
  numbers = $state(false);
  private seq = 0;
  private readonly draw: (spec: ViewSpec) => Promise<DrawnView>;

  constructor(draw: (spec: ViewSpec) => Promise<DrawnView>) {
    this.draw = draw;
  }

  /** Draw every view, one after another (the engine runs one query at a time), then show the briefing. */
  async start(cover: BriefingCover, views: readonly { name: string; spec: ViewSpec }[]): Promise<void> {
    if (views.length === 0) return;
    const my = ++this.seq;
    this.cover = cover;
    this.pages = [];
    this.busy = true;
    this.open = true;
    const pages: BriefingPage[] = [];
    for (const v of views) {
      try {
        const d = await this.draw(v.spec);
        pages.push({ name: v.name, drawn: { chart: d.chart, rows: d.rows, columns: d.compiled.columns, ...(d.protection ? { suppressed: d.protection.suppressed } : {}) } });
      } catch (e) {
        pages.push({ name: v.name, error: errorMessage(e) });
      }
      if (my !== this.seq) return;
    }
    this.pages = pages;
    this.busy = false;
  }

  close(): void {
    this.seq++;
    this.open = false;
    this.busy = false;
    this.pages = [];
  }
}

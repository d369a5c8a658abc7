/**
 * Presentation mode: one saved view per slide, drawn full screen. Each slide is compiled and run when shown (the data
 * may have changed since it was saved); a slide whose table is missing says which table it needs instead of failing.
 */
import type { Chart, Row } from '../charts';
import { errorMessage, type ViewSpec } from '../domain';
import type { DrawnView } from './run-view';

/** A slide: the saved view's name and spec. */
export interface Slide {
  name: string;
  spec: ViewSpec;
}

/** Keys that move between slides, as presenters' clickers and keyboards send them. */
export const NEXT_KEYS = ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'];
export const PREVIOUS_KEYS = ['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'];

export class Presentation {
  slides = $state.raw<Slide[]>([]);
  index = $state(0);
  open = $state(false);
  drawn = $state.raw<{ chart: Chart; rows: Row[] } | null>(null);
  error = $state<string | null>(null);
  private seq = 0;
  private readonly draw: (spec: ViewSpec) => Promise<DrawnView>;

  constructor(draw: (spec: ViewSpec) => Promise<DrawnView>) {
    this.draw = draw;
  }

  /** Start presenting these slides from the first (or a given) one. */
  start(slides: Slide[], at = 0): void {
    if (slides.length === 0) return;
    this.slides = slides;
    this.open = true;
    this.go(at);
  }

  /** Leave presentation mode. */
  stop(): void {
    this.open = false;
    this.drawn = null;
  }

  /** Show slide `i` (clamped to the deck). */
  go(i: number): void {
    this.index = Math.max(0, Math.min(this.slides.length - 1, i));
    void this.render();
  }

  /** Handle a key press; true when it was a presentation key. */
  key(key: string): boolean {
    if (!this.open) return false;
    if (NEXT_KEYS.includes(key)) this.go(this.index + 1);
    else if (PREVIOUS_KEYS.includes(key)) this.go(this.index - 1);
    else if (key === 'Home') this.go(0);
    else if (key === 'End') this.go(this.slides.length - 1);
    else if (key === 'Escape') this.stop();
    else return false;
    return true;
  }

  private async render(): Promise<void> {
    const my = ++this.seq;
    const slide = this.slides[this.index];
    if (!slide) return;
    try {
      const d = await this.draw(slide.spec);
      if (my !== this.seq) return;
      this.drawn = { chart: d.chart, rows: d.rows };
      this.error = null;
    } catch (e) {
      if (my !== this.seq) return;
      this.drawn = null;
      this.error = errorMessage(e);
    }
  }
}

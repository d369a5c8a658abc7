/** Render Plot options to SVG in node with linkedom, normalised for golden files (Plot's own snapshot habit). */
import * as Plot from '@observablehq/plot';
import { newDocument } from '../../src/cli/dom';

export { newDocument };

/** The figure Plot builds for these options, as an element of a linkedom document. */
export function renderFigure(options: Plot.PlotOptions): Element {
  return Plot.plot({ ...options, document: newDocument() }) as unknown as Element;
}

/** Markup with Plot's generated ids and class names replaced, numbers rounded to 2 decimals, one tag a line. */
export function normalise(html: string): string {
  // Clip-path ids count up across every plot in the process: number them by first appearance instead.
  const ids = new Map<string, string>();
  return html
    .replace(/plot-clip-\d+/g, (m) => ids.get(m) ?? (ids.set(m, `plot-clip-${ids.size + 1}`), ids.get(m) as string))
    .replace(/plot-[0-9a-f]{6}/g, 'plot')
    .replace(/-?\d+\.\d+(?:e-?\d+)?/g, (m) => String(Math.round(Number(m) * 100) / 100))
    .replace(/></g, '>\n<')
    .concat('\n');
}

/** The chart's own SVG inside Plot's figure (after any legend), made standalone with its namespace. */
export function chartSvg(figure: Element): Element {
  const svgs = [...figure.children].filter((c) => c.tagName.toLowerCase() === 'svg');
  const svg = svgs[svgs.length - 1];
  if (!svg) throw new Error('no chart <svg> in the figure');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return svg;
}

/** Render and normalise the chart's SVG. */
export function renderSvg(options: Plot.PlotOptions): string {
  return normalise(chartSvg(renderFigure(options)).outerHTML);
}

/**
 * A chart's text alternative: what it shows in a sentence or three, for a screen reader and for anyone who cannot
 * tell its colours apart — "Disruptions per 100,000 by force, 2023/24. 43 values. Highlighted: Kent 36.6. Highest:
 * West Midlands 81.7, … Lowest: …". Pure; `labelFigure` puts it on the drawn figure.
 */
import { formatNumber, type Row } from './common';

/** How to read the rows behind a chart: which column names each value and which holds it. */
export interface Reading {
  /** Columns that together name a value: the compare-by dimension, then the series. */
  keys: readonly string[];
  value: string;
  highlighted?: (row: Row) => boolean;
}

const SHOW = 3;

/** The chart's title, how many values it draws, the highlighted ones, and the highest and lowest. */
export function textAlternative(title: string, rows: readonly Row[], reading: Reading): string {
  const named = rows
    .filter((r) => typeof r[reading.value] === 'number' && Number.isFinite(r[reading.value] as number))
    .map((r) => ({ row: r, name: nameOf(r, reading.keys), value: r[reading.value] as number }));
  const say = (xs: readonly { name: string; value: number }[]) => xs.map((x) => `${x.name} ${formatNumber(x.value)}`).join(', ');
  const parts = [`${title.replace(/\.$/, '')}.`];
  if (!named.length) return `${parts[0]} No values to show.`;
  parts.push(`${named.length.toLocaleString('en-GB')} ${named.length === 1 ? 'value' : 'values'}.`);
  const highlighted = reading.highlighted ? named.filter((x) => reading.highlighted!(x.row)) : [];
  if (highlighted.length) parts.push(`Highlighted: ${say(highlighted.slice(0, SHOW))}${highlighted.length > SHOW ? ` and ${highlighted.length - SHOW} more` : ''}.`);
  const sorted = [...named].sort((a, b) => b.value - a.value);
  if (sorted.length <= SHOW * 2) parts.push(`Highest first: ${say(sorted)}.`);
  else parts.push(`Highest: ${say(sorted.slice(0, SHOW))}.`, `Lowest: ${say(sorted.slice(-SHOW).reverse())}.`);
  return parts.join(' ');
}

function nameOf(row: Row, keys: readonly string[]): string {
  const [first, ...rest] = keys.map((k) => (row[k] === null || row[k] === undefined ? 'no value' : String(row[k])));
  return rest.length ? `${first} (${rest.join(', ')})` : (first ?? '');
}

let described = 0;

/**
 * Give a figure Plot drew an accessible name and its text alternative: the plot's SVG becomes one image (role img,
 * named by the title, described by a paragraph in the figure), and Plot's own `aria-label`s on its mark groups
 * ("rule", "dot"), which ARIA does not allow on a `g` with no role and which say nothing, become `data-mark`.
 */
export function labelFigure(figure: Element, name: string, description: string): void {
  const doc = figure.ownerDocument;
  // The mark's kind stays on the group as data, for tests and styles that pick a mark.
  for (const g of figure.querySelectorAll('g[aria-label]')) {
    g.setAttribute('data-mark', g.getAttribute('aria-label') ?? '');
    g.removeAttribute('aria-label');
  }
  const svgs = [...(figure.tagName.toLowerCase() === 'svg' ? [figure] : figure.querySelectorAll('svg'))].filter((s) => !s.closest('[class$="-swatches"]'));
  const p = doc.createElement('p');
  p.id = `chart-description-${++described}`;
  p.className = 'chart-description';
  p.textContent = description;
  // Visually hidden, read by screen readers (the numbers table under the chart shows the same to everyone).
  p.setAttribute('style', 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;margin:-1px');
  (figure.tagName.toLowerCase() === 'figure' ? figure : figure.parentElement ?? figure).append(p);
  for (const svg of svgs) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Chart: ${name}`);
    svg.setAttribute('aria-describedby', p.id);
  }
}

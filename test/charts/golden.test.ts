import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCENT, BASE, PEER, chartFor, type Chart } from '../../src/charts';
import { parseViewSpec } from '../../src/domain/view-spec';
import { compileView } from '../../src/query/compile';
import { nativeDb, sampleTablesSql, type NativeDb } from '../helpers/view-fixtures';
import { CHARTS } from './chart-specs';
import { chartSvg, normalise, renderFigure } from './render';

let db: NativeDb;
beforeAll(async () => {
  db = await nativeDb(sampleTablesSql());
}, 60_000);
afterAll(() => db?.close());

type Name = keyof typeof CHARTS;
const drawn = new Map<Name, { chart: Chart; figure: Element; rows: Record<string, unknown>[] }>();

async function draw(name: Name) {
  if (!drawn.has(name)) {
    const spec = parseViewSpec(CHARTS[name]);
    const rows = await db.rows(compileView(spec, await db.schema()).sql);
    const chart = chartFor(spec, rows);
    drawn.set(name, { chart, figure: renderFigure(chart.options), rows });
  }
  return drawn.get(name) as { chart: Chart; figure: Element; rows: Record<string, unknown>[] };
}

const text = (el: Element, selector: string) => [...el.querySelectorAll(selector)].map((e) => e.textContent ?? '');
const group = (svg: Element, label: string) => svg.querySelector(`g[aria-label="${label}"]`);
const fills = (g: Element | null, tag: string) => [...(g?.querySelectorAll(tag) ?? [])].map((e) => e.getAttribute('fill'));

describe('SVG goldens on the samples', () => {
  it.each(Object.keys(CHARTS) as Name[])('%s', async (name) => {
    const { figure } = await draw(name);
    await expect(normalise(chartSvg(figure).outerHTML)).toMatchFileSnapshot(`golden/${name}.svg`);
  });
});

describe('what the rendered charts show', () => {
  it.each(Object.keys(CHARTS) as Name[])('%s: its text alternative gives the title, how many values, and names the highest', async (name) => {
    const { chart, rows } = await draw(name);
    // The value a chart draws: the measure for a rank (its bars are the values ranked), the comparison's value otherwise.
    const column = CHARTS[name].comparison.kind === 'rank' ? 'measure_value' : 'value';
    const values = rows.filter((r) => typeof r[column] === 'number' && Number.isFinite(r[column] as number));
    expect(values.length).toBeGreaterThan(0);
    expect(chart.description.startsWith(`${String(chart.options.title).replace(/\.$/, '')}.`)).toBe(true);
    expect(chart.description).toContain(` ${values.length.toLocaleString('en-GB')} value${values.length === 1 ? '' : 's'}.`);
    const top = Math.max(...values.map((r) => r[column] as number));
    const named = /Highest(?: first)?: (.+?) -?[\d,.]+(?:,|\.)/.exec(chart.description)?.[1] ?? '';
    const tops = values.filter((r) => r[column] === top);
    expect(tops.some((r) => Object.values(r).some((v) => typeof v === 'string' && named.startsWith(v))), `${chart.description} should name a row with ${top}`).toBe(true);
  });

  it('every chart has a title, subtitle, caption with source and the synthetic-data note', async () => {
    for (const name of Object.keys(CHARTS) as Name[]) {
      const { figure } = await draw(name);
      expect(text(figure, 'h2')[0]).not.toBe('');
      expect(text(figure, 'h3')[0]).not.toBe('');
      expect(text(figure, 'figcaption')[0]).toMatch(/^Source: disruptions_synthetic.*Synthetic data — not official statistics\./);
    }
  });

  it('sorted bars: 43 forces, largest first, Kent alone in the accent colour, E&W and peer rules labelled', async () => {
    const { figure, chart, rows } = await draw('bar_rate_by_force');
    expect(chart.type).toBe('bar');
    const svg = chartSvg(figure);
    const bars = fills(group(svg, 'bar'), 'rect');
    expect(bars).toHaveLength(43);
    expect(bars.filter((f) => f === ACCENT)).toHaveLength(1);
    expect(bars.filter((f) => f === BASE)).toHaveLength(42);
    const ticks = text(svg, 'g[aria-label="y-axis tick label"] text');
    const byRate = [...rows].sort((a, b) => (b.value as number) - (a.value as number)).map((r) => r.force);
    expect(ticks).toEqual(byRate);
    expect(text(svg, 'g[aria-label="text"] text').join(' | ')).toMatch(/England and Wales 51\.2.*Peer group \d+\.\d/);
    expect(text(figure, 'h2')[0]).toBe('Disruptions per 100,000 population by force, 2023/24');
    // The peer average with and without Kent, each a rate from summed counts over summed population.
    const kentRegion = rows.filter((r) => r.peer_rate !== undefined)[0];
    const with1 = (kentRegion.peer_rate as number).toFixed(1);
    const without = (kentRegion.peer_rate_excl as number).toFixed(1);
    expect(with1).not.toBe(without);
    expect(text(figure, 'h3')[0]).toContain(`Peer group: ${with1} (${without} without Kent), population-weighted.`);
    // City of London's per-resident rate is cut at the edge and the caption says so.
    expect(chart.leftOut).toEqual([expect.stringMatching(/^City of London \(2,6\d\d\) runs beyond the axis/)]);
    expect(text(figure, 'figcaption')[0]).toMatch(/Not shown: City of London/);
  });

  it('dot plot: one dot per force, whiskers, significance legend, Kent ringed', async () => {
    const { figure, chart, rows } = await draw('dot_rate_ci');
    expect(chart.type).toBe('dot');
    expect(chart.reason).toBe('rates with confidence intervals');
    const svg = chartSvg(figure);
    expect(svg.querySelectorAll('g[aria-label="rule"] line').length).toBeGreaterThanOrEqual(43);
    const legend = text(figure, 'span, div').join(' ');
    for (const sig of new Set(rows.map((r) => r.significance))) {
      expect(legend).toContain({ above: 'Significantly higher', below: 'Significantly lower', 'not significant': 'Not significantly different' }[sig as string]);
    }
    expect(svg.querySelectorAll(`g[aria-label="dot"] g[stroke="${ACCENT}"] circle`)).toHaveLength(1);
    // Significance by shape as well as colour: as many shapes among the dots as categories in the rows.
    const shapes = new Set([...svg.querySelectorAll('g[aria-label="dot"]')[0].querySelectorAll('path')].map((p) => p.getAttribute('d')));
    expect(shapes.size).toBe(new Set(rows.map((r) => r.significance ?? 'no interval')).size);
    expect(shapes.size).toBeGreaterThan(1);
  });

  it('funnel plot: 43 points, four limit lines and the E&W rule', async () => {
    const { figure, chart } = await draw('funnel_rate');
    expect(chart.type).toBe('funnel');
    const svg = chartSvg(figure);
    expect(svg.querySelectorAll('g[aria-label="line"]')).toHaveLength(4);
    // One mark per force, each shaped by its significance (circle, triangles, diamond: paths).
    expect(svg.querySelectorAll('g[aria-label="dot"]')[0].querySelectorAll('circle, path')).toHaveLength(43);
    expect(text(svg, 'g[aria-label="x-axis label"] text')[0]).toMatch(/Population \(log scale\)/);
  });

  it('lines: the highlighted force labelled in the accent colour against grey forces and the E&W line', async () => {
    const { figure, chart } = await draw('line_force_highlight');
    expect(chart.type).toBe('line');
    const labels = text(chartSvg(figure), 'g[aria-label="text"] text');
    expect(labels).toEqual(expect.arrayContaining(['Kent', 'England and Wales', 'Peers']));
  });

  it('small multiples: one panel per threat type', async () => {
    const { figure, rows } = await draw('line_index_by_threat');
    const threats = new Set(rows.map((r) => r.threat_type));
    expect(threats.size).toBe(12);
    expect(chartSvg(figure).querySelectorAll('g[aria-label="line"] path').length).toBe(12);
  });

  it('heatmap: 43 forces × 5 years of cells', async () => {
    const { figure, chart } = await draw('heatmap_rate_force_year');
    expect(chart.type).toBe('heatmap');
    expect(chart.reason).toBe('periods with 43 areas and none highlighted');
    expect(chartSvg(figure).querySelectorAll('g[aria-label="cell"]')[0].querySelectorAll('rect')).toHaveLength(215);
  });

  it('stacked shares: ten colours at most, the rest stacked together and listed', async () => {
    const { chart, figure } = await draw('stacked_threat_share');
    expect(chart.type).toBe('stacked');
    expect(chart.leftOut[0]).toMatch(/^the 3 smallest threat type values are stacked together as "3 more": /);
    expect(new Set(fills(group(chartSvg(figure), 'bar'), 'rect')).size).toBe(10);
  });

  it('rank: ties marked with = and sharing a rank', async () => {
    const { figure, rows } = await draw('bar_rank_rate');
    const labels = text(chartSvg(figure), 'g[aria-label="text"] text');
    const tied = rows.filter((r) => r.tied);
    for (const r of tied) expect(labels).toContain(`=${r.value}`);
  });

  it('hex map: 43 hexagons, Kent ringed in the accent colour, its six Eastern peers in the peer colour, a legend', async () => {
    const { figure, chart } = await draw('map_rate_by_force');
    expect(chart.type).toBe('map');
    const svg = chartSvg(figure);
    const geos = [...svg.querySelectorAll('g[aria-label="geo"]')];
    expect(geos[0].querySelectorAll('path')).toHaveLength(43);
    expect(svg.querySelectorAll(`g[aria-label="geo"][stroke="${ACCENT}"] path`)).toHaveLength(1);
    expect(svg.querySelectorAll(`g[aria-label="geo"][stroke="${PEER}"] path`)).toHaveLength(6);
    expect(text(svg, 'g[aria-label="text"] text')).toEqual(expect.arrayContaining(['Kent', 'Met', 'CoL', 'GMP', 'SWal']));
    expect(text(figure, 'figure > svg text').join(' ')).toContain('Disruptions per 100,000 population');
    // City of London's per-resident rate is clamped to the darkest blue, and the caption says so.
    expect(chart.leftOut).toEqual([expect.stringMatching(/^City of London \(2,6\d\d\) goes past the end of the colour scale/)]);
  });
});

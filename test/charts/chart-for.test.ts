import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ACCENT, BASE, SIGNIFICANCE, chartFor, formatNumber, toRows } from '../../src/charts';
import { axisLabel, marginFor } from '../../src/charts/common';
import { TERRITORIAL_FORCES } from '../../src/domain';
import { parseViewSpec } from '../../src/domain/view-spec';
import { renderSvg } from './render';
import { chartContext, unsuitable } from '../../src/charts';
import { LIMIT } from '../../src/charts/palette';
import { xmr, xmrSegments } from '../../src/domain/xmr';
import { chartSvg, renderFigure } from './render';

type Row = Record<string, unknown>;
const FORCES = TERRITORIAL_FORCES.map((f) => f.name);
const roles = { force: 'force', period: 'financial_year', threat: 'threat_type' };
const denominator = { table: 'pop_synthetic', population: 'population', force: 'force', period: 'financial_year' };
const base = { version: 1, table: 'disruptions_synthetic', roles, measure: { column: 'disruptions', aggregate: 'sum' }, compareBy: { by: 'force' }, comparison: { kind: 'total' } };
const rateSpec = { ...base, denominator, comparison: { kind: 'rate_per_100k' } };

/** Rows for 43 forces: rate i + 1, population 100,000 × (i + 1), E&W reference 20. */
function rateRows(extra: (i: number) => Row = () => ({})): Row[] {
  return FORCES.map((force, i) => ({ force, value: i + 1, numerator: i + 1, population: 100_000, reference: 20, ...extra(i) }));
}
const spec = (x: object) => parseViewSpec(x);

/** The x (or y) accessors of every mark that names a column. */
function channelColumns(options: { marks?: unknown[] }, axis: 'x' | 'y'): string[] {
  const out: string[] = [];
  for (const mark of (options.marks ?? []).flat(Infinity) as { channels?: Record<string, { value?: unknown }> }[]) {
    for (const [name, ch] of Object.entries(mark?.channels ?? {})) {
      if ((name === axis || name === `${axis}1` || name === `${axis}2`) && typeof ch.value === 'string') out.push(ch.value);
    }
  }
  return out;
}

describe('auto choice', () => {
  const periods = ['2022/23', '2023/24'];
  it.each<[string, object, Row[], string]>([
    ['one period, many forces → sorted bars', rateSpec, rateRows(), 'bar'],
    ['rates with intervals → dot plot', { ...rateSpec, uncertainty: { ci: 95 } }, rateRows((i) => ({ lower: i, upper: i + 2 })), 'dot'],
    ['periods → lines', { ...base, compareBy: { by: 'period' } }, periods.map((p, i) => ({ financial_year: p, value: i })), 'line'],
    ['one period only → bars', { ...base, compareBy: { by: 'period' } }, [{ financial_year: '2023/24', value: 3 }], 'bar'],
    [
      'periods × 43 forces, none highlighted → heatmap',
      { ...base, series: { by: 'period' } },
      FORCES.flatMap((force) => periods.map((p) => ({ force, financial_year: p, value: 1 }))),
      'heatmap',
    ],
    [
      'periods × 43 forces, one highlighted → lines',
      { ...base, series: { by: 'period' }, highlight: { force: 'Kent' } },
      FORCES.flatMap((force) => periods.map((p) => ({ force, financial_year: p, value: 1 }))),
      'line',
    ],
    [
      'shares split by a series → stacked bars',
      { ...base, series: { by: 'threat' }, comparison: { kind: 'share', within: 'compareBy' } },
      [{ force: 'Kent', threat_type: 'Drugs', value: 60 }, { force: 'Kent', threat_type: 'Fraud', value: 40 }],
      'stacked',
    ],
  ])('%s', (_, s, rows, type) => {
    expect(chartFor(spec(s), rows).type).toBe(type);
  });
});

describe('overrides', () => {
  it('uses the chosen type when it fits', () => {
    const c = chartFor(spec({ ...rateSpec, chart: { type: 'funnel' } }), rateRows());
    expect([c.type, c.reason, c.leftOut]).toEqual(['funnel', 'chosen', []]);
  });

  it('falls back to the auto choice, and says why, when it does not', () => {
    const c = chartFor(spec({ ...base, chart: { type: 'funnel' } }), [{ force: 'Kent', value: 3 }]);
    expect(c.type).toBe('bar');
    expect(c.reason).toBe('funnel unsuitable: a funnel plot shows a rate per 100,000');
    expect(c.leftOut).toEqual(['the funnel chart was not drawn (a funnel plot shows a rate per 100,000); showing bars instead']);
    expect(c.options.caption).toMatch(/Not shown: the funnel chart was not drawn/);
    expect(chartFor(spec({ ...base, chart: { type: 'heatmap' } }), [{ force: 'Kent', value: 3 }]).reason).toBe('heatmap unsuitable: a heatmap needs a second dimension (the series)');
    expect(chartFor(spec({ ...base, chart: { type: 'stacked' }, measure: { column: 'disruptions', aggregate: 'avg' }, series: { by: 'threat' } }), [{ force: 'Kent', threat_type: 'Drugs', value: 3 }]).type).toBe('bar');
  });
});

describe('words', () => {
  it('writes a title, subtitle and caption from the view; the user\'s own words win', () => {
    const c = chartFor(spec({ ...rateSpec, filters: [{ column: 'financial_year', values: ['2023/24'] }, { column: 'threat_type', values: ['County lines'] }], highlight: { force: 'Kent', peerGroup: 'region' } }), rateRows());
    expect(c.options.title).toBe('Disruptions per 100,000 population by force, 2023/24');
    expect(c.options.subtitle).toBe(
      'Rate per 100,000 population: summed counts over summed population. England and Wales: 20.0. Threat type: County lines. Kent highlighted, compared with its region (7 forces).',
    );
    expect(c.options.caption).toBe('Source: disruptions_synthetic, pop_synthetic. Synthetic data — not official statistics.');
    const own = chartFor(spec({ ...base, table: 'my_extract', chart: { title: 'Mine', subtitle: 'Sub', source: 'Home Office ADR', note: 'Provisional.' } }), [{ force: 'Kent', value: 1 }]);
    expect([own.options.title, own.options.subtitle, own.options.caption]).toEqual(['Mine', 'Sub', 'Source: Home Office ADR.']);
    expect(own.note).toEqual(['Provisional.']);
  });

  it("keeps the view's note out of the caption, as paragraphs: a blank line parts them, a single line break joins", () => {
    const note = 'Figures for 2023/24 are provisional.\nThe Met changed its recording in May.\n\n  <b>Not</b> markup: shown as written.  \n\n\n';
    const c = chartFor(spec({ ...base, chart: { type: 'auto', note } }), [{ force: 'Kent', value: 1 }]);
    expect(c.note).toEqual(['Figures for 2023/24 are provisional. The Met changed its recording in May.', '<b>Not</b> markup: shown as written.']);
    expect(String(c.options.caption)).not.toContain('provisional');
    expect(chartFor(spec(base), [{ force: 'Kent', value: 1 }]).note).toEqual([]);
  });

  it('says nothing of my force when it is not drawn (a file of one other force\'s data)', () => {
    const cumbria = [{ force: 'Cumbria', value: 3 }];
    const c = chartFor(spec({ ...base, highlight: { force: 'Kent', peerGroup: 'region' } }), cumbria);
    expect(c.options.subtitle).not.toMatch(/Kent|its region/);
    const kent = chartFor(spec({ ...base, highlight: { force: 'Kent', peerGroup: 'region' } }), [...cumbria, { force: 'Kent', value: 2 }]);
    expect(kent.options.subtitle).toMatch(/Kent highlighted/);
  });

  it('labels the value axis with its unit', () => {
    const axis = (s: object, rows: Row[]) => (chartFor(spec(s), rows).options.x as { label: string }).label;
    expect(axis(rateSpec, rateRows())).toBe('Disruptions per 100,000 population');
    expect(axis({ ...base, comparison: { kind: 'pct_change', from: '2022/23', to: '2023/24' } }, [{ force: 'Kent', value: 5 }])).toBe('Change in disruptions, 2022/23 to 2023/24 (%)');
    expect(axis({ ...base, comparison: { kind: 'share' } }, [{ force: 'Kent', value: 5 }])).toBe('Share of disruptions (%)');
  });
});

describe('words for a rate per 1,000', () => {
  const perK = { ...rateSpec, denominator: { ...denominator, per: 1000 }, filters: [{ column: 'financial_year', values: ['2023/24'] }] };
  it('title, subtitle and value axis say per 1,000', () => {
    const c = chartFor(spec(perK), rateRows());
    expect(c.options.title).toBe('Disruptions per 1,000 population by force, 2023/24');
    expect(c.options.subtitle).toBe('Rate per 1,000 population: summed counts over summed population. England and Wales: 20.0.');
    expect((c.options.x as { label: string }).label).toBe('Disruptions per 1,000 population');
    expect(c.options.title).not.toMatch(/100,000/);
  });

  it('a funnel of a non-rate says which rate it wants', () => {
    const c = chartFor(spec({ ...perK, comparison: { kind: 'total' }, chart: { type: 'funnel' } }), [{ force: 'Kent', value: 1 }]);
    expect(c.reason).toBe('funnel unsuitable: a funnel plot shows a rate per 1,000');
  });
});

describe('readable with 43 forces, honest axes', () => {
  it('bars are horizontal, start at zero, and the left margin fits the longest name', () => {
    const c = chartFor(spec(rateSpec), rateRows());
    const x = c.options.x as { zero: boolean };
    expect(x.zero).toBe(true);
    expect((c.options.y as { domain: unknown[] }).domain).toHaveLength(43);
    expect(c.options.marginLeft).toBe(marginFor(['Hampshire and Isle of Wight']));
    expect(c.options.marginLeft).toBeGreaterThanOrEqual(27 * 6);
    expect(c.options.height).toBeGreaterThanOrEqual(43 * 18);
  });

  it('never puts counts on a rate axis: only rate columns feed x', () => {
    const c = chartFor(spec({ ...rateSpec, uncertainty: { ci: 95 }, highlight: { force: 'Kent', peerGroup: 'region' } }), rateRows((i) => ({ lower: i, upper: i + 2, peer_rate: 18, significance: 'not significant' })));
    const cols = channelColumns(c.options as { marks?: unknown[] }, 'x');
    expect(cols.length).toBeGreaterThan(3);
    for (const col of cols) expect(['value', 'lower', 'upper', 'reference', 'peer_rate']).toContain(col);
  });

  it('the highlighted force is drawn in the accent colour, the rest in the base colour', () => {
    const svg = renderSvg(chartFor(spec({ ...rateSpec, highlight: { force: 'Kent' } }), rateRows()).options);
    expect(svg.match(new RegExp(`fill="${ACCENT}"`, 'g'))).toHaveLength(1);
    expect(svg.match(new RegExp(`fill="${BASE}"`, 'g'))).toHaveLength(42);
  });

  it('highlights the region of "my force" when comparing regions', () => {
    const rows = ['Eastern', 'London', 'North West', 'South East'].map((region, i) => ({ region, value: i + 1 }));
    const svg = renderSvg(chartFor(spec({ ...base, roles: { force: 'force' }, compareBy: { by: 'region' }, highlight: { force: 'Kent' } }), rows).options);
    expect(svg.match(new RegExp(`fill="${ACCENT}"`, 'g'))).toHaveLength(1);
  });

  it('says which rows had no value', () => {
    const c = chartFor(spec(base), [{ force: 'Kent', value: 3 }, { force: 'Cumbria', value: null }]);
    expect(c.leftOut).toEqual(['1 with no value (Cumbria)']);
    expect(c.options.caption).toMatch(/Not shown: 1 with no value \(Cumbria\)\.$/);
  });

  it('stops the axis at three times the largest rate when an interval reaches far past every dot, and says whose', () => {
    // Rare events: every rate under 1, one small force with no events and an upper limit of 46 (Byar, 0 of 8,000).
    const rows = rateRows((i) => ({ value: i / 50, lower: 0, upper: i / 50 + 0.1, reference: 0.4, significance: 'not significant' }));
    rows[1] = { ...rows[1], value: 0, upper: 46.1 };
    const top = Math.max(...rows.map((r) => r.value as number), 0.4);
    const c = chartFor(spec({ ...rateSpec, uncertainty: { ci: 95 } }), rows);
    expect(c.type).toBe('dot');
    expect((c.options.x as { domain: number[] }).domain).toEqual([0, 3 * top]);
    expect(c.leftOut).toEqual([`The 95% interval of ${FORCES[1]} (46.1) reaches past the axis (upper limit in brackets), so it is cut at the edge`]);
    // Intervals that fit leave the axis to Plot.
    const fit = chartFor(spec({ ...rateSpec, uncertainty: { ci: 95 } }), rateRows((i) => ({ lower: i, upper: i + 2, significance: 'not significant' })));
    expect((fit.options.x as { domain?: number[] }).domain).toBeUndefined();
  });

  it('cuts an extreme value at the edge and says so, keeping the rest readable', () => {
    const rows = rateRows();
    rows[4] = { ...rows[4], value: 2_626.5 };
    const c = chartFor(spec(rateSpec), rows);
    expect((c.options.x as { domain: number[] }).domain[1]).toBeCloseTo(43 * 1.08, 6);
    expect(c.leftOut).toEqual([`${FORCES[4]} (2,627) runs beyond the axis, so its bar is cut at the edge`]);
  });
});

describe('inputs', () => {
  it('an Arrow table gives the same chart as plain rows', () => {
    const rows = rateRows();
    const s = spec({ ...rateSpec, highlight: { force: 'Kent' } });
    expect(renderSvg(chartFor(s, tableFromJSON(rows)).options)).toBe(renderSvg(chartFor(s, rows).options));
  });

  it('toRows turns BIGINT into numbers', () => {
    expect(toRows([{ a: 3n, b: 'x' }])).toEqual([{ a: 3, b: 'x' }]);
  });

  it.each<[unknown, number | undefined, string]>([
    [1234567, undefined, '1,234,567'],
    [5.4321, undefined, '5.4'],
    [-3.25, 1, '−3.3'],
    [-0.01, 1, '0.0'],
    [null, undefined, '–'],
    [2626.5, undefined, '2,627'],
    [0.2345, undefined, '0.23'],
    [0.05678, undefined, '0.057'],
  ])('formatNumber(%j, %j) = %j', (v, d, want) => {
    expect(formatNumber(v, d)).toBe(want);
  });
});

describe('no rows', () => {
  it.each(['auto', 'bar', 'dot', 'funnel', 'line', 'heatmap', 'stacked'])('%s draws an empty chart rather than failing', (type) => {
    const s = spec({ ...rateSpec, compareBy: { by: 'period' }, series: { by: 'force' }, uncertainty: { ci: 95 }, chart: { type } });
    const c = chartFor(s, []);
    expect(() => renderSvg(c.options)).not.toThrow();
  });
});

describe('words for a dimension whose canonical column took a suffix', () => {
  it('a table with its own "Force" column is compared "by force", not "by force canonical"', () => {
    // The messy sample's shape: its "Force" column makes normalisation name the canonical one force_canonical.
    const c = chartFor(spec({ ...base, roles: { ...roles, force: 'force_canonical' } }), rateRows().map(({ force, value }) => ({ force_canonical: force, value })));
    expect(c.options.title).toBe('Disruptions by force');
    expect((c.options.y as { label: string }).label).toBe('Force');
    expect(axisLabel('period_canonical_2')).toBe('Period');
    expect(axisLabel('financial_year')).toBe('Financial year');
  });
});

describe('control chart', () => {
  const months = Array.from({ length: 25 }, (_, i) => `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  // Steady about 50, one spike to 78, then a step up to about 62 from 2023-04.
  const values = [52, 48, 55, 50, 47, 53, 49, 51, 46, 54, 50, 52, 78, 49, 51, 60, 62, 61, 63, 64, 62, 65, 63, 61, 64];
  // Rows out of order: the chart puts them in period order.
  const rows = values.map((value, i) => ({ month: months[i], value })).reverse();
  const control = (chart: object = {}) =>
    spec({ ...base, roles: { ...roles, period: 'month' }, compareBy: { by: 'period' }, filters: [{ column: 'force', values: ['Kent'] }], chart: { type: 'control', ...chart } });
  const texts = (svg: Element) => [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
  const orange = (svg: Element) => [...svg.querySelectorAll(`g[aria-label="dot"] circle[fill="${ACCENT}"], g[aria-label="dot"][fill="${ACCENT}"] circle`)];

  it('refuses a view by force, a series of several lines, a rank, and a single period', () => {
    const why = (s: object, r: Row[]) => unsuitable('control', chartContext(spec(s), r));
    expect(why({ ...base, chart: { type: 'control' } }, rateRows())).toBe('a control chart follows one series over periods: compare by period and filter to one force');
    const byForce = ['Kent', 'Essex'].flatMap((force) => months.slice(0, 3).map((month) => ({ force, month, value: 1 })));
    expect(why({ ...base, roles: { ...roles, period: 'month' }, compareBy: { by: 'period' }, series: { by: 'force' } }, byForce)).toMatch(/^a control chart follows one line/);
    // A series filtered to one force is one line.
    expect(why({ ...base, roles: { ...roles, period: 'month' }, compareBy: { by: 'period' }, series: { by: 'force' } }, byForce.filter((r) => r.force === 'Kent'))).toBeUndefined();
    expect(why({ ...base, compareBy: { by: 'period' }, comparison: { kind: 'rank' } }, [{ financial_year: '2022/23', value: 1 }, { financial_year: '2023/24', value: 2 }])).toMatch(/not a change between two periods or a rank/);
    expect(why({ ...base, compareBy: { by: 'period' } }, [{ financial_year: '2023/24', value: 3 }])).toBe('a control chart needs at least two periods for its limits; this view has one');
    // Never the automatic choice, and a refused control chart says so and falls back.
    expect(chartFor(spec({ ...base, compareBy: { by: 'period' } }), [{ financial_year: '2022/23', value: 1 }, { financial_year: '2023/24', value: 2 }]).type).toBe('line');
    const c = chartFor(spec({ ...base, chart: { type: 'control' } }), rateRows());
    expect(c.type).toBe('bar');
    expect(c.leftOut[0]).toMatch(/^the control chart was not drawn \(a control chart follows one series over periods/);
  });

  it('draws the mean and limits xmr() computes, and colours the points it flags', () => {
    const x = xmr(values);
    if (!x.ok) throw new Error(x.why);
    const c = chartFor(control(), rows);
    expect(c.type).toBe('control');
    const svg = chartSvg(renderFigure(c.options));
    expect(texts(svg)).toEqual([`Upper limit ${formatNumber(x.upper)}`, `Mean ${formatNumber(x.mean)}`, `Lower limit ${formatNumber(x.lower)}`]);
    const special = x.points.filter((p) => p.flags.length > 0).length;
    expect(special).toBe(23); // the spike beyond the upper limit, and the 22 points of the two runs either side of the mean
    expect(orange(svg)).toHaveLength(special);
    expect(svg.querySelectorAll(`g[aria-label="line"][stroke="${LIMIT}"]`)).toHaveLength(2);
    expect(c.options.caption).toContain(`Large orange points: ${special} of 25 show special-cause variation (1 beyond a process limit; 22 in a run of 7 or more`);
    expect(c.options.caption).toContain('Special cause (NHS England, Making Data Count)');
  });

  it('recalculates the limits from the chosen period: the runs disappear, the spike stays', () => {
    const [before, after] = xmrSegments(values, [months.indexOf('2023-04')]);
    if (!before.chart.ok || !after.chart.ok) throw new Error('no limits');
    const c = chartFor(control({ controlFrom: '2023-04' }), rows);
    const svg = chartSvg(renderFigure(c.options));
    // Labelled at the right: the latest limits.
    expect(texts(svg)).toEqual([`Upper limit ${formatNumber(after.chart.upper)}`, `Mean ${formatNumber(after.chart.mean)}`, `Lower limit ${formatNumber(after.chart.lower)}`]);
    expect(orange(svg)).toHaveLength(1);
    expect(c.options.caption).toContain(`Limits recalculated from 2023-04; before it: mean ${formatNumber(before.chart.mean)}, limits ${formatNumber(before.chart.lower)} to ${formatNumber(before.chart.upper)}.`);
    // A period the chart doesn't have: limits from every period, and said so.
    expect(chartFor(control({ controlFrom: '2030-01' }), rows).options.caption).toContain('Limits from 2030-01 were asked for, but the chart has no such period');
  });

  it('leaves out a lower limit below zero for counts, and says so', () => {
    const counts = [0, 3, 0, 4, 1, 0, 5, 0].map((value, i) => ({ month: months[i], value }));
    const c = chartFor(control(), counts);
    const svg = chartSvg(renderFigure(c.options));
    expect(texts(svg).some((t) => t?.startsWith('Lower limit'))).toBe(false);
    expect(svg.querySelectorAll(`g[aria-label="line"][stroke="${LIMIT}"]`)).toHaveLength(1);
    expect(c.options.caption).toContain('The lower limit (−7.5) is below zero, which no value can reach, so it is not drawn.');
  });
});

describe('hex map', () => {
  const ctxOf = (s: object, rows: Row[]) => chartContext(spec(s), rows);

  it('refuses a view that does not compare forces, or has a series, and says what to change', () => {
    expect(unsuitable('map', ctxOf({ ...base, compareBy: { by: 'region' } }, [{ region: 'Eastern', value: 3 }]))).toBe('a map has one hexagon per force: compare by force');
    expect(unsuitable('map', ctxOf({ ...base, compareBy: { by: 'period' } }, [{ financial_year: '2023/24', value: 3 }]))).toBe('a map has one hexagon per force: compare by force');
    expect(unsuitable('map', ctxOf({ ...base, series: { by: 'period' } }, [{ force: 'Kent', financial_year: '2023/24', value: 3 }]))).toBe('a map shows one period: remove the series and filter to one period');
    expect(unsuitable('map', ctxOf({ ...base, series: { by: 'threat' } }, [{ force: 'Kent', threat_type: 'Drugs', value: 3 }]))).toBe('a map shows one value per force: remove the series');
    expect(unsuitable('map', ctxOf(base, [{ force: 'British Transport Police', value: 3 }]))).toMatch(/^a map needs values for some of the 43 territorial forces/);
  });

  it('is drawn when chosen for forces, never chosen automatically, and falls back to bars with the reason', () => {
    const c = chartFor(spec({ ...rateSpec, chart: { type: 'map' } }), rateRows());
    expect([c.type, c.reason]).toEqual(['map', 'chosen']);
    expect(chartFor(spec(rateSpec), rateRows()).type).not.toBe('map');
    const byRegion = chartFor(spec({ ...base, compareBy: { by: 'region' }, chart: { type: 'map' } }), [{ region: 'Eastern', value: 3 }]);
    expect([byRegion.type, byRegion.reason]).toEqual(['bar', 'map unsuitable: a map has one hexagon per force: compare by force']);
  });

  it('says which forces have no value and which rows are not forces', () => {
    const rows = [{ force: 'Kent', value: 3 }, { force: 'Met', value: 5 }, { force: 'British Transport Police', value: 9 }, { force: 'Metropolitan Police', value: 5 }];
    const c = chartFor(spec({ ...base, chart: { type: 'map' } }), rows);
    expect(c.type).toBe('map');
    expect(c.leftOut).toEqual([
      expect.stringMatching(/^41 forces with no value \(Avon and Somerset, Bedfordshire, .* and 36 more\)$/),
      '1 not on the map, as not one of the 43 forces (British Transport Police)',
      '1 more row for a force already drawn (Metropolitan Police)',
    ]);
  });

  it('colours diverging around zero for a change, with white text on the darkest hexagons', () => {
    const rows = FORCES.map((force, i) => ({ force, value: i - 21 }));
    const c = chartFor(spec({ ...base, comparison: { kind: 'change', from: '2019/20', to: '2023/24' }, chart: { type: 'map' } }), rows);
    expect(c.options.color).toMatchObject({ type: 'diverging', pivot: 0, legend: true });
    const svg = chartSvg(renderFigure(c.options));
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')];
    expect(labels).toHaveLength(43);
    const fills = new Set(labels.map((t) => t.getAttribute('fill')));
    expect(fills).toEqual(new Set(['white', '#222222']));
  });
});

describe('hex map coloured by significance', () => {
  const sig = (i: number) => ({ significance: i < 10 ? 'above' : i < 30 ? 'not significant' : 'below' });

  it('colours each tile by its significance, with a glyph on higher and lower tiles, never colour alone', () => {
    const rows = rateRows(sig);
    const chart = chartFor(spec({ ...rateSpec, chart: { type: 'map', colourBy: 'significance' } }), rows);
    expect(chart.type).toBe('map');
    const figure = renderFigure(chart.options);
    const svg = [...figure.querySelectorAll('svg')].pop()!;
    const tiles = [...svg.querySelectorAll('path[aria-label]')];
    expect(tiles).toHaveLength(43);
    for (const [i, r] of rows.entries()) {
      const tile = tiles.find((t) => t.getAttribute('aria-label')?.startsWith(`${r.force}: `));
      const want = i < 10 ? 'significantly higher' : i < 30 ? 'not significantly different' : 'significantly lower';
      expect(tile?.getAttribute('aria-label'), String(r.force)).toBe(`${r.force}: ${i + 1}, ${want}`);
      expect(tile?.getAttribute('fill')).toBe(SIGNIFICANCE[(i < 10 ? 'above' : i < 30 ? 'not significant' : 'below') as keyof typeof SIGNIFICANCE]);
    }
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent ?? '');
    expect(labels.filter((l) => l.endsWith(' ▲'))).toHaveLength(10);
    expect(labels.filter((l) => l.endsWith(' ▼'))).toHaveLength(13);
    // The legend names the categories, with the glyphs.
    expect(figure.textContent).toContain('▲ Significantly higher');
    expect(figure.textContent).toContain('▼ Significantly lower');
  });

  it('a view without intervals is coloured by value, and the caption says why', () => {
    const chart = chartFor(spec({ ...rateSpec, chart: { type: 'map', colourBy: 'significance' } }), rateRows());
    expect(chart.leftOut).toContain('colour by significance needs a rate with confidence intervals, so the tiles are coloured by value');
  });
});

describe('protected small numbers (issue 19 item 2)', () => {
  // Kent (row 1) and Surrey (row 3) suppressed, as protectRows gives them: null values, listed by row and column.
  const rows: Row[] = [
    { force: 'Essex', value: 40 },
    { force: 'Kent', value: null },
    { force: 'Norfolk', value: 0 },
    { force: 'Surrey', value: null },
    { force: 'Sussex', value: null },
  ];
  const suppressed = new Set(['1:value', '3:value']);

  it('a bar chart keeps the suppressed categories on its axis, each with a [c] at zero, not listed as left out', () => {
    const chart = chartFor(spec(base), rows, { suppressed });
    expect(chart.type).toBe('bar');
    const figure = renderFigure(chart.options);
    const ticks = [...figure.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(['Essex', 'Norfolk', 'Kent', 'Surrey']);
    expect([...figure.querySelectorAll('text')].filter((t) => t.textContent === '[c]')).toHaveLength(2);
    expect(String(chart.options.caption)).not.toContain('Kent');
    // Sussex has no value for another reason, and is said to have none; the suppressed ones are not.
    expect(chart.leftOut).toEqual(['1 with no value (Sussex)']);
  });

  it('a chart that cannot draw them lists them under "Not shown" as [c], never as "no value"', () => {
    const chart = chartFor(spec({ ...base, chart: { type: 'dot' } }), rows, { suppressed });
    expect(chart.type).toBe('dot');
    expect(chart.leftOut).toContain('Kent, Surrey ([c]: protected as small numbers)');
    expect(chart.leftOut.join(' ')).not.toMatch(/Kent[^;]*no value|no value \(Kent/);
  });

  it('a map draws the suppressed forces as [c] on a plain grey tile, apart from those with no value', () => {
    const chart = chartFor(spec({ ...base, chart: { type: 'map' } }), rows, { suppressed });
    expect(chart.type).toBe('map');
    const svg = [...renderFigure(chart.options).querySelectorAll('svg')].pop()!;
    const label = (name: string) => svg.querySelector(`path[aria-label^="${name}: "]`);
    // A constant fill sits on the mark's group, a scaled one on each path.
    const fill = (name: string) => label(name)?.getAttribute('fill') ?? label(name)?.parentElement?.getAttribute('fill');
    expect(label('Kent')?.getAttribute('aria-label')).toBe('Kent: [c]');
    expect(label('Surrey')?.getAttribute('aria-label')).toBe('Surrey: [c]');
    expect(fill('Kent')).toBe('#BDBDBD');
    expect(fill('Surrey')).toBe('#BDBDBD');
    expect(label('Sussex')?.getAttribute('aria-label')).toBe('Sussex: no value');
    expect(fill('Sussex')).toBe('#F2F2F2');
    expect([...svg.querySelectorAll('text')].filter((t) => t.textContent?.includes('[c]'))).toHaveLength(2);
    // Said once: not as "no value", and not again as [c] in "Not shown" (the tiles show it).
    expect(chart.leftOut.join(' ')).not.toMatch(/Kent|Surrey/);
    expect(chart.leftOut.join(' ')).toMatch(/with no value \([^)]*Sussex/);
  });

  it('without the set, a null value is "no value" as before', () => {
    expect(chartFor(spec(base), rows).leftOut).toEqual(['3 with no value (Kent, Surrey, Sussex)']);
  });
});

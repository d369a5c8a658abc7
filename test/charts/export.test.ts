import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartFor } from '../../src/charts';
import { escapeXml, provenanceLine, standaloneSvg, wrapText } from '../../src/charts/export';
import { parseViewSpec } from '../../src/domain/view-spec';
import { compileView } from '../../src/query/compile';
import { nativeDb, sampleTablesSql, type NativeDb } from '../helpers/view-fixtures';
import { CHARTS } from './chart-specs';
import { newDocument, normalise, renderFigure } from './render';

let db: NativeDb;
beforeAll(async () => {
  db = await nativeDb(sampleTablesSql());
}, 60_000);
afterAll(() => db?.close());

const SOURCES = [
  { table: 'disruptions_synthetic', file: 'disruptions_synthetic.csv' },
  { table: 'force_population_synthetic', file: 'force_population_synthetic.csv' },
];
const WHEN = new Date('2026-12-01T13:10:00Z');

async function figure(name: keyof typeof CHARTS): Promise<Element> {
  const spec = parseViewSpec(CHARTS[name]);
  return renderFigure(chartFor(spec, await db.rows(compileView(spec, await db.schema()).sql)).options);
}

/** Well-formed XML, checked without the code under test: every tag closed in order, no stray `<` or `&`. */
function wellFormed(xml: string): void {
  const stack: string[] = [];
  const tokens = xml.split(/(<[^>]*>)/);
  for (const t of tokens) {
    if (t.startsWith('<')) {
      const m = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/.exec(t);
      if (!m) throw new Error(`malformed tag: ${t.slice(0, 80)}`);
      if (m[1]) {
        const open = stack.pop();
        if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}>`);
      } else if (!m[4]) stack.push(m[2]);
      for (const [, v] of m[3].matchAll(/="([^"]*)"/g)) if (/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/i.test(v)) throw new Error(`bare & in ${v}`);
    } else if (/[<>]|&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/i.test(t)) throw new Error(`bad text: ${t.slice(0, 80)}`);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(' ')}`);
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('standalone SVG export', () => {
  it.each(['bar_rate_by_force', 'dot_rate_ci', 'heatmap_rate_force_year', 'line_index_by_threat'] as const)('%s: well-formed, white, self-contained, words and chart all there', async (name) => {
    const fig = await figure(name);
    const { svg, width, height } = standaloneSvg(fig, { provenance: provenanceLine(parseViewSpec(CHARTS[name]), SOURCES, WHEN) });
    wellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*width="(\d+)" height="(\d+)"/);
    expect(svg).toContain(`viewBox="0 0 ${width} ${height}"`);
    expect(svg).toContain('<rect width="100%" height="100%" fill="#fff"/>');
    // Words from the figure when none are given.
    expect(svg).toContain(escapeXml(fig.querySelector('h2')!.textContent!.split(' ').slice(0, 3).join(' ')));
    const plain = svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(plain).toContain('Synthetic data');
    expect(plain).toContain('Exported 2026-12-01 13:10 UTC from SOC Workbench.');
    // Every text of the chart itself comes along (ticks, labels).
    const chartSvg = [...fig.children].filter((c) => c.tagName.toLowerCase() === 'svg').pop()!;
    // SVG names keep their case (XML is case-sensitive: a <clippath> clips nothing). Bars and dots cut at an axis
    // limit carry a clip path; every one of them comes out as <clipPath>.
    const clips = count(chartSvg.outerHTML, /<clippath\b/gi);
    expect(clips > 0, 'the chart has a clip path').toBe(name === 'bar_rate_by_force' || name === 'dot_rate_ci');
    expect(count(svg, /<clipPath\b/g)).toBe(clips);
    expect(count(svg, /<text\b/g)).toBeGreaterThanOrEqual(chartSvg.querySelectorAll('text').length);
    // Nothing fetched: no web fonts, no external references.
    expect(svg).not.toMatch(/@font-face|@import|href="(?!#|data:image\/)|url\((?!#)|<script|<foreignObject/i);
    expect(svg).toContain('font-family="system-ui, -apple-system, &apos;Segoe UI&apos;, Roboto');
    expect(width).toBeGreaterThanOrEqual(640);
    expect(height).toBeGreaterThan(Number(chartSvg.getAttribute('height')));
  });

  it('legend swatches become SVG with their labels; colour ramps come along as they are', async () => {
    const dot = standaloneSvg(await figure('dot_rate_ci')).svg;
    for (const label of ['Significantly higher', 'Not significantly different', 'Significantly lower']) expect(dot).toContain(`>${label}</text>`);
    expect(dot).toContain('fill="#0072B2"');
    const heat = standaloneSvg(await figure('heatmap_rate_force_year')).svg;
    expect(count(heat, /<svg\b/g)).toBe(3); // the page, the ramp, the chart
  });

  it('the words given win over the figure\'s, and are text, never markup', async () => {
    const { svg } = standaloneSvg(await figure('bar_rate_by_force'), { title: '<script>alert(1)</script> & "Kent"', subtitle: 'Sub <b>', source: 'Source: Home Office', provenance: 'p' });
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Kent&quot;');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('>Source: Home Office</tspan>');
    wellFormed(svg);
  });

  it("the view's note is set under the chart, before the source, paragraph by paragraph and as text", async () => {
    const { svg } = standaloneSvg(await figure('bar_rate_by_force'), { note: ['First <b>paragraph</b> & more.', 'Second paragraph.'], provenance: 'Exported.' });
    wellFormed(svg);
    expect(svg).toContain('First &lt;b&gt;paragraph&lt;/b&gt; &amp; more.');
    const at = (s: string) => svg.indexOf(s);
    const chartEnd = svg.lastIndexOf('</svg>', svg.length - 7);
    expect(at('First &lt;b&gt;')).toBeGreaterThan(chartEnd);
    expect(at('Second paragraph.')).toBeGreaterThan(at('First &lt;b&gt;'));
    expect(at('Source:')).toBeGreaterThan(at('Second paragraph.'));
  });

  it('scripts, event handlers, foreign objects and external references in a figure are dropped', () => {
    const doc = newDocument();
    const host = doc.createElement('div');
    host.innerHTML =
      '<svg width="200" height="100" onload="alert(1)"><style>@import url(http://evil.example/x.css); .a { fill: url(http://evil.example/p.svg#g); } .b { clip-path: url(#c1) }</style>' +
      '<script>alert(2)</script><foreignObject><iframe src="http://evil.example/"></iframe></foreignObject>' +
      '<image href="http://evil.example/track.png" width="10" height="10"></image><image href="data:image/png;base64,AAAA" width="1" height="1"></image>' +
      '<a href="javascript:alert(3)"><text x="1" y="1" onclick="alert(4)">hi &amp; bye</text></a><rect style="fill: url(https://evil.example/f)" clip-path="url(#c1)"></rect></svg>';
    const { svg } = standaloneSvg(host.firstElementChild!, {});
    wellFormed(svg);
    expect(svg).not.toMatch(/evil\.example|alert|javascript:|onload|onclick|<script|<foreignObject|<iframe|@import/);
    expect(svg).toContain('href="data:image/png;base64,AAAA"');
    expect(svg).toContain('clip-path="url(#c1)"');
    expect(svg).toContain('.b { clip-path: url(#c1) }');
    expect(svg).toContain('>hi &amp; bye</text>');
  });

  it('golden: the exported dot chart', async () => {
    const fig = await figure('dot_rate_ci');
    const { svg } = standaloneSvg(fig, { provenance: provenanceLine(parseViewSpec(CHARTS.dot_rate_ci), SOURCES, WHEN) });
    await expect(normalise(svg)).toMatchFileSnapshot('golden/export_dot_rate_ci.svg');
  });
});

describe('provenanceLine', () => {
  it('names the files, the filters and the export time', () => {
    expect(provenanceLine(parseViewSpec(CHARTS.dot_rate_ci), SOURCES, WHEN)).toBe(
      'Data: disruptions_synthetic.csv, force_population_synthetic.csv. Filters: financial_year = 2023/24; threat_type = County lines. Exported 2026-12-01 13:10 UTC from SOC Workbench.',
    );
  });

  it('names the file of the table a normalised or long view is made from (found on a real table\'s render)', () => {
    const spec = parseViewSpec({ ...CHARTS.line_index_by_threat, table: 'officer_fte_long_norm', filters: [] });
    expect(provenanceLine(spec, [{ table: 'officer_fte', file: 'officer_fte_by_force_region_2019.csv' }], WHEN)).toMatch(/^Data: officer_fte_by_force_region_2019\.csv\. /);
    expect(provenanceLine({ ...spec, table: 'officer_fte_norm' }, [{ table: 'Officer_FTE', file: 'f.csv' }], WHEN)).toMatch(/^Data: f\.csv\. /);
    // The built-in population is named as such, not as a missing file.
    expect(provenanceLine({ ...spec, denominator: { table: 'ref_population', population: 'population', force: 'force', midYear: 'year' } } as typeof spec, [{ table: 'officer_fte', file: 'f.csv' }], WHEN)).toMatch(/^Data: f\.csv, ref_population \(ONS mid-year population, built in\)\. /);
    // A view over some other table is not that table's.
    expect(provenanceLine({ ...spec, table: 'officer_fte_x_norm' }, [{ table: 'officer_fte', file: 'f.csv' }], WHEN)).toMatch(/^Data: officer_fte_x_norm \(no file recorded\)\. /);
  });

  it('says when a table has no file, lists several values with "or", and period ranges', () => {
    const spec = parseViewSpec({ ...CHARTS.line_index_by_threat, filters: [{ column: 'threat_type', values: ['Drugs', 'County lines', null] }], periodRange: { from: '2019/20', to: '2023/24' } });
    expect(provenanceLine(spec, [], WHEN)).toBe(
      'Data: disruptions_synthetic (no file recorded). Filters: threat_type = Drugs or County lines or (blank); financial_year from 2019/20 to 2023/24. Exported 2026-12-01 13:10 UTC from SOC Workbench.',
    );
  });
});

describe('wrapText', () => {
  it('breaks at word boundaries within the width', () => {
    expect(wrapText('Disruptions per 100,000 population by force, 2023/24', 150, 10)).toEqual(['Disruptions per 100,000', 'population by force,', '2023/24']);
    expect(wrapText('  ', 100, 10)).toEqual([]);
  });
});

/**
 * Hex tile map: one equal hexagon per territorial force (hex-layout.ts), coloured by the view's value, with the SOC
 * regions outlined, the highlighted force ringed in the accent colour and its peers in the peer colour.
 *
 * The hexagons are GeoJSON polygons drawn by Plot.geo in the identity projection, in pixels: polygons share their
 * sides exactly, where a hexagon symbol of a fixed radius only approximates the tiling. The text marks use the same
 * projection, so labels sit at the cells' centres.
 */
import * as Plot from '@observablehq/plot';
import { COMPUTED_COLUMNS as N, SUPPRESSED_MARK, TERRITORIAL_FORCES, matchForce, peerForces, regionOf, type Force } from '../domain';
import { capAbove, cutNames, formatNumber, listSome, outliers, type ChartContext, type Row } from './common';
import { HEX_LAYOUT, groupBorders, hexCentre, hexEdge, hexHatch, hexPolygon, layoutSize, type HexCell } from './hex-layout';
import { ACCENT, PEER } from './palette';
import { tipChannels } from './tips';
import { SIGNIFICANCE_LABELS, significanceOf, significanceScale } from './dot';

/** Circumradius of a hexagon, in pixels: a four-letter label fits across one at 10px. */
const SIZE = 30;
const MARGIN = 12;
/** Fill and label of a force with no value. */
const NO_VALUE = '#F2F2F2';
const NO_VALUE_TEXT = '#888888';
const HATCH = '#C8C8C8';
/** A tile whose value is hidden to protect small numbers: a plain mid grey, apart from both the scale and "no value". */
const SUPPRESSED_FILL = '#BDBDBD';
const REGION_BORDER = '#333333';
/** The colour ramp, inset like the map so its first tick label is not cut. */
const LEGEND = { legend: true, marginLeft: MARGIN, marginRight: MARGIN, width: 280 } as const;

/** A force's tile with the result row drawn in it (undefined when the result has no value for the force). */
export interface MapTile {
  force: Force;
  cell: HexCell;
  abbreviation: string;
  row: Row | undefined;
  /** The force's value is hidden to protect small numbers: the tile says [c], not "no value". */
  suppressed?: boolean;
}

/** The 43 tiles with their rows; the rows that name no territorial force; rows for a force already drawn. */
export function mapTiles(ctx: ChartContext): { tiles: MapTile[]; unplaced: Row[]; repeated: Row[] } {
  const key = ctx.compareBy.name;
  const rowOf = new Map<string, Row>();
  const unplaced: Row[] = [];
  const repeated: Row[] = [];
  for (const r of ctx.rows) {
    const f = typeof r[key] === 'string' ? matchForce(r[key] as string) : undefined;
    if (!f?.code) unplaced.push(r);
    else if (rowOf.has(f.code)) repeated.push(r);
    else rowOf.set(f.code, r);
  }
  const hidden = new Set(ctx.suppressed.map((r) => (typeof r[key] === 'string' ? matchForce(r[key] as string)?.code : undefined)).filter((c) => c));
  const byCode = new Map(TERRITORIAL_FORCES.map((f) => [f.code as string, f]));
  const tiles = HEX_LAYOUT.map((t) => ({
    force: byCode.get(t.code) as Force,
    cell: t.cell,
    abbreviation: t.abbreviation,
    row: rowOf.get(t.code),
    ...(hidden.has(t.code) && !rowOf.has(t.code) ? { suppressed: true } : {}),
  }));
  return { tiles, unplaced, repeated };
}

/** The sides between SOC regions (and round the coast) as one MultiLineString, in pixels. */
export function regionBorderLines(size: number, offset = 0): { type: 'MultiLineString'; coordinates: [number, number][][] } {
  const idOf = new Map(TERRITORIAL_FORCES.map((f) => [f.code as string, f.id]));
  const tiles = HEX_LAYOUT.map((t) => ({ cell: t.cell, group: regionOf(idOf.get(t.code) ?? '') }));
  return { type: 'MultiLineString', coordinates: groupBorders(tiles).map((e) => hexEdge(e.cell, e.side, size).map(([x, y]): [number, number] => [x + offset, y + offset])) };
}

/** White text on dark fills, dark text on light ones: the fill's relative luminance (WCAG 2) decides. */
export function textOn(fill: string): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(fill)?.[1];
  const rgb = hex ? [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) : /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(fill)?.slice(1).map(Number);
  if (!rgb) return '#222222';
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  // 0.18 is where white and #222 text have equal contrast on the fill.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.18 ? 'white' : '#222222';
}

/** The colour scale: diverging around 0 (100 for an index) for changes, else sequential blues from 0, clamped above outliers. */
function colourScale(ctx: ChartContext, values: number[]): Plot.ScaleOptions {
  const kind = ctx.spec.comparison.kind;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (kind === 'change' || kind === 'pct_change' || kind === 'index') {
    const pivot = kind === 'index' ? 100 : 0;
    return { type: 'diverging', scheme: 'PuOr', pivot, domain: [Math.min(lo, pivot), Math.max(hi, pivot)], ...LEGEND, label: ctx.yLabel, tickFormat: (v: number) => formatNumber(v) };
  }
  // One force far above the rest (City of London per resident) would leave every other hexagon pale.
  const out = outliers(ctx.rows, ctx.compareBy.name, ctx.y);
  const top = out ? capAbove(ctx.rows, ctx.compareBy.name, out.keys, [ctx.y]) : hi;
  if (out) {
    const one = out.keys.length === 1;
    ctx.leftOut.push(`${cutNames(ctx.rows, ctx.compareBy.name, ctx.y, out.keys)} ${one ? 'goes' : 'go'} past the end of the colour scale (${formatNumber(top)}), so ${one ? 'it shows' : 'they show'} in the darkest colour`);
  }
  return { type: 'linear', scheme: 'Blues', domain: [Math.min(0, lo), top > Math.min(0, lo) ? top : 1], clamp: true, ...LEGEND, label: ctx.yLabel, tickFormat: (v: number) => formatNumber(v) };
}

type Point = [number, number];
type Polygon = { type: 'Polygon'; coordinates: Point[][] };

/** A point of the layout in the plot's pixels: inside the margin. */
const px = ([x, y]: Point): Point => [x + MARGIN, y + MARGIN];

/** A tile's hexagon, shrunk towards its centre by `by` pixels (so an outline drawn on it stays inside its own tile). */
function hexagon(cell: HexCell, by = 0): Polygon {
  const [cx, cy] = hexCentre(cell, SIZE);
  const k = (SIZE - by) / SIZE;
  return { type: 'Polygon', coordinates: [hexPolygon(cell, SIZE).map(([x, y]) => px([cx + (x - cx) * k, cy + (y - cy) * k]))] };
}

/** Forces with no value: pale and hatched, so they don't read as the low end of the scale, with a tip that says so. */
function noValueMarks(empty: MapTile[], channels: object, label: string): Plot.Markish[] {
  const hatch = { type: 'MultiLineString', coordinates: empty.flatMap((t) => hexHatch(t.cell, SIZE, 5).map((seg) => seg.map(px))) };
  return [
    Plot.geo(empty, {
      geometry: (t: MapTile) => hexagon(t.cell),
      fill: NO_VALUE,
      stroke: 'white',
      strokeWidth: 1,
      ariaLabel: (t: MapTile) => `${t.force.name}: no value`,
      channels: { ...channels, value: { label, value: () => 'no value' } },
      tip: true,
    }),
    Plot.geo(hatch, { stroke: HATCH, strokeWidth: 1, fill: 'none' }),
  ];
}

/** Glyphs added to a tile's label when the map is coloured by significance. */
const SIGNIFICANCE_GLYPH: Record<string, string> = { above: ' ▲', below: ' ▼' };

/** The significance colours as swatches, each labelled with its glyph, as the dot plot colours them. */
function significanceColours(rows: readonly Row[]): Plot.ScaleOptions {
  return { ...significanceScale(rows), ...LEGEND, label: 'Significance', tickFormat: (k: string) => `${SIGNIFICANCE_GLYPH[k]?.trim() ?? ''} ${SIGNIFICANCE_LABELS[k] ?? k}`.trim() };
}

/** Plot options for the hex map of forces. */
export function mapOptions(ctx: ChartContext): Plot.PlotOptions {
  const { tiles, unplaced, repeated } = mapTiles(ctx);
  const key = ctx.compareBy.name;
  const valued = tiles.filter((t) => t.row !== undefined);
  const hidden = tiles.filter((t) => t.suppressed);
  const empty = tiles.filter((t) => t.row === undefined && !t.suppressed);
  // Hidden values are drawn, as [c] on a plain grey tile: the caption's protection sentence says the rest.
  ctx.suppressedDrawn = true;
  if (empty.length) ctx.leftOut.push(`${empty.length} ${empty.length === 1 ? 'force' : 'forces'} with no value (${listSome(empty.map((t) => t.force.name).sort((x, y) => x.localeCompare(y)))})`);
  const names = (rows: Row[]) => listSome(rows.map((r) => String(r[key])));
  if (unplaced.length) ctx.leftOut.push(`${unplaced.length} not on the map, as not one of the 43 forces (${names(unplaced)})`);
  if (repeated.length) ctx.leftOut.push(`${repeated.length} more ${repeated.length === 1 ? 'row' : 'rows'} for a force already drawn (${names(repeated)})`);

  const value = (t: MapTile) => (t.row as Row)[ctx.y] as number;
  // Coloured by significance only where the view has it (a rate with intervals); else by value, and said so.
  const wantSignificance = ctx.spec.chart.colourBy === 'significance';
  const bySignificance = wantSignificance && valued.some((t) => typeof t.row?.[N.significance] === 'string');
  if (wantSignificance && !bySignificance) ctx.leftOut.push('colour by significance needs a rate with confidence intervals, so the tiles are coloured by value');
  const shade = (t: MapTile): unknown => (bySignificance ? significanceOf(t.row as Row) : value(t));
  const color = bySignificance ? significanceColours(valued.map((t) => t.row as Row)) : colourScale(ctx, valued.map(value));
  const paint = valued.length ? Plot.scale({ color }) : undefined;
  const fillOf = (t: MapTile) => (t.row && paint ? String(paint.apply(shade(t))) : NO_VALUE);
  // Never colour alone (WCAG 1.4.1): a significantly higher force's label points up, a lower one's down.
  const glyph = (t: MapTile) => (bySignificance && t.row ? (SIGNIFICANCE_GLYPH[significanceOf(t.row)] ?? '') : '');
  const spoken = (t: MapTile) => (bySignificance ? `, ${(SIGNIFICANCE_LABELS[significanceOf(t.row as Row)] ?? '').toLowerCase()}` : '');

  const extra = Object.entries(tipChannels(ctx)).map(([name, ch]) => [name, { label: ch.label, value: (t: MapTile) => (t.row ? ch.value(t.row) : undefined) }]);
  const channels = { force: { label: 'Force', value: (t: MapTile) => t.force.name }, ...Object.fromEntries(extra) };

  const highlight = ctx.spec.highlight.force ? matchForce(ctx.spec.highlight.force) : undefined;
  const peerIds = new Set((peerForces(ctx.spec) ?? []).map((name) => matchForce(name)?.id).filter((id) => id !== undefined && id !== highlight?.id));
  const ringed = (ids: (t: MapTile) => boolean) => tiles.filter(ids);

  const { width, height } = layoutSize(HEX_LAYOUT, SIZE);
  const [w, h] = [Math.ceil(width + 2 * MARGIN), Math.ceil(height + 2 * MARGIN)];
  return {
    width: w,
    height: h,
    margin: 0,
    // The layout's box (margins included) is fitted to the frame: drawn at its own size it is drawn 1:1, and a slide
    // or a printed page that gives the map a bigger frame gets bigger hexagons, not the same ones in a corner.
    projection: { type: 'identity', domain: { type: 'Polygon', coordinates: [[[0, 0], [w, 0], [w, h], [0, h], [0, 0]]] } },
    color,
    marks: [
      // Each tile names its force and value for screen readers (and for tests, which read the map as a reader would).
      Plot.geo(valued, {
        geometry: (t: MapTile) => hexagon(t.cell),
        fill: shade,
        stroke: 'white',
        strokeWidth: 1,
        ariaLabel: (t: MapTile) => `${t.force.name}: ${formatNumber(value(t))}${spoken(t)}`,
        channels,
        tip: { format: { fill: bySignificance ? (v: unknown) => SIGNIFICANCE_LABELS[String(v)] ?? String(v) : (v: unknown) => formatNumber(v) } },
      }),
      ...(empty.length ? noValueMarks(empty, channels, ctx.yLabel) : []),
      ...(hidden.length
        ? [Plot.geo(hidden, { geometry: (t: MapTile) => hexagon(t.cell), fill: SUPPRESSED_FILL, stroke: 'white', strokeWidth: 1, ariaLabel: (t: MapTile) => `${t.force.name}: ${SUPPRESSED_MARK}`, channels: { ...channels, value: { label: ctx.yLabel, value: () => `${SUPPRESSED_MARK} (protected small number)` } }, tip: true })]
        : []),
      // A white edge inside the accent ring keeps it apart from an orange fill (the diverging scale's).
      Plot.geo(ringed((t) => t.force.id === highlight?.id), { geometry: (t: MapTile) => hexagon(t.cell, 3.5), fill: 'none', stroke: 'white', strokeWidth: 6.5 }),
      Plot.geo(regionBorderLines(SIZE, MARGIN), { fill: 'none', stroke: REGION_BORDER, strokeWidth: 1.75, strokeLinecap: 'round' }),
      Plot.geo(ringed((t) => peerIds.has(t.force.id)), { geometry: (t: MapTile) => hexagon(t.cell, 2.5), fill: 'none', stroke: PEER, strokeWidth: 2 }),
      Plot.geo(ringed((t) => t.force.id === highlight?.id), { geometry: (t: MapTile) => hexagon(t.cell, 3.5), fill: 'none', stroke: ACCENT, strokeWidth: 3.5 }),
      Plot.text(tiles, {
        x: (t: MapTile) => px(hexCentre(t.cell, SIZE))[0],
        y: (t: MapTile) => px(hexCentre(t.cell, SIZE))[1],
        text: (t: MapTile) => (t.suppressed ? `${t.abbreviation}\n${SUPPRESSED_MARK}` : `${t.abbreviation}${glyph(t)}`),
        fill: (t: MapTile) => (t.row ? textOn(fillOf(t)) : t.suppressed ? '#222222' : NO_VALUE_TEXT),
        pointerEvents: 'none',
      }),
    ],
  };
}

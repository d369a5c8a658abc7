import { describe, expect, it } from 'vitest';
import {
  HEX_LAYOUT,
  HEX_SIDES,
  adjacency,
  cellKey,
  groupBorders,
  hexCentre,
  hexCorners,
  hexEdge,
  hexHatch,
  layoutSize,
  neighbours,
  type HexCell,
} from '../../src/charts/hex-layout';
import { FORCES, regionOf } from '../../src/domain';

const territorial = FORCES.filter((f) => f.code !== null);
const byCode = new Map(territorial.map((f) => [f.code as string, f]));
const tileOf = (id: string) => HEX_LAYOUT.find((t) => t.code === FORCES.find((f) => f.id === id)?.code);

/** The test's own adjacency: unit-spaced centres (odd rows half a cell east, rows √3/2 apart) one apart. */
function touching(a: HexCell, b: HexCell): boolean {
  const x = (c: HexCell) => c.col + Math.abs(c.row % 2) / 2;
  const dx = x(a) - x(b);
  const dy = ((a.row - b.row) * Math.sqrt(3)) / 2;
  return Math.abs(Math.hypot(dx, dy) - 1) < 1e-9;
}

/** Whether these force ids' cells form one connected group: breadth-first over `touching`. */
function connected(ids: readonly string[]): boolean {
  const cells = ids.map((id) => tileOf(id)?.cell as HexCell);
  const seen = new Set([0]);
  const queue = [0];
  while (queue.length) {
    const i = queue.shift() as number;
    cells.forEach((c, j) => {
      if (!seen.has(j) && touching(cells[i], c)) {
        seen.add(j);
        queue.push(j);
      }
    });
  }
  return seen.size === ids.length;
}

describe('the hex layout of the 43 forces', () => {
  it('has every territorial force once, by ONS code, in 43 different cells', () => {
    expect(HEX_LAYOUT).toHaveLength(43);
    expect(new Set(HEX_LAYOUT.map((t) => t.code))).toEqual(new Set(territorial.map((f) => f.code)));
    expect(new Set(HEX_LAYOUT.map((t) => cellKey(t.cell))).size).toBe(43);
  });

  it('gives each force a short label of two to four characters, all different', () => {
    for (const t of HEX_LAYOUT) expect(t.abbreviation, byCode.get(t.code)?.name).toMatch(/^\S{2,4}$/);
    expect(new Set(HEX_LAYOUT.map((t) => t.abbreviation)).size).toBe(43);
  });

  it.each([...new Set(territorial.map((f) => regionOf(f.id) as string))])('keeps the %s region in one connected group', (region) => {
    const ids = territorial.filter((f) => regionOf(f.id) === region).map((f) => f.id);
    expect(ids.length).toBeGreaterThan(1);
    expect(connected(ids)).toBe(true);
  });

  it('puts City of London beside the Met, and Kent beside Essex', () => {
    expect(touching(tileOf('city-of-london')?.cell as HexCell, tileOf('metropolitan')?.cell as HexCell)).toBe(true);
    expect(touching(tileOf('kent')?.cell as HexCell, tileOf('essex')?.cell as HexCell)).toBe(true);
  });

  it('keeps the four Welsh forces together in the west', () => {
    const welsh = territorial.filter((f) => f.code?.startsWith('W15')).map((f) => f.id);
    expect(welsh).toHaveLength(4);
    expect(connected(welsh)).toBe(true);
    const x = (id: string) => hexCentre(tileOf(id)?.cell as HexCell, 1)[0];
    for (const id of welsh) expect(x(id)).toBeLessThan(x('west-midlands'));
  });

  it('runs north to south: Northumbria at the top, Sussex and Devon and Cornwall near the bottom', () => {
    const row = (id: string) => tileOf(id)?.cell.row as number;
    expect(Math.min(...HEX_LAYOUT.map((t) => t.cell.row))).toBe(row('northumbria'));
    expect(row('sussex')).toBeGreaterThan(row('metropolitan'));
    expect(row('devon-and-cornwall')).toBeGreaterThan(row('avon-and-somerset'));
    expect(row('cumbria')).toBeLessThan(row('greater-manchester'));
  });
});

describe('hex geometry', () => {
  it('finds the same six neighbours as the centres one cell apart', () => {
    for (const cell of [{ col: 3, row: 4 }, { col: 3, row: 5 }, { col: 0, row: 0 }]) {
      const ns = neighbours(cell);
      expect(new Set(ns.map(cellKey)).size).toBe(6);
      for (const n of ns) expect(touching(cell, n), `${cellKey(cell)} → ${cellKey(n)}`).toBe(true);
    }
  });

  it('tiles without gaps: neighbours share a side end to end', () => {
    const size = 10;
    const cell = { col: 2, row: 3 };
    neighbours(cell).forEach((n, i) => {
      const [a, b] = hexEdge(cell, HEX_SIDES[i], size);
      const theirs = hexCorners(n, size);
      for (const p of [a, b]) expect(theirs.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 1e-9)).toBe(true);
    });
  });

  it('lists adjacent pairs once', () => {
    const tiles = [{ id: 'a', cell: { col: 0, row: 0 } }, { id: 'b', cell: { col: 1, row: 0 } }, { id: 'c', cell: { col: 0, row: 1 } }, { id: 'd', cell: { col: 5, row: 5 } }];
    expect(adjacency(tiles, (t) => t.id)).toEqual([['a', 'b'], ['a', 'c'], ['b', 'c']]);
  });

  it('measures the layout from its corners', () => {
    const { width, height } = layoutSize([{ cell: { col: 0, row: 0 } }, { cell: { col: 0, row: 1 } }], 2);
    expect(width).toBeCloseTo(1.5 * Math.sqrt(3) * 2);
    expect(height).toBeCloseTo(2 * 2 + 1.5 * 2);
  });
});

describe('region borders', () => {
  // Two cells of group A side by side, one of group B below them (odd row, shifted east): a ◣-shaped cluster.
  //   A A
  //    B
  const a1 = { cell: { col: 0, row: 0 }, group: 'A' };
  const a2 = { cell: { col: 1, row: 0 }, group: 'A' };
  const b = { cell: { col: 0, row: 1 }, group: 'B' };
  const sides = (cell: HexCell, list: ReturnType<typeof groupBorders>) => list.filter((e) => cellKey(e.cell) === cellKey(cell)).map((e) => e.side).sort();

  it('borders every outside side, and the sides between groups once, but not a side within a group', () => {
    const borders = groupBorders([a1, a2, b]);
    // a1: a2 across E (same group: no border), b across SE (other group), nothing elsewhere.
    expect(sides(a1.cell, borders)).toEqual(['NE', 'NW', 'SE', 'SW', 'W'].sort());
    // a2: a1 across W (same group), b across SW (other group), nothing elsewhere.
    expect(sides(a2.cell, borders)).toEqual(['E', 'NE', 'NW', 'SE', 'SW'].sort());
    // b: a1 across NW and a2 across NE are listed from a1 and a2, so not again here.
    expect(sides(b.cell, borders)).toEqual(['E', 'SE', 'SW', 'W'].sort());
    expect(borders).toHaveLength(14);
  });

  it('has no inner border when all three cells are one group', () => {
    const borders = groupBorders([a1, a2, { ...b, group: 'A' }]);
    // Three hexagons meeting at a point: 18 sides, 3 shared, so 12 on the outline.
    expect(borders).toHaveLength(12);
  });

  it('outlines every region of the real layout, each side once', () => {
    const tiles = HEX_LAYOUT.map((t) => ({ cell: t.cell, group: regionOf(FORCES.find((f) => f.code === t.code)?.id ?? '') }));
    const borders = groupBorders(tiles);
    const keys = borders.map((e) => hexEdge(e.cell, e.side, 1).flat().map((v) => v.toFixed(6)).sort().join());
    expect(new Set(keys).size).toBe(borders.length);
    // The Met and City of London are one region: no border between them.
    const met = tileOf('metropolitan')?.cell as HexCell;
    const col = tileOf('city-of-london')?.cell as HexCell;
    expect(borders.some((e) => cellKey(e.cell) === cellKey(met) && e.side === 'E')).toBe(false);
    expect(cellKey(neighbours(met)[0])).toBe(cellKey(col));
  });
});

describe('hatching', () => {
  it('clips each line to the hexagon: both ends on its outline, at 45°', () => {
    const cell = { col: 1, row: 1 };
    const size = 20;
    const [cx, cy] = hexCentre(cell, size);
    const inner = (size * Math.sqrt(3)) / 2;
    // On the outline: the largest distance along the three side normals is the inradius.
    const reach = ([x, y]: [number, number]) => Math.max(...[0, 60, 120].map((d) => Math.abs((x - cx) * Math.cos((d * Math.PI) / 180) + (y - cy) * Math.sin((d * Math.PI) / 180))));
    const lines = hexHatch(cell, size, 5);
    // Offsets −15 to 15 in steps of 5: ±20 pass outside the corners, which reach 20·cos 15° ≈ 19.3 across the hatching.
    expect(lines).toHaveLength(7);
    for (const [a, b] of lines) {
      expect(reach(a)).toBeCloseTo(inner);
      expect(reach(b)).toBeCloseTo(inner);
      expect(b[0] - a[0]).toBeCloseTo(a[1] - b[1]);
    }
  });
});

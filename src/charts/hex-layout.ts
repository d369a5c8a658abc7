/**
 * A hex tile map of the 43 territorial police forces of England and Wales, one equal hexagon each. Hand-made: no
 * hex layout of police force areas is published. Cells are pointy-topped hexagons in "odd-r" offset coordinates
 * (Amit Patel's "Hexagonal Grids" guide, offset coordinates): `row` counts down from the north, `col` across
 * from the west, and odd rows sit half a hexagon to the east.
 *
 * The layout keeps each force roughly in its place, each SOC region's forces touching (North Wales, in the North
 * West region, also touches the other three Welsh forces), City of London beside the Met, and Kent beside Essex
 * across the Thames (both Eastern). test/charts/hex-layout.test.ts checks all of these.
 */

/** A cell in odd-r offset coordinates: `row` 0 is the top (north), odd rows are shifted half a cell east. */
export interface HexCell {
  readonly col: number;
  readonly row: number;
}

/** One force's place on the map: its ONS police force area code, its cell, and the label drawn in it. */
export interface HexTile {
  readonly code: string;
  readonly cell: HexCell;
  /** Two to four letters, drawn inside the hexagon. */
  readonly abbreviation: string;
}

const tile = (code: string, col: number, row: number, abbreviation: string): HexTile => ({ code, cell: { col, row }, abbreviation });

/** The 43 forces' cells, north to south, west to east. */
export const HEX_LAYOUT: readonly HexTile[] = [
  tile('E23000007', 3, 0, 'Numb'), // Northumbria
  tile('E23000002', 2, 1, 'Cumb'), // Cumbria
  tile('E23000008', 3, 1, 'Dur'), // Durham
  tile('E23000003', 2, 2, 'Lanc'), // Lancashire
  tile('E23000009', 3, 2, 'NYor'), // North Yorkshire
  tile('E23000013', 4, 2, 'Clev'), // Cleveland
  tile('E23000004', 1, 3, 'Mers'), // Merseyside
  tile('E23000005', 2, 3, 'GMP'), // Greater Manchester
  tile('E23000010', 3, 3, 'WYor'), // West Yorkshire
  tile('E23000012', 4, 3, 'Humb'), // Humberside
  tile('W15000001', 1, 4, 'NWal'), // North Wales
  tile('E23000006', 2, 4, 'Ches'), // Cheshire
  tile('E23000018', 3, 4, 'Derb'), // Derbyshire
  tile('E23000011', 4, 4, 'SYor'), // South Yorkshire
  tile('E23000020', 5, 4, 'Linc'), // Lincolnshire
  tile('W15000004', 0, 5, 'DyP'), // Dyfed-Powys
  tile('E23000016', 1, 5, 'WMer'), // West Mercia
  tile('E23000015', 2, 5, 'Staf'), // Staffordshire
  tile('E23000019', 3, 5, 'Nott'), // Nottinghamshire
  tile('E23000021', 4, 5, 'Leic'), // Leicestershire
  tile('E23000024', 5, 5, 'Norf'), // Norfolk
  tile('W15000003', 0, 6, 'SWal'), // South Wales
  tile('W15000002', 1, 6, 'Gwen'), // Gwent
  tile('E23000014', 2, 6, 'WMid'), // West Midlands
  tile('E23000017', 3, 6, 'Warw'), // Warwickshire
  tile('E23000022', 4, 6, 'Nhnt'), // Northamptonshire
  tile('E23000023', 5, 6, 'Camb'), // Cambridgeshire
  tile('E23000025', 6, 6, 'Suff'), // Suffolk
  tile('E23000036', 1, 7, 'A&S'), // Avon and Somerset
  tile('E23000037', 2, 7, 'Glos'), // Gloucestershire
  tile('E23000029', 3, 7, 'TVP'), // Thames Valley
  tile('E23000026', 4, 7, 'Beds'), // Bedfordshire
  tile('E23000027', 5, 7, 'Hert'), // Hertfordshire
  tile('E23000028', 6, 7, 'Ess'), // Essex
  tile('E23000035', 0, 8, 'D&C'), // Devon and Cornwall
  tile('E23000039', 1, 8, 'Dors'), // Dorset
  tile('E23000038', 2, 8, 'Wilt'), // Wiltshire
  tile('E23000030', 3, 8, 'Hant'), // Hampshire and Isle of Wight
  tile('E23000031', 4, 8, 'Surr'), // Surrey
  tile('E23000001', 5, 8, 'Met'), // Metropolitan Police
  tile('E23000034', 6, 8, 'CoL'), // City of London
  tile('E23000032', 7, 8, 'Kent'), // Kent
  tile('E23000033', 4, 9, 'Suss'), // Sussex
];

/** The six sides of a pointy-topped hexagon, clockwise from the east; side i runs from corner i to corner i + 1. */
export const HEX_SIDES = ['E', 'SE', 'SW', 'W', 'NW', 'NE'] as const;

/** A side of a hexagon, named for the neighbour across it. */
export type HexSide = (typeof HEX_SIDES)[number];

// Column steps to each side's neighbour, for even and odd rows (odd-r: odd rows are half a cell east).
const STEP: Record<HexSide, readonly [dRow: number, evenCol: number, oddCol: number]> = {
  E: [0, 1, 1],
  SE: [1, 0, 1],
  SW: [1, -1, 0],
  W: [0, -1, -1],
  NW: [-1, -1, 0],
  NE: [-1, 0, 1],
};

/** The cell across one side. */
export function neighbour(cell: HexCell, side: HexSide): HexCell {
  const [dRow, even, odd] = STEP[side];
  return { col: cell.col + (cell.row % 2 === 0 ? even : odd), row: cell.row + dRow };
}

/** The six cells around a cell, in HEX_SIDES order. */
export function neighbours(cell: HexCell): HexCell[] {
  return HEX_SIDES.map((side) => neighbour(cell, side));
}

/** A cell as a map key: "col,row". */
export function cellKey(cell: HexCell): string {
  return `${cell.col},${cell.row}`;
}

const SQRT3 = Math.sqrt(3);

/** Pixel centre of a cell for hexagons of circumradius `size`, with the grid's left and top edges at 0. */
export function hexCentre(cell: HexCell, size: number): [x: number, y: number] {
  const w = SQRT3 * size;
  return [w * (cell.col + (cell.row % 2 === 0 ? 0.5 : 1)), size * (1 + 1.5 * cell.row)];
}

/** The six corners of a cell's hexagon, clockwise from the upper right (corner i starts side i of HEX_SIDES). */
export function hexCorners(cell: HexCell, size: number): [x: number, y: number][] {
  const [cx, cy] = hexCentre(cell, size);
  return [-30, 30, 90, 150, 210, 270].map((deg) => {
    const a = (deg * Math.PI) / 180;
    return [cx + size * Math.cos(a), cy + size * Math.sin(a)];
  });
}

/** A cell's hexagon as a closed ring of points (first point repeated last), as GeoJSON polygons want. */
export function hexPolygon(cell: HexCell, size: number): [x: number, y: number][] {
  const corners = hexCorners(cell, size);
  return [...corners, corners[0]];
}

/** The two ends of one side of a cell's hexagon. */
export function hexEdge(cell: HexCell, side: HexSide, size: number): [[number, number], [number, number]] {
  const corners = hexCorners(cell, size);
  const i = HEX_SIDES.indexOf(side);
  return [corners[i], corners[(i + 1) % 6]];
}

/** Width and height in pixels of the box holding every tile's hexagon, for hexagons of circumradius `size`. */
export function layoutSize(tiles: readonly { cell: HexCell }[], size: number): { width: number; height: number } {
  const xs = tiles.flatMap((t) => hexCorners(t.cell, size).map((p) => p[0]));
  const ys = tiles.flatMap((t) => hexCorners(t.cell, size).map((p) => p[1]));
  return { width: Math.max(0, ...xs), height: Math.max(0, ...ys) };
}

/** Every pair of tiles that share a side, each pair once, as [key, key] in the tiles' order. */
export function adjacency<T extends { cell: HexCell }>(tiles: readonly T[], key: (t: T) => string): [string, string][] {
  const index = new Map(tiles.map((t, i) => [cellKey(t.cell), i]));
  const pairs: [string, string][] = [];
  tiles.forEach((t, i) => {
    for (const n of neighbours(t.cell)) {
      const j = index.get(cellKey(n));
      if (j !== undefined && j > i) pairs.push([key(t), key(tiles[j])]);
    }
  });
  return pairs;
}

/**
 * The sides where a group ends: a side is a border when the cell across it is in another group or holds no tile.
 * Each side is listed once, from one of its two cells (a shared side from the cell on its west or north).
 */
export function groupBorders(tiles: readonly { cell: HexCell; group: string | undefined }[]): { cell: HexCell; side: HexSide }[] {
  const groupAt = new Map(tiles.map((t) => [cellKey(t.cell), t.group]));
  const out: { cell: HexCell; side: HexSide }[] = [];
  for (const t of tiles) {
    HEX_SIDES.forEach((side, i) => {
      const key = cellKey(neighbour(t.cell, side));
      if (!groupAt.has(key)) out.push({ cell: t.cell, side });
      // E, SE and SW (i < 3) are listed from this cell; W, NW and NE from the tile across them, whose E, SE or SW they are.
      else if (i < 3 && groupAt.get(key) !== t.group) out.push({ cell: t.cell, side });
    });
  }
  return out;
}

/**
 * Diagonal hatching ("/") across a cell's hexagon, as line segments clipped to it: drawn as lines rather than an SVG
 * pattern, so it survives export and rasterising with no ids or pattern units to get wrong.
 */
export function hexHatch(cell: HexCell, size: number, spacing: number): [[number, number], [number, number]][] {
  const [cx, cy] = hexCentre(cell, size);
  const inner = (size * SQRT3) / 2;
  // The hexagon is three slabs |n · p| <= inner, with n the normals of its E, SE and SW sides.
  const normals = [0, 60, 120].map((deg) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)]);
  const d = [Math.SQRT1_2, -Math.SQRT1_2];
  const out: [[number, number], [number, number]][] = [];
  for (let s = -Math.floor(size / spacing) * spacing; s <= size; s += spacing) {
    const o = [s * Math.SQRT1_2, s * Math.SQRT1_2];
    let t0 = -Infinity;
    let t1 = Infinity;
    for (const [nx, ny] of normals) {
      const a = nx * o[0] + ny * o[1];
      const b = nx * d[0] + ny * d[1];
      if (Math.abs(b) < 1e-12) {
        if (Math.abs(a) > inner) t1 = -Infinity;
        continue;
      }
      const [lo, hi] = [(-inner - a) / b, (inner - a) / b].sort((x, y) => x - y);
      t0 = Math.max(t0, lo);
      t1 = Math.min(t1, hi);
    }
    if (t1 - t0 > 1e-9) out.push([[cx + o[0] + t0 * d[0], cy + o[1] + t0 * d[1]], [cx + o[0] + t1 * d[0], cy + o[1] + t1 * d[1]]]);
  }
  return out;
}

/**
 * Secondary suppression on an abstract table: cells holding counts, and groups of cells whose totals a reader knows.
 * After it, no hidden count can be worked out exactly from the shown counts and the known totals. Pure and
 * deterministic: cells are tried in index order and ties go to the lower index. The view-level rules (which columns
 * are counts, which totals are known) live in suppression.ts.
 */

/** A group of cells whose total a reader knows; `shows` are the result cells that state it, if the result does. */
export interface CellGroup {
  cells: readonly number[];
  shows?: readonly { row: number; column: string }[];
}

const EPS = 1e-9;

/** Identical groups are one constraint; it can be withheld only if every copy of it is a shown total. */
function distinct(groups: readonly CellGroup[]): CellGroup[] {
  const out = new Map<string, CellGroup>();
  for (const g of groups) {
    const cells = [...new Set(g.cells)].sort((a, b) => a - b);
    // A one-cell group that no shown total states is the cell itself: hiding the cell hides its total.
    if (cells.length === 0 || (cells.length === 1 && !g.shows)) continue;
    const key = cells.join(',');
    const old = out.get(key);
    if (old) out.set(key, { cells, shows: old.shows && g.shows ? [...old.shows, ...g.shows] : undefined });
    else out.set(key, { cells, shows: g.shows });
  }
  return [...out.values()];
}

/** A hidden cell its groups still pin down, with what would free it. */
interface Pinned {
  cell: number;
  /** Shown cells whose hiding frees it, whatever combination of groups a reader uses. */
  breakers: number[];
  /** Groups whose withholding frees it. */
  groups: CellGroup[];
  /** Shown cells in the combination found: hiding one narrows the reader's choice without always freeing it. */
  others: number[];
}

/**
 * Hidden cells determined by the known totals. Unknowns are the hidden cells; each group with one is an equation
 * (sum of its hidden cells = total - its shown cells). A hidden cell is determined exactly when its unit vector lies in
 * the row space of those equations: after Gauss-Jordan elimination over the hidden columns, its pivot row has no
 * other hidden entry. That row, carried over the shown cells and the groups, is one way to work the cell out; the
 * rows left all zero over the hidden columns are the other ways, so a shown cell or a group frees the cell only
 * when it is in the pivot row and in none of those.
 */
function pinned(groups: readonly CellGroup[], hidden: ReadonlySet<number>): Pinned[] {
  const rows = groups.filter((g) => g.cells.some((i) => hidden.has(i)));
  const hid = [...hidden].sort((a, b) => a - b);
  const shown = [...new Set(rows.flatMap((g) => g.cells.filter((i) => !hidden.has(i))))].sort((a, b) => a - b);
  const col = new Map<number, number>();
  hid.forEach((c, k) => col.set(c, k));
  shown.forEach((c, k) => col.set(c, hid.length + k));
  const width = hid.length + shown.length + rows.length;
  const m = rows.map((g, gi) => {
    const a = new Float64Array(width);
    for (const i of g.cells) a[col.get(i)!] = 1;
    a[hid.length + shown.length + gi] = 1;
    return a;
  });
  const pivots: [number, number][] = [];
  for (let k = 0, r = 0; k < hid.length && r < m.length; k++) {
    let best = -1;
    for (let i = r; i < m.length; i++) if (Math.abs(m[i][k]) > EPS && (best < 0 || Math.abs(m[i][k]) > Math.abs(m[best][k]))) best = i;
    if (best < 0) continue;
    [m[r], m[best]] = [m[best], m[r]];
    const pivot = m[r][k];
    for (let j = 0; j < width; j++) m[r][j] /= pivot;
    for (let i = 0; i < m.length; i++) {
      const f = m[i][k];
      if (i !== r && Math.abs(f) > EPS) for (let j = 0; j < width; j++) m[i][j] -= f * m[r][j];
    }
    pivots.push([r++, k]);
  }
  const rest = m.slice(pivots.length);
  const on = (row: Float64Array, j: number) => Math.abs(row[j]) > EPS;
  const frees = (row: Float64Array, j: number) => on(row, j) && !rest.some((z) => on(z, j));
  const out: Pinned[] = [];
  for (const [r, k] of pivots) {
    const row = m[r];
    if (hid.some((_, j) => j !== k && on(row, j))) continue;
    const at = (j: number) => hid.length + j;
    out.push({
      cell: hid[k],
      breakers: shown.filter((_, j) => frees(row, at(j))),
      groups: rows.filter((_, g) => frees(row, at(shown.length + g))),
      others: shown.filter((_, j) => on(row, at(j))),
    });
  }
  return out.sort((a, b) => a.cell - b.cell);
}

/**
 * The cells to hide, given the primary ones, and the shown totals to withhold.
 *
 * First the rule every GSS table follows: a group with exactly one hidden cell gets a second one, the smallest
 * non-zero shown cell of the group (preferring one that also completes another such group), until no group has
 * exactly one. Then an audit: combinations of groups (row
 * totals minus column totals, a peer rate with and without the highlighted force) can still pin a cell; a pinned cell
 * gets the smallest non-zero shown cell that frees it hidden, else a shown total that frees it withheld, else a cell of
 * the combination found hidden, and the rule runs again. Every pass hides a cell or withholds a total, so it ends.
 *
 * Zeros: a hidden zero is a last resort, taken only when a group has no other non-zero cell. It still keeps the exact
 * count back (x + 0 = 3 has four answers), but the count is then known to be at most the group's small total, so
 * the protection is weak; and a zero in a group whose total is 0 is known to be 0, so hiding it protects nothing and
 * it is never chosen. When no cell can protect a count, a total the result shows (`shows`) is withheld; a count whose
 * only protection would be a total the result does not show stays hidden, as that total can only be read off the
 * cells, which are hidden.
 */
export function hiddenCells(counts: readonly number[], groups: readonly CellGroup[], primary: ReadonlySet<number>): { hidden: Set<number>; withheld: CellGroup[] } {
  const hidden = new Set(primary);
  const withheld: CellGroup[] = [];
  let active = distinct(groups);
  const knownZero = new Set(active.filter((g) => g.cells.every((i) => counts[i] === 0)).flatMap((g) => g.cells));
  const pick = (candidates: readonly number[]): number | undefined => {
    const usable = candidates.filter((i) => !hidden.has(i) && !knownZero.has(i));
    const lone = active.filter((g) => g.cells.filter((i) => hidden.has(i)).length === 1);
    // Non-zero first; then the cell that also completes most other groups with one hidden cell (closing a rectangle
    // rather than opening a new row and column); then the smallest, then the first.
    const rank = (i: number) => [counts[i] > 0 ? 0 : 1, -lone.filter((g) => g.cells.includes(i)).length, counts[i], i];
    return usable.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
    })[0];
  };
  const withhold = (g: CellGroup) => {
    active = active.filter((x) => x !== g);
    withheld.push(g);
  };
  for (;;) {
    let changed = false;
    for (const g of [...active]) {
      if (g.cells.filter((i) => hidden.has(i)).length !== 1) continue;
      const c = pick(g.cells);
      if (c !== undefined) hidden.add(c);
      else if (g.shows) withhold(g);
      else continue;
      changed = true;
    }
    if (changed) continue;
    for (const p of pinned(active, hidden)) {
      const c = pick(p.breakers);
      const total = p.groups.filter((g) => g.shows).at(-1);
      const other = pick(p.others);
      if (c !== undefined) hidden.add(c);
      else if (total) withhold(total);
      else if (other !== undefined) hidden.add(other);
      else continue;
      changed = true;
      break;
    }
    if (!changed) return { hidden, withheld };
  }
}

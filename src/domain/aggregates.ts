/**
 * Which rows of a table's force column are forces, and which are aggregates or other bodies that must never be drawn,
 * summed or averaged as forces: totals, region rows (decided by arithmetic when the name is also a force's, as
 * "West Midlands" is), national and non-territorial bodies, and rows that do not name a force at all. Pure: the rows
 * are passed in, in table order, each with its label and the numbers of the row.
 */
import { matchForce, type Force } from './forces';
import { regionMembers } from './regions';
import { isRegionLike, isTotalLabel, matchRegion } from './roles';
import { foldText } from './text';
import type { ViewSpec } from './view-spec';

/** What a row of a force column is. */
export type RowKind =
  /** One of the 43 territorial forces. */
  | 'force'
  /** British Transport Police, Police Scotland, PSNI: forces, but outside England and Wales figures. */
  | 'other-force'
  /** "Total", "Total 43 forces", "England and Wales", "*Total England and Wales". */
  | 'total'
  /** A region heading or subtotal ("North East", "Wales", the West Midlands region row). */
  | 'region'
  /** A national or non-territorial body (NCA/SOCA, HMRC, Ministry of Defence, Home Office, Action Fraud…). */
  | 'national-body'
  /** A label that names no force (a district, a community safety partnership, a blank). */
  | 'unmatched';

/** A row as detection sees it: its label in the force column and its numbers (NULL as null). */
export interface LabelledRow {
  label: string;
  values: readonly (number | null)[];
}

/** The verdict on one row. */
export interface RowVerdict {
  kind: RowKind;
  /** The force the label names, for 'force' and 'other-force' rows. */
  force?: Force;
  /** Why, in a few words, for the caption and the load report. */
  reason: string;
}

// Bodies that appear in force columns of Home Office and IOPC tables and are not police forces of a place.
const NATIONAL_BODIES = [
  'nca', 'soca', 'soca nca', 'national crime agency', 'serious organised crime agency', 'hmrc', 'hm revenue and customs',
  'ministry of defence', 'mod', 'mod police', 'ministry of defence police', 'home office', 'action fraud', 'cifas',
  'uk finance', 'central service secondments', 'civil nuclear constabulary', 'border force', 'uk border agency',
  'immigration enforcement', 'nabis', 'nfib', 'city of london police action fraud',
].map(foldText);

/** True for a national or non-territorial body that is not a police force of an area. */
export function isNationalBody(label: string): boolean {
  const key = foldText(label).replace(/\s+/g, ' ');
  return NATIONAL_BODIES.includes(key);
}

/** Relative tolerance for "equals the sum": published totals are rounded, and FTE sums carry float noise. */
const TOLERANCE = 0.005;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.51, TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
}

/** True when `row` equals the column-wise sum of `parts` in every column both have numbers for (at least one). */
export function equalsSum(row: readonly (number | null)[], parts: readonly (readonly (number | null)[])[]): boolean {
  if (parts.length === 0) return false;
  let compared = 0;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || !Number.isFinite(v)) continue;
    let sum = 0;
    let seen = 0;
    for (const p of parts) {
      const x = p[c];
      if (x !== null && x !== undefined && Number.isFinite(x)) (sum += x), seen++;
    }
    if (seen === 0) continue;
    if (!close(v, sum)) return false;
    compared++;
  }
  return compared > 0;
}

/**
 * Classify every row. A label that names both a region and a force ("West Midlands") is the region when its numbers
 * equal the sum of the region's member forces found in the table, or of the force rows that follow it up to the next
 * heading; otherwise it is the force. Two rows with the same force label: the one that is such a sum is the region.
 */
export function classifyRows(rows: readonly LabelledRow[]): RowVerdict[] {
  const base = rows.map((r) => firstReading(r.label));
  return rows.map((r, i) => {
    const v = base[i];
    if (v.kind !== 'force' || !v.force || !matchRegion(r.label)) return v;
    const region = matchRegion(r.label)!;
    const sameLabel = rows.filter((x, j) => j !== i && foldText(x.label) === foldText(r.label));
    const following = followingForces(rows, base, i);
    // A lone row named like a force is the force, unless it heads a block of its region's forces: without that, a
    // period in which the force and its region's members all read 0 would make it a "sum" of them.
    const heads = following.filter((j) => base[j].force && regionMembers(region.id).includes(base[j].force!.id)).length >= 2;
    if (sameLabel.length === 0 && !heads) return v;
    // Members of the region found elsewhere in the table, not rows with this same label.
    const members = new Set(regionMembers(region.id));
    const memberRows = rows.filter((x, j) => j !== i && base[j].force && members.has(base[j].force!.id) && foldText(x.label) !== foldText(r.label));
    // The force of the same name counts among the members when another row carries the name.
    const parts = [...memberRows, ...sameLabel].map((x) => x.values);
    if (memberRows.length > 0 && equalsSum(r.values, parts)) {
      return { kind: 'region', reason: `${r.label.trim()} is the region: its numbers equal the sum of its ${parts.length} forces` };
    }
    if (following.length >= 2 && equalsSum(r.values, following.map((j) => rows[j].values))) {
      return { kind: 'region', reason: `${r.label.trim()} is a region heading: its numbers equal the sum of the ${following.length} rows below it` };
    }
    return v;
  });
}

/** The verdict from the label alone. */
function firstReading(label: string): RowVerdict {
  const text = label.trim();
  if (text === '') return { kind: 'unmatched', reason: 'blank' };
  if (isTotalLabel(text)) return { kind: 'total', reason: `${text} is a total` };
  const force = matchForce(text);
  if (force) {
    return force.territorial
      ? { kind: 'force', force, reason: `${text} is ${force.name}` }
      : { kind: 'other-force', force, reason: `${text} is not one of the 43 territorial forces of England and Wales` };
  }
  if (isNationalBody(text)) return { kind: 'national-body', reason: `${text} is a national body, not a force of an area` };
  if (isRegionLike(text)) return { kind: 'region', reason: `${text} is a region` };
  return { kind: 'unmatched', reason: `${text} names no force` };
}

/** Indexes of the rows after `i` that read as forces, up to the next row that does not. */
function followingForces(rows: readonly LabelledRow[], base: readonly RowVerdict[], i: number): number[] {
  const out: number[] = [];
  for (let j = i + 1; j < rows.length && base[j].kind === 'force'; j++) out.push(j);
  return out;
}

/** Rows of these kinds are never drawn as forces in a by-force comparison unless the user asks for them. */
export const LEFT_OUT_KINDS: readonly RowKind[] = ['total', 'region', 'national-body', 'other-force', 'unmatched'];

/** A short list for a caption: "Total, Total 43 forces, North East, … (+4 more)". */
export function listLabels(labels: readonly string[], max = 8): string {
  const unique = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
  const shown = unique.slice(0, max).join(', ');
  return unique.length > max ? `${shown}, … (+${unique.length - max} more)` : shown;
}

/**
 * The caption sentence for rows of a table left out of a by-force view (totals, other bodies, regions), or undefined
 * when none are: the builder, its slides and `soc-workbench render` say it the same way.
 */
export function leftOutCaption(spec: ViewSpec, leftOut: readonly { label: string; kind: string; rows: number }[] | undefined): string | undefined {
  if (!leftOut?.length || !spec.roles.force) return undefined;
  const byForce = spec.compareBy.by === 'force' || spec.series?.by === 'force';
  if (spec.totals === 'include' && !byForce) return undefined;
  const rows = leftOut.reduce((a, r) => a + r.rows, 0);
  const what = byForce ? 'not territorial forces' : 'not counted: not territorial forces';
  // Totals and other bodies first: they are what a reader checks was not counted; region rows after them.
  const order = ['total', 'other-force', 'national-body', 'region', 'unmatched'];
  const sorted = [...leftOut].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return `${rows} row${rows === 1 ? '' : 's'} ${what} — ${listLabels(sorted.map((r) => r.label), 12)}`;
}

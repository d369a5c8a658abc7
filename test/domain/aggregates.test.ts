import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyRows, equalsSum, isNationalBody, type LabelledRow } from '../../src/domain/aggregates';
import { testdataPath } from '../helpers/testdata';

/** Rows of a CSV whose first column is the label and the rest numbers (a tiny reader for simple published files). */
function labelled(path: string): LabelledRow[] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((l) => {
    const cells = l.split(',');
    return { label: cells[0], values: cells.slice(1).map((c) => (c.trim() === '' || Number.isNaN(Number(c)) ? null : Number(c))) };
  });
}

describe('classifyRows', () => {
  it.each([
    ['Total', 'total'],
    ['Total 43 forces', 'total'],
    ['*Total England and Wales', 'total'],
    ['England and Wales', 'total'],
    ['North East', 'region'],
    ['Wales', 'region'],
    ['London', 'region'],
    ['HMRC', 'national-body'],
    ['SOCA / NCA', 'national-body'],
    ['Ministry of Defence', 'national-body'],
    ['Central Service Secondments', 'national-body'],
    ['Home Office', 'national-body'],
    ['British Transport Police', 'other-force'],
    ['British Transport', 'other-force'],
    ['Avon & Somerset', 'force'],
    ['Metropolitan', 'force'],
    ['Bath and North East Somerset', 'unmatched'],
  ])('%s is %s from its label', (label, kind) => {
    expect(classifyRows([{ label, values: [1] }])[0].kind).toBe(kind);
  });

  it('tells the West Midlands region row from the force by arithmetic, wherever they stand', () => {
    const rows: LabelledRow[] = [
      { label: 'West Midlands', values: [100, 10] },
      { label: 'Staffordshire', values: [20, 2] },
      { label: 'Warwickshire', values: [10, 1] },
      { label: 'West Mercia', values: [30, 3] },
      { label: 'West Midlands', values: [40, 4] },
      { label: 'Eastern', values: [5, 5] },
    ];
    expect(classifyRows(rows).map((v) => v.kind)).toEqual(['region', 'force', 'force', 'force', 'force', 'region']);
    // The same rows in another order: the force first, the region last.
    const reordered = [rows[4], rows[1], rows[2], rows[3], rows[0]];
    expect(classifyRows(reordered).map((v) => v.kind)).toEqual(['force', 'force', 'force', 'force', 'region']);
  });

  it('keeps a lone West Midlands row whose numbers are not a sum as the force', () => {
    const rows: LabelledRow[] = [
      { label: 'Staffordshire', values: [20] },
      { label: 'West Midlands', values: [40] },
    ];
    expect(classifyRows(rows).map((v) => v.kind)).toEqual(['force', 'force']);
  });

  it('reads the real Home Office officer FTE table: 43 forces, and every other row left out', () => {
    const rows = labelled(testdataPath('police/home-office/officer_fte_by_force_region_2019.csv'));
    const verdicts = classifyRows(rows);
    const forces = verdicts.filter((v) => v.kind === 'force');
    expect(new Set(forces.map((v) => v.force!.id)).size).toBe(43);
    expect(forces).toHaveLength(43);
    // The test's own arithmetic: the row labelled West Midlands that equals Staffordshire + Warwickshire + West Mercia
    // + the other West Midlands row is the region.
    const wm = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.label === 'West Midlands');
    expect(wm).toHaveLength(2);
    const part = (l: string) => rows.find((r) => r.label === l)!.values[2]!;
    const [a, b] = wm;
    const aIsRegion = Math.abs(a.r.values[2]! - (part('Staffordshire') + part('Warwickshire') + part('West Mercia') + b.r.values[2]!)) < 1;
    expect(verdicts[a.i].kind).toBe(aIsRegion ? 'region' : 'force');
    expect(verdicts[b.i].kind).toBe(aIsRegion ? 'force' : 'region');
    const left = rows.filter((_, i) => verdicts[i].kind !== 'force').map((r) => r.label);
    expect(left).toContain('Total 43 forces');
    expect(left).toContain('British Transport Police');
    expect(left).toContain('Central Service Secondments');
  });

  it('reads the real IOPC deaths table: 43 forces; BTP, HMRC, MoD, SOCA/NCA and the Home Office left out', () => {
    const rows = labelled(testdataPath('police/iopc/deaths_in_custody_by_force_fy.csv'));
    const verdicts = classifyRows(rows);
    expect(verdicts.filter((v) => v.kind === 'force')).toHaveLength(43);
    expect(rows.filter((_, i) => verdicts[i].kind !== 'force').map((r) => r.label).sort()).toEqual(
      ['British Transport', 'HMRC', 'Home Office', 'Ministry of Defence', 'SOCA / NCA'].sort(),
    );
  });
});

describe('equalsSum', () => {
  it('allows rounding and float noise, not a real difference', () => {
    expect(equalsSum([5516.65], [[1223.92], [1141.11], [3151.62]])).toBe(true);
    expect(equalsSum([100], [[40], [50]])).toBe(false);
    expect(equalsSum([100], [])).toBe(false);
    expect(equalsSum([null], [[1]])).toBe(false);
  });
});

describe('isNationalBody', () => {
  it('is not fooled by a force', () => {
    expect(isNationalBody('Kent')).toBe(false);
    expect(isNationalBody('Action Fraud')).toBe(true);
  });
});

describe('a force named like its region, alone in its period', () => {
  it('stays the force even when it and its region all read 0 (IOPC deaths, a quiet year)', () => {
    const rows: LabelledRow[] = ['Staffordshire', 'Warwickshire', 'West Mercia', 'West Midlands', 'Kent'].map((label) => ({ label, values: [label === 'Kent' ? 1 : 0] }));
    expect(classifyRows(rows).map((v) => v.kind)).toEqual(['force', 'force', 'force', 'force', 'force']);
  });
  it('is the region when it heads a block of its forces that sums to it', () => {
    const rows: LabelledRow[] = [
      { label: 'West Midlands', values: [60] },
      { label: 'Staffordshire', values: [20] },
      { label: 'Warwickshire', values: [10] },
      { label: 'West Mercia', values: [30] },
    ];
    expect(classifyRows(rows).map((v) => v.kind)).toEqual(['region', 'force', 'force', 'force']);
  });
});

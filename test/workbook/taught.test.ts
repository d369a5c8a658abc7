import { describe, expect, it } from 'vitest';
import {
  WorkbookError,
  describeMerge,
  emptyWorkbook,
  mergeTaught,
  parseWorkbookFile,
  resolveMappingTarget,
  serializeWorkbook,
  underLoadedNames,
  type Taught,
  type Workbook,
} from '../../src/workbook';
import { dict, memoryToTaught, taughtToMemory } from '../../src/app/domain-store';

// Columns and values named like Object.prototype's members, beside ordinary ones: each must be kept as itself.
const TAUGHT: Taught = {
  roleCorrections: [
    { file: 'deaths_in_custody_by_force_fy.csv', column: 'Authority', role: 'dimension' },
    { file: 'deaths_in_custody_by_force_fy.csv', column: 'constructor', role: 'force' },
    { file: 'deaths_in_custody_by_force_fy.csv', column: '__proto__', role: 'measure' },
    { file: 'constructor', column: 'toString', role: 'period' },
  ],
  valueMappings: [
    { role: 'force', value: 'SOCA / NCA', to: 'metropolitan' },
    { role: 'region', value: 'East of England', to: 'eastern' },
    { role: 'threat', value: '__proto__', to: 'county-lines' },
  ],
};

const workbook = (taught: Taught): Workbook => ({ ...emptyWorkbook('Deaths in custody'), ...taught });

describe('role corrections and value mappings in the workbook file', () => {
  it('round-trip through the file text unchanged, in order', () => {
    const text = serializeWorkbook(workbook(TAUGHT));
    const back = parseWorkbookFile(text);
    expect(back.roleCorrections).toEqual(TAUGHT.roleCorrections);
    expect(back.valueMappings).toEqual(TAUGHT.valueMappings);
    expect(serializeWorkbook(back)).toBe(text);
    // Written as values in arrays, never as keys: the file's hostile-key walk has nothing to refuse.
    expect(text).not.toMatch(/"__proto__"\s*:/);
    expect(JSON.parse(text).version).toBe(3);
  });

  it('round-trip through the app memory (null-prototype objects) without losing "constructor" or "__proto__"', () => {
    const memory = taughtToMemory(TAUGHT);
    expect(Object.getPrototypeOf(memory.roles)).toBeNull();
    expect(Object.getPrototypeOf(memory.roles['deaths_in_custody_by_force_fy.csv'])).toBeNull();
    expect(memory.roles['deaths_in_custody_by_force_fy.csv']['__proto__']).toBe('measure');
    expect(memory.roles['deaths_in_custody_by_force_fy.csv']['constructor']).toBe('force');
    expect(memory.roles['other.csv']?.['constructor']).toBeUndefined();
    expect(memoryToTaught(memory)).toEqual(TAUGHT);
    // And through JSON, as the browser store keeps it.
    const stored = JSON.parse(JSON.stringify(memory));
    expect(memoryToTaught({ ...stored, roles: dict(Object.entries(stored.roles).map(([f, c]) => [f, dict(Object.entries(c as object))])) })).toEqual(TAUGHT);
  });

  it('only the files asked for are written; every mapping is', () => {
    const t = memoryToTaught(taughtToMemory(TAUGHT), ['constructor']);
    expect(t.roleCorrections).toEqual([{ file: 'constructor', column: 'toString', role: 'period' }]);
    expect(t.valueMappings).toEqual(TAUGHT.valueMappings);
  });

  it('refuses a mapping to an id the workbench does not know, naming the path', () => {
    const bad = workbook({ ...TAUGHT, valueMappings: [{ role: 'force', value: 'NCA', to: 'nca' }] });
    expect(() => serializeWorkbook(bad)).toThrow(WorkbookError);
    expect(() => serializeWorkbook(bad)).toThrow(/^valueMappings\[0\]\.to: "nca" is not the id of a force this workbench knows/);
    expect(() => serializeWorkbook(workbook({ ...TAUGHT, valueMappings: [{ role: 'force', value: '--', to: 'kent' }] }))).toThrow(/has no letters or digits/);
  });

  it('resolves the canonical names version 1 files used, forces first', () => {
    expect(resolveMappingTarget('Metropolitan Police')).toEqual({ role: 'force', to: 'metropolitan' });
    expect(resolveMappingTarget('kent')).toEqual({ role: 'force', to: 'kent' });
    expect(resolveMappingTarget('Southern Wales')).toEqual({ role: 'region', to: 'southern-wales' });
    expect(resolveMappingTarget('MSHT')).toMatchObject({ role: 'threat' });
    expect(resolveMappingTarget('Atlantis')).toBeUndefined();
    expect(resolveMappingTarget('constructor')).toBeUndefined();
  });
});

describe("combining a workbook's teaching with the user's own", () => {
  const mine: Taught = {
    roleCorrections: [
      { file: 'deaths_in_custody_by_force_fy.csv', column: 'Authority', role: 'force' },
      { file: 'deaths_in_custody_by_force_fy.csv', column: 'Total', role: 'dimension' },
    ],
    valueMappings: [
      { role: 'force', value: 'SOCA / NCA', to: 'kent' },
      { role: 'force', value: 'Met Pol HQ', to: 'metropolitan' },
    ],
  };

  it('an opened workbook wins where both speak; nothing else of the user is dropped; the notice says what changed', () => {
    const m = mergeTaught(mine, TAUGHT, 'theirs');
    const role = (column: string) => m.taught.roleCorrections.find((c) => c.column === column)?.role;
    expect(role('Authority')).toBe('dimension');
    expect(role('Total')).toBe('dimension');
    expect(role('__proto__')).toBe('measure');
    expect(m.taught.roleCorrections).toHaveLength(5);
    expect(m.taught.valueMappings).toEqual([
      { role: 'force', value: 'SOCA / NCA', to: 'metropolitan' },
      { role: 'force', value: 'Met Pol HQ', to: 'metropolitan' },
      { role: 'region', value: 'East of England', to: 'eastern' },
      { role: 'threat', value: '__proto__', to: 'county-lines' },
    ]);
    expect(m.replaced.map((c) => [c.what, c.was, c.now])).toEqual([
      ['deaths_in_custody_by_force_fy.csv: "Authority"', 'force', 'dimension'],
      ['"SOCA / NCA" (force)', 'Kent', 'Metropolitan Police'],
    ]);
    expect(m.added).toHaveLength(5);
    expect(m.declined).toEqual([]);
    const notice = describeMerge(m, 'the workbook')!;
    expect(notice).toMatch(/^Applied 3 role corrections and 2 value mappings from the workbook: /);
    expect(notice).toContain('Replaced 1 role correction and 1 value mapping of your own with its: deaths_in_custody_by_force_fy.csv: "Authority" → dimension (was force); "SOCA / NCA" (force) → Metropolitan Police (was Kent).');
  });

  it("an autosaved workbook only fills gaps: the user's own, being newer, stays", () => {
    const m = mergeTaught(mine, TAUGHT, 'mine');
    expect(m.taught.roleCorrections.find((c) => c.column === 'Authority')?.role).toBe('force');
    expect(m.taught.valueMappings.find((x) => x.value === 'SOCA / NCA')?.to).toBe('kent');
    expect(m.replaced).toEqual([]);
    expect(m.declined.map((c) => c.what)).toEqual(['deaths_in_custody_by_force_fy.csv: "Authority"', '"SOCA / NCA" (force)']);
    expect(describeMerge(m, 'the saved workbook')).toMatch(/Kept 1 role correction and 1 value mapping of your own over its/);
  });

  it('the same teaching twice changes nothing and says nothing', () => {
    const m = mergeTaught(TAUGHT, TAUGHT, 'theirs');
    expect(m.taught).toEqual(TAUGHT);
    expect(describeMerge(m, 'the workbook')).toBeNull();
  });

  it('corrections also apply under the name an embedded table is loaded from', () => {
    const t = underLoadedNames(TAUGHT, new Map([['deaths_in_custody_by_force_fy.csv', ['deaths_in_custody_by_force_fy.parquet']]]));
    expect(t.roleCorrections.filter((c) => c.file === 'deaths_in_custody_by_force_fy.parquet').map((c) => c.column)).toEqual(['Authority', 'constructor', '__proto__']);
    expect(t.roleCorrections).toHaveLength(7);
    expect(t.valueMappings).toBe(TAUGHT.valueMappings);
  });
});

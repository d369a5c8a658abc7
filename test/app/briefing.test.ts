import { describe, expect, it } from 'vitest';
import { Briefing, briefingDate, coverSources } from '../../src/app/briefing.svelte';
import type { DrawnView } from '../../src/app/run-view';
import { parseViewSpec, type ViewSpec } from '../../src/domain';

const spec = (table: string, denominator?: string): ViewSpec =>
  parseViewSpec({
    version: 1,
    table,
    roles: { force: 'force' },
    measure: { column: 'n', aggregate: 'sum' },
    compareBy: { by: 'force' },
    comparison: denominator ? { kind: 'rate_per_100k' } : { kind: 'total' },
    ...(denominator ? { denominator: { table: denominator, population: 'population', force: 'force', midYear: 'mid_year' } } : {}),
  });

describe('the briefing cover', () => {
  it("names each file once, in the order the views read them; a workbench view by its table's file; the built-in population as built in", () => {
    const sources = [{ table: 'officers', file: 'police_workforce_mar24.ods' }, { table: 'uof', file: 'use_of_force_2019-20.csv' }];
    const specs = [spec('officers_long_norm', 'ref_population'), spec('uof_norm'), spec('officers'), spec('adhoc')];
    expect(coverSources(specs, sources)).toEqual([
      'police_workforce_mar24.ods',
      'ref_population (ONS mid-year population, built in)',
      'use_of_force_2019-20.csv',
      'adhoc (no file recorded)',
    ]);
  });

  it('dates the pack as a UK reader writes a date', () => {
    expect(briefingDate(new Date('2026-12-06T09:00:00Z'))).toBe('6 December 2026');
  });
});

describe('drawing the briefing', () => {
  it('draws every view in order; a view that cannot be drawn keeps its page and says why', async () => {
    const drawn: string[] = [];
    const b = new Briefing(async (s) => {
      drawn.push(s.table);
      if (s.table === 'gone') throw new Error('The table gone is not loaded: load its file again.');
      return { chart: { note: [] }, rows: [], compiled: { columns: [] } } as unknown as DrawnView;
    });
    const views = [{ name: 'A', spec: spec('a') }, { name: 'Gone', spec: spec('gone') }, { name: 'C', spec: spec('c') }];
    const started = b.start({ title: 'T', date: 'd', sources: [] }, views);
    expect([b.open, b.busy]).toEqual([true, true]);
    await started;
    expect(drawn).toEqual(['a', 'gone', 'c']);
    expect(b.busy).toBe(false);
    expect(b.pages.map((p) => [p.name, p.error ?? 'drawn'])).toEqual([['A', 'drawn'], ['Gone', 'The table gone is not loaded: load its file again.'], ['C', 'drawn']]);
  });

  it('closing while views are being drawn stops it: nothing from the old run arrives after', async () => {
    let release: () => void = () => {};
    const b = new Briefing(() => new Promise<DrawnView>((r) => (release = () => r({ chart: { note: [] }, rows: [], compiled: { columns: [] } } as unknown as DrawnView))));
    const started = b.start({ title: 'T', date: 'd', sources: [] }, [{ name: 'A', spec: spec('a') }]);
    b.close();
    release();
    await started;
    expect([b.open, b.busy, b.pages.length]).toEqual([false, false, 0]);
  });
});

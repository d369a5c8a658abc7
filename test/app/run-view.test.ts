/**
 * runView with Protect small numbers (issue 19 item 2), on the real IOPC table of deaths in or following police
 * custody (by force, wide by financial year), drawn by the app's own engine as the builder draws it. What should be
 * hidden comes from the test's own reading of the published file, never from the app.
 */
import { describe, expect, it } from 'vitest';
import { defaultView, specRoles } from '../../src/domain/view-defaults';
import { parseViewSpec, type ViewSpec } from '../../src/domain/view-spec';
import { isSuppressed, type Protection } from '../../src/domain';
import { ident } from '../../src/query';
import { tableToCsv, type Workbook } from '../../src/workbook';
import { testdataPath } from '../helpers/testdata';
import { parseCsv, readCsv, territorial } from '../helpers/published';
import { appViews } from '../cli/app-reference';

const FILE = 'deaths_in_custody_by_force_fy.csv';
const PATH = testdataPath(`police/iopc/${FILE}`);
const [HEAD, ...BODY] = readCsv(PATH);
const YEARS = HEAD.filter((h) => /^\d\d\/\d\d$/.test(h));
/** "19/20" → "2019/20", as the view labels financial years. */
const fy = (h: string) => `20${h.slice(0, 2)}/${h.slice(3)}`;
/** The 43 forces' counts by year, as the file publishes them. */
const COUNTS = new Map(BODY.flatMap((r) => (territorial(r[0]) ? [[territorial(r[0])!, new Map(YEARS.map((y) => [fy(y), Number(r[HEAD.indexOf(y)])]))] as const] : [])));
const LATEST = fy(YEARS.reduce((a, b) => (Number(b.slice(0, 2)) > Number(a.slice(0, 2)) ? b : a)));

/** The default view of the file (its latest year by force), and `more` views made from it, drawn with `protection`. */
async function drawn(protection: Protection, more: (spec: ViewSpec) => Record<string, ViewSpec> = () => ({})) {
  const source = { table: 'deaths', file: FILE, size: null, kind: 'csv' as const };
  const w: Workbook = { format: 'soc-workbench-workbook', version: 3, title: 'Deaths', views: [], queries: [], roleCorrections: [], valueMappings: [], peerGroups: [], sources: [source], protection };
  const { drawn } = await appViews(w, { deaths: PATH }, ({ domain, schema, rows }) => {
    const prepared = domain.prepared('deaths_long')!;
    const shape = { name: prepared.relation, columns: schema.tables.find((t) => t.name === prepared.relation)!.columns, roles: prepared.roles, leftOut: prepared.leftOut };
    const period = specRoles(prepared.roles).period!;
    const periods = rows(`SELECT DISTINCT ${ident(period)}::VARCHAR AS p FROM ${ident(prepared.relation)}`).map((r) => String(r.p));
    const spec = defaultView(shape, [shape], { periods });
    return Object.entries({ latest: spec, ...more(spec) }).map(([id, s]) => ({ id, name: id, spec: parseViewSpec(s) }));
  });
  return drawn;
}

/** The CSV's cells by header, rows as records. */
const csvRecords = (csv: string) => {
  const [head, ...rows] = parseCsv(csv.replace(/^\uFEFF/, '').trimEnd());
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};

describe('a protected view of deaths in custody', { timeout: 120_000 }, () => {
  it(`hides exactly the forces with 1 to 9 deaths in ${LATEST}, in the rows, the table, the CSV and the caption`, async () => {
    const d = (await drawn({ threshold: 10, roundTo5: false })).get('latest')!;
    const small = [...COUNTS].filter(([, c]) => c.get(LATEST)! > 0 && c.get(LATEST)! < 10).map(([f]) => f);
    expect(small.length).toBeGreaterThan(5);
    const hidden = d.rows.filter((_, i) => isSuppressed(d.protection!.suppressed, i, 'value')).map((r) => String(r.force));
    expect(hidden.sort()).toEqual([...small].sort());
    // Nothing else hidden: the whole table's total is not published here, and more than one count is hidden.
    expect(d.protection).toMatchObject({ primary: small.length, secondary: 0, threshold: 10 });
    for (const r of d.rows) {
      const published = COUNTS.get(String(r.force))!.get(LATEST)!;
      expect(r.value).toBe(small.includes(String(r.force)) ? null : published);
    }
    // The table every export writes: the same column names and order, the counts as numbers, null where hidden.
    expect(d.table.schema.fields.map((f) => f.name)).toEqual(Object.keys(d.rows[0]));
    const values = [...d.table.getChild('value')!] as (number | null)[];
    expect(values.filter((v) => v === null)).toHaveLength(small.length);
    expect(values.filter((v) => v !== null && v > 0 && v < 10)).toEqual([]);
    const csv = csvRecords(tableToCsv(d.table, { suppressed: d.protection!.suppressed }));
    expect(csv.filter((r) => r.value === '[c]').map((r) => r.force).sort()).toEqual([...small].sort());
    expect(csv.filter((r) => /^\d+$/.test(r.value) && Number(r.value) > 0 && Number(r.value) < 10)).toEqual([]);
    // The caption says what was done; the hidden forces are not said to have "no value".
    expect(String(d.chart.options.caption)).toContain(`Small numbers protected: counts below 10 shown as [c] (${small.length} cells); zeros shown as they are.`);
    expect(d.chart.leftOut.join(' ')).not.toContain('no value');
    expect(d.chart.type).toBe('bar');
  });

  it('by force and year: no count from 1 to 9 shown, and no hidden count left alone in a force or a year', async () => {
    const d = (await drawn({ threshold: 10, roundTo5: false }, (s) => ({ years: { ...s, filters: [], series: { by: 'period' } } }))).get('years')!;
    const period = 'period_canonical';
    const p = d.protection!;
    const isHidden = (i: number) => isSuppressed(p.suppressed, i, 'value');
    const small = [...COUNTS].flatMap(([, c]) => [...c.values()].filter((n) => n > 0 && n < 10)).length;
    expect(p.primary).toBe(small);
    expect(p.secondary).toBeGreaterThan(0);
    d.rows.forEach((r, i) => {
      const published = COUNTS.get(String(r.force))!.get(String(r[period]))!;
      if (isHidden(i)) expect(r.value).toBeNull();
      else expect(r.value).toBe(published);
    });
    // A force's total (the file's Total column) and a year's total are known: a lone hidden cell would give itself away.
    for (const key of ['force', period]) {
      const groups = new Map<string, number>();
      d.rows.forEach((r, i) => isHidden(i) && groups.set(String(r[key]), (groups.get(String(r[key])) ?? 0) + 1));
      expect([...groups].filter(([, n]) => n === 1), `${key}s with one hidden count`).toEqual([]);
    }
    expect(String(d.chart.options.caption)).toContain(`(${small} cells), and ${p.secondary} more so they cannot be worked out from totals`);
  });

  it('rounded to the nearest 5: every count shown is a multiple of 5, and the caption says so', async () => {
    const d = (await drawn({ threshold: 3, roundTo5: true })).get('latest')!;
    const shown = d.rows.filter((_, i) => !isSuppressed(d.protection!.suppressed, i, 'value')).map((r) => r.value as number);
    expect(shown.every((v) => v % 5 === 0)).toBe(true);
    expect(String(d.chart.options.caption)).toContain('counts rounded to the nearest 5');
    // The 3s are shown (rounded, to 5); the 1s and 2s are hidden.
    const ones = [...COUNTS].filter(([, c]) => c.get(LATEST)! > 0 && c.get(LATEST)! < 3).length;
    expect(d.protection!.primary).toBe(ones);
  });

  it('draws as before when protection is off: the engine table itself, no protection field', async () => {
    const source = { table: 'deaths', file: FILE, size: null, kind: 'csv' as const };
    const w: Workbook = { format: 'soc-workbench-workbook', version: 3, title: 'Deaths', views: [], queries: [], roleCorrections: [], valueMappings: [], peerGroups: [], sources: [source] };
    const { drawn: off } = await appViews(w, { deaths: PATH }, ({ domain, schema, rows }) => {
      const prepared = domain.prepared('deaths_long')!;
      const shape = { name: prepared.relation, columns: schema.tables.find((t) => t.name === prepared.relation)!.columns, roles: prepared.roles, leftOut: prepared.leftOut };
      const periods = rows(`SELECT DISTINCT period_canonical AS p FROM ${ident(prepared.relation)}`).map((r) => String(r.p));
      return [{ id: 'v1', name: 'v1', spec: defaultView(shape, [shape], { periods }) }];
    });
    const d = off.get('v1')!;
    expect(d.protection).toBeUndefined();
    expect(d.rows.some((r) => (r.value as number) > 0 && (r.value as number) < 10)).toBe(true);
    expect(String(d.chart.options.caption)).not.toContain('Small numbers');
  });
});

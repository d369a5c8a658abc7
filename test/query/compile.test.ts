import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseViewSpec, type ViewSpec } from '../../src/domain/view-spec';
import { compileView } from '../../src/query/compile';
import type { SchemaInfo } from '../../src/query/schema';
import { exactPoisson } from '../helpers/exact-poisson';
import { FACTS, POPULATION, SAMPLE, handTablesSql, nativeDb, sampleTablesSql, type Fact, type NativeDb } from '../helpers/view-fixtures';
import { GOLDEN } from './golden-specs';
import { openWasm, type Wasm } from '../helpers/wasm';

// ── Independent arithmetic on the hand-made rows (no SQL, no code under test) ──────────────────────────────────
const Z = 1.959964;
const BTP = 'British Transport Police';
const EASTERN = ['Bedfordshire', 'Cambridgeshire', 'Essex', 'Hertfordshire', 'Kent', 'Norfolk', 'Suffolk'];
const sum = (rows: readonly Fact[]) => rows.reduce((a, r) => a + r.n, 0);
const pop = (force: string, year: string): number | undefined => POPULATION[force]?.[year];
/**
 * Pooled rate per 100,000 over the rows `where` selects: the counts of those that also pass `counted` (filters on
 * threat type, level…), over the population of every distinct force-year selected (which such filters don't limit).
 */
function rate(where: (r: Fact) => boolean, counted: (r: Fact) => boolean = () => true): { value: number; numerator: number; population: number } {
  const matched = FACTS.filter((r) => where(r) && pop(r.force, r.year) !== undefined);
  const pairs = new Set(matched.map((r) => `${r.force}|${r.year}`));
  const population = [...pairs].reduce((a, k) => a + (pop(...(k.split('|') as [string, string])) as number), 0);
  const numerator = sum(matched.filter(counted));
  return { value: (100_000 * numerator) / population, numerator, population };
}
/** Byar's limits, written out afresh (PHE Technical Guide: Confidence Intervals, 2018, Appendix 1). */
const byarLo = (o: number) => (o === 0 ? 0 : o * (1 - 1 / (9 * o) - Z / (3 * Math.sqrt(o))) ** 3);
const byarHi = (o: number) => (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * Math.sqrt(o + 1))) ** 3;
const y23 = (r: Fact) => r.year === '2023/24';

type Row = Record<string, unknown>;
const byKey = (rows: Row[], ...cols: string[]) => new Map(rows.map((r) => [cols.map((c) => String(r[c])).join('|'), r]));

let hand: NativeDb;
let sample: NativeDb;
let schema: SchemaInfo;
let wasm: Wasm;

beforeAll(async () => {
  hand = await nativeDb(handTablesSql());
  sample = await nativeDb(sampleTablesSql());
  schema = await sample.schema();
  wasm = await openWasm();
  for (const statement of handTablesSql()) await wasm.run(statement);
}, 120_000);
afterAll(() => {
  hand?.close();
  sample?.close();
  wasm?.close();
});

const spec = (name: keyof typeof GOLDEN): ViewSpec => parseViewSpec(GOLDEN[name]);
const compiled = (name: keyof typeof GOLDEN) => compileView(spec(name), schema);
const handRows = (name: keyof typeof GOLDEN) => hand.rows(compiled(name).sql);

describe('golden SQL', () => {
  it('the hand-made tables have the samples\' columns and types, so each golden runs on both', async () => {
    const pick = (s: SchemaInfo) => s.tables.map((t) => [t.name, t.columns]);
    expect(pick(await hand.schema())).toEqual(pick(schema));
  });

  it.each(Object.keys(GOLDEN) as (keyof typeof GOLDEN)[])('%s', async (name) => {
    const out = compiled(name);
    expect(compileView(spec(name), schema).sql).toBe(out.sql); // deterministic
    await expect(`${out.sql};\n`).toMatchFileSnapshot(`golden/${name}.sql`);
    for (const db of [sample, hand]) {
      expect(await db.rows(`EXPLAIN ${out.sql}`)).not.toHaveLength(0);
      const rows = await db.rows(out.sql);
      expect(rows.length).toBeGreaterThan(0);
      expect(Object.keys(rows[0])).toEqual(out.columns.map((c) => c.name));
    }
  });
});

describe('values on hand-made tables, against arithmetic written in the test', () => {
  it('total: sums by force, filters applied', async () => {
    const rows = await handRows('total_by_force');
    const forces = [...new Set(FACTS.map((r) => r.force))].sort();
    expect(rows.map((r) => [r.force, r.value])).toEqual(forces.map((f) => [f, sum(FACTS.filter((r) => y23(r) && r.force === f))]));
  });

  it('rate per 100,000 with Byar CIs, E&W reference without BTP, peers with and without Kent', async () => {
    const rows = await handRows('rate_by_force_ci');
    const forces = Object.keys(POPULATION).sort(); // Cumbria has no population: left out
    expect(rows.map((r) => r.force)).toEqual(forces);
    const ew = rate((r) => y23(r) && r.force !== BTP);
    const peers = rate((r) => y23(r) && EASTERN.includes(r.force));
    const peersWithout = rate((r) => y23(r) && EASTERN.includes(r.force) && r.force !== 'Kent');
    expect(ew.value).toBeCloseTo((100_000 * 66) / 5_300_000, 12);
    for (const row of rows) {
      const own = rate((r) => y23(r) && r.force === row.force);
      const lower = (byarLo(own.numerator) * 100_000) / own.population;
      const upper = (byarHi(own.numerator) * 100_000) / own.population;
      expect(row).toMatchObject({ numerator: own.numerator, population: own.population });
      expect(row.value).toBeCloseTo(own.value, 10);
      expect(row.lower).toBeCloseTo(lower, 10);
      expect(row.upper).toBeCloseTo(upper, 10);
      expect(row.reference).toBeCloseTo(ew.value, 10);
      expect(row.peer_rate).toBeCloseTo(peers.value, 10);
      expect(row.peer_rate_excl).toBeCloseTo(peersWithout.value, 10);
      expect(row.significance).toBe(lower > ew.value ? 'above' : upper < ew.value ? 'below' : 'not significant');
    }
    expect(byKey(rows, 'force').get(BTP)?.significance).toBe('above');
  });

  it('peers only, county lines, significance judged against the peer rate', async () => {
    const rows = await handRows('rate_peers_only');
    const cl = (r: Fact) => r.threat === 'County lines';
    // Norfolk has data for 2023/24 but no county-lines row: a count of 0 over its whole population (missing is zero).
    expect(rows.map((r) => [r.force, r.numerator])).toEqual([['Essex', 4], ['Kent', 9], ['Norfolk', 0]]);
    const ew = rate((r) => y23(r) && r.force !== BTP, cl);
    expect(ew.population).toBe(2_000_000 + 1_100_000 + 1_000_000 + 1_200_000);
    const peers = rate((r) => y23(r) && EASTERN.includes(r.force), cl);
    const peersWithout = rate((r) => y23(r) && EASTERN.includes(r.force) && r.force !== 'Kent', cl);
    for (const row of rows) {
      const own = rate((r) => y23(r) && r.force === row.force, cl);
      expect(row).toMatchObject({ numerator: own.numerator, population: own.population });
      expect(row.reference).toBeCloseTo(ew.value, 10);
      expect(row.peer_rate).toBeCloseTo(peers.value, 10);
      expect(row.peer_rate_excl).toBeCloseTo(peersWithout.value, 10);
      const lower = (byarLo(own.numerator) * 100_000) / own.population;
      const upper = (byarHi(own.numerator) * 100_000) / own.population;
      expect(row.lower).toBeCloseTo(lower, 10);
      expect(row.significance).toBe(lower > peers.value ? 'above' : upper < peers.value ? 'below' : 'not significant');
    }
  });

  it('rate by a region derived from the force, by year: summed counts over summed population', async () => {
    const rows = await handRows('rate_by_region_by_year');
    const regionOf: Record<string, string | null> = { Kent: 'Eastern', Essex: 'Eastern', Norfolk: 'Eastern', Surrey: 'South East', [BTP]: null, Cumbria: 'North West' };
    const got = byKey(rows, 'region', 'financial_year');
    for (const year of ['2022/23', '2023/24']) {
      for (const region of ['Eastern', 'South East', null]) {
        const want = rate((r) => r.year === year && regionOf[r.force] === region);
        const row = got.get(`${region}|${year}`);
        expect(row?.value).toBeCloseTo(want.value, 10);
        expect(row?.population).toBe(want.population);
        expect(row?.reference).toBeCloseTo(rate((r) => r.year === year && r.force !== BTP).value, 10);
      }
    }
    expect(got.has('North West|2023/24')).toBe(false); // Cumbria: no population
  });

  it('rate by threat type: each threat is divided by the whole population, counted once per force-year', async () => {
    const rows = await handRows('rate_by_threat');
    for (const threat of ['Drugs', 'County lines']) {
      const want = rate(y23, (r) => r.threat === threat);
      const row = rows.find((r) => r.threat_type === threat);
      expect(row).toMatchObject({ numerator: want.numerator, population: want.population });
      expect(row?.value).toBeCloseTo(want.value, 10);
    }
    for (const row of rows) expect(row.population).toBe(5_410_000);
  });

  it('change between two periods', async () => {
    const rows = await handRows('change_by_force');
    for (const row of rows) {
      const from = sum(FACTS.filter((r) => r.year === '2022/23' && r.force === row.force));
      const to = sum(FACTS.filter((r) => r.year === '2023/24' && r.force === row.force));
      expect(row).toEqual({ force: row.force, value: to - from, from_value: from, to_value: to });
    }
    expect(rows).toHaveLength(6);
  });

  it('% change of the rate between two periods', async () => {
    const rows = await handRows('pct_change_rate_by_force');
    expect(rows.map((r) => r.force)).toEqual(Object.keys(POPULATION).sort());
    for (const row of rows) {
      const from = rate((r) => r.year === '2022/23' && r.force === row.force).value;
      const to = rate((r) => r.year === '2023/24' && r.force === row.force).value;
      expect(row.from_value).toBeCloseTo(from, 10);
      expect(row.to_value).toBeCloseTo(to, 10);
      expect(row.value).toBeCloseTo((100 * (to - from)) / from, 10);
      expect(row.change).toBeCloseTo(to - from, 10);
    }
  });

  it('index to a base period (= 100), one line per threat', async () => {
    const rows = await handRows('index_by_year_threat');
    for (const threat of ['Drugs', 'County lines']) {
      const base = sum(FACTS.filter((r) => r.year === '2022/23' && r.threat === threat));
      for (const year of ['2022/23', '2023/24']) {
        const v = sum(FACTS.filter((r) => r.year === year && r.threat === threat));
        const row = rows.find((r) => r.threat_type === threat && r.financial_year === year);
        expect(row?.value).toBeCloseTo((100 * v) / base, 10);
        expect(row).toMatchObject({ measure_value: v, base_value: base });
      }
    }
  });

  it('share of each force\'s total by threat type (each force adds up to 100)', async () => {
    const rows = await handRows('share_threat_within_force');
    for (const row of rows) {
      const total = sum(FACTS.filter((r) => y23(r) && r.force === row.force));
      const part = sum(FACTS.filter((r) => y23(r) && r.force === row.force && r.threat === row.threat_type));
      expect(row.value).toBeCloseTo((100 * part) / total, 10);
      expect(row.total_value).toBe(total);
    }
    const byForce = new Map<unknown, number>();
    for (const r of rows) byForce.set(r.force, (byForce.get(r.force) ?? 0) + (r.value as number));
    for (const v of byForce.values()) expect(v).toBeCloseTo(100, 10);
  });

  it('share of the total across forces', async () => {
    const rows = await handRows('share_of_total');
    const total = sum(FACTS.filter(y23));
    for (const row of rows) expect(row.value).toBeCloseTo((100 * sum(FACTS.filter((r) => y23(r) && r.force === row.force))) / total, 10);
  });

  it('rank of the rate: ties share a rank and are flagged', async () => {
    const rows = await handRows('rank_rate_by_force');
    const got = Object.fromEntries(rows.map((r) => [r.force, [r.value, r.tied]]));
    // Rates 2023/24: BTP 100, Essex 2, Norfolk 1.2, Kent 1.0, Surrey 1.0 (Kent and Surrey tie).
    expect(got).toEqual({ [BTP]: [1, false], Essex: [2, false], Norfolk: [3, false], Kent: [4, true], Surrey: [4, true] });
  });

  it('rank of the value: ties share a rank and the next rank is skipped', async () => {
    const rows = await handRows('rank_value_by_force');
    const got = Object.fromEntries(rows.map((r) => [r.force, [r.value, r.tied]]));
    expect(got).toEqual({ [BTP]: [1, false], Essex: [2, false], Kent: [3, false], Norfolk: [4, true], Surrey: [4, true], Cumbria: [6, false] });
  });

  it('count of rows by any column', async () => {
    const rows = await handRows('count_rows_by_level');
    expect(rows).toEqual([
      { level: 'major', value: FACTS.filter((r) => r.level === 'major').length },
      { level: 'minor', value: FACTS.filter((r) => r.level === 'minor').length },
    ]);
  });

  it('a population by force only, over two years: counts over person-years', async () => {
    const rows = await handRows('rate_force_only_lookup');
    for (const row of rows) {
      const n = sum(FACTS.filter((r) => r.force === row.force));
      const p = (POPULATION[row.force as string]['2023/24'] as number) * 2;
      expect(row).toMatchObject({ numerator: n, population: p });
      expect(row.value).toBeCloseTo((100_000 * n) / p, 10);
    }
  });

  it('unmatchedSql lists the force-years that have no population', async () => {
    const out = compiled('rate_by_force_ci');
    expect(await hand.rows(out.unmatchedSql as string)).toEqual([{ force_key: 'Cumbria', period_key: '2023/24' }]);
  });
});

describe('on the sample CSVs', () => {
  it('rates, E&W reference and intervals match arithmetic on the CSV files', async () => {
    const { readFileSync } = await import('node:fs');
    const csv = (name: string) => {
      const [head, ...lines] = readFileSync(new URL(`../../samples/${name}.csv`, import.meta.url), 'utf8').trim().split('\n');
      const cols = head.split(',');
      return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    };
    const facts = csv('disruptions_synthetic').filter((r) => r.financial_year === '2023/24');
    const pops = new Map(csv('force_population_synthetic').filter((r) => r.financial_year === '2023/24').map((r) => [r.force, Number(r.population)]));
    const count = (force?: string) => facts.filter((r) => !force || r.force === force).reduce((a, r) => a + Number(r.disruptions), 0);
    const totalPop = [...pops.values()].reduce((a, b) => a + b, 0);
    const rows = await sample.rows(compiled('rate_by_force_ci').sql);
    expect(rows).toHaveLength(43);
    for (const row of rows) {
      const o = count(row.force as string);
      const p = pops.get(row.force as string) as number;
      expect(row.value).toBeCloseTo((100_000 * o) / p, 9);
      expect(row.lower).toBeCloseTo((byarLo(o) * 100_000) / p, 9);
      expect(row.upper).toBeCloseTo((byarHi(o) * 100_000) / p, 9);
      expect(row.reference).toBeCloseTo((100_000 * count()) / totalPop, 9);
    }
  });
});

describe('Byar 95% intervals in SQL against reference values', () => {
  // Per 100,000 with a population of 100,000, the rate limits are the count limits.
  const counts = [0, 1, 5, 10, 20, 65, 100, 389, 1000, 10_000];
  let rows: Row[];
  beforeAll(async () => {
    const db = await nativeDb([
      `CREATE TABLE counts (force VARCHAR, n BIGINT)`,
      `INSERT INTO counts VALUES ${counts.map((n) => `('f${n}', ${n})`).join(', ')}`,
      `CREATE TABLE pop (force VARCHAR, population BIGINT)`,
      `INSERT INTO pop VALUES ${counts.map((n) => `('f${n}', 100000)`).join(', ')}`,
    ]);
    const s = parseViewSpec({
      version: 1, table: 'counts', roles: { force: 'force' }, measure: { column: 'n', aggregate: 'sum' },
      denominator: { table: 'pop', population: 'population', force: 'force' }, compareBy: { by: 'force' },
      comparison: { kind: 'rate_per_100k' }, uncertainty: { ci: 95 },
    });
    rows = await db.rows(compileView(s, await db.schema()).sql);
    db.close();
  });
  const at = (n: number) => rows.find((r) => r.force === `f${n}`) as { lower: number; upper: number };

  it('equal Byar\'s formula written independently', () => {
    for (const n of counts) {
      expect(at(n).lower).toBeCloseTo(byarLo(n), 9);
      expect(at(n).upper).toBeCloseTo(byarHi(n), 9);
    }
  });

  it('the test\'s exact routine reproduces published exact limits', () => {
    // O = 10: 4.7954–18.3904 (Garwood 1936 chi-square limits, as tabulated e.g. by Ulm 1990, Am J Epidemiol 131:373).
    expect(exactPoisson(10).lower).toBeCloseTo(4.7954, 4);
    expect(exactPoisson(10).upper).toBeCloseTo(18.3904, 4);
    // O = 0: upper 3.689 (epitools pois.exact documentation). O = 196 in 280 units: 0.6054271–0.8051570
    // (DescTools PoissonCI documentation, the horse-kick example, method "exact").
    expect(exactPoisson(0).upper).toBeCloseTo(3.689, 3);
    expect(exactPoisson(196).lower / 280).toBeCloseTo(0.6054271, 7);
    expect(exactPoisson(196).upper / 280).toBeCloseTo(0.805157, 7);
  });

  it('are within 0.2% of the exact limits for O >= 10 (PHE Technical Guide: Confidence Intervals, 2018)', () => {
    // O = 10: Byar 4.7874–18.3915 against exact 4.7954–18.3904.
    expect(at(10).lower).toBeCloseTo(4.78745, 5);
    expect(at(10).upper).toBeCloseTo(18.39146, 5);
    for (const n of counts.filter((c) => c >= 10)) {
      const exact = exactPoisson(n);
      expect(Math.abs(at(n).lower / exact.lower - 1)).toBeLessThan(0.002);
      expect(Math.abs(at(n).upper / exact.upper - 1)).toBeLessThan(0.002);
    }
    expect(at(0).lower).toBe(0);
    expect(Math.abs(at(0).upper / 3.689 - 1)).toBeLessThan(0.01); // Byar 3.668 for O = 0
  });
});

describe('SQL is built, never concatenated', () => {
  it('quotes awkward table, column and value names, and they run', async () => {
    const db = await nativeDb([
      `CREATE TABLE "O'Brien ""final""" ("Force name" VARCHAR, "select" VARCHAR, "n; drop" BIGINT)`,
      `INSERT INTO "O'Brien ""final""" VALUES ('Kent', 'it''s', 3), ('Kent', 'x', 4), ('Essex', 'it''s', 5)`,
    ]);
    const s = parseViewSpec({
      version: 1, table: `O'Brien "final"`, roles: { force: 'Force name' }, measure: { column: 'n; drop', aggregate: 'sum' },
      compareBy: { by: 'force' }, filters: [{ column: 'select', values: ["it's", "'; DROP TABLE x; --"] }], comparison: { kind: 'total' },
    });
    const out = compileView(s, await db.schema());
    expect(out.sql).toContain(`FROM "O'Brien ""final"""`);
    expect(out.sql).toContain(`"select" IN ('it''s', '''; DROP TABLE x; --')`);
    expect(await db.rows(out.sql)).toEqual([{ 'Force name': 'Essex', value: 5 }, { 'Force name': 'Kent', value: 3 }]);
    db.close();
  });

  it('leaves out rows marked is_total by default, and keeps them when asked', async () => {
    await hand.rows(`CREATE TABLE with_totals AS SELECT *, FALSE AS is_total FROM disruptions_synthetic UNION ALL SELECT 'Total England and Wales', 'X', NULL, '2023/24', 'Drugs', 'minor', 999, TRUE`);
    const s = { version: 1, table: 'with_totals', roles: { force: 'force' }, measure: { column: 'disruptions', aggregate: 'sum' }, compareBy: { by: 'force' }, comparison: { kind: 'total' } };
    const handSchema = await hand.schema();
    const out = compileView(parseViewSpec(s), handSchema);
    expect(out.sql).toContain('NOT coalesce("is_total", FALSE)');
    expect(out.notes.join(' ')).toMatch(/totals \(is_total\) are left out/);
    const rows = await hand.rows(out.sql);
    expect(rows.map((r) => r.force)).not.toContain('Total England and Wales');
    const all = await hand.rows(compileView(parseViewSpec({ ...s, totals: 'include' }), handSchema).sql);
    expect(all.find((r) => r.force === 'Total England and Wales')?.value).toBe(999);
  });

  it('casts join keys whose types differ between the table and the population lookup', async () => {
    const db = await nativeDb([
      `CREATE TABLE t (force VARCHAR, year INTEGER, n BIGINT)`,
      `INSERT INTO t VALUES ('Kent', 2023, 20)`,
      `CREATE TABLE p (force VARCHAR, year VARCHAR, population BIGINT)`,
      `INSERT INTO p VALUES ('Kent', '2023', 2000000)`,
    ]);
    const s = parseViewSpec({
      version: 1, table: 't', roles: { force: 'force', period: 'year' }, measure: { column: 'n', aggregate: 'sum' },
      denominator: { table: 'p', population: 'population', force: 'force', period: 'year' }, compareBy: { by: 'period' },
      filters: [{ column: 'year', values: ['2023'] }], comparison: { kind: 'rate_per_100k' },
    });
    const out = compileView(s, await db.schema());
    expect(out.sql).toContain('"year" = 2023');
    expect(out.sql).toContain('CAST("year" AS VARCHAR) AS "period_key"');
    expect(await db.rows(out.sql)).toEqual([{ year: 2023, value: 1, numerator: 20, population: 2_000_000 }]);
    db.close();
  });
});

describe('notes and errors', () => {
  it('says how rates are computed, and which filters limit only the count', () => {
    expect(compiled('rate_by_force_ci').notes).toEqual([
      'Rates per 100,000 population are recomputed at every level as summed counts over summed population (never averaged).',
      "95% confidence intervals use Byar's approximation to the exact Poisson interval, as Fingertips does.",
    ]);
    expect(compiled('rate_peers_only').notes).toContain('Filters on columns other than force, region and period limit what is counted, not the population.');
  });

  it('warns when intervals are asked of a measure that is not a whole-number count', async () => {
    const db = await nativeDb([`CREATE TABLE t (force VARCHAR, cash DOUBLE)`, `CREATE TABLE p (force VARCHAR, population BIGINT)`]);
    const s = parseViewSpec({
      version: 1, table: 't', roles: { force: 'force' }, measure: { column: 'cash', aggregate: 'sum' },
      denominator: { table: 'p', population: 'population', force: 'force' }, compareBy: { by: 'force' },
      comparison: { kind: 'rate_per_100k' }, uncertainty: { ci: 95 },
    });
    expect(compileView(s, await db.schema()).notes).toContain('The intervals assume whole-number counts of events, but cash is DOUBLE; treat them with care.');
    db.close();
  });

  it('throws SpecError when the schema lacks what the spec names', () => {
    const s = parseViewSpec({ ...GOLDEN.total_by_force, measure: { column: 'Disruptions', aggregate: 'sum' } });
    expect(() => compileView(s, schema)).toThrow('measure.column: "Disruptions" is not a column of disruptions_synthetic (did you mean "disruptions"?)');
  });
});

describe('DuckDB-WASM 1.28.0 (DuckDB 0.9.1) runs every golden query', () => {
  it.each(Object.keys(GOLDEN) as (keyof typeof GOLDEN)[])('%s', async (name) => {
    const sql = compiled(name).sql;
    const want = await hand.rows(sql);
    const got = await wasm.rows(sql);
    expect(got).toHaveLength(want.length);
    got.forEach((row, i) => {
      for (const [k, v] of Object.entries(want[i])) {
        // The wasm helper gives BIGINT, HUGEINT and DECIMAL as exact strings.
        if (typeof v === 'number') expect(Number(row[k])).toBeCloseTo(v, 9);
        else expect(row[k]).toEqual(v);
      }
    });
  });
});

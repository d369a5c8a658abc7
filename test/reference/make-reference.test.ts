// The built-in population (reference/ref_population.json) against the official files it is made from, read here
// with the test's own code: the MYE's own England-and-Wales row, the Home Office CSV, and ONS's Table P3 (issue 14).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { describe, expect, test } from 'vitest';
import { REFERENCE_FILE, REFERENCE_SOURCES, makeReference, type ReferencePopulation } from '../../scripts/make-reference';
import { TERRITORIAL_FORCES } from '../../src/domain/forces';
import { testdataPath } from '../helpers/testdata';

const shipped = readFileSync(fileURLToPath(new URL(`../../${REFERENCE_FILE}`, import.meta.url)), 'utf8');
const ref = JSON.parse(shipped) as ReferencePopulation;
const pop = (code: string, year: number) => ref.forces.find((f) => f.code === code)!.population[ref.years.indexOf(year)];
const sheet = (file: string, name: string) => {
  const wb = XLSX.read(readFileSync(testdataPath(file)), { type: 'buffer' });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, raw: true });
};

describe('ref_population', () => {
  test('the shipped file is byte for byte what `npm run reference` makes from the sources', () => {
    expect(makeReference(testdataPath('reference'))).toBe(shipped);
  }, 60_000);

  test('the sources are the files SOURCES.md describes (sha256)', () => {
    const listed = readFileSync(testdataPath('reference/SOURCES.md'), 'utf8');
    for (const file of Object.values(REFERENCE_SOURCES)) {
      const sum = createHash('sha256').update(readFileSync(testdataPath(`reference/${file}`))).digest('hex');
      expect(listed).toContain(`${sum}  ${file}`);
    }
  });

  test('43 territorial forces, each with its ONS code and a population for every year 2001–2023', () => {
    expect(ref.years).toEqual(Array.from({ length: 23 }, (_, i) => 2001 + i));
    expect(ref.forces).toHaveLength(43);
    expect(ref.forces.map((f) => f.code).sort()).toEqual(TERRITORIAL_FORCES.map((f) => f.code).sort());
    for (const f of ref.forces) {
      expect(f.code).toMatch(/^(E23|W15)\d{6}$/);
      expect(f.population).toHaveLength(23);
      for (const p of f.population) expect(Number.isInteger(p) && p > 5000).toBe(true);
    }
  });

  test('2011–2023: the 43 forces add up exactly to the MYE\'s own ENGLAND AND WALES row', () => {
    const rows = sheet(`reference/${REFERENCE_SOURCES.mye}`, 'MYE4');
    const header = rows.find((r) => r[0] === 'Code')!;
    const ew = rows.find((r) => r[0] === 'K04000001')!;
    expect(ew[1]).toBe('ENGLAND AND WALES');
    const totals: Record<number, number> = {};
    for (let y = 2011; y <= 2023; y++) {
      const expected = ew[header.indexOf(`Mid-${y}`)] as number;
      totals[y] = ref.forces.reduce((a, f) => a + pop(f.code, y), 0);
      expect(totals[y], `mid-${y}`).toBe(expected);
    }
    console.info(`E&W totals: ${JSON.stringify(totals)}`);
  }, 60_000);

  test('2001–2010: the Home Office figures in thousands × 1,000', () => {
    const lines = readFileSync(testdataPath(`reference/${REFERENCE_SOURCES.homeOffice}`), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(lines).toHaveLength(43);
    const byName = new Map(ref.forces.map((f) => [f.force, f]));
    const alias: Record<string, string> = { 'London, City of': 'City of London', 'Metropolitan Police': 'Metropolitan Police', Hampshire: 'Hampshire and Isle of Wight' };
    for (const line of lines) {
      const m = /^("([^"]*)"|[^,]*),(.*)$/.exec(line)!;
      const name = m[2] ?? m[1];
      const f = byName.get(alias[name] ?? name) ?? ref.forces.find((x) => x.force.startsWith(name.replace(/ Police$/, '')));
      expect(f, name).toBeDefined();
      const thousands = m[3].split(',').slice(0, 10).map(Number);
      thousands.forEach((k, i) => expect(f!.population[i], `${name} mid-${2001 + i}`).toBe(Math.round(k * 10) * 100));
    }
  });

  // Table P3 gives mid-2016 populations rounded to 100, published in 2018: before ONS revised its 2012–2020
  // estimates after Census 2021, which the June 2023 edition includes. So they agree closely, not exactly.
  test('mid-2016 per force within 3.5% of ONS Table P3 (City of London, about 8,000 people, within 10%)', () => {
    const rows = sheet('spreadsheets/ons_pfa_tables_ye_mar2018.xlsx', 'Table P3');
    const p3 = new Map(rows.filter((r) => typeof r[0] === 'string' && /^(E23|W15)/.test(r[0]) && typeof r[2] === 'number').map((r) => [r[0] as string, r[2] as number]));
    let worst = { code: '', diff: 0 };
    let worstOther = { code: '', diff: 0 };
    let compared = 0;
    for (const f of ref.forces) {
      const published = p3.get(f.code);
      if (published === undefined) continue;
      compared++;
      const diff = Math.abs(pop(f.code, 2016) - published) / published;
      expect(diff, `${f.force}: ours ${pop(f.code, 2016)}, P3 ${published}`).toBeLessThan(f.code === 'E23000034' ? 0.1 : 0.035);
      const who = { code: `${f.force} (ours ${pop(f.code, 2016)}, P3 ${published})`, diff };
      if (diff > worst.diff) worst = who;
      if (f.code !== 'E23000034' && diff > worstOther.diff) worstOther = who;
    }
    expect(compared).toBeGreaterThanOrEqual(42);
    const pct = (x: { code: string; diff: number }) => `${x.code}: ${(x.diff * 100).toFixed(2)}%`;
    console.info(`P3 compared ${compared} forces; largest difference ${pct(worst)}; largest of the other 42 ${pct(worstOther)}`);
  });
});

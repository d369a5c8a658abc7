import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FORCES, TERRITORIAL_FORCES, forceById, forceLabels, matchForce, normaliseForceText } from '../../src/domain/forces';
import { testdataPath } from '../helpers/testdata';

/** Rows of a small CSV as objects; handles a BOM and double-quoted fields, which these fixtures use. */
function readCsv(rel: string): Record<string, string>[] {
  const lines = readFileSync(testdataPath(rel), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
  const split = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
  const [header, ...rows] = lines.map(split);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

describe('force list', () => {
  test('43 territorial forces with unique ids and ONS codes, plus BTP, Police Scotland and PSNI', () => {
    expect(TERRITORIAL_FORCES).toHaveLength(43);
    expect(new Set(FORCES.map((f) => f.id)).size).toBe(FORCES.length);
    expect(new Set(TERRITORIAL_FORCES.map((f) => f.code)).size).toBe(43);
    for (const f of TERRITORIAL_FORCES) expect(f.code).toMatch(/^(E23|W15)\d{6}$/);
    const others = FORCES.filter((f) => !f.territorial);
    expect(others.map((f) => f.id)).toEqual(['btp', 'police-scotland', 'psni']);
    for (const f of others) expect([f.code, f.region]).toEqual([null, null]);
  });

  test('no normalised label belongs to two forces', () => {
    const owners = new Map<string, Set<string>>();
    for (const f of FORCES) {
      for (const label of forceLabels(f)) {
        const key = normaliseForceText(label);
        owners.set(key, (owners.get(key) ?? new Set()).add(f.id));
      }
    }
    const clashes = [...owners].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key}: ${[...ids]}`);
    expect(clashes).toEqual([]);
  });

  test.each(FORCES.flatMap((f) => forceLabels(f).map((label) => [label, f.id])))('label %j resolves to %s', (label, id) => {
    expect(matchForce(label)?.id).toBe(id);
  });
});

describe('normaliseForceText', () => {
  test.each([
    ['Avon & Somerset Constabulary', 'avon and somerset'],
    ['  METROPOLITAN   Police Service ', 'metropolitan'],
    ['Dyfed-Powys Police', 'dyfed powys'],
    ['London, City of', 'london city of'],
    ['The Thames Valley Police Force', 'thames valley'],
    ['Police Service of Northern Ireland', 'police service of northern ireland'],
    ['Police Scotland', 'police scotland'],
    ['Kent*', 'kent'],
    ['Opération Café', 'operation cafe'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseForceText(input)).toBe(expected);
  });
});

describe('matchForce', () => {
  test.each([
    ['Met', 'metropolitan'],
    ['MPS', 'metropolitan'],
    ['Metropolitan Police Service', 'metropolitan'],
    ['Metropolitan Police', 'metropolitan'],
    ['met police', 'metropolitan'],
    ['City of London Police', 'city-of-london'],
    ['London, City of', 'city-of-london'],
    ['Devon & Cornwall', 'devon-and-cornwall'],
    ['Devon and Cornwall Constabulary', 'devon-and-cornwall'],
    ['Hampshire and Isle of Wight Constabulary', 'hampshire'],
    ['Hampshire Constabulary', 'hampshire'],
    ['Hampshire', 'hampshire'],
    ['Hampshire & IOW', 'hampshire'],
    // A revised or provisional figure's marker (use-of-force Table_13's 2017/18 "Hampshire (R)").
    ['Hampshire (R)', 'hampshire'],
    ['Kent [p]', 'kent'],
    ['Surrey Police (revised)', 'surrey'],
    ['Dyfed Powys', 'dyfed-powys'],
    ['Dyfed-Powys Police', 'dyfed-powys'],
    ['West Mercia Police', 'west-mercia'],
    ['Greater Manchester Police', 'greater-manchester'],
    ['GMP', 'greater-manchester'],
    ['Avon & Somerset Constabulary', 'avon-and-somerset'],
    ['Wiltshire Constabulary', 'wiltshire'],
    ['Heddlu Gogledd Cymru', 'north-wales'],
    ['British Transport Police', 'btp'],
    ['Police Service of Northern Ireland', 'psni'],
    ['Police Scotland', 'police-scotland'],
    ['E23000001', 'metropolitan'],
    [' e23000034 ', 'city-of-london'],
    ['W15000004', 'dyfed-powys'],
  ])('%j → %s', (text, id) => {
    expect(matchForce(text)?.id).toBe(id);
  });

  test.each(['', '   ', 'Police', 'Total', 'England and Wales', 'Total England and Wales', 'London', 'Wales', 'North East',
    'HMRC', 'SOCA / NCA', 'Ministry of Defence', 'E23000099', 'E22000219'])('%j matches no force', (text) => {
    expect(matchForce(text)).toBeUndefined();
  });
});

describe('real force lists resolve', () => {
  test('every PFA code and name in the ONS LAD→CSP→PFA lookup (Dec 2016) names the same force', () => {
    const pfas = new Map(readCsv('police/lookups/lad16_csp16_pfa16_lookup.csv').map((r) => [r.PFA16CD, r.PFA16NM]));
    expect(pfas.size).toBe(43);
    for (const [code, name] of pfas) {
      const byCode = matchForce(code);
      expect(byCode, code).toBeDefined();
      expect(matchForce(name)?.id, `${code} ${name}`).toBe(byCode?.id);
    }
    expect(new Set(pfas.keys())).toEqual(new Set(TERRITORIAL_FORCES.map((f) => f.code)));
  });

  test('police.uk force list: every label resolves to the force whose id is its slug', () => {
    const rows = readCsv('police/lookups/forces_population_2010.csv');
    expect(rows).toHaveLength(44);
    for (const r of rows) expect(matchForce(r.Label)?.id, r.Label).toBe(r.id);
  });

  test('IOPC authority names: 43 forces and BTP resolve; other bodies do not', () => {
    const names = readCsv('police/iopc/deaths_in_custody_by_force_fy.csv').map((r) => r.Authority);
    const unmatched = names.filter((n) => !matchForce(n));
    expect(unmatched).toEqual(['HMRC', 'Ministry of Defence', 'SOCA / NCA', 'Home Office']);
    expect(new Set(names.map((n) => matchForce(n)?.id).filter(Boolean)).size).toBe(44);
  });

  test('Home Office use-of-force table: force rows resolve, "Total …" rows do not', () => {
    for (const r of readCsv('police/home-office/use_of_force_incidents_2019-20.csv')) {
      const f = matchForce(r['Police Force']);
      if (r['Police Force'].startsWith('Total')) expect(f, r['Police Force']).toBeUndefined();
      else expect(f?.territorial, r['Police Force']).toBe(true);
    }
  });

  test('forceById', () => {
    expect(forceById('metropolitan')?.code).toBe('E23000001');
    expect(forceById('nope')).toBeUndefined();
  });
});

/**
 * Fixtures for view tests: small hand-made tables shaped like the samples (same names, columns and types, so a
 * golden SQL runs on both), the sample CSVs loaded into native DuckDB, and the schema each database describes.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import type { SchemaInfo } from '../../src/query/schema';
import { ident, literal } from '../../src/query/sql';

/** One hand-made disruption row. */
export interface Fact {
  force: string;
  region: string | null;
  year: string;
  threat: string;
  level: string;
  n: number;
}

const f = (force: string, region: string | null, year: string, threat: string, level: string, n: number): Fact => ({ force, region, year, threat, level, n });
const BTP = 'British Transport Police';

/**
 * Designed so that: 2023/24 rates tie (Kent and Surrey both 1.0 per 100,000), totals tie (Norfolk and Surrey 12),
 * Norfolk has no county-lines row in 2023/24 (missing, not zero), BTP is shown but is not England and Wales, and
 * Cumbria has no population (left out of rates, listed by unmatchedSql).
 */
export const FACTS: readonly Fact[] = [
  f('Kent', 'Eastern', '2022/23', 'Drugs', 'major', 6),
  f('Kent', 'Eastern', '2022/23', 'Drugs', 'minor', 4),
  f('Kent', 'Eastern', '2022/23', 'County lines', 'minor', 5),
  f('Essex', 'Eastern', '2022/23', 'Drugs', 'minor', 10),
  f('Essex', 'Eastern', '2022/23', 'County lines', 'minor', 0),
  f('Norfolk', 'Eastern', '2022/23', 'Drugs', 'minor', 3),
  f('Norfolk', 'Eastern', '2022/23', 'County lines', 'minor', 7),
  f('Surrey', 'South East', '2022/23', 'Drugs', 'minor', 8),
  f('Surrey', 'South East', '2022/23', 'County lines', 'minor', 2),
  f(BTP, null, '2022/23', 'Drugs', 'minor', 50),
  f('Cumbria', 'North West', '2022/23', 'Drugs', 'minor', 9),
  f('Kent', 'Eastern', '2023/24', 'Drugs', 'major', 7),
  f('Kent', 'Eastern', '2023/24', 'Drugs', 'minor', 4),
  f('Kent', 'Eastern', '2023/24', 'County lines', 'minor', 9),
  f('Essex', 'Eastern', '2023/24', 'Drugs', 'minor', 18),
  f('Essex', 'Eastern', '2023/24', 'County lines', 'minor', 4),
  f('Norfolk', 'Eastern', '2023/24', 'Drugs', 'minor', 12),
  f('Surrey', 'South East', '2023/24', 'Drugs', 'minor', 10),
  f('Surrey', 'South East', '2023/24', 'County lines', 'minor', 2),
  f(BTP, null, '2023/24', 'Drugs', 'minor', 60),
  f(BTP, null, '2023/24', 'County lines', 'minor', 50),
  f('Cumbria', 'North West', '2023/24', 'Drugs', 'minor', 11),
];

/** Hand-made populations by force and year (no Cumbria). */
export const POPULATION: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Kent: { '2022/23': 1_990_000, '2023/24': 2_000_000 },
  Essex: { '2022/23': 1_090_000, '2023/24': 1_100_000 },
  Norfolk: { '2022/23': 990_000, '2023/24': 1_000_000 },
  Surrey: { '2022/23': 1_190_000, '2023/24': 1_200_000 },
  [BTP]: { '2022/23': 110_000, '2023/24': 110_000 },
};

/** DDL + inserts for the hand-made tables, named and typed as the samples are. */
export function handTablesSql(): string[] {
  const facts = FACTS.map((r) => `(${[r.force, 'X', r.region, r.year, r.threat, r.level, r.n].map(literal).join(', ')})`);
  const pops = Object.entries(POPULATION).flatMap(([force, years]) =>
    Object.entries(years).map(([year, p]) => `(${[force, 'X', year, p].map(literal).join(', ')})`),
  );
  return [
    `CREATE TABLE disruptions_synthetic (force VARCHAR, force_code VARCHAR, region VARCHAR, financial_year VARCHAR, threat_type VARCHAR, level VARCHAR, disruptions BIGINT)`,
    `INSERT INTO disruptions_synthetic VALUES ${facts.join(', ')}`,
    `CREATE TABLE force_population_synthetic (force VARCHAR, force_code VARCHAR, financial_year VARCHAR, population BIGINT)`,
    `INSERT INTO force_population_synthetic VALUES ${pops.join(', ')}`,
    `CREATE TABLE force_population_latest AS SELECT force, population FROM force_population_synthetic WHERE financial_year = '2023/24'`,
  ];
}

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));

/** Load the sample CSVs under their file names, plus a by-force-only population lookup. */
export function sampleTablesSql(): string[] {
  const csv = (name: string) => `CREATE TABLE ${ident(name)} AS SELECT * FROM read_csv_auto(${literal(`${samples}${name}.csv`)})`;
  return [
    csv('disruptions_synthetic'),
    csv('force_population_synthetic'),
    `CREATE TABLE force_population_latest AS SELECT force, population FROM force_population_synthetic WHERE financial_year = '2023/24'`,
  ];
}

/** A native DuckDB database with helpers to run SQL and describe its tables. */
export interface NativeDb {
  rows(sql: string): Promise<Record<string, unknown>[]>;
  schema(): Promise<SchemaInfo>;
  close(): void;
}

/** Open an in-memory native DuckDB and run the setup statements. */
export async function nativeDb(setup: readonly string[]): Promise<NativeDb> {
  const conn: DuckDBConnection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const s of setup) await conn.run(s);
  const rows = async (sql: string) => {
    const reader = await conn.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRowsJS().map((row) => Object.fromEntries(row.map((v, i) => [names[i], typeof v === 'bigint' ? Number(v) : v])));
  };
  return {
    rows,
    async schema() {
      const cols = await rows(`SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position`);
      const tables = new Map<string, { name: string; type: string }[]>();
      for (const c of cols) {
        const t = String(c.table_name);
        tables.set(t, [...(tables.get(t) ?? []), { name: String(c.column_name), type: String(c.data_type) }]);
      }
      return { tables: [...tables].map(([name, columns]) => ({ name, kind: 'table' as const, columns })) };
    },
    close: () => conn.closeSync(),
  };
}

/** The roles and population lookup every sample-shaped spec uses. */
export const SAMPLE = {
  table: 'disruptions_synthetic',
  roles: { force: 'force', region: 'region', period: 'financial_year', threat: 'threat_type' },
  denominator: { table: 'force_population_synthetic', population: 'population', force: 'force', period: 'financial_year' },
} as const;

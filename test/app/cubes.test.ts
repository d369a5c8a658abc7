/**
 * The app's cube cache (src/app/cubes.ts) over native DuckDB through the CLI's adapter (Arrow results, as the
 * browser's engine gives them): small tables get none, a large one gets one that gives the table's own numbers, and
 * a cube made while the tables changed is not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cubes } from '../../src/app/cubes';
import { NativeDb } from '../../src/cli/native-db';
import { toRows } from '../../src/charts';
import type { ColumnRole } from '../../src/domain';
import type { SchemaInfo } from '../../src/query';

let db: NativeDb;
const roles: ColumnRole[] = [
  { name: 'force', role: 'force', confidence: 1 },
  { name: 'year', role: 'period', confidence: 1 },
  { name: 'n', role: 'measure', confidence: 1 },
] as ColumnRole[];
const schema = (name: string): SchemaInfo => ({ tables: [{ name, kind: 'table', columns: [{ name: 'force', type: 'VARCHAR' }, { name: 'year', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }] }] });

beforeAll(async () => {
  db = await NativeDb.open({ threads: 2 });
  await db.run(`CREATE TABLE small AS SELECT 'Kent' AS force, '2023/24' AS year, 1 AS n FROM range(10)`);
  await db.run(`CREATE TABLE big AS SELECT 'F' || (i % 43) AS force, '20' || (20 + i % 4) || '/' || (21 + i % 4) AS year, (i % 7)::INTEGER AS n FROM range(200000) t(i)`);
});
afterAll(() => db?.close());

describe('the cube cache', () => {
  it('makes no cube of a table under 100,000 rows, and says why', async () => {
    const cubes = new Cubes((sql) => db.query(sql));
    const r = await cubes.ensure('small', roles, schema('small'));
    expect(r.refused).toBe('10 rows answer fast enough as they are');
    expect(cubes.for('small')).toBeUndefined();
    // Counted already by the catalogue: refused without a query.
    let queries = 0;
    const counting = new Cubes((sql) => (queries++, db.query(sql)));
    expect((await counting.ensure('small', roles, schema('small'), 10)).refused).toBe('10 rows answer fast enough as they are');
    expect(queries).toBe(0);
  });

  it("makes one of a large table, holding the table's own totals; forget() drops it", async () => {
    const cubes = new Cubes((sql) => db.query(sql));
    const r = await cubes.ensure('big', roles, schema('big'));
    expect([r.refused, r.rows, r.tableRows]).toEqual([undefined, 43 * 4, 200_000]);
    const cube = cubes.for('BIG')!;
    const m = cube.measures.find((x) => x.column === 'n')!;
    const fromCube = toRows((await db.query(`SELECT force, year, sum("${m.sum}")::BIGINT AS s, sum("${cube.rows}")::BIGINT AS c FROM "${cube.name}" GROUP BY ALL ORDER BY ALL`)).table);
    const fromTable = toRows((await db.query(`SELECT force, year, sum(n)::BIGINT AS s, count(*)::BIGINT AS c FROM big GROUP BY ALL ORDER BY ALL`)).table);
    expect(fromCube).toEqual(fromTable);
    await cubes.forget();
    expect(cubes.for('big')).toBeUndefined();
    await expect(db.query(`SELECT 1 FROM "${cube.name}"`)).rejects.toThrow();
  });

  it('does not keep a cube whose tables changed while it was made, nor one lost with the engine', async () => {
    const cubes = new Cubes((sql) => db.query(sql));
    const building = cubes.ensure('big', roles, schema('big'));
    await cubes.forget();
    expect((await building).refused).toBe('the tables changed while it was built');
    expect(cubes.for('big')).toBeUndefined();
    await cubes.ensure('big', roles, schema('big'));
    const cube = cubes.for('big')!;
    cubes.lost(cube);
    expect(cubes.for('big')).toBeUndefined();
  });
});

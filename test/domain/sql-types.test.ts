import { describe, expect, it } from 'vitest';
import { isIntegerType, isNumericType, isTemporalType } from '../../src/domain';
import { nativeRows } from '../helpers/native';

// Every numeric spelling DuckDB accepts in a CREATE TABLE, and what its information_schema then calls it: both
// must be numeric. Lists, structs and maps of numbers must not.
const NUMERIC_DECLARED = ['TINYINT', 'SMALLINT', 'INTEGER', 'INT', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'INT1', 'INT2', 'INT4', 'INT8', 'FLOAT', 'FLOAT4', 'FLOAT8', 'REAL', 'DOUBLE', 'DECIMAL(10,2)', 'DECIMAL(38,0)', 'NUMERIC(18,3)', 'DECIMAL'];
const NOT_NUMERIC = ['VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'INTERVAL', 'BLOB', 'INTEGER[]', 'DOUBLE[3]', 'STRUCT(a INTEGER)', 'MAP(VARCHAR, INTEGER)', 'UUID'];

describe('isNumericType: one rule for DuckDB type names', () => {
  it.each(NUMERIC_DECLARED)('%s as written is numeric', (t) => expect(isNumericType(t)).toBe(true));
  it.each(NOT_NUMERIC)('%s is not numeric', (t) => expect(isNumericType(t)).toBe(false));

  it('accepts every name native DuckDB reports for numeric columns, and none of the others', async () => {
    const cols = [...NUMERIC_DECLARED, ...NOT_NUMERIC].map((t, i) => `c${i} ${t}`).join(', ');
    await nativeRows(`CREATE OR REPLACE TABLE sql_types_probe (${cols})`);
    const rows = await nativeRows(`SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'sql_types_probe' ORDER BY ordinal_position`);
    expect(rows).toHaveLength(NUMERIC_DECLARED.length + NOT_NUMERIC.length);
    for (const [i, r] of rows.entries()) expect([r.t, isNumericType(String(r.t))]).toEqual([r.t, i < NUMERIC_DECLARED.length]);
  });

  it('integers are the whole-number types only; temporal are dates and timestamps', () => {
    expect(['UHUGEINT', 'INT8', 'BIGINT'].map(isIntegerType)).toEqual([true, true, true]);
    expect(['DOUBLE', 'DECIMAL(10,2)', 'INTEGER[]'].map(isIntegerType)).toEqual([false, false, false]);
    expect(['DATE', 'TIMESTAMP WITH TIME ZONE', 'TIME', 'INTERVAL'].map(isTemporalType)).toEqual([true, true, false, false]);
  });
});

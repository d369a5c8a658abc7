/** The DuckDB names of the SQL types behind Arrow types, and which of them are numbers. */
import { Precision, Type, type DataType, type TimeUnit } from 'apache-arrow';
import { isNumericType } from '../domain';

/** True for columns whose values are numbers (shown right-aligned): the same rule as for DuckDB type names. */
export function isNumericArrowType(type: DataType): boolean {
  return isNumericType(duckdbTypeName(type));
}

/** The DuckDB name of the SQL type behind an Arrow type, e.g. `BIGINT`, `DECIMAL(10,3)`. */
export function duckdbTypeName(type: DataType): string {
  const t = type as DataType & Record<string, any>;
  switch (type.typeId) {
    case Type.Null: return 'NULL';
    case Type.Bool: return 'BOOLEAN';
    case Type.Int: {
      const names = t.isSigned ? INT_NAMES : UINT_NAMES;
      return names[t.bitWidth as 8 | 16 | 32 | 64];
    }
    case Type.Float: return t.precision === Precision.DOUBLE ? 'DOUBLE' : 'FLOAT';
    // DuckDB exports HUGEINT as decimal(38,0) (Arrow has no 128-bit integer); a declared
    // DECIMAL(38,0) column looks the same, and HUGEINT (every integer SUM) is by far the more common.
    case Type.Decimal: return t.precision === 38 && t.scale === 0 ? 'HUGEINT' : `DECIMAL(${t.precision},${t.scale})`;
    case Type.Utf8: return 'VARCHAR';
    case Type.Binary: case Type.FixedSizeBinary: return 'BLOB';
    case Type.Date: return 'DATE';
    case Type.Timestamp:
      if (t.timezone) return 'TIMESTAMP WITH TIME ZONE';
      return ['TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP', 'TIMESTAMP_NS'][t.unit as TimeUnit];
    case Type.Time: return 'TIME';
    case Type.Interval: return 'INTERVAL';
    case Type.List: return `${duckdbTypeName(t.children[0].type)}[]`;
    case Type.FixedSizeList: return `${duckdbTypeName(t.children[0].type)}[${t.listSize}]`;
    case Type.Struct:
      return `STRUCT(${t.children.map((f: { name: string; type: DataType }) => `${f.name} ${duckdbTypeName(f.type)}`).join(', ')})`;
    case Type.Map: return `MAP(${duckdbTypeName(t.keyType)}, ${duckdbTypeName(t.valueType)})`;
    case Type.Dictionary: return duckdbTypeName(t.dictionary);
    case Type.Union: return 'UNION';
    default: return String(type).toUpperCase();
  }
}

const INT_NAMES = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' } as const;
const UINT_NAMES = { 8: 'UTINYINT', 16: 'USMALLINT', 32: 'UINTEGER', 64: 'UBIGINT' } as const;

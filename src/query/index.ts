export type { CompiledView } from './compile';
export { compileView } from './compile';
export { PER, byarSql } from './rates';
export type { ColumnInfo, SchemaInfo, SchemaTable } from './schema';
export { ident, literal, num, str } from './sql';
export type { Statement } from './statements';
export { errorPosition, errorRange, splitStatements } from './statements';

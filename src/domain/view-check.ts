/**
 * Checks a parsed view spec against the tables the engine holds: every table and column it names exists and has a
 * type that fits. The schema is taken structurally, so query's SchemaInfo fits without domain importing query.
 */
import { isNumericType } from './sql-types';
import { SpecError } from './view-migrate';
import { COMPUTED_COLUMNS, resolveDimension, resultColumns } from './view-result';
import type { Dimension, ViewSpec } from './view-spec';

/** The part of the engine's catalogue the check reads (query's SchemaInfo has this shape). */
export interface SpecSchema {
  tables: readonly { name: string; columns: readonly { name: string; type: string }[] }[];
}

type Table = SpecSchema['tables'][number];

/** The boolean column that marks aggregate rows, if the table has one and the spec excludes totals. */
export function totalColumn(spec: ViewSpec, table: Table | undefined): string | undefined {
  if (spec.totals === 'include') return undefined;
  if (spec.roles.total) return spec.roles.total;
  const auto = table?.columns.find((c) => c.name === 'is_total');
  return auto && auto.type.toUpperCase() === 'BOOLEAN' ? 'is_total' : undefined;
}

function at(prefix: string, rel: string): string {
  return prefix === '' ? rel : `${prefix}.${rel}`;
}

function findTable(schema: SpecSchema, name: string, path: string): Table {
  const t = schema.tables.find((x) => x.name === name);
  if (t) return t;
  const near = schema.tables.find((x) => x.name.toLowerCase() === name.toLowerCase());
  throw new SpecError(path, `"${name}" is not a loaded table${near ? ` (did you mean "${near.name}"?)` : ''}`);
}

function findColumn(table: Table, name: string, path: string): { name: string; type: string } {
  const c = table.columns.find((x) => x.name === name);
  if (c) return c;
  const near = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  throw new SpecError(path, `"${name}" is not a column of ${table.name}${near ? ` (did you mean "${near.name}"?)` : ''}`);
}

/** Throws SpecError (path prefixed by `prefix`) at the first table, column or type the schema contradicts. */
export function checkSpecAgainstSchema(spec: ViewSpec, schema: SpecSchema, prefix = ''): void {
  const table = findTable(schema, spec.table, at(prefix, 'table'));
  const col = (name: string, rel: string) => findColumn(table, name, at(prefix, rel));
  const fail = (rel: string, detail: string): never => {
    throw new SpecError(at(prefix, rel), detail);
  };

  for (const role of ['force', 'region', 'period', 'threat', 'total'] as const) {
    const name = spec.roles[role];
    if (name !== undefined) col(name, `roles.${role}`);
  }
  if (spec.roles.total && spec.totals === 'exclude' && col(spec.roles.total, 'roles.total').type.toUpperCase() !== 'BOOLEAN') {
    fail('roles.total', `"${spec.roles.total}" is ${col(spec.roles.total, 'roles.total').type}, but marking total rows needs a BOOLEAN column`);
  }
  const m = spec.measure;
  if (m.column !== null) {
    const c = col(m.column, 'measure.column');
    if (m.aggregate !== 'count' && m.aggregate !== 'count_distinct' && !isNumericType(c.type)) {
      fail('measure.column', `"${m.column}" is ${c.type}, so it can't be ${m.aggregate === 'sum' ? 'summed' : `aggregated with ${m.aggregate}`}; count it, or pick a numeric column`);
    }
  }

  const dims: [Dimension, string][] = [[spec.compareBy, 'compareBy']];
  if (spec.series) dims.push([spec.series, 'series']);
  for (const [d, rel] of dims) {
    if (d.by === 'column') col(d.column, `${rel}.column`);
    const name = resolveDimension(spec, d).name;
    if (Object.values(COMPUTED_COLUMNS).includes(name)) {
      fail(rel, `the column "${name}" has the name of a computed result column; rename it (in SQL, with AS) to compare by it`);
    }
  }

  spec.filters.forEach((f, i) => {
    const c = col(f.column, `filters[${i}].column`);
    if (!isNumericType(c.type)) return;
    f.values.forEach((value, j) => {
      if (typeof value === 'string' && !Number.isFinite(Number(value))) {
        fail(`filters[${i}].values[${j}]`, `"${value}" is not a number, but ${f.column} is ${c.type}`);
      }
    });
  });

  const d = spec.denominator;
  if (d) {
    const lookup = findTable(schema, d.table, at(prefix, 'denominator.table'));
    const p = findColumn(lookup, d.population, at(prefix, 'denominator.population'));
    if (!isNumericType(p.type)) fail('denominator.population', `"${d.population}" is ${p.type}; a population must be numeric`);
    findColumn(lookup, d.force, at(prefix, 'denominator.force'));
    if (d.period) findColumn(lookup, d.period, at(prefix, 'denominator.period'));
    if (d.midYear) findColumn(lookup, d.midYear, at(prefix, 'denominator.midYear'));
  }
  // Every name the result will carry must be distinct.
  const names = resultColumns(spec).map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail('series', `gives a second result column called "${dup}"`);
}

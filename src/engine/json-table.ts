/**
 * JSON and NDJSON to an Arrow table, in JavaScript: DuckDB-WASM 1.28.0 has no
 * JSON extension built in (DESIGN.md §7), so we parse and infer types here.
 * Nested values are kept as JSON text, never dropped.
 */
import * as arrow from 'apache-arrow';
import { dict, errorMessage, own } from '../domain';
import { boolVector, float64Vector, int64Vector, utf8Vector } from './arrow-columns';

/** A parse failure with the 1-based line and column where it happened. */
export class JsonParseError extends Error {
  override name = 'JsonParseError';
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Valid JSON with nothing to load: no rows, or rows without a field (`[]`, `[{}]`). */
export class JsonEmptyError extends Error {
  override name = 'JsonEmptyError';
}

/**
 * The deepest nesting read. Nested values are kept as JSON text, and writing text 10,000 levels deep overflows the
 * browser's stack ("Maximum call stack size exceeded", issue 17): far below that, and far above any real export.
 */
export const MAX_JSON_DEPTH = 1000;

/** The document nests values deeper than MAX_JSON_DEPTH; `line` is where it first went past it. */
export class JsonTooDeepError extends Error {
  override name = 'JsonTooDeepError';
  constructor(
    readonly depth: number,
    readonly line: number,
  ) {
    super(`values are nested ${depth.toLocaleString('en-GB')} levels deep; the workbench reads at most ${MAX_JSON_DEPTH.toLocaleString('en-GB')}`);
  }
}

/** Rows parsed from JSON text, and notes for the load report. */
export interface ParsedJson {
  table: arrow.Table;
  notes: string[];
}

type Row = Record<string, unknown>;

/** Parse a JSON document (array of objects, one object, a GeoJSON FeatureCollection) or NDJSON into a table. */
export function jsonToTable(text: string, kind: 'json' | 'ndjson'): ParsedJson {
  const notes: string[] = [];
  checkDepth(text);
  const rows = kind === 'ndjson' ? parseNdjson(text) : parseJsonDocument(text, notes);
  return { table: rowsToTable(rows, notes), notes };
}

function parseJsonDocument(text: string, notes: string[]): Row[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // A ".json" file that is really one object per line is common; accept it as NDJSON.
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length > 1 && lines.every((l) => /^\s*[{[]/.test(l))) {
      try {
        const rows = parseNdjson(text);
        notes.push('Read as newline-delimited JSON (one object per line).');
        return rows;
      } catch {
        /* fall through to the original error, which is the more useful one */
      }
    }
    throw jsonErrorAt(text, e);
  }
  if (Array.isArray(doc)) return doc.map(asRow);
  if (isObject(doc) && doc.type === 'FeatureCollection' && Array.isArray(doc.features)) {
    notes.push('Read as GeoJSON: one row per feature, properties as columns, geometry as JSON text.');
    return doc.features.map((f: unknown) => {
      const feature = isObject(f) ? f : {};
      const props = isObject(feature.properties) ? feature.properties : {};
      return { ...props, geometry: feature.geometry ?? null };
    });
  }
  if (isObject(doc)) return [doc];
  return [{ value: doc }];
}

function parseNdjson(text: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    try {
      rows.push(asRow(JSON.parse(line)));
    } catch (e) {
      const inner = jsonErrorAt(line, e);
      throw new JsonParseError(`not valid JSON on this line (${inner.message})`, i + 1, inner.column);
    }
  }
  return rows;
}

function asRow(v: unknown): Row {
  return isObject(v) ? v : { value: v };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throw JsonTooDeepError when brackets outside strings nest deeper than MAX_JSON_DEPTH (one pass, no parsing). */
function checkDepth(text: string): void {
  let depth = 0;
  let deepest = 0;
  let line = 1;
  let overAt = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (inString) {
      if (c === 92) i++; // backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth;
      if (depth > MAX_JSON_DEPTH && !overAt) overAt = line;
    } else if (c === 93 || c === 125) depth--;
  }
  if (overAt) throw new JsonTooDeepError(deepest, overAt);
}

// V8 says "... at position 12" or "... (line 2 column 5)"; turn either into a line and column.
function jsonErrorAt(text: string, e: unknown): JsonParseError {
  const msg = errorMessage(e);
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return new JsonParseError(msg, Number(lc[1]), Number(lc[2]));
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    return new JsonParseError(msg, line, Number(pos[1]) - before.lastIndexOf('\n'));
  }
  return new JsonParseError(msg, text.split('\n').length);
}

type Kind = 'null' | 'bool' | 'int' | 'float' | 'string' | 'date' | 'nested';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  if (v instanceof Date) return 'date';
  return 'nested';
}

/** JSON text for any value, bigints included (JSON.stringify throws on them). */
function toJsonText(v: unknown): string {
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Array.from(x) : x));
}

/** Build an Arrow table from rows, one column per key in order of first appearance. */
export function rowsToTable(rows: Row[], notes: string[] = []): arrow.Table {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), keys.push(k));
  // Keys are the file's text: "__proto__" and "constructor" are columns (issue 17), read only where a row has them.
  const columns = dict<arrow.Vector>();
  for (const key of keys) {
    const values = rows.map((r) => own(r, key));
    const kinds = new Set(values.map(kindOf));
    kinds.delete('null');
    const nullOr = <T>(f: (v: unknown) => T) => values.map((v) => (v === null || v === undefined ? null : f(v)));
    if (kinds.size === 0) columns[key] = utf8Vector(nullOr(String));
    else if (kinds.size === 1 && kinds.has('bool')) columns[key] = boolVector(nullOr(Boolean));
    else if (kinds.size === 1 && kinds.has('int')) columns[key] = int64Vector(nullOr((v) => BigInt(v as number | bigint)));
    else if ([...kinds].every((k) => k === 'int' || k === 'float')) columns[key] = float64Vector(nullOr(Number));
    else {
      if (kinds.has('nested')) notes.push(`Column "${key}" holds nested values: kept as JSON text.`);
      else if (kinds.has('date') && kinds.size === 1) notes.push(`Column "${key}" holds timestamps: kept as ISO text (cast with ::TIMESTAMP).`);
      else if (kinds.size > 1) notes.push(`Column "${key}" mixes ${[...kinds].join(', ')} values: kept as text.`);
      columns[key] = utf8Vector(nullOr((v) => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : toJsonText(v))));
    }
  }
  if (keys.length === 0) throw new JsonEmptyError(rows.length === 0 ? 'it holds no rows' : rows.length === 1 ? 'its one row has no field' : `none of its ${rows.length.toLocaleString('en-GB')} rows has a field`);
  return new arrow.Table(columns);
}

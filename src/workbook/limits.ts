/**
 * What a workbook may hold, and the checks on hostile content that run before the schema. Limits are generous for
 * real use and small enough that a crafted file can't make the app hang or exhaust memory.
 */
import type { ViewSpec } from '../domain';
import { WorkbookError } from './errors';

/** Limits on a workbook file; a file beyond any of them is refused with a WorkbookError saying which. */
export const LIMITS = {
  /** The whole file, embedded data included (base64 of Parquet). */
  fileBytes: 256 * 1024 * 1024,
  /** Everything but the embedded data: views, mappings, sources. */
  metadataBytes: 4 * 1024 * 1024,
  /** Decoded Parquet bytes of one embedded table. */
  tableBytes: 180 * 1024 * 1024,
  views: 200,
  /** Saved SQL queries. */
  queries: 200,
  /** One saved query's SQL; longer than any statement the engine takes (40 KiB), as a query may hold several. */
  sqlChars: 100_000,
  sources: 100,
  peerGroups: 100,
  roleCorrections: 5000,
  valueMappings: 20000,
  /** Elements of any other array (filter values, peer-group forces). */
  arrayItems: 10000,
  titleChars: 200,
  nameChars: 120,
  /** Any other string (column names, filter values, notes), except embedded data. */
  stringChars: 2000,
  fileNameChars: 255,
  tableNameChars: 128,
  /** Nesting of objects and arrays; a view spec needs about 6. */
  depth: 16,
} as const;

/** Keys that would reach Object.prototype if some later code assigned them with `obj[key] = …`. */
const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// C0/C1 controls (tab, CR and LF are checked per field) and the bidirectional overrides of "Trojan Source"
// (CVE-2021-42574), which make text display differently from what it is.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK = /[\t\r\n\u2028\u2029]/;
// A tag opener: `<script`, `</b`, `<!--`, `<?xml`. "Rate < 5" and "<5" stay allowed.
const MARKUP = /<\s*[A-Za-z!/?]/;

function show(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** Check a saved query's SQL: not empty, not too long, no control characters (tabs and line breaks are SQL's own). */
export function checkQuerySql(path: string, s: string): void {
  if (s.trim() === '') throw new WorkbookError(path, 'must not be empty', 'write the query first');
  if (s.length > LIMITS.sqlChars) throw new WorkbookError(path, `is ${s.length} characters long, more than the ${LIMITS.sqlChars} allowed`, 'split it into several saved queries');
  checkChars(path, s, true);
}

/** Check a line of plain text (title, view name): length, no control characters, no line breaks, no markup. */
export function checkText(path: string, s: string, max: number): void {
  if (s.trim() === '') throw new WorkbookError(path, 'must not be empty', 'give it a name');
  if (s.length > max) throw new WorkbookError(path, `is ${s.length} characters long, more than the ${max} allowed`, 'shorten it');
  checkChars(path, s, false);
  const m = MARKUP.exec(s);
  if (m) {
    throw new WorkbookError(path, `contains markup (${show(s.slice(m.index, m.index + 12))})`, 'titles and names are plain text: remove the tag');
  }
}

/** Check free text that may span lines (a chart note, a filter value): length and no control characters. */
export function checkChars(path: string, s: string, multiline: boolean): void {
  const c = CONTROL.exec(s) ?? (multiline ? null : LINE_BREAK.exec(s));
  if (c) {
    const code = `U+${c[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new WorkbookError(path, `contains the control character ${code} at position ${c.index}`, 'remove it');
  }
}

// Tables are quoted wherever they reach SQL, so SQL in a name can't run; a name shaped like an injection is still
// refused, because no table the workbench creates looks like that and a file carrying one is not to be trusted.
const TABLE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_ .()-]*$/u;

/** Check a table name: letters, digits, spaces and `_ . ( ) -` only (what the workbench names tables). */
export function checkTableName(path: string, s: string): void {
  if (s.length === 0 || s.length > LIMITS.tableNameChars) {
    throw new WorkbookError(path, `a table name has 1 to ${LIMITS.tableNameChars} characters, this has ${s.length}`, 'rename the table');
  }
  if (!TABLE_NAME.test(s)) {
    const bad = [...s].find((ch) => !/[\p{L}\p{N}_ .()-]/u.test(ch)) ?? s[0];
    throw new WorkbookError(path, `${show(s)} is not a table name (it contains ${JSON.stringify(bad)})`, 'table names are letters, digits, spaces and _ . ( ) -; rename the table');
  }
}

/** Check a source file name: a bare name (no folders, no `..`), so an exported SQL script reads only files beside it. */
export function checkFileName(path: string, s: string): void {
  if (s.length === 0 || s.length > LIMITS.fileNameChars) {
    throw new WorkbookError(path, `a file name has 1 to ${LIMITS.fileNameChars} characters, this has ${s.length}`, 'rename the file');
  }
  checkChars(path, s, false);
  if (/[\\/:]/.test(s) || s === '.' || s === '..') {
    throw new WorkbookError(path, `${show(s)} is a path, not a file name`, 'a workbook names files without folders; edit it to the bare file name');
  }
}

/**
 * Walk parsed JSON before the schema sees it: refuse prototype-polluting keys, deep nesting, huge arrays and
 * over-long strings, each with its path. `skip(path)` exempts a string (embedded data) from the length limit.
 */
export function scanJson(value: unknown, skip: (path: string) => boolean = () => false): void {
  const walk = (x: unknown, path: string, depth: number): void => {
    if (depth > LIMITS.depth) throw new WorkbookError(path, `is nested more than ${LIMITS.depth} levels deep`, 'this is not a workbook the workbench wrote');
    if (typeof x === 'string') {
      if (x.length > LIMITS.stringChars && !skip(path)) {
        throw new WorkbookError(path, `is ${x.length} characters long, more than the ${LIMITS.stringChars} allowed`, 'shorten it');
      }
      return;
    }
    if (Array.isArray(x)) {
      if (x.length > LIMITS.arrayItems) throw new WorkbookError(path, `has ${x.length} items, more than the ${LIMITS.arrayItems} allowed`, 'split the workbook');
      x.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    if (typeof x === 'object' && x !== null) {
      for (const key of Object.keys(x)) {
        const at = path === '' ? key : `${path}.${key}`;
        if (POISON_KEYS.has(key)) throw new WorkbookError(at, `the key ${JSON.stringify(key)} is not allowed`, 'the file has been tampered with; ask for a fresh export');
        walk((x as Record<string, unknown>)[key], at, depth + 1);
      }
    }
  };
  walk(value, '', 0);
}

/** Check what a view spec carries into titles and SQL: chart words are plain text, table names are table names. */
export function checkSpecText(path: string, spec: ViewSpec): void {
  const at = (rel: string) => (path === '' ? rel : `${path}.${rel}`);
  const c = spec.chart;
  for (const key of ['title', 'subtitle', 'source'] as const) {
    const s = c[key];
    if (s !== undefined && s !== '') checkText(at(`chart.${key}`), s, key === 'title' ? LIMITS.titleChars : LIMITS.stringChars);
  }
  if (c.note) {
    if (c.note.length > LIMITS.stringChars) throw new WorkbookError(at('chart.note'), `is ${c.note.length} characters long, more than the ${LIMITS.stringChars} allowed`, 'shorten the note');
    checkChars(at('chart.note'), c.note, true);
  }
  // A period label that reaches the caption ("limits from 2021/22"): one line, no control characters.
  if (c.controlFrom) checkChars(at('chart.controlFrom'), c.controlFrom, false);
  checkTableName(at('table'), spec.table);
  if (spec.denominator) checkTableName(at('denominator.table'), spec.denominator.table);
}

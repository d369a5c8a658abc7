/**
 * Statement boundaries and error positions in SQL text, for the SQL editor.
 * Pure: no DuckDB, no DOM. Offsets are UTF-16 indexes, like CodeMirror's.
 */

/** One statement of a script: its text (without the `;`) and where it sits in the script. */
export interface Statement {
  sql: string;
  from: number;
  to: number;
}

const IDENT_CHAR = /[\p{L}\p{N}_$]/u;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/**
 * Where the lexical construct starting at `i` ends, or `undefined` when `i`
 * starts ordinary text. Unterminated constructs run to the end of the text,
 * as they do for DuckDB's scanner.
 */
function skipQuoted(text: string, i: number): { end: number; comment: boolean } | undefined {
  const c = text[i];
  const n = text.length;
  if (c === "'") {
    // E'…' strings take backslash escapes; plain strings only ''.
    const prev = text[i - 1];
    const escapes = (prev === 'e' || prev === 'E') && !IDENT_CHAR.test(text[i - 2] ?? '');
    let j = i + 1;
    while (j < n) {
      if (escapes && text[j] === '\\') j += 2;
      else if (text[j] === "'") {
        if (text[j + 1] === "'") j += 2;
        else return { end: j + 1, comment: false };
      } else j++;
    }
    return { end: n, comment: false };
  }
  if (c === '"') {
    let j = i + 1;
    while (j < n) {
      if (text[j] === '"') {
        if (text[j + 1] === '"') j += 2;
        else return { end: j + 1, comment: false };
      } else j++;
    }
    return { end: n, comment: false };
  }
  if (c === '-' && text[i + 1] === '-') {
    const nl = text.slice(i).search(/[\r\n]/);
    return { end: nl < 0 ? n : i + nl, comment: true };
  }
  if (c === '/' && text[i + 1] === '*') {
    // DuckDB's (PostgreSQL's) scanner nests block comments.
    let depth = 1;
    let j = i + 2;
    while (j < n && depth > 0) {
      const pair = text.slice(j, j + 2);
      if (pair === '/*') depth++;
      else if (pair === '*/') depth--;
      j += pair === '/*' || pair === '*/' ? 2 : 1;
    }
    return { end: j, comment: true };
  }
  if (c === '$' && !IDENT_CHAR.test(text[i - 1] ?? '')) {
    DOLLAR_TAG.lastIndex = i;
    const m = DOLLAR_TAG.exec(text);
    if (m) {
      const close = text.indexOf(m[0], i + m[0].length);
      return { end: close < 0 ? n : close + m[0].length, comment: false };
    }
  }
  return undefined;
}

/**
 * Split a script into statements on `;`, ignoring semicolons inside strings,
 * quoted identifiers, comments and dollar-quoted text. Each statement is
 * trimmed of whitespace; a comment on the same line after the previous `;`
 * belongs to that statement, other leading comments to the next one.
 * Statements holding only whitespace and comments are dropped.
 */
export function splitStatements(text: string): Statement[] {
  const out: Statement[] = [];
  let from = -1; // start of the current statement, once something is seen
  let to = -1; // end of its last non-whitespace construct
  let hasCode = false;
  let lineOfSemi = false; // still on the line of the previous `;`
  const close = () => {
    if (hasCode) out.push({ sql: text.slice(from, to), from, to });
    from = to = -1;
    hasCode = false;
    lineOfSemi = true;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === ';') {
      close();
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') lineOfSemi = false;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const q = skipQuoted(text, i);
    const end = q ? q.end : i + 1;
    if (q?.comment && !hasCode && lineOfSemi) {
      // A trailing comment of the previous statement: not part of this one.
      i = end;
      continue;
    }
    if (from < 0) from = i;
    if (!q?.comment) hasCode = true;
    to = end;
    i = end;
  }
  close();
  return out;
}

// DuckDB ends a positioned error with the offending line and a caret under it:
//   "...\n\nLINE 2:   b\n          ^"   (1.x; 0.9.1 has a single "\n" before LINE)
const LINE_CONTEXT = /(?:^|\n)LINE (\d+): ([^\n]*)\n( *)\^/g;

/** Columns a grapheme takes, as DuckDB's utf8proc counts them: 0 for controls (tab) and marks, 2 for wide CJK and emoji. */
function renderWidth(grapheme: string): number {
  const cp = grapheme.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (/^[\p{Mn}\p{Me}\p{Cf}]/u.test(grapheme)) return 0;
  const wide =
    /^\p{Emoji_Presentation}/u.test(grapheme) ||
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The UTF-16 index in `line` (from `start`) of the grapheme that sits `column` display columns in. */
function indexAtColumn(line: string, start: number, column: number): number | undefined {
  let width = 0;
  for (const { segment, index } of graphemes.segment(line.slice(start))) {
    const w = renderWidth(segment);
    // Zero-width graphemes (a tab) share a column with what follows; DuckDB points at a token, so skip them.
    if (width === column && w > 0) return start + index;
    width += w;
    if (width > column) return undefined;
  }
  return width === column ? line.length : undefined;
}

/**
 * Lines of `sql` with their offsets. DuckDB 0.9.1 counts `\r` and `\n` each as a
 * line break (so CRLF counts twice); 1.x counts CRLF once. Both are tried.
 */
function linesOf(sql: string, crlfIsOne: boolean): { start: number; text: string }[] {
  const lines: { start: number; text: string }[] = [];
  const re = crlfIsOne ? /\r\n|\r|\n/g : /\r|\n/g;
  let start = 0;
  for (let m; (m = re.exec(sql)); start = m.index + m[0].length) lines.push({ start, text: sql.slice(start, m.index) });
  lines.push({ start, text: sql.slice(start) });
  return lines;
}

/** Where the excerpt DuckDB printed starts in `line`, and how many prefix columns it adds; `undefined` if it does not fit or is ambiguous. */
function placeExcerpt(line: string, excerpt: string): { start: number; prefix: number } | undefined {
  const bodies = excerpt.endsWith('...') ? [excerpt, excerpt.slice(0, -3)] : [excerpt];
  for (const body of bodies) if (line.startsWith(body)) return { start: 0, prefix: 0 };
  if (!excerpt.startsWith('...')) return undefined;
  for (const body of bodies.map((b) => b.slice(3))) {
    const at = line.indexOf(body, 1);
    if (at < 0) continue;
    // DuckDB cut the start of a long line; a repeated excerpt cannot be placed honestly.
    if (line.indexOf(body, at + 1) >= 0) return undefined;
    return { start: at, prefix: 3 };
  }
  return undefined;
}

/**
 * The offset, relative to the statement's text, that a DuckDB error message
 * points at, or `undefined` when it names no position or the position cannot
 * be recovered. Reads the `LINE n: …` excerpt and the caret under it; the
 * caret counts display columns. Without `sql` only line 1 of an uncut
 * excerpt can be placed; with it, any line, and excerpts DuckDB shortened
 * with `...`. "syntax error at end of input" maps to the end of `sql`.
 */
export function errorPosition(message: string, sql?: string): number | undefined {
  const matches = [...message.matchAll(LINE_CONTEXT)];
  const m = matches[matches.length - 1];
  if (!m) {
    if (sql !== undefined && /syntax error at end of input/.test(message)) return sql.trimEnd().length;
    return undefined;
  }
  const lineNo = Number(m[1]);
  const excerpt = m[2];
  const caret = m[3].length - `LINE ${m[1]}: `.length;
  if (sql === undefined) {
    if (lineNo !== 1 || excerpt.startsWith('...')) return undefined;
    return indexAtColumn(excerpt, 0, caret);
  }
  for (const crlfIsOne of [true, false]) {
    const line = linesOf(sql, crlfIsOne)[lineNo - 1];
    if (!line) continue;
    const placed = placeExcerpt(line.text, excerpt);
    if (!placed) continue;
    const at = indexAtColumn(line.text, placed.start, caret - placed.prefix);
    if (at !== undefined) return line.start + at;
  }
  return undefined;
}

/**
 * The span to underline for a DuckDB error in `sql`: the token at the error
 * position (a word, a quoted name or string, or one character), or the last
 * token when the error is at the end of the input.
 */
export function errorRange(message: string, sql: string): { from: number; to: number } | undefined {
  const pos = errorPosition(message, sql);
  if (pos === undefined) return undefined;
  const end = sql.trimEnd().length;
  if (pos >= end) {
    let from = end;
    while (from > 0 && IDENT_CHAR.test(sql[from - 1])) from--;
    return { from: from === end ? Math.max(0, end - 1) : from, to: end };
  }
  const q = skipQuoted(sql, pos);
  if (q && !q.comment) return { from: pos, to: q.end };
  let to = pos;
  while (to < sql.length && IDENT_CHAR.test(sql[to])) to++;
  return { from: pos, to: Math.max(to, pos + 1) };
}

/** The first keyword of a statement, lower case, after any comments; '' when there is none. */
export function firstKeyword(sql: string): string {
  for (let i = 0; i < sql.length; ) {
    if (/\s|\(/.test(sql[i]!)) {
      i++;
      continue;
    }
    const q = skipQuoted(sql, i);
    if (q?.comment) {
      i = q.end;
      continue;
    }
    return /^[A-Za-z_]+/.exec(sql.slice(i))?.[0].toLowerCase() ?? '';
  }
  return '';
}

/**
 * What a statement does to the database, by its first keyword: `reads` (a query, EXPLAIN, DESCRIBE, a PRAGMA that
 * lists), `changes` (makes, fills, alters or drops something, or changes a setting), or one of the transaction words.
 * The SQL tab lists the tables again after a change, and the engine runs changes again after a restart.
 */
export type StatementEffect = 'reads' | 'changes' | 'begin' | 'commit' | 'rollback';

const CHANGING = new Set(['create', 'drop', 'alter', 'insert', 'update', 'delete', 'copy', 'attach', 'detach', 'set', 'reset', 'use', 'truncate', 'comment', 'import', 'checkpoint']);
// A Map, not an object literal: the key is the user's text, and `constructor` must not find Object's.
const TRANSACTION = new Map<string, StatementEffect>([['begin', 'begin'], ['start', 'begin'], ['commit', 'commit'], ['end', 'commit'], ['rollback', 'rollback'], ['abort', 'rollback']]);

export function statementEffect(sql: string): StatementEffect {
  const word = firstKeyword(sql);
  return TRANSACTION.get(word) ?? (CHANGING.has(word) ? 'changes' : 'reads');
}

import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { schemaCompletion } from '../../src/ui/sql-completion';
import { statementAtCursor } from '../../src/ui/sql-statement';

/** The statement found with the cursor at `|`, in a state with the editor's own language (DuckDB's dialect). */
function at(marked: string) {
  const pos = marked.indexOf('|');
  const state = EditorState.create({ doc: marked.replace('|', ''), extensions: schemaCompletion({ tables: [] }) });
  return statementAtCursor(state, pos);
}

describe('statementAtCursor', () => {
  // `|` marks the cursor; the expected statement text follows.
  it.each([
    ['sel|ect 1; select 2', 'select 1'],
    ['|select 1; select 2', 'select 1'],
    ['select 1;| select 2', 'select 1'],
    ['select 1; | select 2', 'select 1'],
    ['select 1;\n\n|\nselect 2', 'select 1'],
    ['select 1;\n|select 2', 'select 2'],
    ['select 1; select 2|', 'select 2'],
    ['select 1; select 2;\n\n|', 'select 2'],
    ['  |  select 1', 'select 1'],
    ['select 1; -- no|te\nselect 2', 'select 1'],
    ['select 1;\n-- he|ader\nselect 2', '-- header\nselect 2'],
    ["select 'a;|b'; select 2", "select 'a;b'"],
    ['select "a;b" from t; select |2', 'select 2'],
    ['select $$a;b$$; select| 2', 'select 2'],
    ['select 1 /* ; */ + 1;| select 2', 'select 1 /* ; */ + 1'],
    ['SELECT * FROM t AS x WHERE x.|', 'SELECT * FROM t AS x WHERE x.'],
  ])('%j', (marked, expected) => {
    expect(at(marked)?.sql).toBe(expected);
  });

  it('gives the range of the statement in the document, for mapping error positions', () => {
    const doc = 'select 1;\n  select nosuch from t;';
    const s = at(`${doc.slice(0, 15)}|${doc.slice(15)}`)!;
    expect(s).toEqual({ sql: 'select nosuch from t', from: 12, to: 32 });
    expect(doc.slice(s.from, s.to)).toBe(s.sql);
  });

  it('is undefined for a script with no statements', () => {
    expect(at('  -- no|thing\n')).toBeUndefined();
  });
});

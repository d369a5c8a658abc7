import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { history, undo } from '@codemirror/commands';
import { minimalChange } from '../../src/ui/minimal-change';

const apply = (a: string, b: string) => {
  const c = minimalChange(a, b);
  return c ? EditorState.create({ doc: a }).update({ changes: c }).state.doc.toString() : a;
};

describe('minimalChange', () => {
  it.each([
    ['SELECT 1', 'SELECT 2'],
    ['', 'SELECT 1'],
    ['SELECT 1', ''],
    ['abc', 'abc'],
    ['WITH a AS (SELECT 1)\nSELECT * FROM a', 'WITH a AS (SELECT 1), b AS (SELECT 2)\nSELECT * FROM a, b'],
    ['aaa', 'aaaa'],
    ['x😀y', 'x😁y'],
    ['😀', '😀😀'],
  ])('%j → %j', (a, b) => expect(apply(a, b)).toBe(b));

  it('touches only the part that differs', () => {
    expect(minimalChange('SELECT a FROM t WHERE x', 'SELECT a, b FROM t WHERE x')).toEqual({ from: 8, to: 8, insert: ', b' });
    expect(minimalChange('same', 'same')).toBeNull();
  });

  it('one undo brings the previous text back', () => {
    let state = EditorState.create({ doc: 'SELECT 1 AS mine', extensions: history() });
    state = state.update({ changes: minimalChange(state.doc.toString(), 'SELECT 42 AS answer')! }).state;
    expect(state.doc.toString()).toBe('SELECT 42 AS answer');
    undo({ state, dispatch: (tr) => (state = tr.state) });
    expect(state.doc.toString()).toBe('SELECT 1 AS mine');
  });
});

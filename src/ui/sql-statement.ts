/**
 * The statement under the cursor, read from lang-sql's syntax tree (the parse the editor already keeps), so the
 * editor needs no second tokenizer: strings, quoted names and comments are whatever the highlighter says they are.
 */
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';

/** One statement of the document: its text (no trailing `;`) and where it sits. */
export interface CursorStatement {
  sql: string;
  from: number;
  to: number;
}

const COMMENT = /Comment$/;

/**
 * The statement the cursor is in. A cursor after a `;`, or in the whitespace before the next statement, belongs to the
 * statement before it; a cursor before the first statement belongs to the first. A comment on its own line above a
 * statement is part of it; a comment after a `;` on the same line belongs to the statement before.
 */
export function statementAtCursor(state: EditorState, pos: number): CursorStatement | undefined {
  // The whole parse (SQL documents here are small); fall back to what is parsed if that takes too long.
  const tree = ensureSyntaxTree(state, state.doc.length, 200) ?? syntaxTree(state);
  const statements: CursorStatement[] = [];
  let pendingFrom: number | undefined; // the first own-line comment since the last statement
  let lastEnd = -1;
  for (let node = tree.topNode.firstChild; node; node = node.nextSibling) {
    if (COMMENT.test(node.name)) {
      const ownLine = lastEnd < 0 || state.doc.lineAt(node.from).number > state.doc.lineAt(lastEnd).number;
      if (ownLine) pendingFrom ??= node.from;
      continue;
    }
    if (node.name !== 'Statement') continue;
    const text = state.sliceDoc(node.from, node.to).replace(/;\s*$/, '').trimEnd();
    lastEnd = node.to;
    if (text === '') {
      pendingFrom = undefined;
      continue;
    }
    const from = pendingFrom ?? node.from;
    statements.push({ from, to: node.from + text.length, sql: state.sliceDoc(from, node.from + text.length) });
    pendingFrom = undefined;
  }
  let found = statements[0];
  for (const s of statements) {
    if (s.from <= pos) found = s;
    else break;
  }
  return found;
}

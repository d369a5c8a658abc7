import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotes, placeNotes } from '../../bench/notes';

const generated = `# Benchmarks

Intro.

## Machine (run of 2026-12-06)

Machine table.

## Compare builder

Builder table.

## Memory

Memory table.
`;

describe('parseNotes', () => {
  it('splits at each after: line and ignores the text before the first', () => {
    const md = `<!-- How to write notes. -->

<!-- after: Compare builder -->
## Cube, measured by hand

Figures.

<!--after:Machine-->
## Load

Busy.
`;
    expect(parseNotes(md)).toEqual([
      { after: 'Compare builder', text: '## Cube, measured by hand\n\nFigures.' },
      { after: 'Machine', text: '## Load\n\nBusy.' },
    ]);
  });
});

describe('placeNotes', () => {
  it('puts each note at the end of its section, in order, with a heading prefix matching', () => {
    const { text, unplaced } = placeNotes(generated, [
      { after: 'Compare builder', text: '## Cube A\n\nA.' },
      { after: 'Machine', text: '## Load\n\nBusy.' },
      { after: 'Compare builder', text: '## Cube B\n\nB.' },
    ]);
    expect(unplaced).toEqual([]);
    expect(text).toBe(`# Benchmarks

Intro.

## Machine (run of 2026-12-06)

Machine table.

## Load

Busy.

## Compare builder

Builder table.

## Cube A

A.

## Cube B

B.

## Memory

Memory table.
`);
  });

  it('does not match a heading that only starts with the same words', () => {
    const { unplaced } = placeNotes(generated, [{ after: 'Compare', text: '## X' }]);
    expect(unplaced).toEqual(['Compare']);
  });

  it('puts a note naming no section at the end and reports it', () => {
    const { text, unplaced } = placeNotes(generated, [{ after: 'Gone', text: '## Old\n\nKept.' }]);
    expect(unplaced).toEqual(['Gone']);
    expect(text.endsWith('Memory table.\n\n## Old\n\nKept.\n')).toBe(true);
  });

  it('leaves the README as generated when there are no notes', () => {
    expect(placeNotes(generated, []).text).toBe(generated);
  });
});

describe('bench/notes.md', () => {
  it('holds the hand-written sections, each after a section the README generates', () => {
    const notes = parseNotes(readFileSync('bench/notes.md', 'utf8'));
    expect(notes.map((n) => n.text.split('\n')[0])).toEqual([
      "## Parquet through a file handle: the app's read-ahead (issue 16 goal 4), measured 2026-12-06",
      '## Compare builder with its cube (issue 16 goal 3), measured 2026-12-06',
      '## Command line render (issue 20), measured 2026-12-05',
      '## Snapshots, start-up and the keyed normalised view (issue 16 goals 1, 2, 5), measured 2026-12-06',
    ]);
    const template = readFileSync('bench/readme.ts', 'utf8');
    for (const n of notes) expect(template).toMatch(new RegExp(`^## ${n.after}( \\(.*)?$`, 'm'));
  });
});

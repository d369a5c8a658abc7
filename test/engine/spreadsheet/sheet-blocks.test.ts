import { describe, expect, it } from 'vitest';
import { columnLetter, type Grid, type GridCell } from '../../../src/engine/spreadsheet/grid';
import { readSheet, readSheetWith, usedRange, type SheetBlock } from '../../../src/engine/spreadsheet/sheet-blocks';

// A grid from rows of plain values: strings, numbers, dates, null for an empty cell.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Dates carry the text a "mmm-yy" format shows, as the library gives it.
const c = (v: string | number | Date | null): GridCell | undefined =>
  v === null ? undefined : { value: v, text: v instanceof Date ? `${MONTHS[v.getUTCMonth()]}-${String(v.getUTCFullYear()).slice(2)}` : String(v) };
const grid = (name: string, rows: (string | number | Date | null)[][], merges: Grid['merges'] = []): Grid => ({ name, rows: rows.map((r) => r.map(c)), merges });
const blocksOf = (g: Grid): SheetBlock[] => {
  const s = readSheet(g);
  if (s.kind !== 'data') throw new Error(`${g.name} read as ${s.kind}`);
  return s.blocks;
};

describe('readSheet', () => {
  it('reads a Home Office table: title, unit beside the caption, a merged group heading over dated columns, footnotes', () => {
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    const [b] = blocksOf(
      grid(
        'Table_1',
        [
          ['Table 1: Police officers by police force area (FTE)'],
          [],
          ['England and Wales', null, null, null, null, 'Full-time equivalents'],
          [null, 'As at:', null, null, 'Change', null],
          [],
          [null, d('2018-09-30'), d('2019-03-31'), d('2019-09-30'), 'number', '%'],
          ['North East ', 5516.65, 5397.67, 5434.69, -81.96, -1.49],
          ['Cleveland', 1223.92, 1198.27, 1225.89, 1.97, 0.16],
          ['Greater Manchester10,11', '..', '..', '..', '..', '..'],
          [],
          ['1. A footnote.'],
          ["'..' Denotes data not available"],
        ],
        [
          { r0: 3, c0: 1, r1: 4, c1: 3 },
          { r0: 3, c0: 4, r1: 4, c1: 5 },
        ],
      ),
    );
    expect(b.title).toBe('Table 1: Police officers by police force area (FTE)');
    expect(b.unit).toBe('Full-time equivalents');
    expect(b.columns.map((x) => x.name)).toEqual(['Force', 'Sep-18', 'Mar-19', 'Sep-19', 'Change number', 'Change %']);
    expect(b.columns.map((x) => x.kind)).toEqual(['text', 'number', 'number', 'number', 'number', 'number']);
    expect(b.headerRow).toBe(6);
    expect(b.headerRowsMerged).toBe(2);
    expect(b.rows).toEqual([
      ['North East', 5516.65, 5397.67, 5434.69, -81.96, -1.49],
      ['Cleveland', 1223.92, 1198.27, 1225.89, 1.97, 0.16],
      ['Greater Manchester', null, null, null, null, null],
    ]);
    expect(b.markers['Sep-19']).toEqual({ '..': 1 });
    expect(b.labelNotesRemoved).toBe(1);
    expect(b.notes).toEqual(['1. A footnote.', "'..' Denotes data not available"]);
    expect(b.skipped).toEqual({ titleRows: 2, noteRows: 2, blankRows: 0 });
  });

  it('reads a sparse unit row under the header as the unit, and drops empty spacer columns', () => {
    const [b] = blocksOf(
      grid('Table P3', [
        ['Table P3: rates'],
        ['Area Code', 'Area Name', 'Population', null, 'Total recorded crime', 'Violence'],
        [null, null, null, null, 'Rate per 1,000 population', null],
        ['E23000013', 'Cleveland', 564600, null, 101.3, 25.1],
        ['E23000008', 'Durham', 628100, null, 97.4, 33.9],
      ]),
    );
    expect(b.unit).toBe('Rate per 1,000 population');
    expect(b.columns.map((x) => x.name)).toEqual(['Area Code', 'Area Name', 'Population', 'Total recorded crime', 'Violence']);
    expect(b.droppedColumns).toEqual(['D']);
    expect(b.rows[1]).toEqual(['E23000008', 'Durham', 628100, 97.4, 33.9]);
  });

  it('names an unheaded label column "Force" only when at least half its labels are police forces', () => {
    const sep19 = new Date('2019-09-30T00:00:00Z');
    const table = (labels: string[]) => grid('T', [['Table 1: counts'], [], [null, sep19, 'Total'], ...labels.map((l, i) => [l, i + 1, i + 1])]);
    expect(blocksOf(table(['Kent', 'South East', 'Essex']))[0].columns.map((x) => x.name)).toEqual(['Force', 'Sep-19', 'Total']);
    expect(blocksOf(table(['Burglary', 'Robbery', 'Kent']))[0].columns.map((x) => x.name)).toEqual(['column A', 'Sep-19', 'Total']);
  });

  it('takes a header of years stored as numbers as the header, not as data', () => {
    const [b] = blocksOf(
      grid('P9', [
        ['Mid-year population'],
        ['Area Code', 'Area Name', 2015, 2016],
        ['E23000013', 'Cleveland', 563000, 564600],
        ['E23000008', 'Durham', 626000, 628100],
      ]),
    );
    expect(b.columns.map((x) => x.name)).toEqual(['Area Code', 'Area Name', '2015', '2016']);
    expect(b.rows).toHaveLength(2);
  });

  it('keeps a row of year-like counts inside the data in the table, not as the header of a new one', () => {
    // Counts that reach 2094 … 2100 under other counts: the finder once started a second table here.
    const rows = [['Force', 'Officers', 'Staff', 'PCSOs'], ['Kent', 3500, 1900, 250], ['Essex', 2094, 2095, 2096], ['Surrey', 2101, 1800, 90]];
    const blocks = blocksOf(grid('T', rows));
    expect(blocks).toHaveLength(1);
    expect(blocks[0].rows.map((r) => r[0])).toEqual(['Kent', 'Essex', 'Surrey']);
  });

  it('keeps a data row whose two numbers happen to look like years', () => {
    const [b] = blocksOf(
      grid('T', [
        ['Tactic', 'Times', 'Incidents'],
        ['Baton', 6062, 5354],
        ['Irritant spray not stated', 2065, 2065],
        ['Shield', 809, 809],
      ]),
    );
    expect(b.rows.map((r) => r[0])).toEqual(['Baton', 'Irritant spray not stated', 'Shield']);
  });

  it('reads tables stacked in one sheet as one block each, named by their titles, notes kept with the table above', () => {
    const blocks = blocksOf(
      grid('Stacked', [
        ['Table A: arrests'],
        ['Force', 'Arrests'],
        ['Kent', 10],
        ['Essex', 20],
        [],
        ['Source: a note about table A'],
        [],
        ['Table B: charges'],
        ['Force', 'Charges'],
        ['Kent', 3],
        ['Essex', 4],
      ]),
    );
    expect(blocks.map((b) => b.title)).toEqual(['Table A: arrests', 'Table B: charges']);
    expect(blocks[0].notes).toEqual(['Source: a note about table A']);
    expect(blocks[1].rows).toEqual([
      ['Kent', 3],
      ['Essex', 4],
    ]);
  });

  it('keeps a blank spacer row inside the data in the same table, and counts it', () => {
    const [b] = blocksOf(grid('T', [['Force', 'n'], ['Kent', 1], [], ['Essex', 2]]));
    expect(b.rows).toHaveLength(2);
    expect(b.skipped.blankRows).toBe(1);
  });

  it('counts a stray word in a number column as not converted, not as text', () => {
    const [b] = blocksOf(grid('T', [['Force', 'n', 'm'], ['A', 1, 1], ['B', 2, 1], ['C', 3, 1], ['D', 4, 1], ['E', 'see note 3', 1]]));
    expect(b.columns[1].kind).toBe('number');
    expect(b.unconverted).toEqual({ n: { count: 1, example: 'see note 3' } });
  });

  it.each([
    ['Cover_sheet', 'cover'],
    ['Contents', 'contents'],
    ['Index', 'contents'],
    ['Notes', 'notes'],
  ])('lists sheet %s as %s, with its text', (name, kind) => {
    const s = readSheet(grid(name, [['Police workforce'], ['Table 1', 'Officers', 2019]]));
    expect(s.kind).toBe(kind);
    expect(s.kind !== 'data' && s.text).toEqual(['Police workforce', 'Table 1 Officers 2019']);
  });

  it('says when a sheet is empty or holds no table', () => {
    expect(readSheet(grid('Sheet1', [])).kind).toBe('empty');
    expect(readSheet(grid('Summary', [['Some words'], ['More words', 'and more']])).kind).toBe('no-table');
  });
});

describe('readSheetWith (the load options)', () => {
  // A sheet the finder reads one way, and a user wants read another.
  const sheet = grid('T', [
    ['Officers by force'],
    ['Area', 'Force', 'Officers', 'Staff'],
    [null, null, 'FTE', 'FTE'],
    ['South East', 'Kent', 3500, 1900],
    ['South East', 'Surrey', 1900, 1800],
    [],
    ['Eastern', 'Essex', 3000, 2000],
    ['Source: Home Office'],
  ]);
  const only = (o: Parameters<typeof readSheetWith>[1]): SheetBlock => {
    const s = readSheetWith(sheet, o);
    if (s.kind !== 'data') throw new Error(`read as ${s.kind}`);
    expect(s.blocks).toHaveLength(1);
    return s.blocks[0];
  };

  it('a header row chosen: the rows under it to the end of the table, footnote off, blank row counted', () => {
    const b = only({ headerRow: 2 });
    expect(b.headerRow).toBe(2);
    expect(b.columns.map((x) => x.name)).toEqual(['Area', 'Force', 'Officers', 'Staff']);
    // The FTE row is now data: its columns hold text, so they are text columns.
    expect(b.rows[0]).toEqual([null, null, 'FTE', 'FTE']);
    expect(b.rows).toHaveLength(4);
    expect(b.skipped).toEqual({ titleRows: 0, noteRows: 1, blankRows: 1 });
    expect(b.notes).toEqual(['Source: Home Office']);
  });

  it('a header over two rows, and a range of columns and rows: only those cells, letters as the sheet has them', () => {
    const b = only({ headerRow: 3, headerRows: 2, range: 'B2:D5' });
    expect(b.headerRow).toBe(3);
    expect(b.headerRowsMerged).toBe(2);
    expect(b.columns.map((x) => [x.letter, x.name, x.kind])).toEqual([
      ['B', 'Force', 'text'],
      // "FTE" twice: each takes the heading above it, as the finder names repeated columns.
      ['C', 'Officers FTE', 'number'],
      ['D', 'Staff FTE', 'number'],
    ]);
    expect(b.rows).toEqual([
      ['Kent', 3500, 1900],
      ['Surrey', 1900, 1800],
    ]);
  });

  it('a range alone: its first row is the header, every non-blank row of it is data', () => {
    const b = only({ range: 'A2:D7' });
    expect(b.headerRow).toBe(2);
    expect(b.rows.map((r) => r[1])).toEqual([null, 'Kent', 'Surrey', 'Essex']);
    expect(b.skipped.blankRows).toBe(1);
  });

  it('a single column is a table when the user says so', () => {
    const b = only({ range: 'B2:B7' });
    expect(b.columns.map((x) => x.name)).toEqual(['Force']);
    // Row 3 is empty in column B, so within the range it is a blank row.
    expect(b.rows).toEqual([['Kent'], ['Surrey'], ['Essex']]);
    expect(b.skipped.blankRows).toBe(2);
  });

  it('rows that hold nothing are no table', () => {
    expect(readSheetWith(sheet, { range: 'F1:H9' }).kind).toBe('no-table');
    expect(readSheetWith(sheet, { headerRow: 8 }).kind).toBe('no-table');
  });
});

describe('usedRange (what "Load anyway" reads of a sheet that is not data)', () => {
  it('spans the first filled row and column to the last, blank edges and whitespace-only cells left out', () => {
    const notes = grid('Notes', [[], [null, '   '], [null, null, 'Notes'], [null, null, '1. Figures are provisional.'], [], [null, null, null, 'Source: Home Office', null]]);
    expect(usedRange(notes)).toBe('C3:D6');
    expect(usedRange(grid('Empty', [[], [null, ' ']]))).toBeUndefined();
  });

  it('is listed with a contents sheet, and read with it the sheet gives every filled row under its first', () => {
    const contents = grid('Contents', [['Police statistics'], [], ['Table', 'Title'], [1, 'Officers by force'], [2, 'Staff by force'], ['Source: Home Office']]);
    const s = readSheet(contents);
    expect(s.kind).toBe('contents');
    if (s.kind === 'data') return;
    expect(s.cells).toBe('A1:B6');
    const anyway = readSheetWith(contents, { range: s.cells });
    if (anyway.kind !== 'data') throw new Error(`read as ${anyway.kind}`);
    // The title is the header; the five rows under it (one blank, counted) are all kept, the source line too.
    expect(anyway.blocks[0].headerRow).toBe(1);
    expect(anyway.blocks[0].rows).toHaveLength(4);
    expect(anyway.blocks[0].skipped.blankRows).toBe(1);
    expect(anyway.blocks[0].rows.at(-1)?.[0]).toBe('Source: Home Office');
  });
});

describe('columnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('%i → %s', (i, letter) => expect(columnLetter(i)).toBe(letter));
});

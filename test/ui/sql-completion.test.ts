import { describe, expect, it } from 'vitest';
import { CompletionContext, type Completion, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { ensureSyntaxTree } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { schemaCompletion, sqlName } from '../../src/ui/sql-completion';
import type { SchemaInfo } from '../../src/query/schema';

const schema: SchemaInfo = {
  tables: [
    {
      name: 'disruptions',
      kind: 'table',
      columns: [
        { name: 'force', type: 'VARCHAR' },
        { name: 'Financial year', type: 'VARCHAR' },
        { name: 'order', type: 'INTEGER' },
        { name: 'count', type: 'BIGINT' },
      ],
    },
    { name: 'Force data', kind: 'view', columns: [{ name: 'region', type: 'VARCHAR' }] },
    { name: 'outcomes', kind: 'table', columns: [{ name: 'arrests', type: 'BIGINT' }] },
  ],
};

interface Offered {
  result: CompletionResult;
  option: Completion;
}

/** Every option all sources offer with the cursor at `|`, as the autocomplete plugin would ask. */
async function complete(marked: string, extension: Extension = schemaCompletion(schema), explicit = false): Promise<Offered[]> {
  const pos = marked.indexOf('|');
  const state = EditorState.create({ doc: marked.replace('|', ''), selection: { anchor: pos }, extensions: extension });
  ensureSyntaxTree(state, state.doc.length, 5000);
  const sources = state.languageDataAt<CompletionSource>('autocomplete', pos);
  const results = await Promise.all(sources.map((s) => s(new CompletionContext(state, pos, explicit))));
  return results.flatMap((result) => (result ? result.options.map((option) => ({ result, option })) : []));
}

/** The text that accepting `label` would leave in the document. */
function accept(marked: string, offered: Offered[], label: string): string {
  const hit = offered.find((o) => o.option.label === label);
  if (!hit) throw new Error(`${label} not offered; got ${offered.map((o) => o.option.label).join(', ')}`);
  const doc = marked.replace('|', '');
  const to = hit.result.to ?? marked.indexOf('|');
  const insert = typeof hit.option.apply === 'string' ? hit.option.apply : hit.option.label;
  return doc.slice(0, hit.result.from) + insert + doc.slice(to);
}

const labels = (offered: Offered[]) => offered.map((o) => o.option.label);

describe('sqlName', () => {
  it.each([
    ['force', 'force'],
    ['financial_year2', 'financial_year2'],
    ['Force name', '"Force name"'],
    ['Region', '"Region"'],
    ['select', '"select"'],
    ['order', '"order"'],
    ['null', '"null"'],
    ['year', 'year'],
    ['2023', '"2023"'],
    ['O"Brien', '"O""Brien"'],
    ['Ynys Môn', '"Ynys Môn"'],
  ])('%s → %s', (name, expected) => expect(sqlName(name)).toBe(expected));
});

describe('schemaCompletion', () => {
  it('offers tables and views, with their kind', async () => {
    const offered = await complete('select * from dis|');
    const table = offered.find((o) => o.option.label === 'disruptions')?.option;
    expect(table).toMatchObject({ type: 'type', detail: 'table' });
    expect(offered.find((o) => o.option.label === 'Force data')?.option).toMatchObject({ detail: 'view' });
    expect(accept('select * from dis|', offered, 'disruptions')).toBe('select * from disruptions');
  });

  it('inserts a name that needs quoting quoted', async () => {
    const offered = await complete('select * from For|');
    expect(accept('select * from For|', offered, 'Force data')).toBe('select * from "Force data"');
  });

  it('completes a name already opened with a quote', async () => {
    const marked = 'select * from "For|"';
    const offered = await complete(marked);
    expect(accept(marked, offered, '"Force data"')).toBe('select * from "Force data"');
  });

  it('offers the columns of a table after `table.`', async () => {
    const offered = await complete('select disruptions.| from disruptions');
    expect(labels(offered)).toEqual(expect.arrayContaining(['force', 'Financial year', 'order', 'count']));
    expect(labels(offered)).not.toContain('arrests');
    expect(offered.find((o) => o.option.label === 'force')?.option).toMatchObject({ type: 'property', detail: 'VARCHAR' });
    expect(accept('select disruptions.| from disruptions', offered, 'Financial year')).toBe(
      'select disruptions."Financial year" from disruptions',
    );
    expect(accept('select disruptions.| from disruptions', offered, 'order')).toBe('select disruptions."order" from disruptions');
  });

  it('offers columns after a quoted table name and after an alias', async () => {
    expect(labels(await complete('select "Force data".| from "Force data"'))).toContain('region');
    expect(labels(await complete('select d.| from disruptions d'))).toContain('force');
    expect(labels(await complete('select d.| from disruptions as d'))).toContain('force');
  });

  it('offers bare the columns of tables the statement names', async () => {
    const marked = 'select fo| from disruptions';
    const offered = await complete(marked);
    expect(labels(offered)).toEqual(expect.arrayContaining(['force', 'Financial year']));
    expect(labels(offered)).not.toContain('arrests');
    expect(accept(marked, offered, 'Financial year')).toBe('select "Financial year" from disruptions');
  });

  it('looks only at the statement under the cursor', async () => {
    const offered = await complete('select * from outcomes;\nselect fo| from disruptions;\nselect 1 from "Force data"');
    expect(labels(offered)).toContain('force');
    expect(labels(offered)).not.toContain('arrests');
    expect(labels(offered)).not.toContain('region');
  });

  it('completes a quoted column name in scope', async () => {
    // Typing `"` closes the quote (closeBrackets), so the cursor sits inside `""`.
    const marked = 'select "Fin|" from disruptions';
    expect(accept(marked, await complete(marked), '"Financial year"')).toBe('select "Financial year" from disruptions');
  });

  it('offers DuckDB keywords in upper case and functions marked as functions', async () => {
    const offered = await complete('select * from t qual|');
    expect(labels(offered)).toContain('QUALIFY');
    const fns = await complete('select quantile_c|');
    expect(fns.find((o) => o.option.label === 'quantile_cont')?.option).toMatchObject({ type: 'function', detail: 'function' });
    for (const kw of ['PIVOT', 'UNPIVOT', 'SUMMARIZE', 'EXCLUDE', 'REPLACE', 'ASOF', 'POSITIONAL', 'DESCRIBE']) {
      expect(labels(await complete(`${kw.slice(0, 3).toLowerCase()}|`))).toContain(kw);
    }
    for (const fn of ['read_csv', 'read_parquet', 'strftime', 'date_trunc', 'row_number', 'string_agg', 'coalesce', 'try_cast']) {
      expect(labels(await complete(`select ${fn.slice(0, 3)}|`))).toContain(fn);
    }
  });

  it('offers nothing from the schema inside strings and comments', async () => {
    expect(labels(await complete("select 'dis|'"))).not.toContain('disruptions');
    expect(labels(await complete('-- dis|'))).not.toContain('disruptions');
  });

  it('follows a schema swapped in through a compartment', async () => {
    const compartment = new Compartment();
    let state = EditorState.create({ doc: 'select * from ', extensions: compartment.of(schemaCompletion({ tables: [] })) });
    const next: SchemaInfo = { tables: [{ name: 'gradings', kind: 'table', columns: [] }] };
    state = state.update({ effects: compartment.reconfigure(schemaCompletion(next)) }).state;
    const pos = state.doc.length;
    const sources = state.languageDataAt<CompletionSource>('autocomplete', pos);
    const results = await Promise.all(sources.map((s) => s(new CompletionContext(state, pos, true))));
    expect(results.flatMap((r) => (r ? r.options.map((o) => o.label) : []))).toContain('gradings');
  });
});

describe('completion in the context of the statement (issue 13)', () => {
  const samples: SchemaInfo = {
    tables: [
      {
        name: 'disruptions_synthetic',
        kind: 'table',
        columns: ['force', 'region', 'financial_year', 'threat_type', 'disruptions'].map((name) => ({ name, type: 'VARCHAR' })),
      },
      { name: 'force_population_synthetic', kind: 'table', columns: ['force', 'financial_year', 'population'].map((name) => ({ name, type: 'VARCHAR' })) },
      { name: 'finance_lookup', kind: 'table', columns: [{ name: 'fin_code', type: 'VARCHAR' }] },
    ],
  };
  const ext = schemaCompletion(samples);
  // CodeMirror ranks options by how well they match and then by boost: a column in scope must outrank, at equal match,
  // every keyword, function and table, so it comes first.
  const rank = (offered: Offered[]) => [...offered].sort((a, b) => (b.option.boost ?? 0) - (a.option.boost ?? 0));

  it('Ctrl+Space after `WHERE fin` offers the FROM table’s column first, not keywords or other tables', async () => {
    const offered = await complete('SELECT * FROM disruptions_synthetic WHERE fin|', ext, true);
    const col = offered.find((o) => o.option.label === 'financial_year');
    expect(col?.option).toMatchObject({ type: 'property' });
    const prefixed = rank(offered.filter((o) => o.option.label.toLowerCase().startsWith('fin')));
    expect(prefixed[0].option.label).toBe('financial_year');
    // Only the columns of the table in FROM: not the other table's columns, which no table in the statement has.
    expect(labels(offered)).not.toContain('population');
    expect(labels(offered)).not.toContain('fin_code');
    for (const o of offered.filter((x) => x.option.type !== 'property')) expect(o.option.boost ?? 0, o.option.label).toBeLessThan(col!.option.boost!);
  });

  it('after `x.` with x an alias in FROM, only that table’s columns', async () => {
    const offered = await complete('SELECT * FROM disruptions_synthetic AS x WHERE x.|', ext, true);
    expect(labels(offered).sort()).toEqual(['disruptions', 'financial_year', 'force', 'region', 'threat_type']);
    // Without AS, and with a word begun: the columns offered are that table's (the list is filtered by "pop" as typed).
    const bare = await complete('SELECT * FROM force_population_synthetic x WHERE x.pop|', ext, true);
    expect(bare.filter((o) => o.option.type === 'property').map((o) => o.option.label).sort()).toEqual(['financial_year', 'force', 'population']);
    expect(labels(bare).filter((l) => /^pop/i.test(l))).toEqual(['population']);
  });

  it('with a join, the columns of both tables, each once', async () => {
    const offered = await complete('SELECT | FROM disruptions_synthetic d JOIN force_population_synthetic p USING (force)', ext, true);
    const cols = offered.filter((o) => o.option.type === 'property').map((o) => o.option.label);
    expect(cols.sort()).toEqual(['disruptions', 'financial_year', 'force', 'population', 'region', 'threat_type']);
  });
});

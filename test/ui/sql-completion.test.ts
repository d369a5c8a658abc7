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

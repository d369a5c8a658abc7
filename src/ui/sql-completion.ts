/**
 * DuckDB SQL for CodeMirror: a dialect with DuckDB's keywords, types and
 * common functions, and completion of the tables and columns the engine holds.
 */
import { sql, SQLDialect, type SQLNamespace } from '@codemirror/lang-sql';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { ident, type SchemaInfo, type SchemaTable } from '../query';
import { statementAtCursor } from './sql-statement';

// DuckDB 1.5's `duckdb_keywords()` (a superset of 0.9.1's), less the type names below,
// true/false/null (lang-sql has its own tokens for them) and the functions listed further down.
const KEYWORDS = [
  'abort absolute access action add admin after aggregate all also alter always analyse analyze and anti any array as asc asof',
  'assertion assignment asymmetric at attach attribute authorization backward before begin between binary both by cache call',
  'called cascade cascaded case cast catalog centuries century chain characteristics check checkpoint class close cluster collate',
  'collation column columns comment comments commit committed compression concurrently configuration conflict connection',
  'constraint constraints content continue conversion copy cost create cross csv cube current cursor cycle data database day days',
  'deallocate decade decades declare default defaults deferrable deferred definer delete delimiter delimiters depends desc describe',
  'detach dictionary disable discard distinct do document domain drop each else enable encoding encrypted end error escape event',
  'except exclude excluding exclusive execute exists explain export export_state extension extensions external extract family fetch',
  'filter first following for force foreign forward freeze from full function functions generated glob global grant granted group',
  'grouping grouping_id groups handler having header hold hour hours identity if ignore ilike immediate immutable implicit import in',
  'include including increment index indexes inherit inherits initially inline inner inout input insensitive insert install instead',
  'intersect into invoker is isnull isolation join key label lambda language large last lateral leading leakproof left level like',
  'limit listen load local location lock locked logged macro mapping match matched materialized maxvalue merge method microsecond',
  'microseconds millennia millennium millisecond milliseconds minute minutes minvalue mode month months move name names natural new',
  'next no none not nothing notify notnull nowait nulls object of off offset oids old on only operator option options or order',
  'ordinality others out outer over overlaps overlay overriding owned owner parallel parser partial partition partitioned passing',
  'password percent persistent pivot pivot_longer pivot_wider placing plans policy position positional pragma preceding prepare',
  'prepared preserve primary prior privileges procedural procedure program publication qualify quarter quarters quote range read',
  'reassign recheck recursive ref references referencing refresh reindex relative release rename repeatable replace replica reset',
  'respect restart restrict returning returns revoke right role rollback rollup row rows rule sample savepoint schema schemas scope',
  'scroll search second seconds secret security select semi sequence sequences serializable server session set setof sets share',
  'show similar simple skip snapshot some sorted source sql stable standalone start statement statistics stdin stdout storage stored',
  'strict strip subscription substring summarize symmetric sysid system table tables tablesample tablespace target temp template',
  'temporary then ties to trailing transaction transform treat trigger trim truncate trusted type types unbounded uncommitted',
  'unencrypted union unique unknown unlisten unlogged unpack unpivot until update use user using vacuum valid validate validator',
  'value values variable variadic varying verbose version view views virtual volatile week weeks when where whitespace window with',
  'within without work wrapper write year years yes zone',
].join(' ');

const TYPES =
  'bigint bit blob bool boolean bytea char character date dec decimal double enum float float4 float8 hugeint int int1 int2 int4 ' +
  'int8 integer interval json list long map national nchar numeric precision real short signed smallint string struct text time ' +
  'timestamp timestamptz tinyint ubigint uhugeint uinteger usmallint utinyint uuid varchar';

// Common functions present in DuckDB 0.9.1, grouped for the completion's info line.
// Names that are also keywords (first, year, left, replace …) stay keywords.
const FUNCTIONS: Record<string, string> = {
  aggregate:
    'count count_star sum avg mean min max median quantile quantile_cont quantile_disc arg_max arg_min max_by min_by string_agg ' +
    'group_concat list array_agg any_value approx_count_distinct approx_quantile stddev stddev_pop stddev_samp variance var_pop ' +
    'var_samp corr covar_pop covar_samp bool_and bool_or count_if product histogram entropy kurtosis skewness mad regr_slope regr_intercept',
  window: 'row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value',
  date:
    'strftime strptime date_trunc date_part datepart date_diff datediff date_add date_sub make_date make_timestamp current_date ' +
    'now today epoch epoch_ms to_timestamp dayofweek dayname monthname last_day age',
  string:
    'lower upper length concat concat_ws substr lpad rpad ltrim rtrim reverse repeat split_part string_split starts_with ends_with ' +
    'contains prefix suffix instr strpos format printf regexp_matches regexp_replace regexp_extract regexp_extract_all ' +
    'regexp_full_match levenshtein jaro_winkler_similarity md5 hash',
  conditional: 'coalesce nullif ifnull greatest least try_cast typeof',
  numeric: 'round floor ceil ceiling abs sign sqrt pow power exp ln log log10 log2 mod random setseed',
  list:
    'list_value list_aggregate list_sort list_distinct list_contains list_concat list_filter list_transform unnest len ' +
    'array_length struct_pack',
  table: 'read_csv read_csv_auto read_parquet parquet_scan parquet_metadata parquet_schema generate_series',
};

const functionGroup = new Map(
  Object.entries(FUNCTIONS).flatMap(([group, names]) => names.split(' ').map((name) => [name, group] as const)),
);

/** DuckDB's SQL: its keywords, types and functions, `$$` strings, `"` identifiers. */
export const DuckDBDialect = SQLDialect.define({
  keywords: KEYWORDS,
  types: TYPES,
  builtin: [...functionGroup.keys()].join(' '),
  doubleDollarQuotedStrings: true,
});

// Names DuckDB (0.9.1 or 1.5) will not take bare as a column or table name, or reads as a literal.
// Found by running `SELECT <kw> FROM k` and `SELECT a FROM <kw>` for every keyword in both.
const RESERVED = new Set(
  ('all analyse analyze and anti any array as asc asof asymmetric at authorization binary both by case cast check collate ' +
    'collation column concurrently constraint create cross default deferrable desc describe distinct do else end except false ' +
    'fetch for foreign freeze from full glob grant group having ilike in initially inner intersect into is isnull join lambda ' +
    'lateral leading left like limit natural not notnull null offset on only or order outer overlaps pivot pivot_longer ' +
    'pivot_wider placing positional primary qualify references returning right select semi show similar some summarize ' +
    'symmetric table tablesample then to trailing true union unique unpack unpivot using variadic verbose when where window with').split(' '),
);

/** The text that names `name` in SQL: bare when DuckDB reads it back unchanged, otherwise quoted. */
export function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : ident(name);
}

function option(label: string, type: string, detail: string): Completion {
  const text = sqlName(label);
  return text === label ? { label, type, detail } : { label, type, detail, apply: text };
}

function tableOption(t: SchemaTable): Completion {
  return { ...option(t.name, 'type', t.kind), info: `${t.columns.length} column${t.columns.length === 1 ? '' : 's'}` };
}

/** The schema as lang-sql's namespace: each table (its own completion) with its columns as children. */
function namespace(schema: SchemaInfo): SQLNamespace {
  // No prototype: a table called "__proto__" is a key, not the namespace's prototype (issue 17).
  const ns = Object.create(null) as { [name: string]: SQLNamespace };
  // lang-sql reads an unescaped `.` in a key as a schema separator.
  for (const t of schema.tables)
    ns[t.name.replaceAll('.', '\\.')] = { self: tableOption(t), children: t.columns.map((c) => option(c.name, 'property', c.type)) };
  return ns;
}

function keywordCompletion(label: string, type: string): Completion {
  const group = functionGroup.get(label.toLowerCase());
  if (group) return { label: label.toLowerCase(), type: 'function', detail: 'function', info: `${group} function`, boost: -1 };
  return { label, type, boost: -2 };
}

/**
 * Columns of the tables the statement under the cursor names, offered bare
 * (lang-sql only offers columns after `table.`). Any identifier that names
 * a table counts, so a column sharing a table's name may add a few extras.
 */
function columnsInStatement(schema: SchemaInfo) {
  const tables = new Map(schema.tables.map((t) => [t.name.toLowerCase(), t]));
  return (context: CompletionContext): CompletionResult | null => {
    const { state, pos } = context;
    const tree = syntaxTree(state);
    const at = tree.resolveInner(pos, -1);
    if (/String|Comment/.test(at.name)) return null;
    const quoted = at.name === 'QuotedIdentifier';
    const from = quoted ? at.from : (context.matchBefore(/\w*$/)?.from ?? pos);
    if (!quoted && from === pos && !context.explicit) return null;
    if (state.sliceDoc(from - 1, from) === '.') return null; // `t.col`: lang-sql completes the table's own columns
    const statement = statementAtCursor(state, pos);
    if (!statement) return null;
    const seen = new Map<string, Completion>();
    tree.iterate({
      from: statement.from,
      to: statement.to,
      enter: (node) => {
        if (node.from === from || (node.name !== 'Identifier' && node.name !== 'QuotedIdentifier')) return;
        const text = state.sliceDoc(node.from, node.to);
        const name = node.name === 'Identifier' ? text : text.slice(1, -1).replaceAll('""', '"');
        for (const c of tables.get(name.toLowerCase())?.columns ?? [])
          if (!seen.has(c.name)) seen.set(c.name, { ...option(c.name, 'property', c.type), boost: 1 });
      },
    });
    if (seen.size === 0) return null;
    const options = [...seen.values()];
    if (!quoted) return { from, options, validFor: /^\w*$/ };
    // Inside `"…`: insert the quoted name, swallowing a closing quote already typed.
    return {
      from,
      to: state.sliceDoc(pos, pos + 1) === '"' ? pos + 1 : pos,
      options: options.map((o) => ({ label: ident(o.label), type: o.type, detail: o.detail, boost: o.boost })),
      validFor: /^"[^"]*"?$/,
    };
  };
}

/**
 * DuckDB SQL with completion of keywords, functions, and the tables and
 * columns in `schema`. Put it in a `Compartment` and reconfigure it when the
 * schema changes; the language stays the same, so the parse is kept.
 */
export function schemaCompletion(schema: SchemaInfo): Extension {
  return [
    sql({ dialect: DuckDBDialect, schema: namespace(schema), upperCaseKeywords: true, keywordCompletion }),
    DuckDBDialect.language.data.of({ autocomplete: columnsInStatement(schema) }),
  ];
}

/**
 * Table names derived from file names: readable, valid without quoting where
 * possible, and unique among the tables already loaded.
 */

const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'default', 'deferrable', 'desc', 'describe', 'distinct', 'do', 'else',
  'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially',
  'intersect', 'into', 'lateral', 'leading', 'limit', 'not', 'null', 'offset', 'on', 'only', 'or', 'order', 'pivot',
  'placing', 'primary', 'qualify', 'references', 'returning', 'select', 'show', 'some', 'summarize', 'symmetric',
  'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'unpivot', 'using', 'variadic', 'when', 'where',
  'window', 'with',
]);

const KNOWN_EXTENSIONS = /\.(csv|tsv|txt|tab|parquet|pq|json|ndjson|jsonl|arrow|feather|ipc|arrows|gz)$/i;

/** Turn a file name into a table name: `Disruptions 2019-2024 (v2).csv` → `disruptions_2019_2024_v2`. */
export function tableNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  let stem = base;
  while (KNOWN_EXTENSIONS.test(stem)) stem = stem.replace(KNOWN_EXTENSIONS, '');
  let name = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (name === '') name = 'data';
  if (/^[0-9]/.test(name)) name = `t_${name}`;
  if (RESERVED.has(name)) name = `${name}_table`;
  return name.slice(0, 63);
}

/** Make `name` unique against `taken` (case-insensitively, as DuckDB compares names): `x`, `x_2`, `x_3`, … */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name}_${i}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

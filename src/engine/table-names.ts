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

const KNOWN_EXTENSIONS = /\.(csv|tsv|txt|tab|parquet|pq|json|ndjson|jsonl|arrow|feather|ipc|arrows|gz|xlsx|xlsm|xls|ods)$/i;

/** Turn a file name into a table name: `Disruptions 2019-2024 (v2).csv` → `disruptions_2019_2024_v2`. */
export function tableNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  let stem = base;
  while (KNOWN_EXTENSIONS.test(stem)) stem = stem.replace(KNOWN_EXTENSIONS, '');
  let name = slug(stem);
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

// Lower case ASCII letters, digits and single underscores.
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * The table name of a sheet (or of one table in it): `<file>_<sheet>`, `workforce.ods` + `Table_1` →
 * `workforce_table_1`. When the name would pass 63 characters the file part is shortened and the sheet part kept
 * whole, because the sheet part is what tells a workbook's tables apart.
 */
export function sheetTableName(fileName: string, sheetPart: string): string {
  const file = tableNameFromFile(fileName);
  const sheet = (slug(sheetPart) || 'sheet').slice(0, 62 - Math.min(8, file.length));
  const room = 63 - 1 - sheet.length;
  return `${file.slice(0, Math.max(1, room)).replace(/_+$/, '')}_${sheet}`;
}

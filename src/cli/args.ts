/** The command line, read into options: pure, so every mistake a user can type is tested without running anything. */
import { UsageError } from './errors';

export const USAGE = `Usage:
  soc-workbench render <workbook.json> --out <folder> [--data <folder>] [--db <file.duckdb>]
                       [--threads <n>] [--memory-limit <size>]

Renders every saved view of a workbook exported from SOC Workbench with native DuckDB:
per view the chart as SVG and PNG, the numbers as CSV and the SQL as a script, and an
index.html listing them. Nothing is sent anywhere; no browser is needed.

  --data <folder>        where the workbook's files are (CSV, Parquet, JSON), by the names
                         the workbook records; tables embedded in the workbook need none
  --db <file.duckdb>     read the tables from an existing DuckDB database instead (opened
                         read-only: the file is never changed)
  --out <folder>         where to write (made if missing; files of the same name replaced)
  --threads <n>          DuckDB threads (default: one per core)
  --memory-limit <size>  DuckDB memory limit, e.g. 8GB (default: DuckDB's, 80% of memory)`;

/** What `render` was asked to do. */
export interface RenderArgs {
  workbook: string;
  out: string;
  data?: string;
  db?: string;
  threads?: number;
  memoryLimit?: string;
}

/** The command and its options, or `help`. */
export type Command = { command: 'help' } | ({ command: 'render' } & RenderArgs);

const FLAGS = new Set(['--data', '--db', '--out', '--threads', '--memory-limit']);

/** Read argv (without node and the script); UsageError says what is wrong, and the usage follows it. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0 || argv.some((a) => a === '--help' || a === '-h' || a === 'help')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'render') throw new UsageError(`unknown command ${JSON.stringify(command)}: the one command is "render"`);
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (!flag.startsWith('--')) {
      positional.push(a);
      continue;
    }
    if (!FLAGS.has(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice`);
    values.set(flag, value);
  }
  if (positional.length === 0) throw new UsageError('name the workbook file to render (a .workbook.json exported from the workbench)');
  if (positional.length > 1) throw new UsageError(`one workbook at a time: got ${positional.map((p) => JSON.stringify(p)).join(', ')}`);
  const out = values.get('--out');
  if (!out) throw new UsageError('--out <folder> is needed: where the charts and numbers are written');
  if (values.has('--data') && values.has('--db')) throw new UsageError('give --data (files) or --db (a database), not both');
  const threadsText = values.get('--threads');
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 1024)) throw new UsageError(`--threads must be a whole number from 1, got ${JSON.stringify(threadsText)}`);
  const memoryLimit = values.get('--memory-limit');
  if (memoryLimit !== undefined && !/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new UsageError(`--memory-limit takes a size such as 8GB or 512MB, got ${JSON.stringify(memoryLimit)}`);
  }
  return {
    command: 'render',
    workbook: positional[0],
    out,
    ...(values.has('--data') ? { data: values.get('--data') } : {}),
    ...(values.has('--db') ? { db: values.get('--db') } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
  };
}

/**
 * Generated Arrow IPC and Parquet files, whole, cut short or bit-flipped. Arrow is written (and read back as the
 * reference) by apache-arrow in node, since native DuckDB has no Arrow IPC reader offline; Parquet is written and
 * read by native DuckDB.
 */
import { Bool, Float64, Int32, Utf8, tableFromIPC, tableToIPC, vectorFromArray, Table, type Vector } from 'apache-arrow';
import { Rng, caseSeed, flipBits } from './prng';
import { lit, type FuzzCase } from './case';
import { nativeRows } from '../native';

type Damage = { kind: 'none' } | { kind: 'truncate'; at: number } | { kind: 'flip'; bits: number; tail: boolean } | { kind: 'zero'; at: number; length: number };

function pickDamage(rng: Rng, index: number): Damage {
  switch (index % 4) {
    case 0:
      return { kind: 'none' };
    case 1:
      return { kind: 'truncate', at: rng.next() };
    case 2:
      return { kind: 'flip', bits: rng.int(1, 12), tail: rng.chance(0.5) };
    default:
      return { kind: 'zero', at: rng.next(), length: rng.int(1, 64) };
  }
}

/** Apply the damage; `what` says exactly where, so a failure can be read without the file. */
function damage(rng: Rng, bytes: Uint8Array, d: Damage): { bytes: Uint8Array; what: string } {
  switch (d.kind) {
    case 'none':
      return { bytes, what: 'whole' };
    case 'truncate': {
      const at = Math.max(1, Math.floor(d.at * bytes.length));
      return { bytes: bytes.subarray(0, at), what: `cut to ${at} of ${bytes.length} bytes` };
    }
    case 'flip': {
      // The tail holds the footer (Parquet's metadata, Arrow's schema and block index).
      const from = d.tail ? Math.max(0, bytes.length - 256) : 0;
      const { bytes: out, at } = flipBits(rng, bytes, d.bits, from);
      return { bytes: out, what: `${d.bits} bit(s) flipped at bytes ${at.join(', ')} of ${bytes.length}` };
    }
    case 'zero': {
      const at = Math.floor(d.at * bytes.length);
      const out = new Uint8Array(bytes);
      out.fill(0, at, at + d.length);
      return { bytes: out, what: `bytes ${at}–${Math.min(at + d.length, out.length) - 1} of ${bytes.length} zeroed` };
    }
  }
}

function arrowTable(rng: Rng, rows: number): Table {
  const words = ['Kent', 'Essex', 'café', '日本', '=1+1', ''];
  const columns: Record<string, Vector> = {
    force: vectorFromArray(Array.from({ length: rows }, (_, i) => `${rng.pick(words)} ${i}`), new Utf8()),
    count: vectorFromArray(Array.from({ length: rows }, () => (rng.chance(0.1) ? null : rng.int(-1e6, 1e6))), new Int32()),
  };
  if (rng.chance(0.7)) columns.rate = vectorFromArray(Array.from({ length: rows }, () => (rng.chance(0.1) ? null : rng.next() * 100)), new Float64());
  if (rng.chance(0.5)) columns.flag = vectorFromArray(Array.from({ length: rows }, () => rng.chance(0.5)), new Bool());
  return new Table(columns);
}

/** The rows apache-arrow reads from these bytes, or the reason it refuses them. */
export function arrowReference(bytes: Uint8Array): { rows: number } | { error: string } {
  try {
    const t = tableFromIPC(bytes);
    // Reading every value too: damage can hide in a buffer the schema alone does not touch.
    for (const row of t) void row?.toJSON();
    return { rows: t.numRows };
  } catch (e) {
    return { error: String(e) };
  }
}

/** `count` generated Arrow IPC files (file and stream format) for `seed`. */
export function arrowCases(seed: number, count: number): FuzzCase[] {
  return Array.from({ length: count }, (_, i) => {
    const s = caseSeed(seed, 'arrow', i);
    const rng = new Rng(s);
    const rows = rng.int(0, 5000);
    const format = rng.chance(0.5) ? 'file' : 'stream';
    const whole = tableToIPC(arrowTable(rng, rows), format);
    const d = damage(rng, whole, pickDamage(rng, i));
    return {
      id: `arrow-${i}`,
      family: 'arrow',
      seed: s,
      name: `fz_arrow_${i}.${format === 'file' ? 'arrow' : 'arrows'}`,
      what: `Arrow ${format}, ${rows} rows, ${d.what}`,
      bytes: d.bytes,
      intact: d.bytes === whole && rows > 0,
    };
  });
}

const PARQUET_COLUMNS = [
  `'force ' || (i % 43) AS force`,
  `i::INTEGER AS n`,
  `(i * 0.25)::DOUBLE AS rate`,
  `DATE '2020-01-01' + (i % 1500)::INTEGER AS day`,
  `i % 3 = 0 AS flag`,
  `CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS sparse`,
  `(i % 1000)::DECIMAL(9, 2) AS amount`,
  `['a', 'b', (i % 9)::VARCHAR] AS tags`,
  `{'x': i, 'y': 'v' || i} AS pair`,
  `repeat('z', (i % 50)::INTEGER) AS text`,
];

/** The recipe of a generated Parquet file: native DuckDB writes it, then it is damaged. */
export interface ParquetRecipe {
  select: string;
  codec: string;
  rowGroup: number;
  damage: Damage;
}

/** `count` Parquet recipes for `seed`: the bytes are made by `parquetBytes`, which needs native DuckDB. */
export function parquetCases(seed: number, count: number): (FuzzCase & { recipe: ParquetRecipe })[] {
  return Array.from({ length: count }, (_, i) => {
    const s = caseSeed(seed, 'parquet', i);
    const rng = new Rng(s);
    const rows = rng.int(0, 20_000);
    const cols = PARQUET_COLUMNS.filter((_, c) => c === 0 || rng.chance(0.5));
    const recipe: ParquetRecipe = {
      select: `SELECT ${cols.join(', ')} FROM range(${rows}) t(i)`,
      codec: rng.pick(['uncompressed', 'snappy', 'gzip', 'zstd']),
      rowGroup: rng.pick([1000, 10_000, 100_000]),
      damage: pickDamage(rng, i),
    };
    return {
      id: `parquet-${i}`,
      family: 'parquet',
      seed: s,
      name: `fz_parquet_${i}.parquet`,
      what: `Parquet ${recipe.codec}, ${rows} rows × ${cols.length} columns, row groups of ${recipe.rowGroup}`,
      bytes: new Uint8Array(),
      native: (path: string) => `read_parquet(${lit(path)})`,
      intact: recipe.damage.kind === 'none' && rows > 0,
      recipe,
    };
  });
}

/** Write the recipe's file with native DuckDB at `path`, then damage it (deterministically, by the case's seed). */
export async function parquetBytes(c: FuzzCase & { recipe: ParquetRecipe }, path: string, readFile: (p: string) => Uint8Array): Promise<FuzzCase> {
  const { recipe } = c;
  await nativeRows(`COPY (${recipe.select}) TO ${lit(path)} (FORMAT PARQUET, COMPRESSION ${recipe.codec}, ROW_GROUP_SIZE ${recipe.rowGroup})`);
  const rng = new Rng(c.seed ^ 0x5bd1e995);
  const d = damage(rng, readFile(path), recipe.damage);
  return { ...c, bytes: d.bytes, what: `${c.what}, ${d.what}` };
}

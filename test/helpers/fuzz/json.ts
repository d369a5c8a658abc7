/**
 * Generated JSON and NDJSON: arrays of objects of every JSON type, mixed types in a column, odd keys, deep nesting,
 * a few megabytes, top-level values that are not arrays of objects, and damaged text. Native DuckDB's JSON reader is
 * the reference.
 */
import { Rng, caseSeed, flipBits } from './prng';
import { encode, lit, type FuzzCase } from './case';

const KEYS = ['force', 'count', 'rate', 'note', 'when', 'flag', 'tags', 'detail', 'Kent', 'a b', 'ünï', '__proto__', 'constructor', 'toString', 'x'.repeat(200)];

function scalar(rng: Rng): unknown {
  switch (rng.int(0, 6)) {
    case 0:
      return rng.int(-1e6, 1e6);
    case 1:
      return rng.next() * 1e3;
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return `${rng.pick(['Kent', 'Essex', 'café', '日本', '=1+1', '<b>x</b>', '"q"', ''])}`;
    case 5:
      return '2024-0' + rng.int(1, 9) + '-1' + rng.int(0, 9);
    default:
      return rng.int(0, 1) ? 2 ** 53 + rng.int(0, 9) : -0.0;
  }
}

function value(rng: Rng, depth: number): unknown {
  if (depth <= 0 || rng.chance(0.75)) return scalar(rng);
  if (rng.chance(0.5)) return Array.from({ length: rng.int(0, 4) }, () => value(rng, depth - 1));
  return Object.fromEntries(Array.from({ length: rng.int(0, 4) }, (_, i) => [`k${i}`, value(rng, depth - 1)]));
}

/** Rows of one shape: each key keeps its type, or (with `mixed`) changes type from row to row. */
function rows(rng: Rng, count: number, keys: string[], mixed: boolean): Record<string, unknown>[] {
  const kinds = keys.map(() => rng.int(0, 4));
  return Array.from({ length: count }, (_, r) => {
    // Null-prototype, so that a key named __proto__ is an own key, written out as JSON.parse would read it.
    const row: Record<string, unknown> = Object.create(null);
    keys.forEach((k, i) => {
      if (rng.chance(0.05)) return; // a key missing from this row
      const kind = mixed && rng.chance(0.3) ? rng.int(0, 4) : kinds[i];
      row[k] = kind === 0 ? rng.int(-999, 999) : kind === 1 ? r / 7 : kind === 2 ? `v${r}` : kind === 3 ? rng.chance(0.5) : value(rng, 3);
    });
    return row;
  });
}

/** Serialise, keeping keys such as __proto__ as own keys (JSON.stringify does; an object literal would not). */
function nested(depth: number, inner: string): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

function pickKeys(rng: Rng, n: number): string[] {
  const keys = new Set<string>();
  while (keys.size < n) keys.add(rng.chance(0.6) ? rng.pick(KEYS) : `col_${rng.int(0, 999)}`);
  return [...keys];
}

/** `count` generated JSON files for `seed`. */
export function jsonCases(seed: number, count: number): FuzzCase[] {
  return Array.from({ length: count }, (_, i) => {
    const s = caseSeed(seed, 'json', i);
    const rng = new Rng(s);
    let text: string;
    let what: string;
    let ndjson = false;
    let encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' = 'utf-8';
    let damage: 'truncate' | 'flip' | null = null;
    // Arrays (or NDJSON) of at least one object with keys, whole: these must load.
    let intact = false;
    switch (i % 8) {
      case 0: {
        const n = rng.int(0, 3000);
        const keys = pickKeys(rng, rng.int(1, 12));
        text = JSON.stringify(rows(rng, n, keys, false), null, rng.chance(0.5) ? 2 : undefined);
        what = `array of ${n} objects, ${keys.length} keys`;
        intact = n > 0;
        break;
      }
      case 1: {
        const n = rng.int(1, 3000);
        const keys = pickKeys(rng, rng.int(1, 8));
        const eol = rng.pick(['\n', '\r\n']);
        text = rows(rng, n, keys, rng.chance(0.5)).map((r) => JSON.stringify(r)).join(eol) + (rng.chance(0.5) ? eol : '');
        ndjson = true;
        what = `NDJSON, ${n} lines, ${keys.length} keys`;
        intact = n > 0;
        break;
      }
      case 2: {
        const n = rng.int(1, 2000);
        const keys = pickKeys(rng, rng.int(2, 10));
        text = JSON.stringify(rows(rng, n, keys, true));
        what = `array of ${n} objects whose values change type`;
        intact = n > 0;
        break;
      }
      case 3: {
        const depth = rng.pick([20, 200, 999, 1001, 4000, 20_000]);
        text = `[{"force":"Kent","n":1},{"force":"Essex","n":2,"deep":${nested(depth, String(rng.int(0, 9)))}}]`;
        what = `a value nested ${depth} deep`;
        break;
      }
      case 4: {
        const n = rng.int(8_000, 15_000);
        text = JSON.stringify(rows(rng, n, ['force', 'count', 'rate', 'note'], false));
        what = `array of ${n} objects (${Math.round(text.length / 1e5) / 10} MB)`;
        intact = n > 0;
        break;
      }
      case 5: {
        text = rng.pick([
          '42',
          '"just a string"',
          '{"force":"Kent","count":3}',
          '[1, 2, 3]',
          '[[1, 2], [3, 4]]',
          '[]',
          '[{}]',
          '[null, {"a": 1}]',
          `{"rows": ${JSON.stringify(rows(rng, 5, ['a', 'b'], false))}}`,
          `[${Array.from({ length: 3 }, () => `{${Array.from({ length: 2000 }, (_, k) => `"c${k}":${k}`).join(',')}}`).join(',')}]`,
        ]);
        what = `top level: ${text.slice(0, 40)}`;
        break;
      }
      case 6: {
        const n = rng.int(1, 500);
        text = JSON.stringify(rows(rng, n, pickKeys(rng, rng.int(1, 6)), false));
        encoding = rng.pick(['utf-8-bom', 'utf-16le'] as const);
        ndjson = false;
        what = `array of ${n} objects in ${encoding}`;
        intact = n > 0;
        break;
      }
      default: {
        const n = rng.int(5, 800);
        ndjson = rng.chance(0.4);
        const list = rows(rng, n, pickKeys(rng, rng.int(1, 6)), false);
        text = ndjson ? list.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(list);
        damage = rng.chance(0.5) ? 'truncate' : 'flip';
        what = `${ndjson ? 'NDJSON' : 'JSON'} of ${n} rows, ${damage === 'truncate' ? 'cut short' : 'bit-flipped'}`;
      }
    }
    let bytes = encode(text, encoding);
    let nativeBytes = encoding === 'utf-8' ? undefined : encode(text, 'utf-8');
    if (damage === 'truncate') bytes = bytes.subarray(0, rng.int(1, bytes.length - 1));
    if (damage === 'flip') {
      const flipped = flipBits(rng, bytes, rng.int(1, 6));
      bytes = flipped.bytes;
      what += ` at bytes ${flipped.at.join(', ')}`;
    }
    if (damage) nativeBytes = undefined;
    const name = `fz_json_${i}.${ndjson ? 'ndjson' : 'json'}`;
    return {
      id: `json-${i}`,
      family: 'json',
      seed: s,
      name,
      what,
      bytes,
      nativeBytes,
      intact,
      // Only the rows are compared: nesting below 2 levels is left as JSON, which keeps a 20,000-deep value fast.
      native: (path: string) => `read_json(${lit(path)}, format = ${ndjson ? "'newline_delimited'" : "'auto'"}, maximum_depth = 2)`,
    };
  });
}

/**
 * Generated workbook files and `#view=` links: a valid one, mutated at the level of its JSON (a field removed, a
 * value swapped for one of another type, hostile keys and text, deep nesting, many copies) or of its bytes (cut
 * short, bit-flipped, base64 damaged).
 */
import { deflateRawSync } from 'node:zlib';
import { Rng, caseSeed, flipBits } from './prng';
import type { FuzzCase } from './case';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const HOSTILE: Json[] = [
  null,
  0,
  -1,
  1e308,
  3.5,
  true,
  '',
  '<img src=x onerror="window.__pwned=1">',
  '"; DROP TABLE disruptions_synthetic; --',
  '=HYPERLINK("http://x")',
  '\u202eevil',
  'x'.repeat(100_000),
  [],
  {},
  JSON.parse('{"__proto__": {"polluted": 1}}') as Json,
  { constructor: { prototype: { polluted: 1 } } },
];

/** Every path to a value in the document, e.g. ['views', 0, 'spec', 'table']. */
function paths(doc: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (at.length) out.push(at);
  // Not into a nest an earlier change made: one level of it is enough to change, and walking it all is slow.
  if (at.length >= 32) return out;
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...at, i], out));
  else if (doc && typeof doc === 'object') for (const k of Object.keys(doc)) paths(doc[k], [...at, k], out);
  return out;
}

/** A copy of `doc` changed at one path; `what` names the change. */
function mutate(rng: Rng, doc: Json): { doc: Json; what: string } {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const all = paths(copy);
  const path = rng.pick(all);
  const parent = path.slice(0, -1).reduce<Json>((d, k) => (d as Record<string | number, Json>)[k], copy) as Record<string | number, Json>;
  const key = path[path.length - 1];
  const joined = path.join('.');
  const where = joined.length > 60 ? `${joined.slice(0, 28)}…${joined.slice(-28)}` : joined;
  switch (rng.int(0, 4)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return { doc: copy, what: `${where} removed` };
    case 1: {
      const v = rng.pick(HOSTILE);
      // A key named __proto__ must be an own key, as JSON.parse makes it: write it through defineProperty.
      Object.defineProperty(parent, key, { value: v, enumerable: true, writable: true, configurable: true });
      return { doc: copy, what: `${where} = ${JSON.stringify(v)?.slice(0, 40)}` };
    }
    case 2: {
      let v: Json = 1;
      // Past the app's limits (16 levels in a workbook, 1,000 in JSON), yet within what JSON.stringify can copy twice.
      const depth = rng.pick([50, 900, 2000]);
      for (let i = 0; i < depth; i++) v = [v];
      parent[key] = v;
      return { doc: copy, what: `${where} nested ${depth} deep` };
    }
    case 3: {
      const n = rng.pick([2, 50, 2000]);
      parent[key] = Array.from({ length: n }, () => parent[key]);
      return { doc: copy, what: `${where} repeated ${n} times in an array` };
    }
    default:
      Object.defineProperty(parent, rng.pick(['__proto__', 'constructor', 'prototype', 'extra']), { value: { polluted: 1 }, enumerable: true, writable: true, configurable: true });
      return { doc: copy, what: `a hostile key added beside ${where}` };
  }
}

/** `count` workbook files made from `valid` (the bytes of a valid workbook file). */
export function workbookCases(seed: number, count: number, valid: Uint8Array): FuzzCase[] {
  const doc = JSON.parse(new TextDecoder().decode(valid)) as Json;
  return Array.from({ length: count }, (_, i) => {
    const s = caseSeed(seed, 'workbook', i);
    const rng = new Rng(s);
    let bytes: Uint8Array;
    let what: string;
    switch (i % 4) {
      case 0: {
        const at = rng.int(1, valid.length - 1);
        bytes = valid.subarray(0, at);
        what = `cut to ${at} of ${valid.length} bytes`;
        break;
      }
      case 1: {
        const f = flipBits(rng, valid, rng.int(1, 4));
        bytes = f.bytes;
        what = `bit(s) flipped at bytes ${f.at.join(', ')}`;
        break;
      }
      default: {
        let m = mutate(rng, doc);
        const changes = [m.what];
        if (i % 4 === 3) {
          m = mutate(rng, m.doc);
          changes.push(m.what);
        }
        bytes = new TextEncoder().encode(JSON.stringify(m.doc));
        what = changes.join('; ');
      }
    }
    return { id: `workbook-${i}`, family: 'workbook', seed: s, name: `fz_wb_${i}.workbook.json`, what, bytes };
  });
}

/** The hash of a link to `spec`, packed as the app packs it (deflate-raw, base64url) by node's zlib. */
export function linkHash(spec: unknown, version = '1'): string {
  return `#view=${version}.${deflateRawSync(Buffer.from(JSON.stringify(spec))).toString('base64url')}`;
}

/** `count` `#view=` links made from `spec` (a valid view of a table the app has loaded). */
export function linkCases(seed: number, count: number, spec: Json): FuzzCase[] {
  return Array.from({ length: count }, (_, i) => {
    const s = caseSeed(seed, 'link', i);
    const rng = new Rng(s);
    const valid = linkHash(spec);
    let hash: string;
    let what: string;
    // Themes in this order so that a short run covers a valid link, a changed spec and a bomb first.
    switch ([0, 4, 5, 1, 2, 3][i % 6]) {
      case 0:
        hash = valid;
        what = 'the valid link';
        break;
      case 1: {
        const payload = valid.slice('#view=1.'.length);
        const at = rng.int(0, payload.length - 1);
        const ch = rng.pick([...'ABCxyz019-_!~%.']);
        hash = `#view=1.${payload.slice(0, at)}${ch}${payload.slice(at + 1)}`;
        what = `payload character ${at} replaced by ${JSON.stringify(ch)}`;
        break;
      }
      case 2: {
        const at = rng.int(8, valid.length - 1);
        hash = valid.slice(0, at);
        what = `cut to ${at} of ${valid.length} characters`;
        break;
      }
      case 3: {
        const version = rng.pick(['0', '2', '99', 'x', '', '1e3', '-1']);
        hash = `#view=${version}.${valid.slice('#view=1.'.length)}`;
        what = `version ${JSON.stringify(version)}`;
        break;
      }
      case 4: {
        const m = mutate(rng, spec);
        hash = linkHash(m.doc);
        what = `spec with ${m.what}`;
        break;
      }
      default: {
        const kind = rng.int(0, 2);
        if (kind === 0) {
          hash = `#view=1.${deflateRawSync(Buffer.alloc(2_000_000, 0x20)).toString('base64url')}`;
          what = 'a small payload that inflates to 2 MB';
        } else if (kind === 1) {
          hash = `#view=1.${'A'.repeat(9000)}`;
          what = 'a 9,000-character link';
        } else {
          hash = `#view=1.${deflateRawSync(Buffer.from('[1,2,3]')).toString('base64url')}&view=2.x`;
          what = 'a link whose view is not an object, with a second view';
        }
      }
    }
    return { id: `link-${i}`, family: 'link', seed: s, name: `link ${i}`, what, bytes: new TextEncoder().encode(hash) };
  });
}

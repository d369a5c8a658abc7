/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for the fuzz suite: the same seed gives the same cases on
 * every machine, and each case has a seed of its own so that one case can be made again alone.
 */

/** A deterministic source of random choices. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
}

/** The seed of case `index` of family `family` under the run's seed: cases stay the same when others are added. */
export function caseSeed(seed: number, family: string, index: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const ch of `${family}:${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Flip `count` bits of a copy of `bytes` at positions the PRNG picks in [from, bytes.length). */
export function flipBits(rng: Rng, bytes: Uint8Array, count: number, from = 0): { bytes: Uint8Array; at: number[] } {
  // A copy: Buffer#slice (a Buffer from readFileSync) would be a view, and the flips would land in the caller's bytes.
  const out = new Uint8Array(bytes);
  const at: number[] = [];
  for (let i = 0; i < count && out.length > from; i++) {
    const pos = rng.int(from, out.length - 1);
    out[pos] ^= 1 << rng.int(0, 7);
    at.push(pos);
  }
  return { bytes: out, at };
}

// A seeded PRNG for the sample generator. Only integer ops, +, -, *, / and sqrt are used here (all exactly
// specified by IEEE 754), never exp/log/sin, whose last bits may differ between engines; so the samples come out
// byte-identical on any machine.

/** Uniform numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a hash of a string, to derive one independent stream per table from a name. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A seeded random source with the few draws the generator needs. */
export class Random {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.#next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Approximately standard normal: the Irwin–Hall sum of 12 uniforms, minus 6. */
  normal(): number {
    let s = 0;
    for (let i = 0; i < 12; i++) s += this.#next();
    return s - 6;
  }

  /** A count with mean `mean`: binomial(60, mean/60) when small (≈ Poisson), else rounded normal. */
  count(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      let k = 0;
      for (let i = 0; i < 60; i++) if (this.#next() < mean / 60) k++;
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }
}

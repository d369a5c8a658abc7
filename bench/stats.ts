/** Summaries of repeated timings. With 3–5 runs, p95 by nearest rank is the slowest run: said so in the report. */

/** Median (mean of the middle two for an even count); NaN for no samples. */
export function median(xs: readonly number[]): number {
  const s = finite(xs);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Percentile by nearest rank (p in 0..100); NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  const s = finite(xs);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Run `f` `warmup` times unrecorded, then `runs` times; returns the recorded results. */
export async function repeat<T>(runs: number, f: (i: number) => Promise<T>, warmup = 0): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await f(-1 - i);
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await f(i));
  return out;
}

function finite(xs: readonly number[]): number[] {
  return xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
}

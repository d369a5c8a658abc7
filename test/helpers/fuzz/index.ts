/** The fuzz suite's cases for one seed: every family, in a fixed order, each case reproducible alone. */
export { Rng, caseSeed, flipBits } from './prng';
export { encode, lit, type Family, type FuzzCase } from './case';
export { csvCases, csvText, wideCsvCase, type CsvShape } from './csv';
export { jsonCases } from './json';
export { arrowCases, arrowReference, parquetBytes, parquetCases, type ParquetRecipe } from './binary';
export { linkCases, linkHash, workbookCases } from './structured';

/** The seed when SOCWB_FUZZ_SEED is not set: fixed, so CI runs the same cases every time. */
export const DEFAULT_SEED = 17;

/** The run's seed: SOCWB_FUZZ_SEED (decimal or 0x…), else DEFAULT_SEED. */
export function fuzzSeed(env: string | undefined): number {
  if (env === undefined || env === '') return DEFAULT_SEED;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`SOCWB_FUZZ_SEED must be an integer from 0 to 2^32 - 1, not ${JSON.stringify(env)}`);
  return n;
}

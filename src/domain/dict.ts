/**
 * Lookups keyed by the user's text (table, file and column names, cell values). A plain `{}` answers
 * `x["constructor"]` with Object's constructor and takes `x["__proto__"] = v` as a new prototype, so a table or
 * column of that name breaks whatever reads it (issue 17). These objects have no prototype.
 */

/**
 * An object without a prototype, filled from entries: `x["constructor"]` is undefined and `x["__proto__"] = …` is a
 * plain key, so a file or column of any name is looked up and stored like any other. Spread copies lose this (`{...x}`
 * has a prototype again): copy with `dict(Object.entries(x))`, or add with `withKey`.
 */
export function dict<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** A copy of `x` (a dict) with `key` set to `value`: the null-prototype spread `{ ...x, [key]: value }`. */
export function withKey<T>(x: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const out = dict(Object.entries(x));
  out[key] = value;
  return out;
}

/** `x[key]` when `x` has its own `key`, else undefined: reads a plain object (parsed JSON, a constant table) safely. */
export function own<T>(x: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(x, key) ? x[key] : undefined;
}

/** Errors and version migrations for view specs; parseViewSpec in view-spec.ts runs these first. */

/** A view spec that can't be read: `path` names the field (`views[2].measure.column`), the message says why. */
export class SpecError extends Error {
  override name = 'SpecError';
  readonly path: string;
  readonly detail: string;
  constructor(path: string, detail: string) {
    super(path === '' ? detail : `${path}: ${detail}`);
    this.path = path;
    this.detail = detail;
  }
}

/** Rewrites a spec of version n into version n + 1 (it must set the new `version`). */
export type Migration = (spec: Record<string, unknown>) => Record<string, unknown>;

/** Migrations keyed by the version they upgrade from. Version 1 is the first, so there are none yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

const CURRENT = 1;

function at(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Upgrade an old spec step by step to the current version; newer or unknown versions throw SpecError. */
export function migrate(x: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, prefix = ''): unknown {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new SpecError(prefix, `a view spec must be a JSON object, got ${Array.isArray(x) ? 'an array' : JSON.stringify(x) ?? typeof x}`);
  }
  let spec = x as Record<string, unknown>;
  const version = spec.version;
  if (version === undefined) throw new SpecError(at(prefix, 'version'), `is missing (this workbench writes version ${CURRENT})`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new SpecError(at(prefix, 'version'), `expected a whole number, got ${JSON.stringify(version)}`);
  }
  if (version > CURRENT) {
    throw new SpecError(at(prefix, 'version'), `${version} is newer than this workbench understands (${CURRENT}); open it in a newer version`);
  }
  for (let n = version; n < CURRENT; n++) {
    const step = migrations[n];
    if (!step) throw new SpecError(at(prefix, 'version'), `${n} can't be read: there is no migration from version ${n}`);
    spec = step(spec);
    if (spec.version !== n + 1) throw new SpecError(at(prefix, 'version'), `migration from ${n} gave version ${JSON.stringify(spec.version)}, expected ${n + 1}`);
  }
  return spec;
}

/**
 * What the user taught the workbench (role corrections, value mappings) as a workbook carries it, and how an opened
 * workbook's teaching combines with what the user already had. Pure: the app reads and writes its own store.
 * Everything keyed by user text (file names, column names, values) is keyed through Maps, so a column called
 * "constructor" or "__proto__" is just a column.
 */
import { forceById, matchForce } from '../domain/forces';
import { regionById } from '../domain/regions';
import { matchRegion } from '../domain/roles';
import { matchThreat, threatById } from '../domain/threats';
import type { MappingRole, RoleCorrection, ValueMapping, Workbook } from './workbook';

/** The part of a workbook that says what the user taught the workbench. */
export type Taught = Pick<Workbook, 'roleCorrections' | 'valueMappings'>;

/** The canonical name of a mapping's target (`metropolitan` → "Metropolitan Police"), or undefined for an unknown id. */
export function mappingTargetName(role: MappingRole, id: string): string | undefined {
  return role === 'force' ? forceById(id)?.name : role === 'region' ? regionById(id)?.name : threatById(id)?.name;
}

/**
 * The role and id a canonical name or id stands for ("Metropolitan Police", `kent`, "Eastern", "County lines"), forces
 * first; undefined when it names none. Used to read version-1 files, whose mappings named their target as text.
 */
export function resolveMappingTarget(text: string): { role: MappingRole; to: string } | undefined {
  const force = forceById(text) ?? matchForce(text);
  if (force) return { role: 'force', to: force.id };
  const region = regionById(text) ?? matchRegion(text);
  if (region) return { role: 'region', to: region.id };
  const threat = threatById(text) ?? matchThreat(text);
  return threat ? { role: 'threat', to: threat.id } : undefined;
}

const correctionKey = (c: Pick<RoleCorrection, 'file' | 'column'>) => JSON.stringify([c.file, c.column]);
const mappingKey = (m: Pick<ValueMapping, 'role' | 'value'>) => JSON.stringify([m.role, m.value]);

/**
 * The workbook's corrections, each also under the other names its file goes by here: a table embedded in the
 * workbook is loaded from `<table>.parquet`, not from the file its corrections name. `alsoAs` maps a file name to
 * those other names.
 */
export function underLoadedNames(taught: Taught, alsoAs: ReadonlyMap<string, readonly string[]>): Taught {
  const out = new Map<string, RoleCorrection>();
  for (const c of taught.roleCorrections) {
    for (const file of [c.file, ...(alsoAs.get(c.file) ?? [])]) out.set(correctionKey({ file, column: c.column }), { ...c, file });
  }
  return { roleCorrections: [...out.values()], valueMappings: taught.valueMappings };
}

/** One change that combining made or declined, in words for the user's notice. */
export interface TaughtChange {
  kind: 'role' | 'mapping';
  /** The file a role correction is for. */
  file?: string;
  /** `deaths.csv: "Authority"` or `"SOCA / NCA" (force)`. */
  what: string;
  /** What the user had, when it was different. */
  was?: string;
  now: string;
}

/** The result of combining: the teaching to keep, and what was added, replaced and left as the user had it. */
export interface TaughtMerge {
  taught: Taught;
  added: TaughtChange[];
  replaced: TaughtChange[];
  /** The incoming teaching that lost to the user's own (only when the user's wins). */
  declined: TaughtChange[];
}

const describeMapping = (m: ValueMapping) => mappingTargetName(m.role, m.to) ?? m.to;

/**
 * Combine the user's teaching (`mine`) with a workbook's (`theirs`), item by item: a correction of the same file and
 * column, or a mapping of the same value for the same role, is taken from the side that wins (`prefer`); everything
 * else of both is kept. An opened workbook wins (its views then show the numbers its author saw); an autosaved one
 * only fills gaps (the user's own corrections since are newer).
 */
export function mergeTaught(mine: Taught, theirs: Taught, prefer: 'theirs' | 'mine'): TaughtMerge {
  const added: TaughtChange[] = [];
  const replaced: TaughtChange[] = [];
  const declined: TaughtChange[] = [];
  const roles = new Map(mine.roleCorrections.map((c) => [correctionKey(c), c]));
  for (const c of theirs.roleCorrections) {
    const key = correctionKey(c);
    const had = roles.get(key);
    const change: TaughtChange = { kind: 'role', file: c.file, what: `${c.file}: ${JSON.stringify(c.column)}`, now: c.role };
    if (!had) (roles.set(key, c), added.push(change));
    else if (had.role === c.role) continue;
    else if (prefer === 'theirs') (roles.set(key, c), replaced.push({ ...change, was: had.role }));
    else declined.push({ ...change, was: had.role });
  }
  const mappings = new Map(mine.valueMappings.map((m) => [mappingKey(m), m]));
  for (const m of theirs.valueMappings) {
    const key = mappingKey(m);
    const had = mappings.get(key);
    const change: TaughtChange = { kind: 'mapping', what: `${JSON.stringify(m.value)} (${m.role})`, now: describeMapping(m) };
    if (!had) (mappings.set(key, m), added.push(change));
    else if (had.to === m.to) continue;
    else if (prefer === 'theirs') (mappings.set(key, m), replaced.push({ ...change, was: describeMapping(had) }));
    else declined.push({ ...change, was: describeMapping(had) });
  }
  return { taught: { roleCorrections: [...roles.values()], valueMappings: [...mappings.values()] }, added, replaced, declined };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (changes: readonly TaughtChange[]) =>
  changes
    .slice(0, 6)
    .map((c) => `${c.what} → ${c.now}${c.was ? ` (was ${c.was})` : ''}`)
    .join('; ') + (changes.length > 6 ? `; and ${changes.length - 6} more` : '');

/** The notice that says what combining did, or null when it changed nothing. */
export function describeMerge(merge: TaughtMerge, from: string): string | null {
  const parts: string[] = [];
  const count = (cs: readonly TaughtChange[]) => {
    const r = cs.filter((c) => c.kind === 'role').length;
    const m = cs.length - r;
    return [r ? plural(r, 'role correction') : '', m ? plural(m, 'value mapping') : ''].filter(Boolean).join(' and ');
  };
  if (merge.added.length) parts.push(`Applied ${count(merge.added)} from ${from}: ${list(merge.added)}.`);
  if (merge.replaced.length) parts.push(`Replaced ${count(merge.replaced)} of your own with its: ${list(merge.replaced)}.`);
  if (merge.declined.length) parts.push(`Kept ${count(merge.declined)} of your own over its: ${list(merge.declined)}.`);
  return parts.length ? parts.join(' ') : null;
}

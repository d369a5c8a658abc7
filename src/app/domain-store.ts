/**
 * What the user taught the workbench about their data, kept across reloads: role corrections (by file name and
 * column) and value mappings. Storage is injected so tests can replace it; when the browser refuses storage the
 * corrections still apply for the session.
 */
import { dict, type RoleKind } from '../domain';
import type { ValueMapping } from '../query';
import type { KeyValueStore } from './browser-storage';
import type { Taught } from '../workbook';

/** Persisted domain knowledge, version 1. */
export interface DomainMemory {
  version: 1;
  /** File name → column → role the user chose; null-prototype objects (see `dict`), as the keys are the user's text. */
  roles: Record<string, Record<string, RoleKind>>;
  mappings: ValueMapping[];
}

export { dict };

/** The user's teaching as a workbook carries it, for the files named (all files when none are given). */
export function memoryToTaught(memory: DomainMemory, files?: readonly string[]): Taught {
  const wanted = files && new Set(files);
  return {
    roleCorrections: Object.entries(memory.roles)
      .filter(([file]) => !wanted || wanted.has(file))
      .flatMap(([file, cols]) => Object.entries(cols).map(([column, role]) => ({ file, column, role }))),
    valueMappings: memory.mappings.map((m) => ({ role: m.role, value: m.value, to: m.to })),
  };
}

/** The memory that holds exactly this teaching. */
export function taughtToMemory(taught: Taught): DomainMemory {
  const roles = dict<Record<string, RoleKind>>();
  for (const c of taught.roleCorrections) (roles[c.file] ??= dict<RoleKind>())[c.column] = c.role;
  return { version: 1, roles, mappings: taught.valueMappings.map((m) => ({ ...m })) };
}

const KEY = 'soc-workbench.domain.v1';
const KINDS = new Set<string>(['force', 'region', 'period', 'threat', 'measure', 'dimension']);

/** Read the memory, dropping anything malformed (a hand-edited or older entry must not break the app). */
export function readMemory(store: KeyValueStore): DomainMemory {
  const empty: DomainMemory = { version: 1, roles: dict(), mappings: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(store.get(KEY) ?? 'null');
  } catch {
    return empty;
  }
  if (!raw || typeof raw !== 'object') return empty;
  const r = raw as Partial<DomainMemory>;
  const roles: DomainMemory['roles'] = dict();
  // JSON.parse makes "__proto__" an own key, which Object.entries lists: the null-prototype copy keeps it a key.
  for (const [file, cols] of Object.entries(r.roles ?? {})) {
    if (!cols || typeof cols !== 'object') continue;
    const kept = Object.entries(cols).filter(([, k]) => typeof k === 'string' && KINDS.has(k));
    if (kept.length) roles[file] = dict(kept as [string, RoleKind][]);
  }
  const mappings = (Array.isArray(r.mappings) ? r.mappings : []).filter(
    (m): m is ValueMapping =>
      !!m && typeof m === 'object' && ['force', 'region', 'threat'].includes((m as ValueMapping).role) &&
      typeof (m as ValueMapping).value === 'string' && typeof (m as ValueMapping).to === 'string',
  );
  return { version: 1, roles, mappings };
}

/** Write the memory. */
export function writeMemory(store: KeyValueStore, memory: DomainMemory): void {
  store.set(KEY, JSON.stringify(memory));
}

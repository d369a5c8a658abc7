/**
 * Which engine objects are the workbench's own, and where each is shown: the one rule the data panel, the domain
 * state and the compare builder all follow. Objects are matched by their exact names (a lookup table's name, or a
 * loaded table's name plus a suffix), never by a prefix, so a user's own `soc_returns` is the user's.
 */

/** The lookup tables normalisation joins; created by mappingTablesSql(), read by the view. */
export interface MappingTables {
  force: string;
  region: string;
  threat: string;
}

/** Default lookup table names. */
export const MAPPING_TABLES: Readonly<MappingTables> = { force: 'soc_force_map', region: 'soc_region_map', threat: 'soc_threat_map' };

/** What an engine object is to the workbench. */
export type ObjectKind =
  /** Loaded or made by the user. */
  | 'user'
  /** A mapping table the normalised views join (soc_force_map, soc_region_map, soc_threat_map). */
  | 'lookup'
  /** `<table>_norm`, made for each recognised table; the table's details link it. */
  | 'normalised'
  /** `<table>_long`, the long form of a wide table, made when the user asks: theirs to use like any table. */
  | 'long'
  /** `<table>__raw`, a messy CSV's text while it is cleaned into `<table>`. */
  | 'staging'
  /** Reference data the workbench provides (ONS population). */
  | 'reference';

/** Where an object of a kind appears. */
export interface ObjectPlace {
  kind: ObjectKind;
  /** Under which heading the data panel lists it, or null when it does not. */
  panel: 'data' | 'reference' | null;
  /** Whether the compare builder offers it as a table to compare. */
  builder: boolean;
  /** Whether column roles are recognised in it (and a normalised view made). */
  recognised: boolean;
}

/** Reference tables the workbench makes itself. */
export const REFERENCE_TABLES: readonly string[] = ['ref_population'];

const PLACES: Record<ObjectKind, Omit<ObjectPlace, 'kind'>> = {
  user: { panel: 'data', builder: true, recognised: true },
  long: { panel: 'data', builder: true, recognised: true },
  reference: { panel: 'reference', builder: true, recognised: true },
  // The compiler matches force names and aliases itself, so a `_norm` view would only repeat its table in the builder.
  normalised: { panel: null, builder: false, recognised: false },
  lookup: { panel: null, builder: false, recognised: false },
  staging: { panel: null, builder: false, recognised: false },
};

const LOOKUPS = new Set(Object.values(MAPPING_TABLES).map((n) => n.toLowerCase()));
const REFERENCE = new Set(REFERENCE_TABLES.map((n) => n.toLowerCase()));

/** The name of a table's normalised view. */
export const normalisedViewName = (table: string): string => `${table}_norm`;
/** The name of a wide table's long view. */
export const longViewName = (table: string): string => `${table}_long`;
/** The name of the text table a messy CSV is read into before cleaning. */
export const stagingTableName = (table: string): string => `${table}__raw`;

const DERIVED: readonly [suffix: string, kind: ObjectKind][] = [
  ['_norm', 'normalised'],
  ['_long', 'long'],
];

/** What `name` is, given the names of every object in the engine (a `_norm` view is ours only beside its table). */
export function objectKind(name: string, all: readonly string[]): ObjectKind {
  const lower = name.toLowerCase();
  if (LOOKUPS.has(lower)) return 'lookup';
  if (REFERENCE.has(lower)) return 'reference';
  // A staging table lives only while its CSV loads; one left by a failed load is no more the user's than before.
  if (lower.endsWith('__raw')) return 'staging';
  for (const [suffix, kind] of DERIVED) {
    if (!lower.endsWith(suffix)) continue;
    const base = lower.slice(0, -suffix.length);
    if (all.some((n) => n.toLowerCase() === base)) return kind;
  }
  return 'user';
}

/**
 * The user's table behind one of the workbench's views (`x_long_norm` → `x`, `x_norm` → `x`), or the name itself. A
 * workbook embeds and asks for that table: the views are made again from it wherever it is opened.
 */
export function sourceTableOf(name: string, all: readonly string[]): string {
  let current = name;
  for (let kind = objectKind(current, all); kind === 'normalised' || kind === 'long'; kind = objectKind(current, all)) {
    current = current.slice(0, -(kind === 'normalised' ? '_norm' : '_long').length);
    current = all.find((n) => n.toLowerCase() === current.toLowerCase()) ?? current;
  }
  return current;
}

/**
 * The table among `tables` (a workbook's sources) that `relation` is, or that it is one of the workbench's views of
 * (`x_norm`, `x_long`, `x_long_norm` → `x`), by the rule of sourceTableOf; undefined when it is none of them.
 */
export function sourceTableIn(relation: string, tables: readonly string[]): string | undefined {
  const derived = tables.flatMap((t) => [t, longViewName(t), normalisedViewName(t), normalisedViewName(longViewName(t))]);
  const source = sourceTableOf(relation, [...derived, relation]).toLowerCase();
  return tables.find((t) => t.toLowerCase() === source);
}

/** Where `name` appears: data panel heading, builder, recognition. */
export function placeOf(name: string, all: readonly string[]): ObjectPlace {
  const kind = objectKind(name, all);
  return { kind, ...PLACES[kind] };
}

/** The data panel's list, by name: the user's tables and views, then reference tables; the workbench's own are left out. */
export function panelOrder<T extends { name: string }>(tables: readonly T[]): T[] {
  const names = tables.map((t) => t.name);
  // Numbers in names in their order: a workbook's table_2 before its table_10, as its sheets are.
  const byName = new Intl.Collator('en', { numeric: true });
  const at = tables.map((t) => ({ t, panel: placeOf(t.name, names).panel })).sort((a, b) => byName.compare(a.t.name, b.t.name));
  return [...at.filter((x) => x.panel === 'data'), ...at.filter((x) => x.panel === 'reference')].map((x) => x.t);
}

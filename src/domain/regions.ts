import { FORCES } from './forces';

/** Identifier of one of the ten SOC regions. */
export type RegionId =
  | 'north-west'
  | 'north-east'
  | 'yorkshire-and-the-humber'
  | 'east-midlands'
  | 'west-midlands'
  | 'eastern'
  | 'south-east'
  | 'south-west'
  | 'southern-wales'
  | 'london';

/** A SOC region: the forces served by one Regional Organised Crime Unit, or London, which has none. */
export interface Region {
  readonly id: RegionId;
  readonly name: string;
  /** Full name of the region's ROCU; null for London. */
  readonly rocuName: string | null;
  /** The abbreviation the ROCU goes by; null for London. */
  readonly rocuAbbreviation: string | null;
  /** Brand the ROCU operates under, where it has one (e.g. "Titan"). */
  readonly brand: string | null;
  /** Default member force ids, in force-name order. */
  readonly forces: readonly string[];
}

type RegionInfo = Omit<Region, 'forces'>;

const INFO: readonly RegionInfo[] = [
  { id: 'north-west', name: 'North West', rocuName: 'North West Regional Organised Crime Unit', rocuAbbreviation: 'NWROCU', brand: 'Titan' },
  { id: 'north-east', name: 'North East', rocuName: 'North East Regional Special Operations Unit', rocuAbbreviation: 'NERSOU', brand: null },
  { id: 'yorkshire-and-the-humber', name: 'Yorkshire and the Humber', rocuName: 'Yorkshire and Humber Regional Organised Crime Unit', rocuAbbreviation: 'YHROCU', brand: null },
  { id: 'east-midlands', name: 'East Midlands', rocuName: 'East Midlands Special Operations Unit', rocuAbbreviation: 'EMSOU', brand: null },
  { id: 'west-midlands', name: 'West Midlands', rocuName: 'West Midlands Regional Organised Crime Unit', rocuAbbreviation: 'WMROCU', brand: null },
  { id: 'eastern', name: 'Eastern', rocuName: 'Eastern Region Special Operations Unit', rocuAbbreviation: 'ERSOU', brand: null },
  { id: 'south-east', name: 'South East', rocuName: 'South East Regional Organised Crime Unit', rocuAbbreviation: 'SEROCU', brand: null },
  { id: 'south-west', name: 'South West', rocuName: 'South West Regional Organised Crime Unit', rocuAbbreviation: 'SWROCU', brand: 'Zephyr' },
  { id: 'southern-wales', name: 'Southern Wales', rocuName: 'Southern Wales Regional Organised Crime Unit', rocuAbbreviation: 'Tarian', brand: 'Tarian' },
  { id: 'london', name: 'London', rocuName: null, rocuAbbreviation: null, brand: null },
];

/** Default force → region mapping for the 43 territorial forces (source: NPCC ROCU network, DESIGN.md §2). */
export const DEFAULT_REGION_OF: Readonly<Record<string, RegionId>> = Object.fromEntries(
  FORCES.filter((f) => f.region !== null).map((f) => [f.id, f.region as RegionId]),
);

/** The ten SOC regions with their default members: nine ROCU regions, then London. */
export const REGIONS: readonly Region[] = INFO.map((r) => ({
  ...r,
  forces: FORCES.filter((f) => f.region === r.id).map((f) => f.id),
}));

/** User corrections to region membership: force id → region id, or null for "in no region". */
export type RegionOverrides = Readonly<Record<string, RegionId | null>>;

const byId = new Map(REGIONS.map((r) => [r.id, r]));

/** The region with this id, or undefined. */
export function regionById(id: string): Region | undefined {
  return byId.get(id as RegionId);
}

/** The region a force belongs to after overrides; undefined for forces in no region (BTP, unknown ids). */
export function regionOf(forceId: string, overrides?: RegionOverrides): RegionId | undefined {
  if (overrides && Object.hasOwn(overrides, forceId)) return overrides[forceId] ?? undefined;
  // The id may be the user's text (a mapping, a workbook): "constructor" is no region.
  return Object.hasOwn(DEFAULT_REGION_OF, forceId) ? DEFAULT_REGION_OF[forceId] : undefined;
}

/** Force ids in a region after overrides: default members in order, then forces moved in, in override order. */
export function regionMembers(regionId: RegionId, overrides?: RegionOverrides): string[] {
  const members = (byId.get(regionId)?.forces ?? []).filter((id) => regionOf(id, overrides) === regionId);
  for (const [forceId, target] of Object.entries(overrides ?? {})) {
    if (target === regionId && !members.includes(forceId)) members.push(forceId);
  }
  return members;
}

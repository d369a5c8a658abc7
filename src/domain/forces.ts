import type { RegionId } from './regions';
import { foldText } from './text';

/** A police force: one of the 43 territorial forces of England and Wales, or a recognised other force. */
export interface Force {
  /** The police.uk force identifier, e.g. "metropolitan", "devon-and-cornwall". */
  readonly id: string;
  /** Canonical name, following the ONS police force area name, e.g. "Avon and Somerset". */
  readonly name: string;
  /** Compact label for charts and tables. */
  readonly shortName: string;
  /** The force's own title, e.g. "Avon and Somerset Constabulary". */
  readonly fullName: string;
  /** ONS police force area code (E23…/W15…); null outside the 43. */
  readonly code: string | null;
  /** Default SOC region; null outside the 43. Overridable: see regionOf(). */
  readonly region: RegionId | null;
  /** False for British Transport Police, Police Scotland and PSNI: not in England-and-Wales totals. */
  readonly territorial: boolean;
  /** Other spellings met in published tables; name, shortName and fullName match too. */
  readonly aliases: readonly string[];
}

function force(
  id: string,
  name: string,
  fullName: string,
  code: string | null,
  region: RegionId | null,
  aliases: string[] = [],
  shortName = name,
): Force {
  return { id, name, shortName, fullName, code, region, territorial: code !== null, aliases };
}

/**
 * Forces in canonical-name order. Codes and names: ONS Police Force Areas (PFA16 lookup; Hampshire renamed 2022).
 * Ids: police.uk force identifiers. Regions: NPCC regional organised crime unit network (DESIGN.md §2).
 */
export const FORCES: readonly Force[] = [
  force('avon-and-somerset', 'Avon and Somerset', 'Avon and Somerset Constabulary', 'E23000036', 'south-west', [], 'Avon & Somerset'),
  force('bedfordshire', 'Bedfordshire', 'Bedfordshire Police', 'E23000026', 'eastern', ['Beds']),
  force('cambridgeshire', 'Cambridgeshire', 'Cambridgeshire Constabulary', 'E23000023', 'eastern', ['Cambs']),
  force('cheshire', 'Cheshire', 'Cheshire Constabulary', 'E23000006', 'north-west'),
  force('city-of-london', 'City of London', 'City of London Police', 'E23000034', 'london', ['London, City of', 'CoLP']),
  force('cleveland', 'Cleveland', 'Cleveland Police', 'E23000013', 'north-east'),
  force('cumbria', 'Cumbria', 'Cumbria Constabulary', 'E23000002', 'north-west'),
  force('derbyshire', 'Derbyshire', 'Derbyshire Constabulary', 'E23000018', 'east-midlands', ['Derbys']),
  force('devon-and-cornwall', 'Devon and Cornwall', 'Devon and Cornwall Police', 'E23000035', 'south-west', [], 'Devon & Cornwall'),
  force('dorset', 'Dorset', 'Dorset Police', 'E23000039', 'south-west'),
  force('durham', 'Durham', 'Durham Constabulary', 'E23000008', 'north-east', ['County Durham']),
  force('dyfed-powys', 'Dyfed-Powys', 'Dyfed-Powys Police', 'W15000004', 'southern-wales', ['Heddlu Dyfed-Powys']),
  force('essex', 'Essex', 'Essex Police', 'E23000028', 'eastern'),
  force('gloucestershire', 'Gloucestershire', 'Gloucestershire Constabulary', 'E23000037', 'south-west', ['Glos']),
  force('greater-manchester', 'Greater Manchester', 'Greater Manchester Police', 'E23000005', 'north-west', ['GMP']),
  force('gwent', 'Gwent', 'Gwent Police', 'W15000002', 'southern-wales', ['Heddlu Gwent']),
  force('hampshire', 'Hampshire and Isle of Wight', 'Hampshire and Isle of Wight Constabulary', 'E23000030', 'south-east',
    ['Hampshire', 'Hampshire and IOW', 'Hampshire and the Isle of Wight'], 'Hampshire & IoW'),
  force('hertfordshire', 'Hertfordshire', 'Hertfordshire Constabulary', 'E23000027', 'eastern', ['Herts']),
  force('humberside', 'Humberside', 'Humberside Police', 'E23000012', 'yorkshire-and-the-humber'),
  force('kent', 'Kent', 'Kent Police', 'E23000032', 'eastern'),
  force('lancashire', 'Lancashire', 'Lancashire Constabulary', 'E23000003', 'north-west', ['Lancs']),
  force('leicestershire', 'Leicestershire', 'Leicestershire Police', 'E23000021', 'east-midlands', ['Leics']),
  force('lincolnshire', 'Lincolnshire', 'Lincolnshire Police', 'E23000020', 'east-midlands', ['Lincs']),
  force('merseyside', 'Merseyside', 'Merseyside Police', 'E23000004', 'north-west'),
  force('metropolitan', 'Metropolitan Police', 'Metropolitan Police Service', 'E23000001', 'london',
    ['Met', 'MPS', 'Metropolitan', 'Met Police', 'Metropolitan Police Service'], 'Metropolitan'),
  force('norfolk', 'Norfolk', 'Norfolk Constabulary', 'E23000024', 'eastern'),
  force('north-wales', 'North Wales', 'North Wales Police', 'W15000001', 'north-west', ['Heddlu Gogledd Cymru']),
  force('north-yorkshire', 'North Yorkshire', 'North Yorkshire Police', 'E23000009', 'yorkshire-and-the-humber', ['NYP']),
  force('northamptonshire', 'Northamptonshire', 'Northamptonshire Police', 'E23000022', 'east-midlands', ['Northants']),
  force('northumbria', 'Northumbria', 'Northumbria Police', 'E23000007', 'north-east'),
  force('nottinghamshire', 'Nottinghamshire', 'Nottinghamshire Police', 'E23000019', 'east-midlands', ['Notts']),
  force('south-wales', 'South Wales', 'South Wales Police', 'W15000003', 'southern-wales', ['Heddlu De Cymru']),
  force('south-yorkshire', 'South Yorkshire', 'South Yorkshire Police', 'E23000011', 'yorkshire-and-the-humber', ['SYP']),
  force('staffordshire', 'Staffordshire', 'Staffordshire Police', 'E23000015', 'west-midlands', ['Staffs']),
  force('suffolk', 'Suffolk', 'Suffolk Constabulary', 'E23000025', 'eastern'),
  force('surrey', 'Surrey', 'Surrey Police', 'E23000031', 'south-east'),
  force('sussex', 'Sussex', 'Sussex Police', 'E23000033', 'south-east'),
  force('thames-valley', 'Thames Valley', 'Thames Valley Police', 'E23000029', 'south-east', ['TVP']),
  force('warwickshire', 'Warwickshire', 'Warwickshire Police', 'E23000017', 'west-midlands'),
  force('west-mercia', 'West Mercia', 'West Mercia Police', 'E23000016', 'west-midlands'),
  force('west-midlands', 'West Midlands', 'West Midlands Police', 'E23000014', 'west-midlands'),
  force('west-yorkshire', 'West Yorkshire', 'West Yorkshire Police', 'E23000010', 'yorkshire-and-the-humber', ['WYP']),
  force('wiltshire', 'Wiltshire', 'Wiltshire Police', 'E23000038', 'south-west', ['Wiltshire Constabulary', 'Wilts']),
  force('btp', 'British Transport Police', 'British Transport Police', null, null, ['BTP', 'British Transport'], 'BTP'),
  force('police-scotland', 'Police Scotland', 'Police Scotland', null, null,
    ['Scotland', 'Police Service of Scotland'], 'Police Scotland'),
  force('psni', 'Police Service of Northern Ireland', 'Police Service of Northern Ireland', null, null,
    ['PSNI', 'Northern Ireland'], 'PSNI'),
];

/** The 43 territorial forces of England and Wales. */
export const TERRITORIAL_FORCES: readonly Force[] = FORCES.filter((f) => f.territorial);

// Longest first, so "police service" goes before "service" and "police".
const SUFFIXES = ['police service', 'police force', 'constabulary', 'police', 'service', 'force'];
/** A marker of a revised or provisional figure at the end of a folded label (the SQL twin is in soc_force_key). */
export const REVISION_MARK = / (?:r|p|revised|provisional)$/;

/** Normalises a force label for matching: case, accents, punctuation, "&"/"and", a leading "the", "Police"-style suffixes. */
export function normaliseForceText(s: string): string {
  // A revision or provisional marker after the name ("Hampshire (R)", "Kent [p]") is about the figure, not the force.
  let t = foldText(s).replace(/^the /, '').replace(REVISION_MARK, '');
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const suffix of SUFFIXES) {
      if (t.endsWith(' ' + suffix)) {
        t = t.slice(0, -suffix.length - 1);
        stripped = true;
        break;
      }
    }
  }
  return t;
}

/** Every spelling a force answers to, before normalisation. */
export function forceLabels(f: Force): string[] {
  return [f.name, f.shortName, f.fullName, ...f.aliases];
}

const byId = new Map(FORCES.map((f) => [f.id, f]));
const byCode = new Map(FORCES.filter((f) => f.code).map((f) => [f.code as string, f]));
const byText = new Map<string, Force>();
for (const f of FORCES) for (const label of forceLabels(f)) byText.set(normaliseForceText(label), f);

/** The force with this id, or undefined. */
export function forceById(id: string): Force | undefined {
  return byId.get(id);
}

/** The force a label or ONS code names ("Met", "Devon & Cornwall", "E23000034"), or undefined when none does. */
export function matchForce(text: string): Force | undefined {
  const trimmed = text.trim();
  if (/^[EW]\d{8}$/i.test(trimmed)) return byCode.get(trimmed.toUpperCase());
  const key = normaliseForceText(trimmed);
  return key === '' ? undefined : byText.get(key);
}

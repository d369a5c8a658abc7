import { foldText } from './text';

/** A threat type of the canonical SOC taxonomy. */
export interface ThreatType {
  readonly id: string;
  readonly name: string;
  /** Other labels met in data; the name matches too. */
  readonly aliases: readonly string[];
}

/** The canonical SOC threat taxonomy (after the Home Office SOC Strategy and NCA National Strategic Assessment). */
export const THREAT_TYPES: readonly ThreatType[] = [
  {
    id: 'drugs',
    name: 'Drugs',
    aliases: ['Drug', 'Drug trafficking', 'Drugs trafficking', 'Drug supply', 'Drugs supply', 'Illegal drugs', 'Controlled drugs', 'Class A drugs', 'Narcotics'],
  },
  {
    id: 'county-lines',
    name: 'County lines',
    aliases: ['County line', 'County lines drug supply', 'County lines exploitation'],
  },
  {
    id: 'firearms',
    name: 'Firearms',
    aliases: ['Firearm', 'Illegal firearms', 'Firearms supply', 'Firearms trafficking', 'Guns'],
  },
  {
    id: 'modern-slavery-human-trafficking',
    name: 'Modern slavery and human trafficking',
    aliases: ['MSHT', 'Modern slavery', 'Human trafficking', 'Modern slavery & human trafficking', 'Trafficking in persons'],
  },
  {
    id: 'organised-immigration-crime',
    name: 'Organised immigration crime',
    aliases: ['OIC', 'Immigration crime', 'People smuggling', 'Migrant smuggling', 'Human smuggling'],
  },
  {
    id: 'child-sexual-abuse-exploitation',
    name: 'Child sexual abuse and exploitation',
    aliases: ['CSAE', 'CSEA', 'CSA', 'CSE', 'Child sexual abuse', 'Child sexual exploitation', 'Child sexual exploitation and abuse', 'Online child sexual abuse'],
  },
  {
    id: 'fraud',
    name: 'Fraud',
    aliases: ['Frauds', 'Organised fraud'],
  },
  {
    id: 'cyber-crime',
    name: 'Cyber crime',
    aliases: ['Cyber', 'Cybercrime', 'Cyber-crime', 'Cyber dependent crime', 'Computer misuse'],
  },
  {
    id: 'money-laundering-illicit-finance',
    name: 'Money laundering and illicit finance',
    aliases: ['Money laundering', 'Illicit finance', 'Criminal finances', 'ML'],
  },
  {
    id: 'bribery-corruption',
    name: 'Bribery and corruption',
    aliases: ['Bribery', 'Corruption', 'Bribery & corruption'],
  },
  {
    id: 'organised-acquisitive-crime',
    name: 'Organised acquisitive crime',
    aliases: ['OAC', 'Acquisitive crime', 'Organised theft', 'Organised vehicle crime'],
  },
  {
    id: 'other',
    name: 'Other',
    aliases: ['Other threats', 'Other SOC', 'Miscellaneous', 'Misc'],
  },
];

const byText = new Map<string, ThreatType>();
for (const t of THREAT_TYPES) for (const label of [t.name, ...t.aliases]) byText.set(foldText(label), t);

/** The threat type with this id, or undefined. */
export function threatById(id: string): ThreatType | undefined {
  return THREAT_TYPES.find((t) => t.id === id);
}

/** The threat type a label names ("MSHT", "County Lines", "cybercrime"), or undefined: callers keep unknown labels. */
export function matchThreat(text: string): ThreatType | undefined {
  const key = foldText(text);
  return key === '' ? undefined : byText.get(key);
}

import { describe, expect, test } from 'vitest';
import { THREAT_TYPES, matchThreat, threatById } from '../../src/domain/threats';
import { foldText } from '../../src/domain/text';

describe('threat taxonomy', () => {
  test('the twelve canonical types of DESIGN.md §2, in order', () => {
    expect(THREAT_TYPES.map((t) => t.name)).toEqual([
      'Drugs', 'County lines', 'Firearms', 'Modern slavery and human trafficking', 'Organised immigration crime',
      'Child sexual abuse and exploitation', 'Fraud', 'Cyber crime', 'Money laundering and illicit finance',
      'Bribery and corruption', 'Organised acquisitive crime', 'Other',
    ]);
    expect(threatById('county-lines')?.name).toBe('County lines');
  });

  test('no folded label belongs to two types', () => {
    const owners = new Map<string, Set<string>>();
    for (const t of THREAT_TYPES) {
      for (const label of [t.name, ...t.aliases]) owners.set(foldText(label), (owners.get(foldText(label)) ?? new Set()).add(t.id));
    }
    expect([...owners].filter(([, ids]) => ids.size > 1)).toEqual([]);
  });

  test.each(THREAT_TYPES.flatMap((t) => [t.name, ...t.aliases].map((label) => [label, t.id])))('label %j → %s', (label, id) => {
    expect(matchThreat(label)?.id).toBe(id);
  });
});

describe('matchThreat', () => {
  test.each([
    ['COUNTY LINES', 'county-lines'],
    ['  county-lines ', 'county-lines'],
    ['Modern Slavery & Human Trafficking', 'modern-slavery-human-trafficking'],
    ['msht', 'modern-slavery-human-trafficking'],
    ['Cyber-crime', 'cyber-crime'],
    ['cybercrime', 'cyber-crime'],
    ['Child Sexual Exploitation and Abuse', 'child-sexual-abuse-exploitation'],
    ['Money Laundering', 'money-laundering-illicit-finance'],
    ['OAC', 'organised-acquisitive-crime'],
  ])('%j → %s', (text, id) => {
    expect(matchThreat(text)?.id).toBe(id);
  });

  test.each(['', 'Knife crime', 'Economic crime', 'Terrorism', 'Unknown'])('unknown label %j → undefined', (text) => {
    expect(matchThreat(text)).toBeUndefined();
  });
});

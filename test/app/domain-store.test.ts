import { describe, expect, test, vi, afterEach } from 'vitest';
import { browserStore, memoryStore } from '../../src/app/browser-storage';
import { readMemory, writeMemory } from '../../src/app/domain-store';

afterEach(() => vi.unstubAllGlobals());

describe('domain memory', () => {
  test('round-trips role corrections and mappings', () => {
    const s = memoryStore();
    const m = { version: 1 as const, roles: { 'a.csv': { Area: 'force' as const } }, mappings: [{ role: 'force' as const, value: 'Met Pol', to: 'metropolitan' }] };
    writeMemory(s, m);
    expect(readMemory(s)).toEqual(m);
  });

  test('an empty, broken or hand-edited entry gives what can be kept, never an error', () => {
    const s = memoryStore();
    expect(readMemory(s)).toEqual({ version: 1, roles: {}, mappings: [] });
    s.set('soc-workbench.domain.v1', '{not json');
    expect(readMemory(s)).toEqual({ version: 1, roles: {}, mappings: [] });
    s.set('soc-workbench.domain.v1', JSON.stringify({ roles: { 'a.csv': { A: 'force', B: 'banana' }, 'b.csv': 3 }, mappings: [{ role: 'force', value: 'x', to: 'kent' }, { role: 'nope' }, null] }));
    expect(readMemory(s)).toEqual({ version: 1, roles: { 'a.csv': { A: 'force' } }, mappings: [{ role: 'force', value: 'x', to: 'kent' }] });
  });

  test('columns and files called "constructor" or "__proto__" are kept as themselves, and nothing else reads as corrected', () => {
    const s = memoryStore();
    s.set('soc-workbench.domain.v1', '{"roles":{"a.csv":{"__proto__":"force","constructor":"period"},"__proto__":{"x":"threat"}},"mappings":[]}');
    const m = readMemory(s);
    expect(Object.keys(m.roles['a.csv'])).toEqual(['__proto__', 'constructor']);
    expect(m.roles['a.csv']['__proto__']).toBe('force');
    expect(m.roles['__proto__']['x']).toBe('threat');
    // A file with no corrections, and a column with none, read as nothing (not as Object.prototype's members).
    expect(m.roles['b.csv']?.['constructor']).toBeUndefined();
    expect(m.roles['a.csv']['toString']).toBeUndefined();
    writeMemory(s, m);
    expect(JSON.parse(s.get('soc-workbench.domain.v1')!).roles['a.csv']).toEqual(JSON.parse('{"__proto__":"force","constructor":"period"}'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('browserStore keeps values for the session when localStorage throws', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    const s = browserStore();
    expect(s.get('k')).toBeNull();
    s.set('k', 'v');
    expect(s.get('k')).toBe('v');
  });

  test('browserStore uses localStorage when it works', () => {
    const data = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => data.set(k, v) });
    browserStore().set('k', 'v');
    expect(data.get('k')).toBe('v');
    expect(browserStore().get('k')).toBe('v');
  });
});

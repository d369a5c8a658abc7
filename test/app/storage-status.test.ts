import { describe, expect, it } from 'vitest';
import { describeStorage, probeStorage, type StorageEnv, type StorageProbe } from '../../src/app/storage-status';

const base: StorageProbe = { indexedDB: true, opfs: true, persisted: false, quotaBytes: 10 * 2 ** 30, fromFile: false };

describe('describeStorage', () => {
  it.each([
    ['served, best effort', {}, 'best-effort', /^Storage: available, not guaranteed/],
    ['granted persistence', { persisted: true }, 'persistent', /^Storage: available \(this browser keeps workbooks\)$/],
    ['file:// in Chromium (IndexedDB, no OPFS)', { opfs: false, fromFile: true }, 'best-effort', /^Storage: available/],
    ['nothing allowed', { indexedDB: false, opfs: false, persisted: null, quotaBytes: null }, 'none', /^Storage: not available here — save workbooks to files$/],
    ['OPFS only', { indexedDB: false }, 'best-effort', /^Storage: available/],
    ['persistence unknown', { persisted: null }, 'best-effort', /not guaranteed/],
  ] as const)('%s', (_, over, level, text) => {
    const s = describeStorage({ ...base, ...over });
    expect(s.level).toBe(level);
    expect(s.text).toMatch(text);
  });

  it('says why in the detail: shared file:// storage, no room for large files, the quota', () => {
    const s = describeStorage({ ...base, opfs: false, fromFile: true });
    expect(s.detail).toMatch(/every local HTML file/);
    expect(s.detail).toMatch(/Large data files cannot be kept here/);
    expect(s.detail).toMatch(/10 GB/);
  });

  it('never promises persistence the browser did not grant', () => {
    for (const persisted of [false, null]) expect(describeStorage({ ...base, persisted }).text).not.toMatch(/keeps workbooks\)/);
  });
});

/** A stand-in IndexedDB whose open() succeeds, fails, throws or never answers. */
function fakeIndexedDB(mode: 'ok' | 'error' | 'throw' | 'hang'): IDBFactory {
  return {
    open() {
      if (mode === 'throw') throw new DOMException('The operation is insecure.', 'SecurityError');
      const req: Record<string, unknown> = { result: { close() {} } };
      if (mode !== 'hang') queueMicrotask(() => (req[mode === 'ok' ? 'onsuccess' : 'onerror'] as () => void)());
      return req;
    },
    deleteDatabase() {
      return {};
    },
  } as unknown as IDBFactory;
}

describe('probeStorage', () => {
  it('reads what a served page in Chromium reports', async () => {
    const env: StorageEnv = {
      indexedDB: fakeIndexedDB('ok'),
      navigator: {
        storage: {
          persisted: async () => false,
          estimate: async () => ({ quota: 2 ** 30, usage: 0 }),
          getDirectory: async () => ({}) as FileSystemDirectoryHandle,
        },
      },
      location: { protocol: 'https:' },
    };
    await expect(probeStorage(env)).resolves.toEqual({ indexedDB: true, opfs: true, persisted: false, quotaBytes: 2 ** 30, fromFile: false });
  });

  it('turns refusals, throws and hangs into "no", never into an error', async () => {
    const env: StorageEnv = {
      indexedDB: fakeIndexedDB('hang'),
      navigator: {
        storage: {
          persisted: () => new Promise(() => {}),
          estimate: async () => {
            throw new Error('no');
          },
          getDirectory: async () => {
            throw new DOMException('unsafe', 'SecurityError');
          },
        },
      },
      location: { protocol: 'file:' },
    };
    await expect(probeStorage(env, 20)).resolves.toEqual({ indexedDB: false, opfs: false, persisted: null, quotaBytes: null, fromFile: true });
    await expect(probeStorage({ indexedDB: fakeIndexedDB('throw') }, 20)).resolves.toMatchObject({ indexedDB: false, opfs: false });
    await expect(probeStorage({ indexedDB: fakeIndexedDB('error') }, 20)).resolves.toMatchObject({ indexedDB: false });
    await expect(probeStorage({}, 20)).resolves.toEqual({ indexedDB: false, opfs: false, persisted: null, quotaBytes: null, fromFile: false });
  });
});

import { describe, expect, it } from 'vitest';
import { parseViewSpec } from '../../src/domain/view-spec';
import { StorageError, addView, emptyWorkbook, indexedDbStore, memoryStore, serializeWorkbook, toStorageError, type Workbook } from '../../src/workbook';
import { GOLDEN } from '../query/golden-specs';

const one = (): Workbook => addView(emptyWorkbook('First'), 'Totals', parseViewSpec(GOLDEN.total_by_force)).workbook;

describe('memoryStore', () => {
  it('load gives undefined before the first save, then what was saved', async () => {
    const store = memoryStore();
    expect(await store.load()).toBeUndefined();
    await store.save(one());
    expect(await store.load()).toEqual(one());
  });

  it('a save over quota fails with StorageError "quota" and the previous save stays, byte for byte', async () => {
    const first = one();
    const store = memoryStore({ quotaBytes: serializeWorkbook(first).length + 100 });
    await store.save(first);
    const before = store.text;
    const bigger = addView(first, 'Rates', parseViewSpec(GOLDEN.rate_by_force_ci)).workbook;
    const error = await store.save(bigger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).reason).toBe('quota');
    expect((error as StorageError).message).toMatch(/storage for this page is full, so the workbook was not saved \(the last save is kept\)\. Export the workbook to a file/);
    expect(store.text).toBe(before);
    expect(await store.load()).toEqual(first);
  });

  it('a workbook that is not valid is refused before storage is touched', async () => {
    const store = memoryStore();
    await store.save(one());
    await expect(store.save({ ...one(), title: '<b>x</b>' })).rejects.toThrow('title: contains markup');
    expect((await store.load())?.title).toBe('First');
  });
});

describe('toStorageError says what happened', () => {
  it.each([
    [new DOMException('x', 'QuotaExceededError'), 'save', 'quota'],
    [Object.assign(new Error('legacy'), { code: 22 }), 'save', 'quota'],
    [new DOMException('x', 'SecurityError'), 'open', 'unavailable'],
    [new DOMException('x', 'InvalidStateError'), 'open', 'unavailable'],
    [new DOMException('x', 'UnknownError'), 'open', 'unavailable'],
    [new DOMException('disk I/O', 'UnknownError'), 'save', 'failed'],
    [new Error('boom'), 'load', 'failed'],
  ] as const)('%s during %s → %s', (e, action, reason) => {
    const s = toStorageError(e, action);
    expect(s).toBeInstanceOf(StorageError);
    expect(s.reason).toBe(reason);
    expect(s.cause).toBe(e);
    expect(s.message).toMatch(/Export (the workbook|it) to a file/);
  });
});

describe('indexedDbStore outside a browser', () => {
  it('with no IndexedDB, load and save fail as "unavailable", and say to export', async () => {
    const store = indexedDbStore();
    await expect(store.load()).rejects.toMatchObject({ name: 'StorageError', reason: 'unavailable' });
    await expect(store.save(one())).rejects.toThrow(/offers no IndexedDB here, so workbooks are not kept\. Export the workbook to a file/);
  });
});

import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url } from '../../src/workbook/base64';

const pattern = (n: number) => {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
};
// Buffer.equals: vitest's toEqual walks a typed array element by element and takes seconds on megabytes.
const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

describe('base64', () => {
  it("agrees with node's Buffer for every length around the chunk boundaries", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 0x8000 * 3 - 1, 0x8000 * 3, 0x8000 * 3 + 1, 300_001]) {
      const bytes = pattern(n);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(bytesToBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(same(base64ToBytes(b64), bytes)).toBe(true);
      expect(same(base64UrlToBytes(bytesToBase64Url(bytes)), bytes)).toBe(true);
    }
  });

  it('the btoa fallback (no Buffer, no native codec) gives the same text', async () => {
    const saved = globalThis.Buffer;
    try {
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      const fresh = await import(`../../src/workbook/base64?fallback=${Date.now()}`);
      for (const n of [0, 1, 2, 0x8000 * 3 + 1, 100_000]) {
        const bytes = pattern(n);
        expect(fresh.bytesToBase64(bytes)).toBe(saved.from(bytes).toString('base64'));
        expect(saved.from(fresh.base64ToBytes(saved.from(bytes).toString('base64'))).equals(bytes)).toBe(true);
      }
    } finally {
      globalThis.Buffer = saved;
    }
  });

  it('decodes tens of megabytes (a regex with grouped repetition overflowed the stack here)', () => {
    const bytes = pattern(24 * 1024 * 1024);
    expect(same(base64ToBytes(bytesToBase64(bytes)), bytes)).toBe(true);
  });

  it('refuses what is not base64', () => {
    for (const bad of ['abc', 'ab=c', 'a b=', 'ab$=', 'AAAA=', 'A===']) expect(base64ToBytes(bad)).toBeUndefined();
    for (const bad of ['a', 'ab+c', 'ab/c', 'ab=c']) expect(base64UrlToBytes(bad)).toBeUndefined();
  });
});

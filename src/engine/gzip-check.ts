/**
 * GZIP pages for the JavaScript Parquet reader, checked against their CRC-32. hyparquet-compressors' gunzip does not
 * check it, so a damaged page decoded to wrong values without a word (fuzz suite, seed 17, parquet-3: native DuckDB
 * says "Failed to decompress GZIP block", the workbench loaded the file).
 */
import { gunzip } from 'hyparquet-compressors';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as gzip's trailer holds it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Inflate a GZIP page of `length` bytes and check it against the trailer of its last gzip member (CRC-32 and size of
 * that member's output, which ends the page). A page of several members is checked in its last member only: the
 * others' boundaries are not known without inflating them again. Throws when the check fails.
 */
export function checkedGunzip(input: Uint8Array, length: number): Uint8Array {
  const out = gunzip(input, new Uint8Array(length));
  // Without the gzip magic it is a raw deflate stream (gunzip accepts those): there is no trailer to check.
  if (input.length < 18 || input[0] !== 0x1f || input[1] !== 0x8b) return out;
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const crc = view.getUint32(input.length - 8, true);
  const size = view.getUint32(input.length - 4, true);
  if (size > out.length || crc32(out.subarray(out.length - size)) !== crc) {
    throw new Error('a GZIP-compressed page does not match its checksum: the file is damaged');
  }
  return out;
}

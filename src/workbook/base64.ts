/**
 * Base64 and base64url for bytes, in node and the browser alike (btoa/atob exist in both; Buffer does not exist in
 * the browser and Uint8Array.fromBase64 is not in Node 20).
 */

// btoa takes a "binary string"; build it in chunks so String.fromCharCode never gets too many arguments.
const CHUNK = 0x8000;

/** Bytes → standard base64 (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK * 3) {
    let bin = '';
    const end = Math.min(i + CHUNK * 3, bytes.length);
    for (let j = i; j < end; j += CHUNK) bin += String.fromCharCode(...bytes.subarray(j, Math.min(j + CHUNK, end)));
    out += btoa(bin);
  }
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 → bytes; undefined when the text is not canonical base64 (no whitespace, correct padding). */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Bytes → base64url without padding (RFC 4648 §5): safe in a URL fragment. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** base64url (padding optional) → bytes; undefined when the text is not base64url. */
export function base64UrlToBytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return base64ToBytes(padded);
}

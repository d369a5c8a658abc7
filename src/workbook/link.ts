/**
 * A view in the address: `#view=1.<base64url of deflate-raw of the spec's JSON>`. Never data: only the view spec,
 * which names tables and columns; opening the link needs the same tables loaded. Decoding validates through
 * parseViewSpec, so a link is as untrusted as a file. CompressionStream is in Chromium and Node 20 alike.
 */
import { SpecError, parseViewSpec, type ViewSpec } from '../domain';
import { base64UrlToBytes, bytesToBase64Url } from './base64';
import { LinkError } from './errors';

/** The hash key that carries a view. */
export const LINK_KEY = 'view';
/** The version of the link encoding (the `1.` before the payload); the spec inside has its own version. */
export const LINK_VERSION = 1;
/**
 * The longest hash written or read. Browsers accept far longer addresses, but mail, chat and slide tools cut or
 * refuse links of more than a few thousand characters; a view spec compresses to a few hundred.
 */
export const MAX_LINK_CHARS = 8000;
/** The most JSON a link may inflate to: a guard against a small link that decompresses to gigabytes. */
export const MAX_LINK_JSON_BYTES = 256 * 1024;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; don't let the write promises reject unhandled.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new LinkError(`the link's view inflates to more than ${limit} bytes, which no view spec needs — the link is not one the workbench made`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The hash (with `#`) that carries this view; LinkError if it is too long for a link. */
export async function encodeViewLink(spec: ViewSpec): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(spec));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  const hash = `#${LINK_KEY}=${LINK_VERSION}.${bytesToBase64Url(packed)}`;
  if (hash.length > MAX_LINK_CHARS) {
    throw new LinkError(`this view needs a ${hash.length}-character link, more than the ${MAX_LINK_CHARS} a link may have — save it in a workbook and share the file instead`);
  }
  return hash;
}

/** Whether an address hash carries a view (so the app knows to decode it). */
export function hasViewLink(hash: string): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).has(LINK_KEY);
}

/** The view a hash carries, validated; LinkError when the link is too long, damaged or not a view. */
export async function decodeViewLink(hash: string): Promise<ViewSpec> {
  if (hash.length > MAX_LINK_CHARS) {
    throw new LinkError(`the link is ${hash.length} characters long, more than the ${MAX_LINK_CHARS} the workbench writes — it is not a view link, or it was pasted twice`);
  }
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(LINK_KEY);
  if (value === null) throw new LinkError(`the link has no view (no "#${LINK_KEY}=" part)`);
  const dot = value.indexOf('.');
  const version = dot < 0 ? NaN : Number(value.slice(0, dot));
  if (!Number.isInteger(version) || version < 1) throw new LinkError('the link is damaged (no version before its view) — copy the whole link again');
  if (version > LINK_VERSION) throw new LinkError(`the link was made by a newer workbench (link version ${version}); open it there`);
  const packed = base64UrlToBytes(value.slice(dot + 1));
  if (!packed || packed.length === 0) throw new LinkError('the link is damaged (its view is not base64url) — copy the whole link again');
  let json: Uint8Array;
  try {
    json = await pipe(packed, new DecompressionStream('deflate-raw'), MAX_LINK_JSON_BYTES);
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError('the link is damaged (its view does not decompress); it may have been cut short — copy the whole link again', { cause: e });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw new LinkError('the link is damaged (its view is not JSON) — copy the whole link again', { cause: e });
  }
  try {
    return parseViewSpec(parsed, { path: 'link' });
  } catch (e) {
    if (e instanceof SpecError) throw new LinkError(`the link's view can't be used: ${e.message}`, { cause: e });
    throw e;
  }
}

import { describe, expect, it } from 'vitest';
import { parseViewSpec } from '../../src/domain/view-spec';
import { LinkError, MAX_LINK_CHARS, decodeViewLink, encodeViewLink, hasViewLink } from '../../src/workbook';
import { GOLDEN } from '../query/golden-specs';

// An independent packer for hand-made payloads: node's zlib, not the module's CompressionStream.
async function pack(text: string): Promise<string> {
  const { deflateRawSync } = await import('node:zlib');
  return deflateRawSync(Buffer.from(text)).toString('base64url');
}

describe('view ↔ link', () => {
  it.each(Object.keys(GOLDEN) as (keyof typeof GOLDEN)[])('%s round-trips through the hash', async (name) => {
    const spec = parseViewSpec(GOLDEN[name]);
    const hash = await encodeViewLink(spec);
    expect(hash).toMatch(/^#view=1\.[A-Za-z0-9_-]+$/); // nothing a URL would need to escape
    expect(hash.length).toBeLessThan(700);
    expect(hasViewLink(hash)).toBe(true);
    expect(await decodeViewLink(hash)).toEqual(spec);
  });

  it('the payload is deflate-raw of the JSON: node zlib inflates it to the spec', async () => {
    const spec = parseViewSpec(GOLDEN.rate_by_force_ci);
    const hash = await encodeViewLink(spec);
    const { inflateRawSync } = await import('node:zlib');
    const json = inflateRawSync(Buffer.from(hash.split('.')[1], 'base64url')).toString('utf8');
    expect(JSON.parse(json)).toEqual(spec);
  });

  it('reads the view among other hash parameters, with or without #', async () => {
    const spec = parseViewSpec(GOLDEN.share_of_total);
    const hash = await encodeViewLink(spec);
    expect(await decodeViewLink(`slide=3&${hash.slice(1)}`)).toEqual(spec);
    expect(hasViewLink('#slide=3')).toBe(false);
  });

  it('unicode in titles and filter values survives', async () => {
    const spec = parseViewSpec({ ...GOLDEN.total_by_force, chart: { title: 'Cash seized £ — Dyfed–Powys, “2023/24”' } });
    expect((await decodeViewLink(await encodeViewLink(spec))).chart.title).toBe('Cash seized £ — Dyfed–Powys, “2023/24”');
  });
});

describe('bad links give a LinkError that says what to do', () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['no view', async () => '#slide=2', /the link has no view \(no "#view=" part\)/],
    ['no version', async () => '#view=abc', /damaged \(no version before its view\) — copy the whole link again/],
    ['newer link version', async () => `#view=2.${await pack('{}')}`, /made by a newer workbench \(link version 2\)/],
    ['not base64url', async () => '#view=1.ab$cd', /its view is not base64url/],
    ['empty payload', async () => '#view=1.', /its view is not base64url/],
    ['cut short', async () => (await encodeViewLink(parseViewSpec(GOLDEN.rate_by_force_ci))).slice(0, 60), /does not decompress.*cut short/],
    ['not deflate', async () => '#view=1.AAAAAAAAAAAA', /does not decompress/],
    ['not JSON', async () => `#view=1.${await pack('SELECT * FROM forces')}`, /its view is not JSON/],
    ['JSON but not a view', async () => `#view=1.${await pack('[1,2]')}`, /the link's view can't be used: link: a view spec must be a JSON object/],
    ['a view with a bad field', async () => `#view=1.${await pack(JSON.stringify({ ...GOLDEN.total_by_force, measure: { column: 'x', aggregate: 'median' } }))}`, /link\.measure\.aggregate: expected/],
    ['prototype pollution', async () => `#view=1.${await pack(JSON.stringify(GOLDEN.total_by_force).replace('{', '{"__proto__":{"polluted":1},'))}`, /link\.__proto__: is not a field of a view spec/],
    ['too long', async () => `#view=1.${'A'.repeat(MAX_LINK_CHARS)}`, /more than the 8000 the workbench writes/],
    ['a bomb: small link, huge JSON', async () => `#view=1.${await pack(`{"version":1,"table":"${' '.repeat(5_000_000)}"}`)}`, /inflates to more than 262144 bytes/],
  ];
  it.each(cases)('%s', async (_name, make, says) => {
    const hash = await make();
    await expect(decodeViewLink(hash)).rejects.toThrow(LinkError);
    await expect(decodeViewLink(hash)).rejects.toThrow(says);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a view too big for a link is refused when encoding, pointing to the workbook instead', async () => {
    const values = Array.from({ length: 3000 }, (_, i) => `force-${i}-${Math.sin(i).toString(36)}`);
    const spec = parseViewSpec({ ...GOLDEN.total_by_force, filters: [{ column: 'force', values }] });
    await expect(encodeViewLink(spec)).rejects.toThrow(/more than the 8000 a link may have — save it in a workbook/);
  });
});

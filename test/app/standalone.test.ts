import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { EMBED_ID, parseStandalonePayload, readEmbedded, scriptSafeJson, withEmbedded, withoutEmbedded } from '../../src/app/standalone';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>SOC Workbench</title></head>
<body><div id="app">Starting…</div><script type="module">console.log("app")</script>
</body></html>`;

const HOSTILE = {
  title: '</script><script>alert(1)</script><!--',
  note: 'line\u2028separator and <b>bold</b> and "quotes" & ampersands',
  views: [{ name: "O'Brien's view", n: 1 }],
};

describe('embedding a workbook in the workbench page', () => {
  test('the payload comes back unchanged, and adds no script the browser would run', () => {
    const html = withEmbedded(PAGE, HOSTILE);
    const { document } = parseHTML(html);
    expect(readEmbedded(document as unknown as Document)).toEqual(HOSTILE);
    const scripts = [...document.querySelectorAll('script')].map((s) => s.getAttribute('type'));
    expect(scripts).toEqual(['module', 'application/json']);
    expect(document.getElementById(EMBED_ID)?.textContent).not.toContain('<');
    expect(document.getElementById('app')?.textContent).toBe('Starting…');
  });

  test('saving again replaces the embedded workbook instead of nesting a second one', () => {
    const once = withEmbedded(PAGE, { v: 1 });
    const twice = withEmbedded(once, { v: 2 });
    expect(twice.match(new RegExp(EMBED_ID, 'g'))).toHaveLength(1);
    expect(readEmbedded(parseHTML(twice).document as unknown as Document)).toEqual({ v: 2 });
    expect(withoutEmbedded(twice)).toBe(PAGE);
  });

  test('escapes only what a script element cannot hold', () => {
    expect(JSON.parse(scriptSafeJson(HOSTILE))).toEqual(HOSTILE);
    expect(scriptSafeJson('</script>')).toBe('"\\u003c/script>"');
  });

  test('a page without a body, or a damaged block, gives a message that says what to do', () => {
    expect(() => withEmbedded('<p>not the app</p>', {})).toThrow(/not the workbench page/);
    const { document } = parseHTML(`<html><body><script type="application/json" id="${EMBED_ID}">{"cut</script></body></html>`);
    expect(() => readEmbedded(document as unknown as Document)).toThrow(/damaged.*ask for the file again/);
  });
});

describe('issue 17 item 8: the embedded payload is validated before use', () => {
  const workbook = { format: 'soc-workbench', version: 1 };
  test('a payload the workbench wrote is returned as it is; one without "open" opens the workbook', () => {
    expect(parseStandalonePayload({ workbook, open: 'present' })).toEqual({ workbook, open: 'present' });
    expect(parseStandalonePayload({ workbook })).toEqual({ workbook, open: 'workbook' });
  });

  test.each([
    [null, /^its embedded block is null, not the block a standalone workbench writes/],
    [[workbook], /is an array, not the block/],
    ['{"workbook":1}', /is a string, not the block/],
    [{ open: 'present' }, /workbook: is missing/],
    [{ workbook: 'x', open: 'present' }, /workbook: expected Object, got "x"/],
    [{ workbook, open: 'slides' }, /open: expected \("workbook" \| "present"\), got "slides"/],
  ])('%j is refused with what is wrong and what to do', (payload, message) => {
    expect(() => parseStandalonePayload(payload)).toThrow(message);
    expect(() => parseStandalonePayload(payload)).toThrow(/ask for the file again/);
  });
});

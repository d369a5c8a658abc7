import { describe, expect, it } from 'vitest';
import { networkAttempts } from '../../src/app/network-count';

const served = 'http://127.0.0.1:4173/app/index.html#view=x';
const single = 'file:///home/a/soc-workbench.html';
const entry = (name: string, initiatorType = 'img') => ({ name, initiatorType });
const violation = (blockedURI: string, effectiveDirective = 'img-src') => ({ blockedURI, effectiveDirective });

describe('networkAttempts', () => {
  it('counts nothing for the page’s own assets, data: and blob: URLs, and policy keywords', () => {
    const entries = [entry('http://127.0.0.1:4173/app/assets/index.js', 'script'), entry('data:image/png;base64,AA'), entry('blob:http://127.0.0.1:4173/1-2')];
    const violations = [violation('inline', 'script-src-elem'), violation('eval', 'script-src'), violation('wasm-eval', 'script-src'), violation('')];
    expect(networkAttempts(entries, violations, served)).toEqual([]);
  });

  it('counts a request to another origin, and another port of the same host', () => {
    expect(networkAttempts([entry('https://cdn.example.org/x.js', 'script'), entry('http://127.0.0.1:9/a.png')], [], served)).toEqual([
      { url: 'https://cdn.example.org/x.js', how: 'made', by: 'script' },
      { url: 'http://127.0.0.1:9/a.png', how: 'made', by: 'img' },
    ]);
  });

  it('counts a request the policy blocked, and one with both an entry and a report once, as blocked', () => {
    const entries = [entry('https://a.example/1.png')];
    const violations = [violation('https://a.example/1.png'), violation('https://b.example/2.json', 'connect-src'), violation('https://a.example/1.png')];
    expect(networkAttempts(entries, violations, served)).toEqual([
      { url: 'https://a.example/1.png', how: 'blocked', by: 'img-src' },
      { url: 'https://b.example/2.json', how: 'blocked', by: 'connect-src' },
      { url: 'https://a.example/1.png', how: 'blocked', by: 'img-src' },
    ]);
  });

  it('from file:// counts every other file and every web address, not the page itself', () => {
    const entries = [entry(`${single}#present`, 'navigation'), entry('file:///home/a/other.png'), entry('http://localhost/x')];
    expect(networkAttempts(entries, [], single).map((a) => a.url)).toEqual(['file:///home/a/other.png', 'http://localhost/x']);
  });
});

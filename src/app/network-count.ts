/**
 * Which of the page's requests left it: from its resource timing entries and the Content-Security-Policy
 * violations it was told about. Chromium 156 makes a resource entry for an image its policy blocked, as well as the
 * report (test/browser/self-test.test.ts); a browser need not, so both are read, and a request in both is counted
 * once, as blocked. Pure: the browser's lists come in as plain values (network-watch.ts reads them).
 */

/** What a PerformanceResourceTiming entry says that matters here. */
export interface ResourceEntry {
  name: string;
  initiatorType: string;
}

/** What a `securitypolicyviolation` event says that matters here. */
export interface PolicyViolation {
  blockedURI: string;
  effectiveDirective: string;
}

/** One request the page attempted outside itself. */
export interface NetworkAttempt {
  url: string;
  /** `blocked` when the policy reported it, else `made` (only a resource timing entry says so). */
  how: 'made' | 'blocked';
  /** The entry's initiator (`img`, `fetch`…) or the policy directive that blocked it (`img-src`). */
  by: string;
}

// Not requests: the page's own bytes. Violation reports also use keywords ('inline', 'eval', 'wasm-eval'…).
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'javascript:']);

/** The URL a request went to, when it went outside the page at `pageUrl`; null for the page's own. */
function outside(raw: string, page: URL): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null; // a keyword, not an address
  }
  if (LOCAL_SCHEMES.has(url.protocol)) return null;
  // From file:// the origin is "null" for every file: only the page's own file is the page.
  if (page.protocol === 'file:') return url.protocol === 'file:' && url.pathname === page.pathname ? null : url.href;
  return url.origin === page.origin ? null : url.href;
}

/** Every request off the page's origin, attempted or made, each once. */
export function networkAttempts(entries: readonly ResourceEntry[], violations: readonly PolicyViolation[], pageUrl: string): NetworkAttempt[] {
  const page = new URL(pageUrl);
  const attempts: NetworkAttempt[] = [];
  const made = new Map<string, NetworkAttempt[]>(); // url → its entries not yet matched by a report
  for (const e of entries) {
    const url = outside(e.name, page);
    if (url === null) continue;
    const attempt: NetworkAttempt = { url, how: 'made', by: e.initiatorType || 'other' };
    attempts.push(attempt);
    made.set(url, [...(made.get(url) ?? []), attempt]);
  }
  for (const v of violations) {
    const url = outside(v.blockedURI, page);
    if (url === null) continue;
    const by = v.effectiveDirective || 'policy';
    const entry = made.get(url)?.shift();
    if (entry) Object.assign(entry, { how: 'blocked', by });
    else attempts.push({ url, how: 'blocked', by });
  }
  return attempts;
}

/**
 * Listens, from the page's start, for what network-count.ts counts: resource timing entries (a buffered observer,
 * so entries from before it started count, and it is not capped at the browser's 250-entry buffer) and the
 * Content-Security-Policy's violation reports. The engine's worker reports its own violations in its own scope,
 * which the page cannot hear; the worker's policy is the page's, which allows no other origin.
 */
import { networkAttempts, type NetworkAttempt, type PolicyViolation, type ResourceEntry } from './network-count';

/** The requests off the page's origin so far this session. */
export interface NetworkWatch {
  attempts(): NetworkAttempt[];
}

/** Start listening; call once, as early as the page can. */
export function watchNetwork(win: Window & typeof globalThis = window): NetworkWatch {
  const entries: ResourceEntry[] = [];
  const violations: PolicyViolation[] = [];
  win.document.addEventListener('securitypolicyviolation', (e) => violations.push({ blockedURI: e.blockedURI, effectiveDirective: e.effectiveDirective }));
  try {
    new win.PerformanceObserver((list) => {
      for (const e of list.getEntries()) entries.push({ name: e.name, initiatorType: (e as PerformanceResourceTiming).initiatorType });
    }).observe({ type: 'resource', buffered: true });
  } catch {
    // No observer: read the browser's own buffer when asked (it holds the first 250 entries).
    return { attempts: () => networkAttempts(win.performance.getEntriesByType('resource') as PerformanceResourceTiming[], violations, win.location.href) };
  }
  return { attempts: () => networkAttempts(entries, violations, win.location.href) };
}

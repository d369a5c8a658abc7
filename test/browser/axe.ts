/**
 * axe-core (the pinned dev dependency) in the page under test: its source is injected as a script tag from
 * node_modules, never fetched, and run with the WCAG 2.2 A and AA rules. The single file's policy allows inline
 * scripts ('unsafe-inline'), so the tests that use this open the single file from file://.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One violation as a test reports it: the rule, and each element with what axe says is wrong. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Run axe on the page (or within `include`, a selector) and return the violations, each with its elements. */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    async ({ tags, include }) => {
      const axe = (globalThis as any).axe;
      const result = await axe.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n: any) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    },
    { tags: WCAG_TAGS, include },
  );
}

/** Violations as lines, for a failing assertion's message. */
export function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.id} ×${v.nodes.length} (${v.help}): ${v.nodes.map((n) => `${n.target} — ${n.summary}`).join(' | ')}`).join('\n');
}
